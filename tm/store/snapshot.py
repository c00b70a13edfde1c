"""The whole posting index of a small SQLite TM, as three arrays in one row.

A fuzzy lookup reads the postings of about ten grams per segment; from the
``tm_posting`` table each read is an index range SQLite walks row by row and
writes out as text. A TM of up to :data:`MAX_UNITS` units keeps a copy of the
whole index beside it: the sorted gram keys, where each gram's postings
start, and the postings (packed as :mod:`tm.ranking` reads them), stored as
three blobs in ``tm_posting_snapshot``. Loading it is three blob reads, and a
gram's postings are then a slice of an array.

The snapshot must never answer for another TM than the one beside it: the
writer deletes it in the transaction that adds units (:meth:`UnitWriter.finish`),
and it is used only while its ``last_unit`` is still the newest unit id (the
TM never deletes units, so a TM with the same newest id has the same
postings). It is made again after a TMX import and by the first big lookup
that finds none (:meth:`tm.store.TMStore.refresh_snapshot`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np
from sqlalchemy import Connection, delete, func, insert, select

from tm.store.reader import LENGTH_BITS
from tm.store.schema import snapshots, units

__all__ = ["MAX_UNITS", "PostingSnapshot", "build", "drop", "is_current", "load", "newest_unit", "save"]

#: TMs up to this many units keep a snapshot (about 17 postings and 130 bytes each).
MAX_UNITS = 300_000
_LENGTH_MASK = (1 << LENGTH_BITS) - 1
_ROW_ID = 1


class PostingSnapshot(NamedTuple):
    """The posting lists of every gram: ``postings[starts[i]:starts[i + 1]]`` are ``grams[i]``'s."""

    grams: np.ndarray
    starts: np.ndarray
    postings: np.ndarray

    def frequencies(self, keys: Iterable[int]) -> dict[int, int]:
        """How many sources have each gram (grams nobody has are left out), as ``tm_gram`` says."""
        wanted = np.fromiter(dict.fromkeys(keys), dtype=np.int64)
        at = self._positions(wanted)
        found = at >= 0
        counts = self.starts[at[found] + 1] - self.starts[at[found]]
        return dict(zip(wanted[found].tolist(), counts.tolist()))

    def postings_of(self, keys: Sequence[int], shortest: int, longest: int) -> np.ndarray:
        """The postings of all ``keys`` of sources within the length window, in one array."""
        at = self._positions(np.array(keys, dtype=np.int64))
        slices = [self.postings[self.starts[i] : self.starts[i + 1]] for i in at[at >= 0].tolist()]
        if not slices:
            return np.zeros(0, dtype=np.int64)
        merged = np.concatenate(slices)
        lengths = merged & _LENGTH_MASK
        return merged[(lengths >= shortest) & (lengths <= longest)]

    def _positions(self, keys: np.ndarray) -> np.ndarray:
        """Where each key is in ``grams``, -1 where it is not."""
        at = np.minimum(np.searchsorted(self.grams, keys), max(len(self.grams) - 1, 0))
        if not len(self.grams):
            return np.full(len(keys), -1)
        return np.where(self.grams[at] == keys, at, -1)


def newest_unit(connection: Connection) -> int:
    """The newest unit id (0 for an empty TM): what a snapshot is checked against."""
    return connection.execute(select(func.coalesce(func.max(units.c.id), 0))).scalar_one()


def build(connection: Connection) -> PostingSnapshot:
    """The snapshot of the posting index as it is now (SQLite: group_concat makes each list in C)."""
    sql = (
        f"SELECT gram, group_concat((unit_id << {LENGTH_BITS}) | min(length, {_LENGTH_MASK})) "
        "FROM tm_posting GROUP BY gram ORDER BY gram"
    )
    keys: list[int] = []
    lists: list[str] = []
    for gram, postings in connection.exec_driver_sql(sql):
        keys.append(gram)
        lists.append(postings)
    sizes = np.fromiter(map(_count_items, lists), dtype=np.int64, count=len(lists))
    starts = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(sizes, out=starts[1:])
    packed = np.fromstring(",".join(lists), dtype=np.int64, sep=",") if lists else np.zeros(0, dtype=np.int64)
    return PostingSnapshot(np.array(keys, dtype=np.int64), starts, packed)


def _count_items(joined: str) -> int:
    return joined.count(",") + 1


def save(connection: Connection, snapshot: PostingSnapshot, last_unit: int) -> None:
    """Store ``snapshot`` as made when ``last_unit`` was the newest unit (replacing any other)."""
    drop(connection)
    connection.execute(
        insert(snapshots).values(
            id=_ROW_ID,
            last_unit=last_unit,
            grams=snapshot.grams.tobytes(),
            starts=snapshot.starts.tobytes(),
            postings=snapshot.postings.tobytes(),
        )
    )


def drop(connection: Connection) -> None:
    connection.execute(delete(snapshots))


def is_current(connection: Connection, newest: int) -> bool:
    """Whether a snapshot made when ``newest`` was the newest unit is stored."""
    stored = connection.execute(select(snapshots.c.last_unit).where(snapshots.c.id == _ROW_ID)).scalar()
    return stored == newest


def load(connection: Connection) -> PostingSnapshot | None:
    """The stored snapshot, if there is one and it still describes this TM."""
    row = connection.execute(
        select(snapshots.c.last_unit, snapshots.c.grams, snapshots.c.starts, snapshots.c.postings).where(
            snapshots.c.id == _ROW_ID
        )
    ).first()
    if row is None or row.last_unit != newest_unit(connection):
        return None
    return PostingSnapshot(*(np.frombuffer(blob, dtype=np.int64) for blob in (row.grams, row.starts, row.postings)))
