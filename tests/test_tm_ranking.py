"""Candidate ranking over posting arrays (tm.ranking) against a plain Python reading of its rules."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from tm.ranking import LENGTH_BITS, Ranked, rank_postings, upper_bounds


def packed(unit_id: int, length: int) -> int:
    return unit_id << LENGTH_BITS | length


def postings_of(rng: random.Random, sources: dict[int, int], share: float) -> np.ndarray:
    """One gram's postings: a random share of the sources, sorted as the index returns them."""
    chosen = sorted(packed(uid, length) for uid, length in sources.items() if rng.random() < share)
    return np.array(chosen, dtype=np.int64)


def reference(read, bonus, *, length, missed, floor, limit, holders=()):
    """The documented rules, one source at a time (no shortlist: ``limit`` is large in these tests).

    ``holders`` are the unit ids having each unread gram: they count as grams read.
    """
    rows = []
    for item in sorted({int(v) for array in [*read, *bonus] for v in array}):
        shared = sum(item in set(array.tolist()) for array in read) + sum(item >> LENGTH_BITS in ids for ids in holders)
        plus = sum(item in set(array.tolist()) for array in bonus)
        size = item & ((1 << LENGTH_BITS) - 1)
        edits = max(abs(size - length), math.ceil((missed + len(holders) - shared) / 3))
        reach = 1 - edits / max(size, length) + 1e-9
        if reach >= floor:
            merit = shared + plus - 0.5 * abs(size - length)
            rows.append(((-merit, shared, plus, size, item >> LENGTH_BITS), reach))
    rows.sort()
    return [key[-1] for key, _ in rows][:limit], [reach for _, reach in rows][:limit]


@pytest.mark.parametrize("seed", range(8))
def test_ranking_follows_the_rules_source_by_source(seed):
    rng = random.Random(seed)
    sources = {uid: rng.randint(3, 30) for uid in rng.sample(range(1, 5000), 300)}
    read = [postings_of(rng, sources, rng.uniform(0.05, 0.6)) for _ in range(rng.randint(1, 12))]
    bonus = [postings_of(rng, sources, 0.1) for _ in range(rng.randint(0, 2))]
    options = dict(length=rng.randint(4, 20), missed=len(read) + rng.randint(0, 3), floor=rng.choice([0.5, 0.75, 0.9]))
    ranked = rank_postings(read, bonus, limit=10_000, **options)
    ids, reach = reference(read, bonus, limit=10_000, **options)
    assert ranked.unit_ids.tolist() == ids
    assert ranked.reach.tolist() == pytest.approx(reach)


def test_the_shortlist_keeps_the_sources_sharing_most():
    rng = random.Random(7)
    sources = {uid: 10 for uid in range(1, 400)}
    read = [postings_of(rng, sources, 0.5) for _ in range(10)]
    ranked = rank_postings(read, length=10, missed=10, floor=0.0, limit=20)
    shared = {uid: sum(packed(uid, 10) in set(a.tolist()) for a in read) for uid in sources}
    cut = sorted(shared.values(), reverse=True)[3 * 20 - 1]
    assert len(ranked.unit_ids) == 20
    assert all(shared[uid] >= cut for uid in ranked.unit_ids.tolist())
    assert [shared[uid] for uid in ranked.unit_ids.tolist()] == sorted((shared[uid] for uid in ranked.unit_ids.tolist()), reverse=True)


def test_a_source_with_every_gram_and_the_same_length_can_be_identical():
    read = [np.array([packed(5, 8), packed(9, 12)], dtype=np.int64) for _ in range(8)]
    ranked = rank_postings(read, length=8, missed=8, floor=0.75, limit=5)
    assert ranked.unit_ids.tolist()[0] == 5
    assert ranked.reach[0] == pytest.approx(1.0)


def test_upper_bounds_count_three_grams_per_edit_and_the_length_difference():
    bounds = upper_bounds(12, np.array([12, 12, 12, 16]), np.array([0, 3, 4, 0]))
    assert bounds.tolist() == pytest.approx([1.0, 11 / 12, 10 / 12, 12 / 16])


def test_no_postings_rank_nothing():
    assert rank_postings([], length=5, missed=5, floor=0.75, limit=10).unit_ids.tolist() == []
    empty = np.zeros(0, dtype=np.int64)
    assert rank_postings([empty, empty], [empty], length=5, missed=5, floor=0.75, limit=10).unit_ids.tolist() == []


def test_candidates_seen_in_an_earlier_round_are_left_out_in_order():
    ranked = Ranked(np.array([7, 3, 9, 1, 12], dtype=np.int64), np.array([1.0, 0.9, 0.9, 0.8, 0.7]))
    left = ranked.without([np.array([9, 40], dtype=np.int64), np.array([7], dtype=np.int64)])
    assert left.unit_ids.tolist() == [3, 1, 12]
    assert left.reach.tolist() == [0.9, 0.8, 0.7]
    assert ranked.without([]) is ranked
    assert ranked.without([np.zeros(0, dtype=np.int64)]).unit_ids.tolist() == [7, 3, 9, 1, 12]


def test_a_chunk_takes_only_candidates_that_can_still_reach_the_floor():
    ranked = Ranked(np.array([7, 3, 9, 1, 12], dtype=np.int64), np.array([1.0, 0.7, 0.9, 0.95, 0.8]))
    picked, start = ranked.chunk(0, 0.85, 2)
    assert (picked.tolist(), start) == ([7, 9], 3)
    picked, start = ranked.chunk(start, 0.85, 2)
    assert (picked.tolist(), start) == ([1], 4)
    picked, start = ranked.chunk(start, 0.85, 2)
    assert (picked.tolist(), start) == ([], 5)


@pytest.mark.parametrize("seed", range(6))
def test_grams_not_read_count_when_their_holders_are_given(seed, monkeypatch):
    """Sources looked up in the tables of unread grams are ranked and bounded as if those were read."""
    monkeypatch.setattr("tm.ranking.CHECK_FROM", 0)
    rng = random.Random(seed)
    sources = {uid: rng.randint(3, 30) for uid in rng.sample(range(1, 5000), 300)}
    read = [postings_of(rng, sources, rng.uniform(0.05, 0.6)) for _ in range(rng.randint(1, 6))]
    holders = [{uid for uid in sources if rng.random() < 0.5} for _ in range(rng.randint(1, 6))]
    tables = []
    for ids in holders:
        table = np.zeros(5000, dtype=bool)
        table[sorted(ids)] = True
        tables.append(table)
    options = dict(length=rng.randint(4, 20), missed=len(read) + rng.randint(0, 3), floor=rng.choice([0.5, 0.75, 0.9]))
    ranked = rank_postings(read, limit=10_000, checks=tables, **options)
    ids, reach = reference(read, [], limit=10_000, holders=holders, **options)
    assert ranked.unit_ids.tolist() == ids
    assert ranked.reach.tolist() == pytest.approx(reach)
    unchecked = rank_postings(read, limit=10_000, **options)
    assert set(ranked.unit_ids.tolist()) <= set(unchecked.unit_ids.tolist())


def test_holders_are_looked_up_only_for_long_candidate_lists():
    read = [np.array([packed(uid, 10) for uid in range(1, 11)], dtype=np.int64)]
    nobody = np.zeros(20, dtype=bool)
    ranked = rank_postings(read, length=10, missed=1, floor=0.75, limit=100, checks=[nobody] * 6)
    assert len(ranked.unit_ids) == 10  # ten sources are fewer than CHECK_FROM: verified, not looked up
