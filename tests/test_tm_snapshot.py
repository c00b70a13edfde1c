"""The index snapshot of a small SQLite TM: what the posting table says, never out of date."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from locflow.model import CodeIds, Locale, Segment, protect
from tm import SearchSettings, TMEntry, TranslationMemory
from tm.ranking import rank_postings
from tm.store import snapshot
from tm.store.reader import LENGTH_BITS

from tests.tm_support import TEMPLATES, support_sentence

EN, DE = Locale("en"), Locale("de")
DATA = Path(__file__).parent / "data" / "tm"
#: Lookups that never make a snapshot themselves, in this process.
QUIET = SearchSettings(processes=1, parallel_from=10**6)


def seg(text: str) -> Segment:
    return Segment(tuple(protect(text, CodeIds())))


def sentences(rng: random.Random, count: int) -> list[str]:
    templates = [*TEMPLATES, "You can {v} the {t} from the {p} up to {n} times a day."]
    return sorted({support_sentence(rng, templates) for _ in range(count)})


def near(rng: random.Random, text: str) -> str:
    words = text.split()
    words[rng.randrange(len(words))] = rng.choice(["quickly", "folder", "never", "the"])
    return " ".join(words)


@pytest.fixture
def filled(tmp_path: Path) -> tuple[str, list[str]]:
    """A SQLite TM of 1,500 seeded support sentences, and its URL."""
    url = f"sqlite:///{tmp_path / 'tm.db'}"
    stored = sentences(random.Random(5), 1500)
    with TranslationMemory.open(url) as memory:
        memory.add([TMEntry(seg(s), seg(s.upper()), EN, DE) for s in stored], origin="test")
    return url, stored


def current(memory: TranslationMemory) -> snapshot.IndexSnapshot | None:
    with memory.store.engine.connect() as connection:
        return snapshot.load(connection)


def test_the_snapshot_holds_what_the_posting_table_holds(filled: tuple[str, list[str]]) -> None:
    url, _ = filled
    with TranslationMemory.open(url) as memory:
        assert memory.store.refresh_snapshot()
        made = current(memory)
        assert made is not None
        with memory.store.engine.connect() as connection:
            frequencies = dict(connection.exec_driver_sql("SELECT gram, df FROM tm_gram").all())
            rows = connection.exec_driver_sql("SELECT gram, length, unit_id FROM tm_posting").all()
            signed = {row[0]: row[1:] for row in connection.exec_driver_sql("SELECT unit_id, signature, detail FROM tm_signature")}
    wanted = random.Random(2).sample(sorted(signed), 300) + [max(signed) + 7]
    ids, signatures, details = made.signatures_of(wanted)
    assert ids == wanted[:-1]
    assert list(zip(signatures, details)) == [signed[unit_id] for unit_id in ids]
    assert made.frequencies(list(frequencies) + [12345]) == frequencies
    by_gram: dict[int, list[tuple[int, int]]] = {}
    for gram, length, unit_id in rows:
        by_gram.setdefault(gram, []).append((length, unit_id))
    rng = random.Random(3)
    for gram in rng.sample(sorted(by_gram), 200):
        shortest, longest = sorted(rng.sample(range(3, 20), 2))
        expected = sorted(u << LENGTH_BITS | n for n, u in by_gram[gram] if shortest <= n <= longest)
        assert sorted(made.postings_of([gram], shortest, longest).tolist()) == expected


def test_lookups_answer_the_same_from_the_snapshot_as_from_the_table(filled: tuple[str, list[str]]) -> None:
    url, stored = filled
    rng = random.Random(8)
    queries = [seg(near(rng, rng.choice(stored))) for _ in range(300)]
    answers = {}
    with TranslationMemory.open(url, settings=QUIET) as memory:
        for snapshot_there in (False, True):
            if snapshot_there:
                assert memory.store.refresh_snapshot()
            with memory.store.reader() as reader:
                assert (reader._index_snapshot() is not None) == snapshot_there
            answers[snapshot_there] = memory.lookup_many(queries, EN, DE, limit=3)
    assert answers[True] == answers[False]
    assert sum(1 for found in answers[True] if found and found[0].score < 100) > 200


def test_adding_units_drops_the_snapshot_and_lookups_find_them(filled: tuple[str, list[str]]) -> None:
    url, _ = filled
    fresh = "Your parcel tracker shows the courier's last known position on the map."
    with TranslationMemory.open(url, settings=QUIET) as memory:
        assert memory.store.refresh_snapshot()
        memory.add([TMEntry(seg(fresh), seg("Die Sendungsverfolgung zeigt die letzte Position."), EN, DE)], origin="test")
        assert current(memory) is None
        found = memory.lookup(seg(fresh.replace("last known", "latest")), EN, DE, limit=1)
    assert found and found[0].source.render() == fresh


def test_a_snapshot_older_than_the_newest_unit_is_never_read(filled: tuple[str, list[str]]) -> None:
    """A snapshot left by a writer that did not drop it (an older locflow) describes fewer units."""
    url, _ = filled
    with TranslationMemory.open(url, settings=QUIET) as memory:
        assert memory.store.refresh_snapshot()
        with memory.store.engine.connect() as connection:
            old, newest = snapshot.load(connection), snapshot.newest_unit(connection)
        memory.add([TMEntry(seg("A sentence added later."), seg("Ein später hinzugefügter Satz."), EN, DE)], origin="test")
        with memory.store.engine.begin() as connection:
            snapshot.save(connection, old, newest)  # type: ignore[arg-type]
        assert current(memory) is None
        with memory.store.reader() as reader:
            assert reader._index_snapshot() is None


def test_a_tmx_import_and_a_big_lookup_make_the_snapshot(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tm.db'}"
    with TranslationMemory.open(url, settings=SearchSettings(processes=1, parallel_from=5)) as memory:
        memory.import_tmx(DATA / "support-en-de.tmx")
        assert current(memory) is not None
        memory.add([TMEntry(seg("One more sentence for the memory."), seg("Noch ein Satz."), EN, DE)], origin="test")
        assert current(memory) is None
        memory.lookup_many([seg(f"One more sentence number {n}.") for n in range(4)], EN, DE)
        assert current(memory) is None  # a small job reads the table
        memory.lookup_many([seg(f"One more sentence number {n}.") for n in range(5)], EN, DE)
        assert current(memory) is not None


def test_a_tm_of_one_unit_without_codes_or_numbers_has_its_empty_detail(tmp_path: Path) -> None:
    with TranslationMemory.open(f"sqlite:///{tmp_path / 'tm.db'}") as memory:
        memory.add([TMEntry(seg("Sign in again."), seg("Melden Sie sich erneut an."), EN, DE)], origin="test")
        assert memory.store.refresh_snapshot()
        made = current(memory)
    assert made is not None and made.details == [""] and len(made.signatures[0]) == 3


def test_a_tm_too_large_has_no_snapshot(filled: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    url, _ = filled
    monkeypatch.setattr(snapshot, "MAX_UNITS", 1000)
    with TranslationMemory.open(url) as memory:
        assert not memory.store.refresh_snapshot()
        assert current(memory) is None


def test_ranking_from_one_merged_array_equals_ranking_from_one_array_per_gram() -> None:
    """The snapshot hands the postings of all grams over in one array; the SQL path one per gram."""
    rng = random.Random(4)
    per_gram = [np.array(sorted({rng.randrange(1, 400) << LENGTH_BITS | rng.randint(4, 18) for _ in range(60)}), dtype=np.int64) for _ in range(9)]
    bonus = [np.array(sorted({rng.randrange(1, 400) << LENGTH_BITS | rng.randint(4, 18) for _ in range(20)}), dtype=np.int64) for _ in range(2)]
    options = dict(length=10, missed=9, floor=0.5, limit=50)
    apart = rank_postings(per_gram, bonus, **options)
    merged = rank_postings([np.concatenate(per_gram)], [np.concatenate(bonus)], **options)
    assert apart.unit_ids.tolist() == merged.unit_ids.tolist()
    assert apart.reach.tolist() == merged.reach.tolist()


def test_a_lookup_does_not_wait_for_another_writer_to_make_the_snapshot(filled: tuple[str, list[str]], tmp_path: Path) -> None:
    """Another process holds the write lock: the snapshot is left for later, at once, and lookups go on."""
    import sqlite3
    import time

    url, stored = filled
    other = sqlite3.connect(tmp_path / "tm.db", timeout=0)
    other.execute("BEGIN IMMEDIATE")
    try:
        with TranslationMemory.open(url, settings=SearchSettings(processes=1, parallel_from=5)) as memory:
            started = time.perf_counter()
            assert not memory.store.refresh_snapshot(if_missing=True)
            assert time.perf_counter() - started < 1.0
            found = memory.lookup_many([seg(text) for text in stored[:6]], EN, DE, limit=1)
            assert all(answer and answer[0].score >= 100 for answer in found)
            assert current(memory) is None
    finally:
        other.rollback()
        other.close()


def test_signatures_are_found_by_position_among_ids_with_gaps() -> None:
    """Unit ids need not be contiguous: ids the TM lacks, inside its range or past it, are left out."""
    empty = np.zeros(0, dtype=np.int64)
    made = snapshot.IndexSnapshot.of(
        empty, np.zeros(1, dtype=np.int64), empty, np.array([3, 4, 9, 20], dtype=np.int64),
        ["ĀāĂ", "ăĄ", "ąĆć", "Ĉ"], ["", "Đ", "", "đĒ"],
    )
    for wanted in ([20, 5, 3, 9, 0, 21, -1, 4], np.array([20, 5, 3, 9, 0, 21, -1, 4])):
        ids, signatures, details = made.signatures_of(wanted)
        assert ids == [20, 3, 9, 4]
        assert signatures == ["Ĉ", "ĀāĂ", "ąĆć", "ăĄ"]
        assert list(details) == ["đĒ", "", "", "Đ"]


def test_holder_tables_say_which_units_have_a_gram(filled: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    url, _ = filled
    with TranslationMemory.open(url) as memory:
        assert memory.store.refresh_snapshot()
        made = current(memory)
        with memory.store.engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT gram, unit_id FROM tm_posting").all()
    assert made is not None
    by_gram: dict[int, set[int]] = {}
    for gram, unit_id in rows:
        by_gram.setdefault(gram, set()).add(unit_id)
    commonest = sorted(by_gram, key=lambda gram: -len(by_gram[gram]))[:5]
    tables = made.holders([*commonest, 12345])
    for gram, table in zip(commonest, tables):
        assert set(np.flatnonzero(table).tolist()) == by_gram[gram]
    assert not tables[-1].any()
    assert made.holders(commonest[:1])[0] is tables[0]  # kept for the next segment
    monkeypatch.setattr(snapshot, "_HOLDER_BYTES", 3 * len(made.positions))
    others = sorted(by_gram, key=lambda gram: -len(by_gram[gram]))[5:10]
    tables = made.holders(others)
    assert [set(np.flatnonzero(t).tolist()) for t in tables] == [by_gram[g] for g in others]
    assert len(made._holders) <= 3  # no more tables kept than the memory allows
