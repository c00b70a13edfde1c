"""Timing commands as a user runs them, for the benches that compare locflow with a peer tool.

Both tools are timed the same way: from starting the command to its exit, and by the
processor time it and the processes it waited for used (user plus system). On a shared
machine the first grows with everybody else's load; the second much less, so the
benches print both.

The peer tools are installed by pip, which byte-compiles their modules on install. An
editable install of locflow is not, and where ``PYTHONDONTWRITEBYTECODE`` is set (as in
some CI images) Python compiles every locflow module again on each start. So before
timing, :func:`byte_compile_project` compiles locflow's packages once, as pip would:
both tools then start from byte code.
"""

from __future__ import annotations

import resource
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Timed", "timed", "fastest", "processor_seconds", "byte_compile_project", "PACKAGES"]

ROOT = Path(__file__).resolve().parents[1]
#: the project's packages (pyproject.toml, ``[tool.setuptools.packages.find]``)
PACKAGES = ("locflow", "qa_checks", "termbase", "tm", "content")


@dataclass(frozen=True)
class Timed:
    """One run of a command: seconds from start to exit, and processor seconds used."""

    wall: float
    cpu: float


def timed(command: list[str]) -> Timed:
    """Run ``command`` (its output discarded; a failure raises) and time it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timed(wall, cpu)


def processor_seconds() -> float:
    """Processor time used so far by this process and the processes it waited for (a
    forked second process of a QA run included)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def fastest(command: list[str], repeat: int) -> Timed:
    """The fastest of ``repeat`` runs, by each measure apart."""
    runs = [timed(command) for _ in range(repeat)]
    return Timed(min(run.wall for run in runs), min(run.cpu for run in runs))


def byte_compile_project() -> None:
    """Byte-compile locflow's packages (only what changed since the last time), as pip
    does for an installed package, so that neither tool compiles source when timed."""
    import compileall  # (only the bench itself needs it, not the commands it times)

    for package in PACKAGES:
        if (ROOT / package).is_dir():
            compileall.compile_dir(str(ROOT / package), quiet=1)
