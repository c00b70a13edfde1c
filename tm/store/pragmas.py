"""SQLite settings of the TM's connections: those every connection gets, and those one step sets for a while."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

__all__ = ["on_connect", "pragmas_for"]

#: How much of a SQLite TM file is read through memory mapping: lookups jump
#: between index pages all over the file, and a mapped page costs no system
#: call and no copy into SQLite's page cache. SQLite caps it at its own limit;
#: the pages are the operating system's file cache, shared, not private memory.
_MMAP_BYTES = 1 << 34


def on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """WAL for readers beside a writer; a page cache large enough for the index; memory-mapped reads."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA temp_store=FILE")
    cursor.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
    cursor.close()


@contextmanager
def pragmas_for(connection: Connection, **values: int) -> Iterator[None]:
    """Set SQLite's integer PRAGMAs ``values`` for a block, and the connection's own back after it.

    The connection goes back to the pool and serves later work, which
    expects the settings :func:`on_connect` gave it.
    """
    before = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in values}
    for name, value in values.items():
        connection.exec_driver_sql(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        for name, value in before.items():
            connection.exec_driver_sql(f"PRAGMA {name} = {int(value)}")
