"""The team commands: ``run --queue`` (its queued form), ``worker`` and ``queue status``."""

from __future__ import annotations

from pathlib import Path

import click

from locflow.cli.common import command, emit_json, format_option, project_option
from locflow.cli.progress import progress_display
from locflow.cli.render import print_table
from locflow.errors import UsageError
from locflow.project import Project


def _store_url(project: Project) -> str:
    return project.config.resolve_url(project.config.store_url)


def _require_queue() -> None:
    """The queue is an optional extra: say how to install it rather than fail on an import."""
    try:
        import procrastinate  # noqa: F401
    except ImportError as exc:
        raise UsageError("the task queue needs procrastinate: pip install 'locflow[queue]'") from exc


def run_queued(
    project_dir: Path | None, locales: list[str] | None, fail_on: str | None, *, wait: bool, batch_size: int | None, output_format: str
) -> None:
    """``locflow run --queue``: queue the run, then (unless ``--no-wait``) follow it to the end."""
    _require_queue()
    from locflow.queue.run import DEFAULT_BATCH_SIZE, queue_run, wait_for_run

    with Project.open(project_dir or Path.cwd()) as project:
        chosen = project.config.locales(locales or [])
        plan = queue_run(project, chosen, fail_on=fail_on, batch_size=batch_size or DEFAULT_BATCH_SIZE)
        if not wait:
            tasks = len(plan.tasks())
            if output_format == "json":
                emit_json({"run_id": plan.run_id, "tasks": tasks, "batches": len(plan.batches)})
            else:
                click.echo(f"queued run {plan.run_id}: {tasks} tasks over {len(plan.batches)} document batches; "
                           "start `locflow worker` processes, follow with `locflow queue status`")
            return
        with progress_display() as progress:
            report = wait_for_run(project, plan, progress=progress)
    if output_format == "json":
        emit_json(report.to_json())
    else:
        for line in report.summary_lines():
            click.echo(line)
    report.raise_for_outcome()


@click.command()
@project_option
@click.option("--concurrency", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Tasks this worker runs at once (threads: for tasks that wait on MT; run more workers for CPU).")
@click.option("--stalled-after", type=click.FloatRange(min=1), default=None,
              help="Seconds without a heartbeat before a worker's task is taken over (default 30).")
@click.option("--until-empty", is_flag=True, help="Stop when the queue is empty instead of waiting for more tasks.")
@command
def worker(project_dir: Path | None, concurrency: int, stalled_after: float | None, until_empty: bool) -> None:
    """Execute queued tasks of this project (`locflow run --queue`) until stopped.

    Start as many as you like, on any machine with a checkout of the project
    that reaches its [store] url (PostgreSQL). Ctrl-C or SIGTERM: running
    tasks finish first.

    Example: locflow worker -C help-center --concurrency 4
    """
    _require_queue()
    from locflow.queue.worker import DEFAULT_STALLED_AFTER, run_worker

    root = project_dir or Path.cwd()
    with Project.open(root) as project:  # validates locflow.toml and migrates the store
        url = _store_url(project)
    run_worker(root, url, concurrency=concurrency, stalled_after=stalled_after or DEFAULT_STALLED_AFTER, wait=not until_empty)


@click.group()
def queue() -> None:
    """The task queue of `locflow run --queue`.

    Example: locflow queue status -C help-center
    """


@queue.command("status")
@project_option
@click.option("--run", "run_id", default=None, help="One run (default: the latest queued).")
@format_option("table", "json")
@command
def status(project_dir: Path | None, run_id: str | None, output_format: str) -> None:
    """Tasks of a queued run per stage and state, and the tasks that failed for good.

    Example: locflow queue status --format json
    """
    _require_queue()
    from locflow.queue.jobs import run_jobs
    from locflow.queue.run import QueuedRunReport

    with Project.open(project_dir or Path.cwd()) as project:
        latest = project.store.queued.latest(1)
        run_id = run_id or (latest[0][0] if latest else None)
        if run_id is None:
            click.echo("no queued run")
            return
        report = QueuedRunReport(run_id, project.store.queued.tasks(run_id), run_jobs(_store_url(project), run_id))
    counts: dict[tuple[str, str], int] = {}
    for job in report.jobs:
        counts[(job.stage, job.status)] = counts.get((job.stage, job.status), 0) + 1
    if output_format == "json":
        emit_json({**report.to_json(), "jobs": [{"stage": s, "status": st, "count": n} for (s, st), n in sorted(counts.items())]})
        return
    print_table(f"run {run_id}", ["stage", "state", "jobs"], [(s, st, n) for (s, st), n in sorted(counts.items())], numeric_from=2)
    for line in report.summary_lines():
        click.echo(line)
