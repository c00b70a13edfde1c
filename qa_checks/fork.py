"""Half of a large run in a second process: ``fork``, then get the result back.

Checks are CPU-bound Python, which one process runs on one core. For a large
run the runner gives about half of the units to a forked copy of itself: the
copy already holds every unit, so nothing is sent to it; only its findings come
back, pickled through a pipe. Where there is no
``fork`` (Windows), where threads run (forking them is unsafe), or when asked
for one process, the work simply runs in this one.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
from collections.abc import Callable
from typing import TypeVar

__all__ = ["in_second_process", "can_fork", "a_core_is_free"]

log = logging.getLogger(__name__)
T = TypeVar("T")


def can_fork() -> bool:
    """Whether a second process can be forked safely here, with a core to run on."""
    return hasattr(os, "fork") and threading.active_count() == 1 and (os.cpu_count() or 1) > 1


def a_core_is_free() -> bool:
    """Whether a second process would have a core of its own: not while other work holds
    the other cores (two processes sharing a core run slower than one, as they copy
    memory pages besides). Read from the load average of the last minute, which counts
    this process; where it is unknown, a core is taken to be free."""
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):
        return True
    return busy <= (os.cpu_count() or 1) - 1


def in_second_process(work: Callable[[], T], *, fork: bool = True) -> Callable[[], T]:
    """Start ``work()`` in a forked process; return a function that waits for its result.

    The result (or the exception ``work`` raised) comes back pickled. If the
    child dies without a word, ``work`` is run again here. With ``fork=False``,
    or where :func:`can_fork` says no, ``work`` runs when the result is asked for.
    """
    if not fork or not can_fork():
        return work
    read_end, write_end = os.pipe()
    _widen(write_end)
    pid = os.fork()
    if pid == 0:  # the child: work, send the outcome, leave without cleaning up the parent's state
        os.close(read_end)
        _send(work, write_end)
        os._exit(0)
    os.close(write_end)
    return lambda: _receive(read_end, pid, work)


#: bytes to let a pipe hold, the largest first (Linux allows up to
#: ``/proc/sys/fs/pipe-max-size`` without privileges, 1 MiB by default)
_PIPE_SIZES = (4 << 20, 1 << 20)


def _widen(pipe: int) -> None:
    """Let the pipe hold a large result (the findings of 25,000 units take about 1 MB),
    so that the second process writes it while this one still works, rather than
    64 KiB at a time as this one reads (Linux only; elsewhere pipes keep their size)."""
    try:
        import fcntl
    except ImportError:
        return
    for size in _PIPE_SIZES:
        try:
            fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, size)
            return
        except (AttributeError, OSError):
            continue


def _send(work: Callable[[], object], write_end: int) -> None:
    try:
        outcome: tuple[bool, object] = (True, work())
    except BaseException as exc:  # noqa: BLE001 - raised again in the parent
        outcome = (False, exc)
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an unpicklable outcome: the parent does the work itself
        pass


def _receive(read_end: int, pid: int, work: Callable[[], T]) -> T:
    try:
        with os.fdopen(read_end, "rb") as pipe:
            ok, value = pickle.load(pipe)
    except (EOFError, pickle.UnpicklingError) as exc:
        log.warning("the second process sent no result (%s); doing its work here", exc)
        ok, value = True, work()
    finally:
        os.waitpid(pid, 0)
    if not ok:
        raise value  # type: ignore[misc]
    return value  # type: ignore[no-any-return]
