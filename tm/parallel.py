"""Big lookups on every core.

A fuzzy lookup on SQLite is mostly work in this process (counting postings,
verifying signatures, scoring) around short reads of the file, so one
process leaves the other cores idle. A job of thousands of segments is
therefore split into batches that worker processes look up, each through a
connection of its own to the same file (SQLite serves any number of
readers). PostgreSQL ranks candidates in the server and small jobs would
spend more on starting workers than they save, so both stay in this process.

Workers are forked: they start at once and inherit nothing they use but
the arguments of their batch. The engine they inherit is dropped without
closing its connections, which belong to the parent.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from typing import NamedTuple

from sqlalchemy import Engine

from locflow.model import Locale
from tm.lookup import SearchSettings, lookup_batch
from tm.model import TMMatch
from tm.scoring import Query

__all__ = ["available_processes", "can_split", "lookup_in_processes"]

#: The engine of the forking process, dropped (not closed) in each worker.
_inherited: Engine | None = None
#: Each worker's reader (one connection for its life, so its signature cache
#: serves every batch of the job) and the lookup it serves, set by :func:`_start_worker`.
_worker_reader = None
_worker_request: _Request | None = None
#: Holds the worker's connection open (entered, never left: it closes when the worker ends).
_worker_resources = ExitStack()


def available_processes() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_split(engine: Engine, queries: int, settings: SearchSettings) -> bool:
    """Whether a lookup of ``queries`` segments on ``engine`` goes to worker processes."""
    database = engine.url.database or ""
    return (
        engine.dialect.name == "sqlite"
        and database not in ("", ":memory:")
        and queries >= settings.parallel_from
        and _processes(settings) > 1
        and "fork" in multiprocessing.get_all_start_methods()
    )


def _processes(settings: SearchSettings) -> int:
    return settings.processes if settings.processes else available_processes()


def lookup_in_processes(
    engine: Engine,
    batches: Sequence[Sequence[Query]],
    source: Locale,
    target: Locale,
    *,
    threshold: float,
    limit: int,
    settings: SearchSettings,
    progress: Callable[[int], None] | None = None,
) -> list[list[TMMatch]]:
    """Look up ``batches`` in worker processes; the answers follow the queries in order."""
    global _inherited
    _inherited = engine
    url = engine.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("fork")
    processes = min(_processes(settings), len(batches))
    request = _Request(source, target, threshold, limit, settings)
    answers: list[list[TMMatch]] = []
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker, initargs=(url, request)) as pool:
        for result in pool.map(_lookup, batches):
            answers.extend(result)
            if progress is not None:
                progress(len(answers))
    return answers


class _Request(NamedTuple):
    """What every batch of one lookup shares."""

    source: Locale
    target: Locale
    threshold: float
    limit: int
    settings: SearchSettings


def _start_worker(url: str, request: _Request) -> None:
    from tm.store import TMStore

    global _worker_reader, _worker_request
    if _inherited is not None:
        _inherited.dispose(close=False)
    _worker_reader = _worker_resources.enter_context(TMStore.open(url).reader())
    _worker_request = request


def _lookup(batch: Sequence[Query]) -> list[list[TMMatch]]:
    assert _worker_reader is not None and _worker_request is not None
    source, target, threshold, limit, settings = _worker_request
    return lookup_batch(_worker_reader, batch, source, target, threshold=threshold, limit=limit, settings=settings)
