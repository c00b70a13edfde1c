"""The posting index on PostgreSQL: each gram's postings packed into runs, one row per gram per write.

SQLite keeps one row per posting (``tm_posting``) and reads a gram's list with
``group_concat`` inside the file. On a server, a row per posting means
seventeen million rows for a million units, slow to load and to read back:
here a write packs the postings it makes (``unit_id << LENGTH_BITS |
length``, as :mod:`tm.ranking` reads them) into one little-endian int64
array per gram, a *run*, stored in ``tm_posting_run`` with the count. A
lookup reads all the runs of a segment's grams in one query, and NumPy keeps
those within the length window. Runs are written with ``COPY`` in binary.

A deleted unit's postings stay in their run: its signature is gone, and a
candidate without a signature is never verified (:meth:`IndexReader.signatures`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from tm.store.reader import LENGTH_BITS, LENGTH_MASK

__all__ = ["RunWriter", "frequencies", "index_existing_units", "runs_of", "within"]

#: Postings held in memory before they are packed and written (16 bytes each).
_FLUSH = 4_000_000
_POSTING = np.dtype("<i8")


class RunWriter:
    """Collects postings of new units and writes them as runs through one PostgreSQL connection."""

    def __init__(self, connection) -> None:  # type: ignore[no-untyped-def]
        self.connection = connection
        self._grams: list[np.ndarray] = []
        self._packed: list[np.ndarray] = []
        self._pending = 0

    def add(self, unit_ids: Sequence[int], lengths: Sequence[int], grams: Sequence[Sequence[int]]) -> None:
        """Postings of units: ``grams[i]`` are the grams of ``unit_ids[i]``, whose source has ``lengths[i]`` tokens."""
        counts = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
        packed = (np.asarray(unit_ids, dtype=np.int64) << LENGTH_BITS) | np.minimum(np.asarray(lengths, dtype=np.int64), LENGTH_MASK)
        self._grams.append(np.fromiter((g for gs in grams for g in gs), dtype=np.int64, count=int(counts.sum())))
        self._packed.append(np.repeat(packed, counts))
        self._pending += int(counts.sum())
        if self._pending >= _FLUSH:
            self.flush()

    def flush(self) -> None:
        """Pack what is collected into one run per gram and ``COPY`` them in."""
        if not self._pending:
            return
        grams, packed = np.concatenate(self._grams), np.concatenate(self._packed)
        self._grams, self._packed, self._pending = [], [], 0
        order = np.lexsort((packed, grams))
        grams, packed = grams[order], packed[order]
        starts = np.flatnonzero(np.concatenate(([True], grams[1:] != grams[:-1])))
        ends = np.append(starts[1:], len(grams))
        data = packed.astype(_POSTING).tobytes()
        cursor = self.connection.connection.driver_connection.cursor()
        with cursor.copy("COPY tm_posting_run (gram, first_unit, count, postings) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["int8", "int8", "int4", "bytea"])
            for gram, start, end in zip(grams[starts].tolist(), starts.tolist(), ends.tolist()):
                copy.write_row((gram, int(packed[start]) >> LENGTH_BITS, end - start, data[start * 8 : end * 8]))
        cursor.close()


def frequencies(connection, keys: Iterable[int]) -> dict[int, int]:  # type: ignore[no-untyped-def]
    """How many postings each gram has (grams nobody has are left out)."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return {}
    sql = "SELECT gram, sum(count) FROM tm_posting_run WHERE gram = ANY(%s) GROUP BY gram"
    return {gram: int(n) for gram, n in connection.exec_driver_sql(sql, (wanted,))}


def runs_of(connection, keys: Sequence[int]) -> dict[int, list[np.ndarray]]:  # type: ignore[no-untyped-def]
    """The runs of each of ``keys`` that has any, as arrays of postings."""
    found: dict[int, list[np.ndarray]] = {}
    if keys:
        sql = "SELECT gram, postings FROM tm_posting_run WHERE gram = ANY(%s)"
        for gram, data in connection.exec_driver_sql(sql, (list(keys),)):
            found.setdefault(gram, []).append(np.frombuffer(data, dtype=_POSTING).astype(np.int64))
    return found


def within(run: np.ndarray, shortest: int, longest: int) -> np.ndarray:
    """The postings of ``run`` whose sources are ``shortest`` to ``longest`` tokens long."""
    lengths = run & LENGTH_MASK
    return run[(lengths >= shortest) & (lengths <= longest)]


def index_existing_units(connection) -> int:  # type: ignore[no-untyped-def]
    """Make the runs of every stored unit (for a TM that had none); returns how many units."""
    from locflow.model import Segment
    from tm.normalize import match_key

    writer = RunWriter(connection)
    done = 0
    rows = connection.exec_driver_sql(
        "SELECT id, scope, source FROM tm_unit ORDER BY id", execution_options={"stream_results": True}
    )
    for batch in rows.partitions(10_000):
        keys = [match_key(Segment.loads(source), scope) for _id, scope, source in batch]
        writer.add([row[0] for row in batch], [k.length for k in keys], [k.grams + k.detail_grams for k in keys])
        done += len(batch)
    writer.flush()
    return done
