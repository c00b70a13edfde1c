"""One writer at a time per store, migrations run once, and transient database errors retried.

The project store, the TM and the termbase are SQL databases that several
locflow processes use at once: ``pretranslate -l de`` and ``-l ja`` side by
side, an ``import`` and a ``tm import`` beside them, on one SQLite file or one
PostgreSQL server. All three follow the rules here; they may import only
``locflow.model``, so the rules live in the model. Nothing here imports
SQLAlchemy: it works through the methods of the connections it is handed and
reads the driver's error codes.

* A write transaction takes its store's write lock first thing
  (:func:`hold_write_lock`). On SQLite that is ``BEGIN IMMEDIATE``: the
  database's one write lock, taken before anything is read, so the
  transaction never meets a snapshot another writer made stale (SQLite
  answers that with "database is locked" at once, whatever the busy
  timeout). A writer that finds the lock held waits, retrying, for up to
  :data:`PATIENCE` seconds. On PostgreSQL it is a transaction-level advisory
  lock named after the store: writers of one store go one at a time and can
  never deadlock one another; readers are never blocked.
* A schema migration runs under the same lock, after checking again that it
  is still needed (:func:`migrate_once`): the first process migrates, the
  others wait and find the schema at its head.
* Work that can be run again whole (a TM write, a termbase import) is retried
  on a serialization failure, a deadlock or a busy database (:func:`retrying`),
  in case the server or another program brings one about.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, TypeVar

__all__ = ["PATIENCE", "SQLITE_TIMEOUT", "hold_write_lock", "is_transient", "lock_key", "migrate_once", "retrying"]

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Seconds a writer waits for the writers before it (a big TMX import holds the TM's lock for minutes).
PATIENCE = 900.0
#: SQLite's busy timeout (seconds) for each attempt to take the lock; connections are opened with it.
SQLITE_TIMEOUT = 30.0
#: SQLSTATEs worth running the same transaction again for: serialization failure, deadlock, lock not available.
_TRANSIENT_STATES = frozenset({"40001", "40P01", "55P03"})
_TRANSIENT_TEXT = ("database is locked", "database is busy", "database table is locked")
_RETRIES = 6


def lock_key(name: str) -> int:
    """A signed 64-bit advisory lock key for a store's name (the same in every process)."""
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def is_transient(exc: BaseException) -> bool:
    """Whether ``exc`` (a DB-API error, or SQLAlchemy's wrapper of one) goes away when the work is run again."""
    original = getattr(exc, "orig", None) or exc
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if state in _TRANSIENT_STATES:
        return True
    text = str(original).lower()
    return any(words in text for words in _TRANSIENT_TEXT)


def hold_write_lock(connection: Any, name: str, *, patience: float = PATIENCE) -> None:
    """Take the write lock of the store ``name`` until ``connection``'s transaction ends.

    Call it first in the transaction (before any statement). ``patience``
    is how long to keep trying while another process writes; 0 tries once
    (on SQLite, for as long as the connection's busy timeout).
    """
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(%s)", (lock_key(name),))
    elif dialect == "sqlite":
        _begin_immediate(connection, name, patience)


def _begin_immediate(connection: Any, name: str, patience: float) -> None:
    """``BEGIN IMMEDIATE``, tried again while another process holds the write lock, up to ``patience`` seconds."""
    start = time.monotonic()
    told = False
    while True:
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except Exception as exc:  # SQLAlchemy's OperationalError; this module does not import it
            waited = time.monotonic() - start
            if not is_transient(exc) or waited >= patience:
                raise
            if not told:
                log.info("%s: another process is writing; waiting for it (up to %.0f s)", name, patience)
                told = True
            time.sleep(0.05)


def migrate_once(
    engine: Any,
    name: str,
    *,
    is_current: Callable[[Any], bool],
    upgrade: Callable[[Any], None],
    connect: Callable[[], AbstractContextManager[Any]] | None = None,
) -> bool:
    """Run ``upgrade(connection)`` unless ``is_current(connection)``; one process at a time. Whether it ran.

    ``connect`` makes the connection to migrate on (default: ``engine.connect``).

    The check is made once without the lock (the usual case: nothing to do,
    and no waiting behind a long write) and once more under it, so of
    several processes opening a new database at once, one creates the
    tables and the others find them made.
    """
    with engine.connect() as connection:
        if is_current(connection):
            return False
    with (connect or engine.connect)() as connection, connection.begin():
        hold_write_lock(connection, name)
        if is_current(connection):
            return False
        upgrade(connection)
    return True


def retrying(work: Callable[[], T], *, what: str, attempts: int = _RETRIES) -> T:
    """``work()``, run again (after a short, growing pause) when it fails with a transient database error.

    ``work`` must be a whole transaction that can run again from the start:
    its failed attempt was rolled back.
    """
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except Exception as exc:
            if attempt == attempts or not is_transient(exc):
                raise
            pause = 0.1 * 2**attempt
            log.info("%s: %s; trying again in %.1f s", what, getattr(exc, "orig", exc), pause)
            time.sleep(pause)
    raise AssertionError("unreachable")
