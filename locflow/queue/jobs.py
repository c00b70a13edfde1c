"""What the queue holds for a run: procrastinate's job rows, read for reports and ``locflow queue status``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from locflow.queue.app import QUEUE
from locflow.queue.connection import connect

__all__ = ["QueuedJob", "run_jobs", "status_counts"]


@dataclass(frozen=True, slots=True)
class QueuedJob:
    id: int
    run_id: str
    stage: str
    locale: str
    batch: int
    status: str  # todo | doing | succeeded | failed | cancelled
    attempts: int  # runs of the job so far (procrastinate counts a run when it ends or is retried)


_JOBS = """
SELECT id, args->>'run_id', args->>'stage', args->>'locale', (args->>'batch')::int, status::text, attempts
  FROM procrastinate_jobs
 WHERE queue_name = %s AND (%s::text IS NULL OR args->>'run_id' = %s)
 ORDER BY id
"""


def run_jobs(url: str, run_id: str | None = None) -> list[QueuedJob]:
    """The jobs of one run (every locflow job without ``run_id``), in the order they were queued."""
    with connect(url) as conn:
        rows = conn.execute(_JOBS, (QUEUE, run_id, run_id)).fetchall()
    return [QueuedJob(*row) for row in rows]


def status_counts(jobs: list[QueuedJob]) -> Counter[str]:
    return Counter(job.status for job in jobs)
