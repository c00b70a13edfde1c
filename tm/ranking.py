"""Ranking fuzzy candidates from the posting lists of a segment's grams.

A posting is one stored source that has a gram, packed as one integer:
``unit_id << LENGTH_BITS | length`` (the source's token count, capped), so a
gram's postings are one integer array. Ranking counts, for every source, how
many of the segment's grams it shares: the arrays are concatenated and
sorted (each comes in a few sorted runs, which a stable sort merges rather
than sorts), and equal neighbours counted. Everything after that (the
shortlist, the bound each source can reach, the order) is vectorized: a
lookup ranks thousands of postings per segment, and a Python loop over them
was most of its time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from tm.store.reader import LENGTH_BITS, LENGTH_MASK

__all__ = ["CHECK_FROM", "LENGTH_BITS", "Ranked", "positions_in", "rank_postings", "upper_bounds"]

#: Ranked candidates are cut from the sources sharing the most grams, this many times the limit.
SHORTLIST = 3
#: Unread grams are looked up for the ranked sources only when more than this many are left:
#: fewer are verified in one go, for less than the lookups would cost.
CHECK_FROM = 64
_EMPTY = np.zeros(0, dtype=np.int64)


class Ranked(NamedTuple):
    """Candidate sources, best ranked first, each with the best similarity it can reach."""

    unit_ids: np.ndarray
    reach: np.ndarray

    def chunk(self, start: int, floor: float, size: int) -> tuple[np.ndarray, int]:
        """Up to ``size`` candidates from ``start`` on that can still reach ``floor``, and where to go on."""
        picked = (start + np.flatnonzero(self.reach[start:] >= floor))[:size]
        if not len(picked):
            return _EMPTY, len(self.unit_ids)
        return self.unit_ids[picked], int(picked[-1]) + 1

    def without(self, seen: Sequence[np.ndarray]) -> Ranked:
        """These candidates less the ``seen`` ones (a search's earlier rounds verified them)."""
        if not seen:
            return self
        keep = positions_in(np.sort(np.concatenate(seen)), self.unit_ids) < 0
        return Ranked(self.unit_ids[keep], self.reach[keep])


def positions_in(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Where each of ``keys`` is in ``sorted_keys``, -1 where it is not."""
    if not len(sorted_keys):
        return np.full(len(keys), -1)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return np.where(sorted_keys[at] == keys, at, -1)


def upper_bounds(length: int, sizes: np.ndarray, missed: np.ndarray) -> np.ndarray:
    """The best similarity sources of ``sizes`` tokens missing ``missed`` of a segment's grams can reach.

    An edit changes at most three trigrams, so a source missing ``m`` grams
    is at least ``ceil(m / 3)`` edits away, and at least the difference in
    length; its similarity is at most ``1 - edits / longer length``.
    """
    edits = np.maximum(np.abs(sizes - length), -(-missed // 3))
    return 1.0 - edits / np.maximum(sizes, length)


def _counted(read: Sequence[np.ndarray], bonus: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct postings, how many of the arrays hold each, and how many of those are ``bonus`` arrays.

    Each posting is tagged in a low bit (1 from a bonus array) and the tags
    are summed per posting: one sort counts both.
    """
    if not read and not bonus:
        return _EMPTY, _EMPTY, _EMPTY
    tagged = np.concatenate([*read, *bonus]) << 1
    if bonus:
        tagged[sum(len(array) for array in read) :] |= 1
    tagged.sort(kind="stable")  # sorted runs: a merge, not a full sort
    if not len(tagged):
        return _EMPTY, _EMPTY, _EMPTY
    merged = tagged >> 1
    starts = np.flatnonzero(np.concatenate(([True], merged[1:] != merged[:-1])))
    return merged[starts], np.diff(np.append(starts, len(merged))), np.add.reduceat(tagged & 1, starts)


def _shortlist(counts: np.ndarray, wanted: int) -> np.ndarray:
    """Indexes of about ``wanted`` highest ``counts`` (ties at the cut taken in order)."""
    if len(counts) <= wanted:
        return np.arange(len(counts))
    # Counts are small (grams shared): the cut comes from their histogram, not a partition.
    at_least = np.cumsum(np.bincount(counts)[::-1])[::-1]
    cut = int(np.flatnonzero(at_least >= wanted)[-1])
    above = np.flatnonzero(counts > cut)
    at_cut = np.flatnonzero(counts == cut)[: wanted - len(above)]
    return np.sort(np.concatenate((above, at_cut)))


def rank_postings(
    read: Sequence[np.ndarray],
    bonus: Sequence[np.ndarray] = (),
    *,
    length: int,
    missed: int,
    floor: float,
    limit: int,
    checks: Sequence[np.ndarray] = (),
) -> Ranked:
    """Sources in the postings of the ``read`` grams, best ranked first.

    ``missed`` is how many of the segment's grams a source could have missed
    at most (every gram read plus those nobody has); ``bonus`` postings (a
    code or number the segment has) rank but prove nothing. Sources sharing
    the most are shortlisted, ranked by what they share less half a gram per
    token of length difference, and kept when the best similarity they can
    reach is at least ``floor``; at most ``limit`` unit ids in all.

    ``checks`` tell, by unit id, which sources have each gram not read: when
    more than :data:`CHECK_FROM` sources are kept, each is looked up in
    them, and what it shares (or misses) there counts as for a gram read.
    """
    items, totals, plus = _counted(read, bonus)
    chosen = _shortlist(totals, SHORTLIST * limit)
    items, plus = items[chosen], plus[chosen]
    shared = totals[chosen] - plus
    sizes = items & LENGTH_MASK
    reach = upper_bounds(length, sizes, missed - shared) + 1e-9
    keep = np.flatnonzero(reach >= floor)
    if checks and len(keep) > CHECK_FROM:
        shared = shared[keep] + _members(items[keep], checks)
        items, plus, sizes = items[keep], plus[keep], sizes[keep]
        reach = upper_bounds(length, sizes, missed + len(checks) - shared) + 1e-9
        keep = np.flatnonzero(reach >= floor)
    items, shared, plus, sizes, reach = items[keep], shared[keep], plus[keep], sizes[keep], reach[keep]
    unit_ids = items >> LENGTH_BITS
    merit = shared + plus - 0.5 * np.abs(sizes - length)
    order = np.lexsort((unit_ids, sizes, plus, shared, -merit))[:limit]
    return Ranked(unit_ids[order], reach[order])


def _members(items: np.ndarray, holders: Sequence[np.ndarray]) -> np.ndarray:
    """In how many of the ``holders`` tables (true by unit id) the unit of each of ``items`` is."""
    unit_ids = items >> LENGTH_BITS
    count = np.zeros(len(items), dtype=np.int64)
    for table in holders:
        count += table[unit_ids]
    return count
