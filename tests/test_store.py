"""The project store on a real SQLite file and a real PostgreSQL: migrations, sync, stale, moves."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text

import locflow.store

from locflow.model import Segment, State
from locflow.store import ProjectStore, SegmentRecord, TranslationWrite


def records(*texts: str, keys: list[str] | None = None) -> list[SegmentRecord]:
    keys = keys or [f"md:{i}" for i in range(len(texts))]
    return [SegmentRecord(k, k, i, Segment.text_only(t), len(t.split())) for i, (k, t) in enumerate(zip(keys, texts))]


def translate(store: ProjectStore, locale: str, state: State = State.TRANSLATED) -> None:
    store.write_translations(
        TranslationWrite(s.id, locale, Segment.text_only(s.source.text.upper()), state, "human:test.po")
        for s in store.segments()
    )


def _head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(locflow.store.__file__).with_name("migrations")))
    return ScriptDirectory.from_config(config).get_current_head()


def test_migrations_create_the_schema_and_are_idempotent(store_url: str):
    store = ProjectStore.open(store_url)
    store.migrate()
    tables = set(inspect(store.engine).get_table_names())
    assert {"documents", "units", "segments", "translations", "runs", "exports", "exported_segments", "mt_cache", "mt_rejections", "locflow_store_version"} <= tables
    with store.engine.connect() as conn:
        assert conn.execute(text("select version_num from locflow_store_version")).scalar_one() == _head_revision()
    store.close()


def test_upgrading_a_populated_0001_store_keeps_segments_and_translations(store_url: str):
    from alembic import command
    from alembic.config import Config

    store = ProjectStore.open(store_url, migrate=False)
    config = Config()
    config.set_main_option("script_location", str(Path(locflow.store.__file__).with_name("migrations")))
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(text("insert into documents (id, path, format, file_hash, extracted_at) values (1, 'a.md', 'markdown', 'h', CURRENT_TIMESTAMP)"))
        conn.execute(text(
            "insert into segments (id, document_id, key, unit_key, position, source, source_text, source_hash, words, kind, note) "
            "values (1, 1, 'md:1', 'md:1', 0, '[\"Hello.\"]', 'Hello.', 'x1', 1, 'paragraph', 'intro'),"
            "       (2, 1, 'md:1#2', 'md:1', 1, '[\"Bye.\"]', 'Bye.', 'x2', 1, 'paragraph', 'intro')"
        ))
        conn.execute(text("insert into translations (segment_id, locale, target, state, origin, updated_at) "
                          "values (2, 'de', '[\"Tschüss.\"]', 'approved', 'human:x', CURRENT_TIMESTAMP)"))
    store.migrate()
    stored = store.segments()
    assert [(s.key, s.unit_key, s.kind, s.note) for s in stored] == [("md:1", "md:1", "paragraph", "intro"), ("md:1#2", "md:1", "paragraph", "intro")]
    assert store.translations("de")[2].target.text == "Tschüss."
    store.close()


def test_units_hold_kind_and_note_and_disappear_with_their_segments(store_url: str):
    store = ProjectStore.open(store_url)
    store.sync_document("a.md", "markdown", "h", [
        SegmentRecord("h1", "h1", 0, Segment.text_only("Title"), 1, kind="heading", note="top"),
        SegmentRecord("p1", "p1", 1, Segment.text_only("One."), 1, kind="paragraph"),
        SegmentRecord("p1#2", "p1", 2, Segment.text_only("Two."), 1, kind="paragraph"),
    ])
    with store.engine.connect() as conn:
        assert conn.execute(text("select key, kind, note from units order by position")).all() == [("h1", "heading", "top"), ("p1", "paragraph", "")]
    store.sync_document("a.md", "markdown", "h2", [SegmentRecord("h1", "h1", 0, Segment.text_only("Title"), 1, kind="heading")])
    with store.engine.connect() as conn:
        assert conn.execute(text("select key, note from units")).all() == [("h1", "")]
    store.close()


def test_sync_reports_new_unchanged_changed_and_removed(store_url: str):
    store = ProjectStore.open(store_url)
    first = store.sync_document("a.md", "markdown", "h1", records("One.", "Two.", "Three."))
    assert (first.new, first.unchanged) == (3, 0)
    translate(store, "de")
    second = store.sync_document("a.md", "markdown", "h2", records("One.", "Two, edited.", keys=["md:0", "md:1"]))
    assert (second.unchanged, second.changed, second.removed, second.stale) == (1, 1, 1, 1)
    by_key = {s.key: s for s in store.segments()}
    de = store.translations("de")
    edited = de[by_key["md:1"].id]
    assert edited.state == State.STALE
    assert edited.target.text == "TWO." and edited.previous_source == Segment.text_only("Two.")
    assert de[by_key["md:0"].id].state == State.TRANSLATED
    store.close()


def test_moved_and_swapped_segments_keep_their_translations(store_url: str):
    store = ProjectStore.open(store_url)
    store.sync_document("a.md", "markdown", "h1", records("Alpha.", "Beta."))
    translate(store, "fr")
    result = store.sync_document("a.md", "markdown", "h2", records("New intro.", "Beta.", "Alpha."))
    assert (result.moved, result.unchanged, result.new, result.stale) == (1, 1, 1, 0)
    fr = store.translations("fr")
    targets = {s.source.text: fr.get(s.id) for s in store.segments()}
    assert targets["Alpha."].target.text == "ALPHA." and targets["Beta."].target.text == "BETA."
    assert targets["New intro."] is None
    store.close()


def test_removing_documents_and_counting_states(store_url: str):
    store = ProjectStore.open(store_url)
    store.sync_document("a.md", "markdown", "h", records("One two.", "Three."))
    store.sync_document("b.md", "markdown", "h", records("Four five six."))
    translate(store, "de", State.MT)
    assert store.state_counts() == {"de": {"mt": (3, 6)}}
    assert store.totals() == (2, 3, 6)
    removed, count = store.remove_documents_except(["a.md"])
    assert removed == ["b.md"] and count == 1
    assert store.totals() == (1, 2, 3)
    assert store.state_counts() == {"de": {"mt": (2, 3)}}
    store.close()


def test_done_targets_prefer_the_most_trusted_translation(store_url: str):
    store = ProjectStore.open(store_url)
    store.sync_document("a.md", "markdown", "h", records("Save.", "Save.", "Open.", keys=["k1", "k2", "k3"]))
    ids = {s.key: s.id for s in store.segments()}
    store.write_translations(
        [
            TranslationWrite(ids["k1"], "de", Segment.text_only("Speichern."), State.TRANSLATED, "human:a"),
            TranslationWrite(ids["k2"], "de", Segment.text_only("Sichern."), State.APPROVED, "human:b"),
            TranslationWrite(ids["k3"], "de", Segment.text_only("Öffnen."), State.MT, "mt:pseudo"),
        ]
    )
    done = store.done_targets("de")
    assert done[Segment.text_only("Save.").content_hash()].text == "Sichern."
    assert Segment.text_only("Open.").content_hash() not in done
    store.close()


def test_runs_are_recorded_with_status(store_url: str):
    store = ProjectStore.open(store_url)
    with store.run("extract") as summary:
        summary["segments"] = 3
    try:
        with store.run("build"):
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    last = store.last_runs()
    assert [(r["command"], r["status"]) for r in last] == [("build", "failed"), ("extract", "ok")]
    assert '"segments": 3' in last[1]["summary"]
    store.close()
