"""Read access for lookups, bound to one connection.

Every method answers one question with one statement (or a few, for long id
lists), so a lookup costs a handful of round trips whatever the TM size:
units by exact key, gram frequencies, candidates ranked by shared grams (or,
on PostgreSQL, by trigram similarity) with their signatures, rows by id.

The posting queries run thousands of times per job; they go straight to the
SQLite driver with prepared SQL text, which saves SQLAlchemy's per-statement
compilation where it would cost more than the query.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Connection, Row, Select, select, text, union_all

from tm.entries import UnitRow
from tm.store.schema import signatures, units

__all__ = ["Candidate", "IndexReader", "ROW_COLUMNS", "RankedGroup", "row_of"]

ROW_COLUMNS = (
    units.c.id,
    units.c.source_locale,
    units.c.target_locale,
    units.c.source,
    units.c.target,
    units.c.context,
    units.c.origin,
    units.c.project,
    units.c.created,
    units.c.changed,
    units.c.usage_count,
    units.c.meta,
)

_IN_CHUNK = 500


class RankedGroup(NamedTuple):
    """Candidates that share as much with a segment, and are as long: ranked and bounded alike."""

    reachable: float
    unit_ids: list[int]


class Candidate(NamedTuple):
    """A source worth verifying: how many grams it shares, its length, its signature and detail."""

    unit_id: int
    shared: int
    length: int
    signature: str
    detail: str


def row_of(row: Row | tuple) -> UnitRow:  # type: ignore[type-arg]
    return UnitRow(*row[: len(ROW_COLUMNS)])


def _chunks(values: Sequence[int], size: int = _IN_CHUNK) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _marks(count: int) -> str:
    return ",".join("?" * count)


def _most_shared(counts: Counter[str], wanted: int) -> list[tuple[str, int]]:
    """About ``wanted`` items with the highest counts (ties at the cut taken in order of appearance)."""
    if len(counts) <= wanted:
        return list(counts.items())
    histogram = Counter(counts.values())
    taken = 0
    cut = 1
    for count in sorted(histogram, reverse=True):
        if taken + histogram[count] >= wanted:
            cut = count
            break
        taken += histogram[count]
    above = [(item, count) for item, count in counts.items() if count > cut]
    at_cut = (item for item, count in counts.items() if count == cut)
    return above + [(item, cut) for item in islice(at_cut, wanted - len(above))]


#: Variants of one sentence (same text, other codes or numbers) read per key:
#: a TM can hold thousands, and the ones with the segment's own codes come first anyway.
_FAMILY_SAMPLE = 20
#: Signatures a reader keeps (about 100 bytes each) before it starts afresh.
_SIGNATURE_CACHE = 300_000
#: Ranked candidates are cut from the sources sharing the most grams, this many times the limit.
_SHORTLIST = 3

def _family(columns: Sequence[ColumnElement[Any]], column: ColumnElement[Any], value: int) -> Select[Any]:
    """Up to :data:`_FAMILY_SAMPLE` units whose ``column`` is ``value``: one member of a UNION, one index seek."""
    return select(*columns).where(column == value).limit(_FAMILY_SAMPLE).subquery().select()


# The postings of each gram, within the length window, as one string of
# numbers ``unit_id * 4096 + length``: SQLite builds the strings in C,
# following the index, and Python counts them with Counter, which beats a
# GROUP BY that has to sort every posting.
_LENGTH_BITS = 12
_POSTINGS_SQL = (
    f"SELECT gram, group_concat((unit_id << {_LENGTH_BITS}) | min(length, {(1 << _LENGTH_BITS) - 1})) "
    "FROM tm_posting WHERE gram IN ({grams}) AND length BETWEEN ? AND ? GROUP BY gram"
)
_SIGNATURES_SQL = "SELECT unit_id, signature, detail FROM tm_signature WHERE unit_id IN ({ids})"


# PostgreSQL: pg_trgm's % operator uses the GIN index; similarity() ranks.
_TRIGRAM = text(
    "SELECT u.id, 0, s.length, s.signature, s.detail FROM tm_unit u JOIN tm_signature s ON s.unit_id = u.id "
    "WHERE u.scope = :scope AND u.loose % :loose AND s.length BETWEEN :shortest AND :longest "
    "ORDER BY similarity(u.loose, :loose) DESC, u.id LIMIT :limit"
)


class IndexReader:
    """The lookup queries, on one connection."""

    def __init__(self, connection: Connection, *, trigrams: bool) -> None:
        self.connection = connection
        self.trigrams = trigrams
        self._trigram_limit: float | None = None
        self._driver = None if trigrams else connection.connection.driver_connection
        self._signatures: dict[int, tuple[str, str]] = {}

    def _rows(self, sql: str, params: Sequence[object] | dict[str, object]) -> list[tuple]:  # type: ignore[type-arg]
        cursor = self._driver.cursor()  # type: ignore[union-attr]
        try:
            return cursor.execute(sql, params).fetchall()
        finally:
            cursor.close()

    def by_hashes(self, keys: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, int, str]]:
        """Units with the exact or loose hash of a segment: ``(exact hash, loose hash, unit id, detail)``.

        ``keys`` are ``(exact hash, loose hash, detail)`` of the segments. Units
        with the same exact hash *and* detail (same codes, same numbers) are all
        returned; of the other variants of a sentence, a sample per hash.
        """
        columns = (units.c.exact_hash, units.c.loose_hash, units.c.id, units.c.detail)
        found: dict[int, tuple[int, int, int, str]] = {}
        unique = list(dict.fromkeys(keys))
        # One statement per chunk, each member an index seek (SQLite allows 500 members).
        for start in range(0, len(unique), 150):
            members = []
            for exact, loose, detail in unique[start : start + 150]:
                members.append(select(*columns).where(units.c.exact_hash == exact, units.c.detail == detail))
                members.append(_family(columns, units.c.exact_hash, exact))
                members.append(_family(columns, units.c.loose_hash, loose))
            found.update((row[2], tuple(row)) for row in self.connection.execute(union_all(*members)))  # type: ignore[misc]
        return list(found.values())

    def by_exact_hashes(self, hashes: Iterable[int]) -> dict[int, list[int]]:
        """``exact hash -> unit ids`` (a sample of :data:`_FAMILY_SAMPLE` per hash)."""
        found: dict[int, list[int]] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 400):
            columns = (units.c.exact_hash, units.c.id)
            members = [_family(columns, units.c.exact_hash, value) for value in unique[start : start + 400]]
            for value, unit_id in self.connection.execute(union_all(*members)):
                found.setdefault(value, []).append(unit_id)
        return found

    def gram_frequencies(self, keys: Iterable[int]) -> dict[int, int]:
        """How many stored sources have each gram (grams nobody has are left out)."""
        wanted = list(dict.fromkeys(keys))
        frequencies: dict[int, int] = {}
        for chunk in _chunks(wanted):
            frequencies.update(self._rows(f"SELECT gram, df FROM tm_gram WHERE gram IN ({_marks(len(chunk))})", chunk))
        return frequencies

    def ranked_by_grams(
        self,
        grams: Sequence[int],
        *,
        bonus: Sequence[int] = (),
        length: int,
        shortest: int,
        longest: int,
        bound: Callable[[int, int], float],
        floor: float,
        limit: int,
    ) -> list[RankedGroup]:
        """Sources sharing ``grams`` within the length window, best ranked first.

        Returns groups of unit ids (at most ``limit`` in all), each with the
        best similarity its members can reach.
        Sources sharing the most grams (``bonus`` grams, a code or number the
        segment has, count too) are shortlisted, ranked by what they share
        less half a gram per token of length difference, and kept when
        ``bound(shared, length)`` (the best similarity they could reach with
        ``shared`` of ``grams``) is at least ``floor``.
        """
        sql = _POSTINGS_SQL.format(grams=_marks(len(grams) + len(bonus)))
        extra = set(bonus)
        everything: Counter[str] = Counter()
        boosted: Counter[str] = Counter()
        for gram, postings in self._rows(sql, [*grams, *bonus, shortest, longest]):
            items = postings.split(",")
            everything.update(items)
            if gram in extra:
                boosted.update(items)
        # Sources alike in what they share and in length rank and bound alike: group them.
        groups: dict[tuple[int, int, int], list[int]] = {}
        mask = (1 << _LENGTH_BITS) - 1
        for item, count in _most_shared(everything, _SHORTLIST * limit):
            plus = boosted[item] if boosted else 0
            packed = int(item)
            groups.setdefault((count - plus, plus, packed & mask), []).append(packed >> _LENGTH_BITS)
        ranked: list[RankedGroup] = []
        taken = 0
        order = sorted(groups, key=lambda key: (-(key[0] + key[1] - 0.5 * abs(key[2] - length)), key))
        for shared, plus, size in order:
            reach = bound(shared, size)
            if reach >= floor:
                ids = sorted(groups[shared, plus, size])[: limit - taken]
                ranked.append(RankedGroup(reach, ids))
                taken += len(ids)
                if taken >= limit:
                    break
        return ranked

    def signatures(self, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """``unit id -> (signature, detail)``, remembered for this reader's life.

        Segments of one job often share candidates (variants of the same
        sentence), so a batch of lookups fetches each signature once.
        """
        cache = self._signatures
        found = {unit_id: cache[unit_id] for unit_id in ids if unit_id in cache}
        missing = [unit_id for unit_id in ids if unit_id not in found]
        for chunk in _chunks(missing):
            for unit_id, signature, detail in self._rows(_SIGNATURES_SQL.format(ids=_marks(len(chunk))), chunk):
                found[unit_id] = (signature, detail)
        if len(cache) > _SIGNATURE_CACHE:
            cache.clear()
        cache.update((unit_id, found[unit_id]) for unit_id in missing if unit_id in found)
        return found

    def ranked_by_trigrams(
        self, scope: int, loose: str, *, shortest: int, longest: int, similarity: float, limit: int
    ) -> list[Candidate]:
        """PostgreSQL: sources similar by pg_trgm within the length window, most similar first."""
        if self._trigram_limit != similarity:
            self.connection.execute(
                text("SELECT set_config('pg_trgm.similarity_threshold', :limit, false)"), {"limit": str(similarity)}
            )
            self._trigram_limit = similarity
        params = {"scope": scope, "loose": loose, "shortest": shortest, "longest": longest, "limit": limit}
        return [Candidate(*row) for row in self.connection.execute(_TRIGRAM, params)]

    def rows(self, ids: Sequence[int]) -> dict[int, UnitRow]:
        found: dict[int, UnitRow] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            for row in self.connection.execute(select(*ROW_COLUMNS).where(units.c.id.in_(chunk))):
                unit = row_of(row)
                found[unit.id] = unit
        return found
