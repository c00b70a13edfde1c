"""Importing a TMX file: parse and prepare in one process, write in another.

Reading XML and computing matching keys is pure Python work; writing is
mostly SQLite's. For a big file they run side by side: two worker processes
stream the file, each preparing every other unit (parsing is cheap next to
preparing), and send prepared units in batches through a bounded queue (so
memory stays flat), while this process writes them inside the one
transaction of the import. A malformed file makes the worker report the
error with its file and line; the writer then rolls back, and nothing of the
file is kept. Small files are read in this process, where starting a worker
would cost more than it saves.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue as queues
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from locflow.model.errors import LocflowError, StoreError
from tm.entries import StoredUnit, prepare, skip_reason
from tm.parallel import available_processes
from tm.store.writer import UnitWriter
from tm.tmx import TMXReader

__all__ = ["PARALLEL_FROM_BYTES", "FileResult", "import_file"]

log = logging.getLogger(__name__)

#: Files at least this big are parsed in worker processes.
PARALLEL_FROM_BYTES = 8 << 20
#: How many worker processes share a big file: one per core, at most two. Reading is the slow
#: side (this process waits for batches most of the time), so two readers pay even on two cores:
#: a million-unit file imported in 105-117 s instead of 126-165 s there.
WORKERS = max(1, min(2, available_processes()))
_BATCH = 2000
_QUEUED_BATCHES = 8


@dataclass
class FileResult:
    """What reading the file found besides the units: how many ``tu``, what was skipped and why."""

    read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


def _prepare_file(
    path: Path,
    origin: str,
    project: str | None,
    now: datetime,
    emit: Callable[[list[StoredUnit]], None],
    share: tuple[int, int] = (0, 1),
) -> FileResult:
    reader = TMXReader(path, share=share)
    skipped: Counter[str] = Counter()
    batch: list[StoredUnit] = []
    for entry in reader.entries():
        reason = skip_reason(entry)
        if reason is not None:
            skipped[reason] += 1
            continue
        batch.append(prepare(entry, origin=origin, project=project, now=now))
        if len(batch) == _BATCH:
            emit(batch)
            batch = []
    if batch:
        emit(batch)
    skipped.update(reader.skipped)
    return FileResult(reader.units_read, skipped)


def _worker(
    path: Path,
    origin: str,
    project: str | None,
    now: datetime,
    share: tuple[int, int],
    out: multiprocessing.Queue,  # type: ignore[type-arg]
) -> None:
    """A worker process: prepared batches, then ``done`` (or the error, rebuilt on the other side)."""
    try:
        out.put(("done", _prepare_file(path, origin, project, now, lambda batch: out.put(("batch", batch)), share)))
    except LocflowError as exc:
        out.put(("error", (type(exc), exc.message, exc.path, exc.line)))
    except BaseException as exc:  # noqa: BLE001 - reported to the writer, which rolls back
        out.put(("crash", repr(exc)))


def import_file(
    path: Path,
    writer: UnitWriter,
    *,
    origin: str,
    project: str | None,
    now: datetime,
    progress: Callable[[int], None] | None = None,
    parallel: bool | None = None,
) -> FileResult:
    """Write every unit of the TMX file at ``path`` through ``writer``; raise on a bad file.

    ``parallel`` forces (or forbids) the worker process; by default files of
    :data:`PARALLEL_FROM_BYTES` or more use it.
    """
    if parallel is None:
        parallel = path.stat().st_size >= PARALLEL_FROM_BYTES
    # A forked worker starts at once and never re-runs the caller's main module;
    # where fork is not available the file is read in this process.
    parallel = parallel and "fork" in multiprocessing.get_all_start_methods()

    def write(batch: list[StoredUnit]) -> None:
        writer.write_all(batch)
        if progress is not None:
            progress(writer.added + writer.updated)

    if not parallel:
        return _prepare_file(path, origin, project, now, write)
    context = multiprocessing.get_context("fork")
    channel = context.Queue(maxsize=_QUEUED_BATCHES)
    workers = [
        context.Process(target=_worker, args=(path, origin, project, now, (k, WORKERS), channel), daemon=True)
        for k in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    result = FileResult()
    running = len(workers)
    try:
        while running:
            try:
                kind, payload = channel.get(timeout=1.0)
            except queues.Empty:
                if not all(worker.is_alive() or worker.exitcode == 0 for worker in workers):
                    codes = [worker.exitcode for worker in workers]
                    raise StoreError(f"{path}: a reading process stopped (exit codes {codes})") from None
                continue
            if kind == "batch":
                write(payload)
            elif kind == "done":
                running -= 1
                result.read = max(result.read, payload.read)
                result.skipped.update(payload.skipped)
            elif kind == "error":
                error_type, message, error_path, line = payload
                raise error_type(message, path=error_path, line=line)
            else:
                raise StoreError(f"{path}: reading failed: {payload}")
        return result
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join(timeout=5)
        channel.close()
