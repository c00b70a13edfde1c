"""Big lookups on every core.

A fuzzy lookup is mostly work in this process (counting postings,
verifying signatures, scoring) around short reads of the database, so one
process leaves the other cores idle. A job of thousands of segments is
therefore split into batches that worker processes look up, each through a
connection of its own to the same SQLite file or PostgreSQL database. Small
jobs would spend more on starting workers than they save: they stay in this process.

Workers are forked: they start at once and inherit nothing they use but
the arguments of their batch. The engine they inherit is dropped without
closing its connections, which belong to the parent.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import NamedTuple

from sqlalchemy import Engine

from locflow.model import Locale, Segment
from locflow.model.forking import available_processes, can_fork_workers, forked_pool, frozen_heap
from tm.batching import batches
from tm.entries import scope_of
from tm.lookup import SearchSettings, lookup_batch
from tm.model import TMContext, TMMatch
from tm.scoring import Query

__all__ = ["available_processes", "can_split", "lookup_in_processes"]

#: Batches per worker process, and the bounds of a batch's size (in segments).
_BATCHES_PER_PROCESS = 5
_SMALLEST_BATCH = 50
_LARGEST_BATCH = 500

#: The engine of the forking process, dropped (not closed) in each worker.
_inherited: Engine | None = None
#: Each worker's reader (one connection for its life, so its signature cache
#: serves every batch of the job) and the lookup it serves, set by :func:`_start_worker`.
_worker_reader = None
_worker_request: _Request | None = None
#: Holds the worker's connection open (entered, never left: it closes when the worker ends).
_worker_resources = ExitStack()


def can_split(engine: Engine, queries: int, settings: SearchSettings) -> bool:
    """Whether a lookup of ``queries`` segments on ``engine`` goes to worker processes."""
    database = engine.url.database or ""
    return (
        engine.dialect.name in ("sqlite", "postgresql")
        and database not in ("", ":memory:")
        and queries >= settings.parallel_from
        and _processes(settings) > 1
        and can_fork_workers()
    )


def _processes(settings: SearchSettings) -> int:
    return settings.processes if settings.processes else available_processes()


def lookup_in_processes(
    engine: Engine,
    segments: Sequence[tuple[Segment, TMContext | None]],
    source: Locale,
    target: Locale,
    *,
    threshold: float,
    limit: int,
    settings: SearchSettings,
    progress: Callable[[int], None] | None = None,
) -> list[list[TMMatch]]:
    """Look up ``segments`` (each with its context) in worker processes; the answers follow them in order.

    The workers make the queries (their match keys are a good part of a
    lookup), so this process only sends segments and collects answers.

    Each worker gets about :data:`_BATCHES_PER_PROCESS` batches: enough that
    no core waits long for another to finish a slow one, few enough that
    each batch's shared work (its exact-key probes, gram frequencies and
    scored sources) serves many segments. The objects that exist when the
    workers fork are frozen out of the cyclic garbage collector until the
    answers are in: neither the workers nor this process (which collects
    answers while they work) go over them again.
    """
    global _inherited
    _inherited = engine
    url = engine.url.render_as_string(hide_password=False)
    processes = _processes(settings)
    size = max(_SMALLEST_BATCH, min(_LARGEST_BATCH, math.ceil(len(segments) / (processes * _BATCHES_PER_PROCESS))))
    work = batches(segments, size)
    request = _Request(source, target, threshold, limit, settings)
    answers: list[list[TMMatch]] = []
    with frozen_heap(), forked_pool(min(processes, len(work)), _start_worker, (url, request)) as pool:
        for result in pool.map(_lookup, work):
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


def _lookup(batch: Sequence[tuple[Segment, TMContext | None]]) -> list[list[TMMatch]]:
    assert _worker_reader is not None and _worker_request is not None
    source, target, threshold, limit, settings = _worker_request
    scope = scope_of(source, target)
    queries = [Query.of(segment, scope, context) for segment, context in batch]
    return lookup_batch(_worker_reader, queries, source, target, threshold=threshold, limit=limit, settings=settings)
