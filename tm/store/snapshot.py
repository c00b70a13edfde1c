"""The whole candidate index of a small SQLite TM, in one row beside it.

A fuzzy lookup reads the postings of about ten grams per segment and the
signatures of a few hundred candidates. From the tables, each posting read
is an index range SQLite walks row by row and writes out as text, and each
signature a row found by id. A TM of up to :data:`MAX_UNITS` units keeps a
copy of both in ``tm_index_snapshot``: the sorted gram keys, where each
gram's postings start and the postings (packed as :mod:`tm.ranking` reads
them) as arrays; every unit id with its signature and detail. Loading it is
a few blob reads and two splits, and a gram's postings are then a slice of
an array, a candidate's signature an item of a list.

The snapshot must never answer for another TM than the one beside it: the
writer deletes it in the transaction that adds units (:meth:`UnitWriter.finish`),
and it is used only while its ``last_unit`` is still the newest unit id (the
TM never deletes units, so a TM with the same newest id has the same index).
It is made again after a TMX import and by the first big lookup that finds
none (:meth:`tm.store.TMStore.refresh_snapshot`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import Connection, delete, func, insert, select

from tm.store.reader import LENGTH_BITS, LENGTH_MASK, PACKED_POSTING
from tm.store.schema import snapshots, units

__all__ = ["MAX_UNITS", "IndexSnapshot", "build", "drop", "is_current", "load", "newest_unit", "save"]

#: TMs up to this many units keep a snapshot (about 17 postings and 200 bytes each).
MAX_UNITS = 300_000
_ROW_ID = 1
#: Memory the tables of :meth:`IndexSnapshot.holders` may take in all (one byte per unit each).
_HOLDER_BYTES = 32 << 20
#: Signatures and details are made of token code points (U+0100 and up): a newline never occurs in one.
_SEPARATOR = "\n"


@dataclass(eq=False)
class IndexSnapshot:
    """Every gram's postings and every unit's signature and detail.

    ``postings[starts[i]:starts[i + 1]]`` are the postings of ``grams[i]``;
    ``signatures[i]`` and ``details[i]`` are those of ``unit_ids[i]``, and
    ``positions[unit_ids[i]]`` is ``i`` (-1 for ids the TM does not have):
    candidates come by the hundred per segment, and one array index finds
    all their signatures where a search per batch was a third of a lookup.
    """

    grams: np.ndarray
    starts: np.ndarray
    postings: np.ndarray
    unit_ids: np.ndarray
    signatures: list[str]
    details: list[str]
    positions: np.ndarray
    _holders: dict[int, np.ndarray] = field(default_factory=dict, repr=False)
    _gram_index: dict[int, int] | None = field(default=None, repr=False)

    @classmethod
    def of(
        cls, grams: np.ndarray, starts: np.ndarray, postings: np.ndarray, unit_ids: np.ndarray,
        signatures: list[str], details: list[str],
    ) -> IndexSnapshot:
        """The snapshot of these arrays, with the position of every unit id worked out."""
        positions = np.full(int(unit_ids[-1]) + 1 if len(unit_ids) else 0, -1, dtype=np.int32)
        positions[unit_ids] = np.arange(len(unit_ids), dtype=np.int32)
        return cls(grams, starts, postings, unit_ids, signatures, details, positions)

    def _index_of(self) -> dict[int, int]:
        """``gram -> i`` for ``grams[i]``, made at first use.

        A segment reads about ten grams: a search of the sorted array for so
        few costs more than the lookups in a dict, made once per snapshot.
        """
        if self._gram_index is None:
            self._gram_index = dict(zip(self.grams.tolist(), range(len(self.grams))))
        return self._gram_index

    def frequencies(self, keys: Iterable[int]) -> dict[int, int]:
        """How many sources have each gram (grams nobody has are left out), as ``tm_gram`` says."""
        index = self._index_of()
        found = {key: index[key] for key in keys if key in index}
        at = np.fromiter(found.values(), dtype=np.int64, count=len(found))
        return dict(zip(found, (self.starts[at + 1] - self.starts[at]).tolist()))

    def postings_of(self, keys: Sequence[int], shortest: int, longest: int) -> np.ndarray:
        """The postings of all ``keys`` of sources within the length window, in one array."""
        index, starts = self._index_of(), self.starts
        slices = [self.postings[starts[i] : starts[i + 1]] for i in map(index.get, keys) if i is not None]
        if not slices:
            return np.zeros(0, dtype=np.int64)
        merged = np.concatenate(slices)
        lengths = merged & LENGTH_MASK
        return merged[(lengths >= shortest) & (lengths <= longest)]

    def holders(self, keys: Sequence[int]) -> list[np.ndarray]:
        """For each of ``keys``, a table by unit id, true for the units whose source has that gram.

        Asked for a segment's commonest grams, which recur in most segments
        of a job, so each table is made once and kept (up to
        :data:`_HOLDER_BYTES` in all): a lookup in it is an array index,
        where a search of the gram's postings costs more than it saves.
        """
        tables = []
        for key in keys:
            table = self._holders.get(key)
            if table is None:
                if (len(self._holders) + 1) * len(self.positions) > _HOLDER_BYTES:
                    self._holders.clear()
                table = self._holders[key] = np.zeros(len(self.positions), dtype=bool)
                at = self._index_of().get(key)
                if at is not None:
                    table[self.postings[self.starts[at] : self.starts[at + 1]] >> LENGTH_BITS] = True
            tables.append(table)
        return tables

    def signatures_of(self, ids: Sequence[int] | np.ndarray) -> tuple[list[int], list[str], Sequence[str]]:
        """The ``ids`` the TM has, with their signatures and details, in order."""
        wanted = np.asarray(ids, dtype=np.int64)
        inside = wanted[(wanted >= 0) & (wanted < len(self.positions))]
        at = self.positions[inside]
        known = at >= 0
        if not known.all():
            inside, at = inside[known], at[known]
        found = at.tolist()
        return inside.tolist(), list(map(self.signatures.__getitem__, found)), _Picked(self.details, found)


class _Picked(Sequence[str]):
    """Some items of a list, fetched when read: a lookup reads the detail of few of its candidates."""

    def __init__(self, items: list[str], picked: list[int]) -> None:
        self.items = items
        self.picked = picked

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return self.items[self.picked[index]]

    def __len__(self) -> int:
        return len(self.picked)


def newest_unit(connection: Connection) -> int:
    """The newest unit id (0 for an empty TM): what a snapshot is checked against."""
    return connection.execute(select(func.coalesce(func.max(units.c.id), 0))).scalar_one()


def build(connection: Connection) -> IndexSnapshot:
    """The snapshot of the index as it is now."""
    grams, starts, postings = _posting_arrays(connection)
    unit_ids, signatures, details = _signature_lists(connection)
    return IndexSnapshot.of(grams, starts, postings, unit_ids, signatures, details)


def _posting_arrays(connection: Connection) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gram keys, where each gram's postings start, the postings (group_concat makes each list in C)."""
    sql = f"SELECT gram, group_concat({PACKED_POSTING}) FROM tm_posting GROUP BY gram ORDER BY gram"
    keys: list[int] = []
    lists: list[str] = []
    for gram, postings in connection.exec_driver_sql(sql):
        keys.append(gram)
        lists.append(postings)
    starts = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum([text.count(",") + 1 for text in lists], out=starts[1:])
    return np.array(keys, dtype=np.int64), starts, _numbers(",".join(lists))


def _signature_lists(connection: Connection) -> tuple[np.ndarray, list[str], list[str]]:
    """Every unit id, in order, with its signature and detail."""
    unit_ids: list[int] = []
    signatures: list[str] = []
    details: list[str] = []
    for unit_id, signature, detail in connection.exec_driver_sql(
        "SELECT unit_id, signature, detail FROM tm_signature ORDER BY unit_id"
    ):
        unit_ids.append(unit_id)
        signatures.append(signature)
        details.append(detail)
    return np.array(unit_ids, dtype=np.int64), signatures, details


def _numbers(joined: str) -> np.ndarray:
    return np.fromstring(joined, dtype=np.int64, sep=",") if joined else np.zeros(0, dtype=np.int64)


def save(connection: Connection, snapshot: IndexSnapshot, last_unit: int) -> None:
    """Store ``snapshot`` as made when ``last_unit`` was the newest unit (replacing any other)."""
    drop(connection)
    connection.execute(
        insert(snapshots).values(
            id=_ROW_ID,
            last_unit=last_unit,
            grams=snapshot.grams.tobytes(),
            starts=snapshot.starts.tobytes(),
            postings=snapshot.postings.tobytes(),
            units=snapshot.unit_ids.tobytes(),
            signatures=_SEPARATOR.join(snapshot.signatures),
            details=_SEPARATOR.join(snapshot.details),
        )
    )


def drop(connection: Connection) -> None:
    connection.execute(delete(snapshots))


def is_current(connection: Connection, newest: int) -> bool:
    """Whether a snapshot made when ``newest`` was the newest unit is stored."""
    stored = connection.execute(select(snapshots.c.last_unit).where(snapshots.c.id == _ROW_ID)).scalar()
    return stored == newest


def load(connection: Connection) -> IndexSnapshot | None:
    """The stored snapshot, if there is one and it still describes this TM."""
    row = connection.execute(select(snapshots).where(snapshots.c.id == _ROW_ID)).first()
    if row is None or row.last_unit != newest_unit(connection):
        return None
    grams, starts, postings, unit_ids = (np.frombuffer(blob, dtype=np.int64) for blob in (row.grams, row.starts, row.postings, row.units))
    return IndexSnapshot.of(grams, starts, postings, unit_ids, _split(row.signatures, len(unit_ids)), _split(row.details, len(unit_ids)))


def _split(joined: str, count: int) -> list[str]:
    """The ``count`` texts joined by :data:`_SEPARATOR` (one empty text and none join alike)."""
    return joined.split(_SEPARATOR) if count else []
