"""``locflow worker``: execute queued tasks, and take over those of workers that died.

A worker sends a heartbeat every few seconds. One that stops (killed, its
machine gone) leaves its job in ``doing``; every worker looks for such
*stalled* jobs (procrastinate's ``get_stalled_jobs``: no heartbeat from their
worker for ``stalled_after`` seconds) and puts them back in the queue, or marks
them ``failed`` once they were tried :data:`~locflow.queue.app.MAX_RETRIES`
times more, so a task that kills its worker every time is not retried forever.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from procrastinate import App
from procrastinate.jobs import Status

from locflow.queue.app import MAX_RETRIES, QUEUE, make_app
from locflow.queue.connection import ensure_queue_schema

__all__ = ["run_worker", "release_stalled_jobs", "DEFAULT_STALLED_AFTER"]

log = logging.getLogger(__name__)

#: Seconds without a heartbeat after which a worker's job is taken over.
DEFAULT_STALLED_AFTER = 30.0


def run_worker(root: Path, url: str, *, concurrency: int = 1, stalled_after: float = DEFAULT_STALLED_AFTER, wait: bool = True) -> None:
    """Execute the project's queued tasks until stopped (SIGINT, SIGTERM: running tasks finish
    first); with ``wait=False``, until the queue is empty."""
    ensure_queue_schema(url)
    asyncio.run(_serve(make_app(url), root, concurrency, stalled_after, wait))


async def _serve(app: App, root: Path, concurrency: int, stalled_after: float, wait: bool) -> None:
    async with app.open_async():
        worker = asyncio.create_task(
            app.run_worker_async(
                queues=[QUEUE],
                concurrency=concurrency,
                additional_context={"project_root": str(root.resolve())},
                update_heartbeat_interval=max(stalled_after / 5, 0.5),
                stalled_worker_timeout=stalled_after,
            )
        )
        helpers = [asyncio.create_task(_sweep(app, stalled_after))]
        if not wait:
            helpers.append(asyncio.create_task(_stop_when_empty(app, worker)))
        try:
            with contextlib.suppress(asyncio.CancelledError):
                await worker
        finally:
            for helper in helpers:
                helper.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await helper


async def _stop_when_empty(app: App, worker: asyncio.Task[None]) -> None:
    """Stop the worker (letting its tasks finish) once no locflow job waits or runs anywhere,
    twice in a row: a running task may still queue what follows it."""
    idle = 0
    while idle < 2:
        await asyncio.sleep(1.0)
        row = await app.connector.execute_query_one_async(query=_PENDING, queue=QUEUE)
        idle = idle + 1 if row["pending"] == 0 else 0
    worker.cancel()


_PENDING = "SELECT count(*) AS pending FROM procrastinate_jobs WHERE queue_name = %(queue)s AND status IN ('todo', 'doing')"


async def _sweep(app: App, stalled_after: float) -> None:
    while True:
        await asyncio.sleep(max(stalled_after / 2, 0.5))
        try:
            await release_stalled_jobs(app, stalled_after)
        except Exception:  # a sweep that fails (the database restarting) is tried at the next tick
            log.warning("looking for stalled jobs failed", exc_info=True)


async def release_stalled_jobs(app: App, stalled_after: float) -> int:
    """Queue again the jobs of workers silent for ``stalled_after`` seconds (or fail them when
    they have had their retries); returns how many were handled."""
    handled = 0
    for job in await app.job_manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=stalled_after):
        try:
            if job.attempts >= MAX_RETRIES:
                log.warning("job %s (%s) stalled after %s retries: failed", job.id, job.task_kwargs, job.attempts)
                await app.job_manager.finish_job(job, status=Status.FAILED, delete_job=False)
            else:
                log.warning("job %s (%s) stalled: its worker stopped; queued again", job.id, job.task_kwargs)
                await app.job_manager.retry_job(job)
            handled += 1
        except Exception:  # another worker took it over first
            log.debug("stalled job %s already handled", job.id, exc_info=True)
    return handled
