"""The procrastinate app: the one task that runs a stage of a queued run, and how it is retried."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from procrastinate import App, Blueprint, JobContext, PsycopgConnector, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.retry import RetryDecision

from locflow.errors import LocflowError, ServiceError, StoreError
from locflow.queue.connection import conninfo
from locflow.store.queued import TaskKey

__all__ = ["make_app", "defer_tasks", "QUEUE", "MAX_RETRIES", "TASK_NAME"]

#: The procrastinate queue locflow's jobs are on.
QUEUE = "locflow"
#: A failed or stalled task is tried again at most this many times, then it is ``failed``.
MAX_RETRIES = 2
TASK_NAME = "locflow.stage"
#: Later stages first, so finished batches flow on to the build while others are extracted.
_PRIORITY = {"extract": 0, "pretranslate": 1, "qa": 2, "build": 3}


class _RetryUnlessRejected(RetryStrategy):
    """Retry what may pass (a service, the database, a bug hit by chance); bad input or
    configuration (exit 2 and 3) would fail the same way again."""

    def get_retry_decision(self, *, exception: BaseException, job: Any) -> RetryDecision | None:
        if isinstance(exception, LocflowError) and not isinstance(exception, (ServiceError, StoreError)):
            return None
        return super().get_retry_decision(exception=exception, job=job)


blueprint = Blueprint()


@blueprint.task(name=TASK_NAME, queue=QUEUE, pass_context=True, retry=_RetryUnlessRejected(max_attempts=MAX_RETRIES, wait=1))
def run_stage(context: JobContext, run_id: str, stage: str, locale: str, batch: int) -> None:
    """Execute one task in the project directory this worker serves, then queue what follows."""
    from locflow.queue.execute import execute_task

    root = Path(context.additional_context["project_root"])
    execute_task(root, TaskKey(run_id, stage, locale, batch), lambda keys: defer_tasks(context.app, keys))


def make_app(url: str) -> App:
    """An app on the project store's PostgreSQL (``[store] url``)."""
    app = App(connector=PsycopgConnector(conninfo=conninfo(url)))
    app.add_tasks_from(blueprint, namespace="locflow")
    return app


def defer_tasks(app: App, keys: list[TaskKey]) -> int:
    """Queue these tasks; one already waiting in the queue is not queued twice (its lock), nor
    run twice at once. Returns how many were queued."""
    task = app.tasks[f"locflow:{TASK_NAME}"]
    queued = 0
    for key in keys:
        lock = f"{key.run_id}:{key.stage}:{key.locale}:{key.batch}"
        try:
            task.configure(lock=lock, queueing_lock=lock, priority=_PRIORITY[key.stage]).defer(
                run_id=key.run_id, stage=key.stage, locale=key.locale, batch=key.batch
            )
            queued += 1
        except AlreadyEnqueued:
            continue
    return queued
