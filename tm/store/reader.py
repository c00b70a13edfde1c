"""Read access for lookups, bound to one connection.

Every method answers one question with one statement (or a few, for long id
lists), so a lookup costs a handful of round trips whatever the TM size:
units by exact key, gram frequencies, candidates ranked by shared grams with
their signatures, rows by id. The postings come from SQLite's posting table,
or from PostgreSQL's packed runs (:mod:`tm.store.runs`), where id lists travel
as one array parameter.

The lookup queries run thousands of times per job; they go straight to the
driver with prepared SQL text, which saves SQLAlchemy's per-statement
compilation where it would cost more than the query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import compress
from operator import itemgetter, not_
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Row

from tm.batching import batches
from tm.entries import UnitRow
from tm.store.schema import units

if TYPE_CHECKING:
    import numpy as np

    from tm.ranking import Ranked
    from tm.store.snapshot import IndexSnapshot

#: Bits of a packed posting that hold the source's length; longer ones are capped.
LENGTH_BITS = 12
LENGTH_MASK = (1 << LENGTH_BITS) - 1
#: One posting as one integer, written by SQLite: its unit id, then its source's length.
PACKED_POSTING = f"(unit_id << {LENGTH_BITS}) | min(length, {LENGTH_MASK})"

__all__ = ["IndexReader", "LENGTH_BITS", "LENGTH_MASK", "PACKED_POSTING", "ROW_COLUMNS", "row_of"]

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

_ROW_NAMES = ", ".join(column.name for column in ROW_COLUMNS)
_KEY_COLUMNS = "exact_hash, loose_hash, id, detail"
_IN_CHUNK = 500


def row_of(row: Row | tuple) -> UnitRow:  # type: ignore[type-arg]
    return UnitRow(*row[: len(ROW_COLUMNS)])


#: Variants of one sentence (same text, other codes or numbers) read per key:
#: a TM can hold thousands, and the ones with the segment's own codes come first anyway.
_FAMILY_SAMPLE = 20
#: Keys probed by one statement (each probe is up to three members of a UNION ALL).
_PROBES = 150
#: Postings of a server's runs a reader keeps (8 bytes each) before it starts afresh.
_RUN_CACHE = 8_000_000
#: Signatures a reader keeps (about 100 bytes each) before it starts afresh.
_SIGNATURE_CACHE = 300_000

# The postings of each gram, within the length window, as one string of
# numbers ``unit_id << LENGTH_BITS | length``: SQLite builds the strings in
# C, following the index (sorted by length, then unit), and NumPy parses and
# counts them (tm.ranking), which beats a GROUP BY that has to sort every posting.
_POSTINGS_SQL = (
    f"SELECT gram, group_concat({PACKED_POSTING}) "
    "FROM tm_posting WHERE gram IN ({grams}) AND length BETWEEN ? AND ? GROUP BY gram"
)
_SIGNATURES_SQL = "SELECT unit_id, signature, detail FROM tm_signature WHERE {where}"


class IndexReader:
    """The lookup queries, on one connection."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        #: A database server (PostgreSQL): postings in packed runs, id lists as one array parameter.
        self.server = connection.dialect.name != "sqlite"
        self._driver = connection.connection.driver_connection
        self._signatures: dict[int, tuple[str, str]] = {}
        self._runs: dict[int, list[np.ndarray]] = {}
        self._ahead: dict[int, UnitRow] = {}
        self._runs_held = 0
        self._snapshot: IndexSnapshot | None | bool = False  # False: not looked for yet
        dialect = connection.dialect
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        self._mark = mark
        self._same_detail = f"SELECT {_KEY_COLUMNS} FROM tm_unit WHERE exact_hash = {mark} AND detail = {mark}"
        # Row columns whose values the dialect converts (dates), with their converters.
        processors = [column.type.dialect_impl(dialect).result_processor(dialect, None) for column in ROW_COLUMNS]
        self._convert = [(index, processor) for index, processor in enumerate(processors) if processor is not None]

    def _rows(self, sql: str, params: Sequence[object]) -> list[tuple]:  # type: ignore[type-arg]
        """Rows of prepared SQL text (in the driver's parameter style), past SQLAlchemy's statement layer.

        The lookup queries run thousands of times per job with ever other
        values; building and compiling them as SQLAlchemy statements would
        cost more than running them.
        """
        cursor = self._driver.cursor()
        try:
            return cursor.execute(sql, params).fetchall()
        finally:
            cursor.close()

    def _marks(self, count: int) -> str:
        return ",".join([self._mark] * count)

    def _family(self, column: str) -> str:
        """Up to :data:`_FAMILY_SAMPLE` units whose ``column`` is a value: one UNION member, one index seek."""
        return f"SELECT * FROM (SELECT {_KEY_COLUMNS} FROM tm_unit WHERE {column} = {self._mark} LIMIT {_FAMILY_SAMPLE}) AS f"

    def by_hashes(self, keys: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, int, str]]:
        """Units with the exact or loose hash of a segment: ``(exact hash, loose hash, unit id, detail)``.

        ``keys`` are ``(exact hash, loose hash, detail)`` of the segments. Units
        with the same exact hash *and* detail (same codes, same numbers) are all
        returned; of the other variants of a sentence, a sample per hash.
        """
        found: dict[int, tuple[int, int, int, str]] = {}
        for chunk in batches(list(dict.fromkeys(keys)), _PROBES):
            members: list[str] = []
            params: list[object] = []
            for exact, loose, detail in chunk:
                members += [self._same_detail, self._family("exact_hash"), self._family("loose_hash")]
                params += [exact, detail, exact, loose]
            found.update((row[2], tuple(row)) for row in self._rows(" UNION ALL ".join(members), params))
        return list(found.values())

    def by_exact_hashes(self, hashes: Iterable[int]) -> dict[int, list[int]]:
        """``exact hash -> unit ids`` (a sample of :data:`_FAMILY_SAMPLE` per hash)."""
        found: dict[int, list[int]] = {}
        for chunk in batches(list(dict.fromkeys(hashes)), _PROBES):
            sql = " UNION ALL ".join(self._family("exact_hash") for _ in chunk)
            for value, _loose, unit_id, _detail in self._rows(sql, chunk):
                found.setdefault(value, []).append(unit_id)
        return found

    def _index_snapshot(self) -> IndexSnapshot | None:
        """The TM's index snapshot when it has a current one (:mod:`tm.store.snapshot`), read once."""
        if self._snapshot is False:
            from tm.store.snapshot import load

            self._snapshot = None if self.server else load(self.connection)
        return self._snapshot  # type: ignore[return-value]

    def gram_frequencies(self, keys: Iterable[int]) -> dict[int, int]:
        """How many stored sources have each gram (grams nobody has are left out).

        No grams (an exact-only lookup) read nothing: loading the index
        snapshot costs every worker of a lookup about 50 ms of CPU.
        """
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return {}
        snapshot = self._index_snapshot()
        if snapshot is not None:
            return snapshot.frequencies(wanted)
        if self.server:
            from tm.store import runs  # with NumPy, at the first fuzzy lookup

            return runs.frequencies(self.connection, wanted)
        frequencies: dict[int, int] = {}
        for chunk in batches(wanted, _IN_CHUNK):
            frequencies.update(self._rows(f"SELECT gram, df FROM tm_gram WHERE gram IN ({self._marks(len(chunk))})", chunk))
        return frequencies

    def ranked_by_grams(
        self,
        grams: Sequence[int],
        *,
        bonus: Sequence[int] = (),
        length: int,
        shortest: int,
        longest: int,
        missed: int,
        floor: float,
        limit: int,
        unread: Sequence[int] = (),
    ) -> Ranked:
        """Sources sharing ``grams`` within the length window, best ranked first (see :func:`rank_postings`).

        From an index snapshot, the ``unread`` grams (the segment's
        commonest, too long to read) are looked up for the ranked sources
        too, which proves most of them too far from the segment to verify.
        NumPy is loaded by the first fuzzy lookup, not by imports and
        exports of the TM, whose processes it would make 13 MB larger.
        """
        from tm.ranking import rank_postings

        read, boosted = self._postings(grams, bonus, shortest, longest)
        snapshot = self._index_snapshot()
        checks = snapshot.holders(unread) if snapshot is not None and unread else []
        return rank_postings(read, boosted, length=length, missed=missed, floor=floor, limit=limit, checks=checks)

    def _postings(
        self, grams: Sequence[int], bonus: Sequence[int], shortest: int, longest: int
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The postings of ``grams`` and of the ``bonus`` grams within the length window, as arrays."""
        import numpy as np

        snapshot = self._index_snapshot()
        if snapshot is not None:
            boosted = [snapshot.postings_of(bonus, shortest, longest)] if bonus else []
            return [snapshot.postings_of(grams, shortest, longest)], boosted
        if self.server:
            from tm.store.runs import within

            found = self._runs_of([*grams, *bonus])
            return (
                [within(run, shortest, longest) for gram in grams for run in found[gram]],
                [within(run, shortest, longest) for gram in bonus for run in found[gram]],
            )
        sql = _POSTINGS_SQL.format(grams=self._marks(len(grams) + len(bonus)))
        extra = set(bonus)
        read: list[np.ndarray] = []
        boosted = []
        for gram, postings in self._rows(sql, [*grams, *bonus, shortest, longest]):
            (boosted if gram in extra else read).append(np.fromstring(postings, dtype=np.int64, sep=","))
        return read, boosted

    def prefetch_postings(self, grams: Iterable[int]) -> None:
        """Read the postings of ``grams`` now, in one query, for the searches that follow (a server only)."""
        if self.server:
            self._runs_of(list(grams))

    def _runs_of(self, grams: Sequence[int]) -> dict[int, list[np.ndarray]]:
        """``gram -> runs`` for ``grams`` (a server), read once per reader up to :data:`_RUN_CACHE` postings.

        The searches of a job read the same common grams again and again.
        """
        from tm.store.runs import runs_of

        cache = self._runs
        missing = [gram for gram in dict.fromkeys(grams) if gram not in cache]
        fetched = runs_of(self.connection, missing)
        wanted = {gram: cache[gram] for gram in grams if gram in cache}
        for gram in missing:
            wanted[gram] = fetched.get(gram, [])
        held = sum(len(run) for found in fetched.values() for run in found)
        if self._runs_held + held > _RUN_CACHE:
            cache.clear()
            self._runs_held = 0
        cache.update((gram, wanted[gram]) for gram in missing)
        self._runs_held += held
        return wanted

    def signatures(self, ids: Sequence[int] | np.ndarray) -> tuple[list[int], list[str], Sequence[str]]:
        """The ``ids`` that have a signature, with their signatures and details, in order.

        Remembered for this reader's life: segments of one job often share
        candidates (variants of the same sentence), so a batch of lookups
        fetches each signature once.
        """
        snapshot = self._index_snapshot()
        if snapshot is not None:
            return snapshot.signatures_of(ids)
        if not isinstance(ids, list):
            ids = ids.tolist() if hasattr(ids, "tolist") else list(ids)
        cache = self._signatures
        # Candidates run to hundreds per segment: every pass below is a C loop (map, compress).
        missing = list(compress(ids, map(not_, map(cache.get, ids))))
        if len(cache) + len(missing) > _SIGNATURE_CACHE:
            cache.clear()
            missing = list(ids)
        for unit_id, signature, detail in self._by_ids(_SIGNATURES_SQL, "unit_id", missing):
            cache[unit_id] = (signature, detail)
        found = list(map(cache.get, ids))
        signed = list(filter(None, found))
        return list(compress(ids, found)), list(map(itemgetter(0), signed)), list(map(itemgetter(1), signed))

    def rows(self, ids: Sequence[int]) -> dict[int, UnitRow]:
        """``unit id -> row`` of the given units (dates converted as SQLAlchemy stores them).

        On a server, rows read ahead by :meth:`prefetch_rows` are taken from
        there (once: a row is scored once per segment, and segments rarely share).
        """
        wanted = list(dict.fromkeys(ids))
        found = {uid: self._ahead.pop(uid) for uid in wanted if uid in self._ahead}
        missing = [uid for uid in wanted if uid not in found] if found else wanted
        for raw in self._by_ids(f"SELECT {_ROW_NAMES} FROM tm_unit WHERE {{where}}", "id", missing):
            values = list(raw)
            for index, processor in self._convert:
                values[index] = processor(values[index])
            unit = row_of(values)
            found[unit.id] = unit
        return found

    def prefetch_rows(self, ids: Sequence[int]) -> None:
        """Read the rows of ``ids`` now, in one query, for the scoring that follows (a server only)."""
        if self.server:
            if len(self._ahead) > _SIGNATURE_CACHE:
                self._ahead.clear()
            self._ahead.update(self.rows([uid for uid in ids if uid not in self._ahead]))

    def _by_ids(self, sql: str, column: str, ids: list[int]) -> list[tuple]:  # type: ignore[type-arg]
        """Rows of ``sql`` (with ``{where}`` for the condition) for ``ids`` of ``column``: one array on a server, chunks on SQLite."""
        if not ids:
            return []
        if self.server:
            return self._rows(sql.format(where=f"{column} = ANY(%s)"), (ids,))
        found = []
        for chunk in batches(ids, _IN_CHUNK):
            found.extend(self._rows(sql.format(where=f"{column} IN ({self._marks(len(chunk))})"), chunk))
        return found
