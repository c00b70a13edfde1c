"""Build reads, merges and writes sources in batches: every file gets its own translations, and
``fallback = "fail"`` still writes nothing when a segment of a late batch is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from locflow.model import Locale, State
from locflow.pipeline import build as build_module
from locflow.pipeline.build import BuildIncomplete, build
from locflow.pipeline.extract import extract
from locflow.pipeline.pretranslate import pretranslate
from locflow.project import Project
from tests.project_support import write_markdown_project

PAGES = 7


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Seven pages, pseudo-translated into de and fr, built three sources at a time."""
    monkeypatch.setattr(build_module, "_BATCH", 3)
    pages = {f"page{number}.md": f"# Page {number}\n\nThe answer to question number {number} is here.\n" for number in range(PAGES)}
    write_markdown_project(tmp_path, pages, extra_config='\n[mt]\nprovider = "pseudo"\n')
    with Project.open(tmp_path) as opened:
        extract(opened)
        pretranslate(opened)
    return tmp_path


def test_every_file_of_every_batch_gets_its_own_translations(project: Path):
    with Project.open(project) as opened:
        report = build(opened)
        targets = opened.store.translations("fr")
        by_id = {s.id: s for s in opened.store.segments()}
    assert sorted(report.written) == sorted(f"build/{l}/content/page{n}.md" for l in ("de", "fr") for n in range(PAGES))
    assert report.untranslated == {"de": 0, "fr": 0}
    for segment_id, translation in targets.items():
        page = project / "build" / "fr" / by_id[segment_id].document
        assert translation.target.text in page.read_text(encoding="utf-8")
    # Page 6 (the third batch) holds its own sentence, not one of another batch.
    assert "6" in (project / "build/de/content/page6.md").read_text(encoding="utf-8").splitlines()[0]


def test_fallback_fail_writes_nothing_when_the_last_batch_misses_a_translation(project: Path):
    with Project.open(project) as opened:
        last = [s for s in opened.store.segments() if s.document == f"content/page{PAGES - 1}.md"][0]
        opened.store.delete_translations("de", [State.MT], document=last.document)
        config = project / "locflow.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('fallback = "source"', 'fallback = "fail"'), encoding="utf-8")
    with Project.open(project) as opened, pytest.raises(BuildIncomplete, match="de: 2"):
        build(opened, [Locale("de"), Locale("fr")])
    assert not (project / "build").exists()


def test_omit_leaves_out_only_the_incomplete_file(project: Path):
    with Project.open(project) as opened:
        opened.store.delete_translations("fr", [State.MT], document="content/page4.md")
    config = project / "locflow.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('fallback = "source"', 'fallback = "omit"'), encoding="utf-8")
    with Project.open(project) as opened:
        report = build(opened)
    assert report.omitted == ["build/fr/content/page4.md"]
    assert len(report.written) == 2 * PAGES - 1 and report.untranslated == {"de": 0, "fr": 2}


def test_batches_built_by_forked_workers_write_what_one_process_writes(
    project: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
):
    """Two forked workers (three batches between them) write the same bytes and report the same
    files in the same order as one process does."""
    builders = tmp_path_factory.mktemp("pids") / "pids"
    build_part = build_module._build_part

    def recorded(*args: object) -> object:
        with builders.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return build_part(*args)

    monkeypatch.setattr(build_module, "_build_part", recorded)
    with Project.open(project) as opened:
        alone = build(opened, processes=1)
    one_process = {path: (project / path).read_bytes() for path in alone.written}
    for path in alone.written:
        (project / path).unlink()
    builders.unlink()
    with Project.open(project) as opened:
        shared = build(opened, processes=2)
    pids = builders.read_text().split()
    assert len(pids) == 3 and str(os.getpid()) not in pids  # three batches, none built here
    assert shared.written == alone.written
    assert shared.untranslated == alone.untranslated
    assert {path: (project / path).read_bytes() for path in shared.written} == one_process
    with Project.open(project) as opened:
        again = build(opened, processes=2)
    assert again.written == [] and again.unchanged == alone.written
