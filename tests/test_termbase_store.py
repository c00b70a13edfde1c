"""The stored termbase on SQLite and PostgreSQL: its own tables and migration history,
imports that update instead of duplicating, and files that fail leaving nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from locflow.errors import MalformedFileError, UnsafeXMLError
from locflow.store import ProjectStore
from termbase import Termbase
from tests.termbase_support import BILLION_LAUGHS, TBX_V2_DEFAULT, TBX_V3_CORE, TBX_V3_MIN, write


def snapshot(termbase: Termbase) -> list[tuple[str, tuple[tuple[str, str, str], ...]]]:
    termbase._changed()
    return [(c.id, tuple((t.locale, t.text, t.status.value) for t in c.terms)) for c in termbase.concepts()]


def test_own_tables_and_version_table_beside_the_project_store(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'locflow.db'}"
    ProjectStore.open(url).close()
    with Termbase.open(url) as termbase:
        termbase.import_file(write(tmp_path / "g.tbx", TBX_V3_CORE))
    tables = set(inspect(create_engine(url)).get_table_names())
    assert {"tb_concept", "tb_term", "tb_source", "locflow_termbase_version", "locflow_store_version"} <= tables
    with Termbase.open(url) as again:  # opening again migrates nothing and keeps the data
        assert again.stats().concepts == 1


def test_reimport_updates_by_concept_id_and_removes_what_the_file_dropped(store_url: str, tmp_path: Path):
    path = write(tmp_path / "g.tbx", TBX_V2_DEFAULT)
    with Termbase.open(store_url) as termbase:
        first = termbase.import_file(path)
        assert (first.added, first.updated, first.unchanged) == (2, 0, 0)
        same = termbase.import_file(path)
        assert (same.added, same.updated, same.unchanged, same.removed) == (0, 0, 2, 0)
        write(path, TBX_V2_DEFAULT.replace("<term>Konto</term>", "<term>Kundenkonto</term>").replace(
            '<termEntry id="product">', '<termEntry id="gone">').replace("CloudSync", "SyncDrive"))
        changed = termbase.import_file(path)
        assert (changed.added, changed.updated, changed.unchanged, changed.removed) == (1, 1, 0, 1)
        concepts = snapshot(termbase)
        assert [c for c, _ in concepts] == ["account", "gone"]
        assert ("de", "Kundenkonto", "preferred") in concepts[0][1] and ("de", "Konto", "preferred") not in concepts[0][1]
        assert termbase.stats().concepts == 2


def test_reimport_without_ids_matches_by_source_term(store_url: str, tmp_path: Path):
    path = write(tmp_path / "g.csv", "en,de\naccount,Konto\nfolder,Ordner\n")
    with Termbase.open(store_url, source_locale="en") as termbase:
        termbase.import_file(path)
        write(path, "en,de\naccount,Kundenkonto\nfolder,Ordner\n")
        stats = termbase.import_file(path)
        assert (stats.added, stats.updated, stats.unchanged) == (0, 1, 1)
        assert [terms for _, terms in snapshot(termbase)] == [
            (("en", "account", "admitted"), ("de", "Kundenkonto", "admitted")),
            (("en", "folder", "admitted"), ("de", "Ordner", "admitted")),
        ]


def test_files_are_kept_apart(store_url: str, tmp_path: Path):
    with Termbase.open(store_url) as termbase:
        termbase.import_file(write(tmp_path / "a" / "core.tbx", TBX_V3_CORE))
        termbase.import_file(write(tmp_path / "min.tbx", TBX_V3_MIN))  # its concept id c1 too
        assert termbase.stats().sources == {"core.tbx": 1, "min.tbx": 1}


@pytest.mark.parametrize("bad", ["malformed", "hostile"])
def test_a_rejected_file_changes_nothing(store_url: str, tmp_path: Path, bad: str):
    path = write(tmp_path / "g.tbx", TBX_V2_DEFAULT)
    with Termbase.open(store_url) as termbase:
        termbase.import_file(path)
        before = snapshot(termbase)
        if bad == "malformed":  # the first entry reads, the second is broken: the first is not kept either
            write(path, TBX_V2_DEFAULT.replace("<term>Konto</term>", "<term>Kundenkonto</term>").replace(
                "<term>CloudSync</term>", "<term>CloudSync</termm>"))
            error: type[Exception] = MalformedFileError
        else:
            write(path, BILLION_LAUGHS)
            error = UnsafeXMLError
        with pytest.raises(error):
            termbase.import_file(path)
        assert snapshot(termbase) == before
        assert termbase.needs_import(path)  # the rejected bytes were not recorded as imported


def test_needs_import_follows_the_bytes(tmp_path: Path):
    path = write(tmp_path / "g.csv", "en,de\naccount,Konto\n")
    with Termbase.open(f"sqlite:///{tmp_path / 't.db'}") as termbase:
        assert termbase.needs_import(path)
        termbase.import_file(path)
        assert not termbase.needs_import(path)
        write(path, "en,de\naccount,Konto\nfolder,Ordner\n")
        assert termbase.needs_import(path)
