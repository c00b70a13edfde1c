"""The project store's write transactions: one process writes at a time (see :mod:`locflow.model.dblocks`).

Every part of the store that changes rows (segments, translations, runs,
history, exports, the MT cache, the leverage cache) opens its transaction
here, so ``pretranslate -l de`` and ``-l ja`` and an ``import`` running at once
take turns instead of failing with "database is locked" (SQLite) or meeting
each other half-way (PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

from locflow.model.dblocks import hold_write_lock

__all__ = ["LOCK", "write_transaction"]

#: The name of the project store's write lock.
LOCK = "locflow_store"


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction holding the store's write lock from its first statement; committed when the block ends."""
    with engine.begin() as connection:
        hold_write_lock(connection, LOCK)
        yield connection
