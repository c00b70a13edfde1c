"""The TM's storage: idempotent writes, usage, statistics, migrations beside another history."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from locflow.errors import StoreError
from locflow.model import CodeIds, Locale, Segment, Unit, protect
from tm import TMContext, TMEntry, TranslationMemory, unit_contexts

from tests.tm_support import tmx_document

EN, DE, FR = Locale("en"), Locale("de"), Locale("fr")


def seg(text_: str) -> Segment:
    return Segment(tuple(protect(text_, CodeIds())))


def entry(source: str, target: str, locale: Locale = DE, **kwargs) -> TMEntry:  # type: ignore[no-untyped-def]
    return TMEntry(seg(source), seg(target), EN, locale, **kwargs)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "project" / ".locflow" / "locflow.db"


def test_open_creates_the_database_and_its_own_version_table(db: Path) -> None:
    with TranslationMemory.open(f"sqlite:///{db}"):
        pass
    assert db.exists()
    tables = set(inspect(create_engine(f"sqlite:///{db}")).get_table_names())
    assert {"tm_unit", "tm_signature", "tm_posting", "tm_gram", "tm_index_snapshot", "locflow_tm_version"} <= tables
    assert "alembic_version" not in tables
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("SELECT version_num FROM locflow_tm_version").fetchall() == [("tm0003",)]


def test_shares_a_database_with_another_migration_history(db: Path) -> None:
    """The project store keeps its own Alembic history in the same file; neither disturbs the other."""
    db.parent.mkdir(parents=True)
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
        connection.execute(text("INSERT INTO alembic_version VALUES ('store0042')"))
        connection.execute(text("CREATE TABLE segment (id INTEGER PRIMARY KEY, text TEXT)"))
    with TranslationMemory.open(engine) as memory:
        memory.add([entry("Sign in", "Anmelden")], origin="test")
        assert memory.lookup(seg("Sign in"), EN, DE)[0].score == 100
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "store0042"
        assert MigrationContext.configure(connection).get_current_revision() == "store0042"
        tm_context = MigrationContext.configure(connection, opts={"version_table": "locflow_tm_version"})
        assert tm_context.get_current_revision() == "tm0003"
    # opening again is a no-op migration and keeps the data
    with TranslationMemory.open(engine) as memory:
        assert memory.stats().units == 1


def test_unreachable_database_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError):
        TranslationMemory.open(f"sqlite:///{blocker / 'tm.db'}")


def test_add_is_idempotent_and_bumps_changed(db: Path) -> None:
    with TranslationMemory.open(f"sqlite:///{db}") as memory:
        first = memory.add(
            [entry("Sign in", "Anmelden", changed=datetime(2024, 1, 1)), entry("Sign out", "Abmelden"), entry("Sign in", "Se connecter", FR)],
            origin="human:de.po",
            project="help",
        )
        assert (first.added, first.updated) == (3, 0)
        again = memory.add([entry("Sign in", "Anmelden", changed=datetime(2024, 6, 1))], origin="human:de.po")
        assert (again.added, again.updated) == (0, 1)
        rows = [r for r in memory.store.iter_units() if r.target == seg("Anmelden").dumps()]
        assert len(rows) == 1
        assert rows[0].changed == datetime(2024, 6, 1)
        assert rows[0].project == "help"
        # another translation of the same source, or the same one in another context, is another unit
        other = memory.add(
            [entry("Sign in", "Einloggen"), entry("Sign in", "Anmelden", context=TMContext("menu.login"))],
            origin="human:de2.po",
        )
        assert other.added == 2
        assert memory.stats().units == 5
        assert memory.stats().index_rows > 0


def test_entries_without_text_or_translation_are_skipped(db: Path) -> None:
    with TranslationMemory.open(f"sqlite:///{db}") as memory:
        stats = memory.add([entry("{name}", "{name}"), entry("Sign in", "  "), entry("Sign in", "Anmelden")], origin="t")
        assert (stats.added, stats.skipped) == (1, 2)
        assert stats.skipped_reasons == {"source has no text": 1, "empty target": 1}


def test_record_usage_and_stats(db: Path) -> None:
    with TranslationMemory.open(f"sqlite:///{db}") as memory:
        memory.add([entry("Sign in", "Anmelden"), entry("Sign in", "Se connecter", FR)], origin="tmx:a.tmx")
        memory.add([entry("Sign out", "Abmelden")], origin="human:de.po")
        match = memory.lookup(seg("Sign in"), EN, DE)[0]
        memory.record_usage([match, match, match.unit_id])
        assert memory.lookup(seg("Sign in"), EN, DE)[0].usage_count == 3
        stats = memory.stats()
        assert stats.units == 3
        assert [(p.source_locale, p.target_locale, p.units) for p in stats.pairs] == [("en", "de", 2), ("en", "fr", 1)]
        assert stats.origins == {"tmx:a.tmx": 2, "human:de.po": 1}
        assert stats.to_json()["units"] == 3


def test_unit_contexts_give_each_segment_its_neighbours() -> None:
    first, second, third = seg("Open Settings."), seg("Click Security."), seg("Turn on two-factor sign-in.")
    unit = Unit("faq[2fa].answer", (first, second, third), ("", " ", " ", ""))
    contexts = unit_contexts(unit)
    assert list(contexts) == ["faq[2fa].answer", "faq[2fa].answer#2", "faq[2fa].answer#3"]
    middle = contexts["faq[2fa].answer#2"]
    assert middle == TMContext("faq[2fa].answer#2", first.content_hash(), third.content_hash())
    assert contexts["faq[2fa].answer"].previous == ""
    assert TMContext.decode(middle.encode()) == middle


def test_the_postings_sort_gives_the_connection_its_page_cache_back(db: Path) -> None:
    """The staged postings are sorted with a small cache; the pooled connection keeps its own."""
    from datetime import timezone

    from tm.entries import prepare

    with TranslationMemory.open(f"sqlite:///{db}") as memory:
        store = memory.store
        with store.engine.connect() as connection:
            usual = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        now = datetime.now(timezone.utc)
        with store.writer() as writer:
            writer.write_all(
                prepare(entry(f"Step {n}: open the settings page", f"Schritt {n}"), origin="test", project=None, now=now)
                for n in range(50)
            )
        with store.engine.connect() as again:
            assert again.exec_driver_sql("PRAGMA cache_size").scalar() == usual
            postings = again.exec_driver_sql("SELECT gram, length, unit_id FROM tm_posting").all()
    assert len(postings) > 50 * 5
    assert postings == sorted(postings)


# -- an import into an empty memory ----------------------------------------------------------------

def write_tmx(path: Path, first: int, count: int, *, broken: bool = False) -> Path:
    """``count`` numbered units from ``first`` (more than one writer batch), optionally a malformed ``tu`` after them."""
    units = (
        f'<tu><tuv xml:lang="en"><seg>Article {n}: how do I reset the router {n * 7}?</seg></tuv>'
        f'<tuv xml:lang="de"><seg>Artikel {n}: Router {n * 7} zurücksetzen</seg></tuv></tu>\n'
        for n in range(first, first + count)
    )
    tail = '<tu><tuv xml:lang="en"><seg>cut off</tuv></tu>\n' if broken else ""
    path.write_text(tmx_document(units, tail), encoding="utf-8")
    return path


def unit_indexes(memory: TranslationMemory) -> set[str]:
    return {index["name"] for index in inspect(memory.store.engine).get_indexes("tm_unit")}


def index_statements(statements: list[str], verb: str) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith(f"{verb} INDEX")]


def test_an_import_into_an_empty_memory_builds_the_lookup_indexes_once_at_the_end(db: Path, tmp_path: Path) -> None:
    """The exact and loose indexes are built after the rows, not row by row; a later import keeps them."""
    from sqlalchemy import event

    with TranslationMemory.open(f"sqlite:///{db}") as memory:
        indexes = unit_indexes(memory)
        statements: list[str] = []
        event.listen(memory.store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

        assert memory.import_tmx(write_tmx(tmp_path / "a.tmx", 0, 2500), parallel=False).added == 2500
        assert len(index_statements(statements, "DROP")) == len(index_statements(statements, "CREATE")) == 2
        assert unit_indexes(memory) == indexes

        statements.clear()
        assert memory.import_tmx(write_tmx(tmp_path / "b.tmx", 2500, 2500), parallel=False).added == 2500
        assert not index_statements(statements, "DROP") + index_statements(statements, "CREATE")
        with memory.store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"

        for n in (0, 1999, 2000, 2499, 2500, 4999):  # both batches of both files point at their own units
            best = memory.lookup(seg(f"Article {n}: how do I reset the router {n * 7}?"), EN, DE)[0]
            assert (best.score, best.target.render()) == (100, f"Artikel {n}: Router {n * 7} zurücksetzen")
        near = memory.lookup(seg("Article 4321: how do I reset the modem 30247?"), EN, DE)[0]
        assert near.source.render() == "Article 4321: how do I reset the router 30247?"


def test_a_failed_import_into_an_empty_memory_leaves_it_empty_with_its_indexes(db: Path, tmp_path: Path) -> None:
    """The indexes dropped for the bulk insert come back with the rollback."""
    from locflow.errors import MalformedFileError

    with TranslationMemory.open(f"sqlite:///{db}") as memory:
        indexes = unit_indexes(memory)
        with pytest.raises(MalformedFileError):
            memory.import_tmx(write_tmx(tmp_path / "broken.tmx", 0, 2500, broken=True), parallel=False)
        assert memory.stats().units == 0
        assert unit_indexes(memory) == indexes
        assert memory.import_tmx(write_tmx(tmp_path / "a.tmx", 0, 10), parallel=False).added == 10
