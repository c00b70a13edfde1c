"""A progress display for long stages: a bar on a terminal, nothing in CI or pipes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from locflow.cli.common import stderr_is_tty
from locflow.pipeline.progress import Progress as ProgressCallback
from locflow.pipeline.progress import no_progress

__all__ = ["progress_display"]


@contextmanager
def progress_display(enabled: bool | None = None) -> Iterator[ProgressCallback]:
    """Yield a ``progress(stage, done, total)`` callback drawing one bar per stage."""
    if enabled is None:
        enabled = stderr_is_tty()
    if not enabled:
        yield no_progress
        return
    columns = (TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=False) as bars:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield update
