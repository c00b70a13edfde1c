"""Batched, idempotent writes of prepared units, all in one transaction.

A unit whose dedup hash is known already (same locales, source, target and
context) is not written again: its ``changed`` moves forward instead. New
units get their signature row and, where the database has no trigram search,
their postings. Postings are staged in a temporary table and moved into the
index sorted, once, when the writer finishes: appending sorted rows to the
index B-tree is what keeps a million-unit import in minutes and its memory
flat, whatever the file size.

Into an empty SQLite TM, the indexes lookups need but writing does not
(:data:`_DEFERRED_INDEXES`) are dropped when the first batch comes and built
again, each with one sort, when the writer finishes: inserting ten million
units in hash order into three B-trees at once spends most of an import's
time on index pages that no longer fit in the cache. The dedup index stays:
each batch is checked against it. Everything happens in the writer's one
transaction, so an import that fails or is killed leaves the indexes as they
were.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from itertools import chain
from typing import TYPE_CHECKING

from sqlalchemy import Connection, bindparam, delete, func, select, update

from tm.batching import batches
from tm.entries import StoredUnit
from tm.store.pragmas import pragmas_for
from tm.store.schema import grams, postings, signatures, snapshots, units

if TYPE_CHECKING:
    from sqlalchemy import Index

__all__ = ["UnitWriter"]

log = logging.getLogger(__name__)

_BATCH = 2000
#: Values bound in one statement (SQLite allows a few hundred).
_IN_CHUNK = 500
_STAGE = "tm_posting_stage"
#: Helper threads and page cache (KiB) SQLite sorts the staged postings with.
_SORT_THREADS = 1
_SORT_CACHE_KIB = 16384
#: Gram frequencies are added up in memory and written when this many grams are pending.
_FREQUENCY_FLUSH = 200_000
#: The writer's page cache grows with the TM, from the connection's usual 64 MB to at most
#: 256 MB, by steps of 16 MB: the dedup index, probed and grown at random places batch after
#: batch, takes about 32 bytes a unit (300 MB at ten million units); once it outgrows the
#: cache, nearly every insert writes a page out to the WAL and reads another one back.
_CACHE_BYTES_PER_UNIT = 32
_CACHE_KIB_LEAST, _CACHE_KIB_MOST, _CACHE_KIB_STEP = 65536, 262144, 16384
#: The indexes of ``tm_unit`` an import into an empty TM builds at the end, not row by row.
_DEFERRED_INDEXES = ("ix_tm_unit_exact", "ix_tm_unit_loose_hash")
_UNIT_COLUMNS = (
    "scope", "source_locale", "target_locale", "source", "target", "exact_hash", "loose_hash", "detail", "loose",
    "context", "origin", "project", "created", "changed", "usage_count", "meta", "dedup_hash",
)


class UnitWriter:
    """Writes :class:`~tm.entries.StoredUnit` objects through one connection.

    Use it through :meth:`tm.store.TMStore.writer`, which commits after
    :meth:`finish` or rolls everything back.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.added = 0
        self.updated = 0
        self._pending: list[StoredUnit] = []
        self._staging = False
        self._cache_kib = _CACHE_KIB_LEAST
        #: the lookup indexes an import into an empty TM builds at the end (None: not decided yet)
        self._deferred: list[Index] | None = None
        self._frequencies: Counter[int] = Counter()
        self._sqlite = connection.dialect.name == "sqlite"
        self._runs = None if self._sqlite else _run_writer(connection)
        self._datetime = units.c.created.type.dialect_impl(connection.dialect).bind_processor(connection.dialect) or (lambda value: value)

    # -- public ---------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator[None]:
        """The connection's settings while this writer writes: a page cache the dedup index fits in."""
        if not self._sqlite:
            yield
            return
        with pragmas_for(self.connection, cache_size=-_CACHE_KIB_LEAST):
            yield

    def write(self, unit: StoredUnit) -> None:
        self._pending.append(unit)
        if len(self._pending) >= _BATCH:
            self.flush()

    def write_all(self, stored: Iterable[StoredUnit]) -> None:
        for unit in stored:
            self.write(unit)

    def flush(self) -> None:
        batch, self._pending = self._pending, []
        if batch:
            self._write_batch(batch)

    def remove(self, unit_ids: Iterable[int]) -> int:
        """Delete units with their signatures and postings; gram frequencies follow. Returns how many."""
        removed = 0
        for chunk in batches(list(unit_ids), _IN_CHUNK):
            if self._sqlite:  # PostgreSQL's runs keep the postings; without a signature they are never verified
                dropped = Counter(
                    self.connection.execute(select(postings.c.gram).where(postings.c.unit_id.in_(chunk))).scalars()
                )
                self.connection.execute(delete(postings).where(postings.c.unit_id.in_(chunk)))
                statement = update(grams).where(grams.c.gram == bindparam("g")).values(df=grams.c.df - bindparam("n"))
                if dropped:
                    self.connection.execute(statement, [{"g": gram, "n": n} for gram, n in dropped.items()])
            self.connection.execute(delete(signatures).where(signatures.c.unit_id.in_(chunk)))
            removed += self.connection.execute(delete(units).where(units.c.id.in_(chunk))).rowcount or 0
        if removed:
            self.connection.execute(delete(snapshots))  # it no longer describes the index
        return removed

    def finish(self) -> None:
        """Write what is pending, move staged postings into the index, and drop the index's snapshot."""
        self.flush()
        self._flush_frequencies()
        if self._runs is not None:
            self._runs.flush()
        if self.added and self._sqlite:
            self.connection.execute(delete(snapshots))  # it no longer describes the index (tm.store.snapshot)
        if self._staging or self._deferred:
            with self._sorting():
                if self._staging:
                    self._move_staged_postings()
                self._build_deferred_indexes()

    def _sorting(self) -> AbstractContextManager[None]:
        """The settings of the sorts :meth:`finish` makes SQLite do, in little memory.

        SQLite sorts in memory up to the page cache's size, then merges
        sorted runs from temporary files. A cache of :data:`_SORT_CACHE_KIB`
        keeps a million-unit import (17 million postings) at about 200 MB
        where the usual 64 MB cache took 360 MB, and it is no slower; one
        helper thread sorts beside the main one.
        """
        return pragmas_for(self.connection, threads=_SORT_THREADS, cache_size=-_SORT_CACHE_KIB)

    def _move_staged_postings(self) -> None:
        """Append the staged postings to the index in its order: one sort."""
        self.connection.exec_driver_sql(
            f"INSERT INTO tm_posting (gram, length, unit_id) "
            f"SELECT gram, length, unit_id FROM temp.{_STAGE} ORDER BY gram, length, unit_id"
        )

    def _build_deferred_indexes(self) -> None:
        """Build what :meth:`_defer_indexes_if_empty` dropped: one sort per index."""
        for index in self._deferred or ():
            index.create(self.connection)
        self._deferred = []

    def _fit_cache(self, tm_units: int) -> None:
        """Grow the page cache with the TM (see :data:`_CACHE_BYTES_PER_UNIT`)."""
        wanted = min(tm_units * _CACHE_BYTES_PER_UNIT // 1024 // _CACHE_KIB_STEP * _CACHE_KIB_STEP, _CACHE_KIB_MOST)
        if wanted > self._cache_kib:
            self.connection.exec_driver_sql(f"PRAGMA cache_size = -{wanted}")
            self._cache_kib = wanted

    def cleanup(self) -> None:
        """Drop the staging table (after commit or rollback)."""
        if self._staging:
            self.connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{_STAGE}")
            self.connection.commit()
            self._staging = False

    # -- batches --------------------------------------------------------------
    def _write_batch(self, batch: list[StoredUnit]) -> None:
        unique: dict[int, StoredUnit] = {}
        for unit in batch:
            if unit.dedup_hash in unique:
                self.updated += 1
            else:
                unique[unit.dedup_hash] = unit
        known = self._known(list(unique))
        fresh = [unit for key, unit in unique.items() if key not in known]
        self._touch([unit for key, unit in unique.items() if key in known])
        if fresh:
            if self._deferred is None:
                self._defer_indexes_if_empty()
            ids = self._insert(fresh)
            self._insert_signatures(fresh, ids)
            if self._runs is not None:
                self._runs.add([ids[u.dedup_hash] for u in fresh], [u.length for u in fresh], [u.grams for u in fresh])
            else:
                self._stage_postings(fresh, ids)
        self.added += len(fresh)

    def _defer_indexes_if_empty(self) -> None:
        """Into an empty SQLite TM, drop the indexes of :data:`_DEFERRED_INDEXES` until :meth:`finish`."""
        self._deferred = []
        if self._sqlite and self.connection.execute(select(units.c.id).limit(1)).first() is None:
            self._deferred = [index for index in units.indexes if index.name in _DEFERRED_INDEXES]
            for index in self._deferred:
                index.drop(self.connection)

    def _known(self, hashes: list[int]) -> set[int]:
        if not self._sqlite:  # one array parameter: a statement with thousands of values costs more to build than to run
            sql = "SELECT dedup_hash FROM tm_unit WHERE dedup_hash = ANY(%s)"
            return {row[0] for row in self.connection.exec_driver_sql(sql, (hashes,))}
        found: set[int] = set()
        for chunk in batches(hashes, _IN_CHUNK):
            found.update(self.connection.execute(select(units.c.dedup_hash).where(units.c.dedup_hash.in_(chunk))).scalars())
        return found

    def _touch(self, seen: list[StoredUnit]) -> None:
        """A unit stored again is confirmed: its ``changed`` moves forward."""
        if not seen:
            return
        self.updated += len(seen)
        statement = (
            update(units)
            .where(units.c.dedup_hash == bindparam("key"), units.c.changed < bindparam("when"))
            .values(changed=bindparam("when"))
        )
        self.connection.execute(statement, [{"key": u.dedup_hash, "when": u.changed} for u in seen])

    def _insert(self, fresh: list[StoredUnit]) -> dict[int, int]:
        """Insert new units; return their ids by dedup hash."""
        if not self._sqlite:
            return self._copy_units(fresh)
        # The writer holds the TM's write lock: the rows after the last id are the ones just inserted.
        last = self.connection.execute(select(func.max(units.c.id))).scalar() or 0
        self._fit_cache(last + len(fresh))
        self._insert_sqlite(fresh)
        inserted = self.connection.execute(select(units.c.id, units.c.dedup_hash).where(units.c.id > last))
        return {key: unit_id for unit_id, key in inserted}

    def _copy_units(self, fresh: list[StoredUnit]) -> dict[int, int]:
        """PostgreSQL: ids taken from the sequence, rows sent with ``COPY``.

        Nothing can store the same units meanwhile: the writer holds the
        TM's write lock (:mod:`locflow.model.dblocks`), and ``fresh`` was
        checked against what is stored under it.
        """
        unit_ids = [
            row[0]
            for row in self.connection.exec_driver_sql(
                "SELECT nextval(pg_get_serial_sequence('tm_unit', 'id')) FROM generate_series(1, %s)", (len(fresh),)
            )
        ]
        columns = ", ".join(("id", *_UNIT_COLUMNS))
        with self._driver_cursor() as cursor, cursor.copy(f"COPY tm_unit ({columns}) FROM STDIN") as copy:
            for unit_id, unit in zip(unit_ids, fresh):
                copy.write_row((unit_id, *self._values(unit)))
        return {unit.dedup_hash: unit_id for unit_id, unit in zip(unit_ids, fresh)}

    def _values(self, u: StoredUnit, date: Callable[[datetime], object] = lambda value: value) -> tuple[object, ...]:
        """The column values of ``u`` in :data:`_UNIT_COLUMNS` order; ``date`` converts dates."""
        return (
            u.scope, u.source_locale, u.target_locale, u.source, u.target, u.exact_hash, u.loose_hash, u.detail,
            None, u.context, u.origin, u.project, date(u.created), date(u.changed),
            u.usage_count, u.meta, u.dedup_hash,
        )

    def _insert_sqlite(self, fresh: list[StoredUnit]) -> None:
        """The bulk path: straight to the driver, dates as SQLAlchemy's SQLite type stores them."""
        rows = [self._values(unit, self._datetime) for unit in fresh]
        marks = ", ".join("?" * len(_UNIT_COLUMNS))
        self.connection.exec_driver_sql(f"INSERT INTO tm_unit ({', '.join(_UNIT_COLUMNS)}) VALUES ({marks})", rows)

    def _insert_signatures(self, fresh: list[StoredUnit], ids: dict[int, int]) -> None:
        rows = [(ids[u.dedup_hash], u.length, u.signature, u.detail) for u in fresh]
        if self._sqlite:
            self.connection.exec_driver_sql(
                "INSERT INTO tm_signature (unit_id, length, signature, detail) VALUES (?, ?, ?, ?)", rows
            )
        else:
            with self._driver_cursor() as cursor, cursor.copy("COPY tm_signature (unit_id, length, signature, detail) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    def _stage_postings(self, fresh: list[StoredUnit], ids: dict[int, int]) -> None:
        if not self._staging:
            self.connection.exec_driver_sql(
                f"CREATE TEMP TABLE IF NOT EXISTS {_STAGE} (gram INTEGER, length INTEGER, unit_id INTEGER)"
            )
            self._staging = True
        # A unit's grams go as one JSON array, which SQLite unpacks into rows: half the
        # time of binding every (gram, length, unit) row from Python.
        rows = ((u.length, ids[u.dedup_hash], _json_array(u.grams)) for u in fresh)
        self._driver_cursor().executemany(f"INSERT INTO temp.{_STAGE} SELECT value, ?, ? FROM json_each(?)", rows)
        self._frequencies.update(chain.from_iterable(u.grams for u in fresh))
        if len(self._frequencies) >= _FREQUENCY_FLUSH:
            self._flush_frequencies()

    def _driver_cursor(self):  # type: ignore[no-untyped-def]
        """The driver's own cursor: staging millions of rows (or a ``COPY``) needs no SQLAlchemy in between."""
        return self.connection.connection.driver_connection.cursor()  # type: ignore[union-attr]

    def _flush_frequencies(self) -> None:
        if self._frequencies:
            self.connection.exec_driver_sql(
                "INSERT INTO tm_gram (gram, df) VALUES (?, ?) ON CONFLICT (gram) DO UPDATE SET df = df + excluded.df",
                list(self._frequencies.items()),
            )
            self._frequencies.clear()


def _json_array(numbers: tuple[int, ...]) -> str:
    return "[" + ",".join(map(str, numbers)) + "]"


def _run_writer(connection: Connection):  # type: ignore[no-untyped-def]
    """PostgreSQL's posting runs (:mod:`tm.store.runs`, which loads NumPy: only where it is needed)."""
    from tm.store.runs import RunWriter

    return RunWriter(connection)
