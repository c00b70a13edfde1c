"""The TM's storage: the only part of ``tm`` that speaks SQL.

:class:`TMStore` opens (or is given) an SQLAlchemy engine, brings the TM
schema to the latest revision with Alembic, and hands out

* a :class:`~tm.store.writer.UnitWriter` for batched, idempotent writes in one
  transaction (a rejected import rolls back whole), and
* a :class:`~tm.store.reader.IndexReader` bound to one connection for the
  lookup hot path (exact keys, gram counts and postings, signatures, rows).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, bindparam, create_engine, event, func, select, update
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from locflow.model.dblocks import PATIENCE, SQLITE_TIMEOUT, hold_write_lock, migrate_once, retrying
from locflow.model.errors import StoreError, StoreUnavailableError
from tm.entries import UnitRow
from tm.model import PairCount, TMStats
from tm.store.pragmas import on_connect, pragmas_for
from tm.store.reader import ROW_COLUMNS, IndexReader, row_of
from tm.store.schema import VERSION_TABLE, postings, units
from tm.store.writer import UnitWriter

__all__ = ["TMStore", "IndexReader", "UnitWriter"]

log = logging.getLogger(__name__)

_MIGRATIONS = Path(__file__).parent / "migrations"
#: The name of the TM's write lock (:mod:`locflow.model.dblocks`).
LOCK = "locflow_tm"


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        database = url.split("///", 1)[1] if "///" in url else ""
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_TIMEOUT})
        event.listen(engine, "connect", on_connect)
        return engine
    return create_engine(url, pool_pre_ping=True)


class TMStore:
    """The TM's tables in one database, migrated on open."""

    def __init__(self, engine: Engine, *, owns_engine: bool = False) -> None:
        self.engine = engine
        self._owns_engine = owns_engine

    @classmethod
    def open(cls, url_or_engine: str | Engine) -> TMStore:
        """Open the database (an SQLAlchemy URL or engine) and migrate the TM schema.

        Raises :class:`StoreError` when the database cannot be reached or migrated.
        """
        owns = isinstance(url_or_engine, str)
        try:
            engine = _make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
            _check_reachable(engine)
            store = cls(engine, owns_engine=owns)
            store.migrate()
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"cannot open the translation memory: {exc}") from exc
        return store

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> None:
        """Bring the TM schema to the newest revision (a no-op when it is there), one process at a time."""
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        head = ScriptDirectory.from_config(config).get_current_head()

        def is_current(connection: Connection) -> bool:
            context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
            return context.get_current_revision() == head

        def upgrade(connection: Connection) -> None:
            log.info("migrating the TM schema to %s", head)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

        migrate_once(self.engine, LOCK, is_current=is_current, upgrade=upgrade)

    @contextmanager
    def writer(self) -> Iterator[UnitWriter]:
        """A writer whose work is committed together when the block ends, or not at all."""
        with self.engine.connect() as connection:
            writer = UnitWriter(connection)
            try:
                with connection.begin(), writer.writing():
                    hold_write_lock(connection, LOCK)
                    yield writer
                    writer.finish()
            finally:
                writer.cleanup()

    def refresh_snapshot(self, *, if_missing: bool = False) -> bool:
        """Make the index snapshot of a small SQLite TM again; whether one is there after.

        With ``if_missing``, a current snapshot is kept, and the snapshot is
        made only if the database is free now: a lookup does not wait for
        another writer. A TM larger than :data:`tm.store.snapshot.MAX_UNITS`
        units, or on PostgreSQL, has none. A database that cannot be written
        (busy, a read-only file) keeps what it has: lookups then read the
        posting table.
        """
        if self.dialect != "sqlite":
            return False
        from tm.store import snapshot

        never_wait = {"busy_timeout": 0} if if_missing else {}
        try:
            with self.engine.begin() as connection, pragmas_for(connection, **never_wait):
                hold_write_lock(connection, LOCK, patience=0 if if_missing else PATIENCE)
                newest = snapshot.newest_unit(connection)
                if not 0 < newest <= snapshot.MAX_UNITS:
                    return False
                if not (if_missing and snapshot.is_current(connection, newest)):
                    snapshot.save(connection, snapshot.build(connection), newest)
        except SQLAlchemyError as exc:
            log.info("the index snapshot was not made: %s", exc)
            return False
        return True

    @contextmanager
    def reader(self) -> Iterator[IndexReader]:
        with self.engine.connect() as connection:
            yield IndexReader(connection)

    def record_usage(self, unit_ids: list[int], when: datetime) -> None:
        """Count one more use of each unit (a unit listed twice counts twice)."""
        counts: dict[int, int] = {}
        for unit_id in unit_ids:
            counts[unit_id] = counts.get(unit_id, 0) + 1
        if not counts:
            return
        statement = (
            update(units)
            .where(units.c.id == bindparam("uid"))
            .values(usage_count=units.c.usage_count + bindparam("n"), last_used=when)
        )
        rows = [{"uid": uid, "n": n} for uid, n in counts.items()]

        def count() -> None:
            with self.engine.begin() as connection:
                hold_write_lock(connection, LOCK)
                connection.execute(statement, rows)

        retrying(count, what="recording TM usage")

    def iter_units(self, source: str | None = None, target: str | None = None) -> Iterator[UnitRow]:
        """Every stored unit in id order, streamed, optionally for one pair of locale tags."""
        query = select(*ROW_COLUMNS).order_by(units.c.id)
        if source is not None:
            query = query.where(units.c.source_locale == source)
        if target is not None:
            query = query.where(units.c.target_locale == target)
        with self.engine.connect() as connection:
            result = connection.execution_options(yield_per=2000).execute(query)
            for row in result:
                yield row_of(row)

    def size_bound(self) -> int:
        """How many units the TM holds at most (the highest unit id): one index probe, unlike a count."""
        with self.engine.connect() as connection:
            return connection.execute(select(func.max(units.c.id))).scalar_one() or 0

    def stats(self) -> TMStats:
        with self.engine.connect() as connection:
            total, oldest, newest = connection.execute(
                select(func.count(), func.min(units.c.created), func.max(units.c.changed))
            ).one()
            pairs = connection.execute(
                select(units.c.source_locale, units.c.target_locale, func.count())
                .group_by(units.c.source_locale, units.c.target_locale)
                .order_by(func.count().desc(), units.c.source_locale, units.c.target_locale)
            ).all()
            origins = connection.execute(
                select(units.c.origin, func.count()).group_by(units.c.origin).order_by(func.count().desc())
            ).all()
            if self.dialect == "sqlite":
                index_rows = connection.execute(select(func.count()).select_from(postings)).scalar_one()
            else:
                index_rows = connection.exec_driver_sql("SELECT coalesce(sum(count), 0) FROM tm_posting_run").scalar_one()
        return TMStats(
            units=total,
            pairs=[PairCount(s, t, n) for s, t, n in pairs],
            origins={origin: n for origin, n in origins},
            index_rows=index_rows,
            oldest=oldest,
            newest=newest,
        )

    def close(self) -> None:
        if self._owns_engine:
            self.engine.dispose()


def _check_reachable(engine: Engine) -> None:
    """A database server that cannot be reached is a failed service (exit 4), not a broken TM."""
    try:
        engine.connect().close()
    except (OperationalError, InterfaceError) as exc:
        raise StoreUnavailableError(f"cannot reach the translation memory ({engine.url.render_as_string()}): {exc.orig}") from exc
