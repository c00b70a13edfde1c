"""The TM on PostgreSQL: pg_trgm candidates, TMX import in one transaction, concurrent-safe writes.

Needs a server: set LOCFLOW_TEST_PG_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/locflow_test).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from locflow.errors import MalformedFileError
from locflow.model import CodeIds, Locale, Segment, protect
from tm import MatchType, TMEntry, TranslationMemory

from tests.tm_support import TEMPLATES, support_sentence

PG_URL = os.environ.get("LOCFLOW_TEST_PG_URL")
DATA = Path(__file__).parent / "data" / "tm"
EN, DE = Locale("en"), Locale("de")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="LOCFLOW_TEST_PG_URL is not set"),
]


def seg(value: str) -> Segment:
    return Segment(tuple(protect(value, CodeIds())))


@pytest.fixture
def memory(pg_url: str):  # type: ignore[no-untyped-def]
    engine = create_engine(pg_url)
    with TranslationMemory.open(engine) as tm:
        yield tm
    engine.dispose()


def test_postings_are_packed_runs_one_per_gram_per_write(memory: TranslationMemory) -> None:
    indexes = {ix["name"] for ix in inspect(memory.store.engine).get_indexes("tm_unit")}
    assert {"ix_tm_unit_exact", "ix_tm_unit_dedup_hash"} <= indexes and "ix_tm_unit_loose_trgm" not in indexes
    first = [TMEntry(seg(f"Open the settings page and click Save number {n}."), seg(f"Speichern {n}."), EN, DE) for n in range(30)]
    memory.add(first, origin="test")
    memory.add([TMEntry(seg("Open the settings page and click Cancel."), seg("Abbrechen."), EN, DE)], origin="test")
    with memory.store.engine.connect() as connection:
        runs = connection.execute(text("SELECT gram, count, length(postings) FROM tm_posting_run")).all()
    assert all(length == 8 * count for _gram, count, length in runs)
    by_gram: dict[int, int] = {}
    for gram, _count, _length in runs:
        by_gram[gram] = by_gram.get(gram, 0) + 1
    assert max(by_gram.values()) == 2  # a gram both writes have: one run each
    assert memory.stats().index_rows == sum(count for _gram, count, _length in runs)
    fuzzy = memory.lookup(seg("Open the settings page and click Save number 7 now."), EN, DE)[0]
    assert fuzzy.score >= 75 and "7" in fuzzy.target.render()


def test_a_tm_made_before_the_runs_gets_them_when_opened(memory: TranslationMemory) -> None:
    memory.add([TMEntry(seg("To export your invoices, open Billing and then click Download."), seg("Exportieren."), EN, DE)], origin="test")
    engine = memory.store.engine
    with engine.begin() as connection:  # as revision tm0002 left a PostgreSQL TM: no runs
        connection.execute(text("DROP TABLE tm_posting_run"))
        connection.execute(text("UPDATE locflow_tm_version SET version_num = 'tm0002'"))
    with TranslationMemory.open(engine) as reopened:
        found = reopened.lookup(seg("To export your receipts, open Billing and then click Download."), EN, DE)
        assert [m.score for m in found] == [90.0]


def test_exact_near_exact_and_fuzzy_lookup(memory: TranslationMemory) -> None:
    memory.add(
        [
            TMEntry(seg("How do I reset my password?"), seg("Wie setze ich mein Passwort zurück?"), EN, DE),
            TMEntry(seg("You have 5 unread messages."), seg("Sie haben 5 ungelesene Nachrichten."), EN, DE),
            TMEntry(seg("To export your invoices, open Billing and then click Download."), seg("Um Rechnungen zu exportieren, öffnen Sie Abrechnung und klicken Sie auf Herunterladen."), EN, DE),
        ],
        origin="test",
    )
    exact = memory.lookup(seg("How do I reset my password?"), EN, Locale("de-DE"))[0]
    assert (exact.score, exact.match_type, exact.fallback) == (100.0, MatchType.EXACT, True)
    assert memory.lookup(seg("how do I reset my password?"), EN, DE)[0].score == 98.0
    adapted = memory.lookup(seg("You have 8 unread messages."), EN, DE)[0]
    assert (adapted.score, adapted.target.render()) == (99.0, "Sie haben 8 ungelesene Nachrichten.")
    fuzzy = memory.lookup(seg("To export your receipts, open Billing and then click Download."), EN, DE)[0]
    assert (fuzzy.score, fuzzy.match_type) == (90.0, MatchType.FUZZY)


def test_tmx_import_is_all_or_nothing_and_idempotent(memory: TranslationMemory, tmp_path: Path) -> None:
    stats = memory.import_tmx(DATA / "support-en-de.tmx")
    assert stats.added == 8
    assert memory.import_tmx(DATA / "support-en-de.tmx").added == 0
    with pytest.raises(MalformedFileError):
        memory.import_tmx(DATA / "malformed-inline.tmx")
    assert memory.stats().units == 8
    out = tmp_path / "pg.tmx"
    assert memory.export_tmx(out) == 8
    assert memory.import_tmx(out).added == 0


def _seeded_entries(rng: random.Random, count: int) -> list[TMEntry]:
    """Support sentences with numbers, placeholders and markup, each with a German stand-in."""
    templates = [*TEMPLATES, "Error {n}: the {t} in the {p} is out of date.", "Click <b>{v}</b> to {v} the {t} ({n} items)."]
    entries, seen = [], set()
    while len(entries) < count:
        source = support_sentence(rng, templates) + rng.choice(["", " Then sign in again.", " See {help_url}."])
        if source not in seen:
            seen.add(source)
            entries.append(TMEntry(seg(source), seg("DE " + source.replace("the", "die")), EN, DE))
    return entries


def test_sqlite_and_postgresql_give_the_same_answers(pg_url: str, tmp_path: Path) -> None:
    """A seeded TM stored in both: a job big enough for worker processes gets the same best three per segment."""
    rng = random.Random(7)
    entries = _seeded_entries(rng, 3000)
    job = [seg(support_sentence(rng, [*TEMPLATES, "Error {n}: the {t} in the {p} is out of date."])) for _ in range(450)]
    answers = []
    for url in (f"sqlite:///{tmp_path / 'tm.db'}", pg_url):
        with TranslationMemory.open(url) as memory:
            memory.add(entries, origin="seeded")
            found = memory.lookup_many(job, EN, DE, threshold=70, limit=3)
            answers.append([[(m.score, m.source.tagged(), m.target.tagged()) for m in matches] for matches in found])
    sqlite_answers, postgres_answers = answers
    assert sum(1 for matches in sqlite_answers if matches) > 400  # the job is mostly matched: the comparison means something
    assert postgres_answers == sqlite_answers
