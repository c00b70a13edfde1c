"""Pools of forked worker processes for CPU-bound stages (TM lookups, builds).

A forked worker starts at once and already holds everything the parent had
loaded (the project, its configuration, the filters), so only the work's
arguments and results travel through pipes. Where there is no ``fork``
(Windows) callers keep the work in their own process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

__all__ = ["available_processes", "can_fork_workers", "forked_pool", "frozen_heap"]


def available_processes() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork_workers() -> bool:
    """Whether worker processes can be forked here."""
    return "fork" in multiprocessing.get_all_start_methods()


def forked_pool(
    processes: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """A pool of ``processes`` forked workers, each first running ``initializer(*initargs)``."""
    return ProcessPoolExecutor(
        processes, mp_context=multiprocessing.get_context("fork"), initializer=initializer, initargs=initargs
    )


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep every object that exists now out of garbage collections (``gc.freeze``) until the end.

    Left alone, collections in the parent and in each forked worker would go
    over the whole inherited heap (and copy the workers' pages of it) to find
    nothing; they held the workers up between batches. Skipped when the
    program froze objects of its own, which ``unfreeze`` would release.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
