"""What a queued run is and which of its tasks are done (tables ``queued_runs``, ``queued_tasks``).

The task queue (:mod:`locflow.queue`) says which job runs where; these tables
say what the project has: a task is ``done`` only once its work is committed,
so a task retried after a crash sees it has nothing left to do, and a stage
that waits for others (QA waits for every batch of its locale) counts them here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Engine, func, insert, select, update

from locflow.errors import StoreError
from locflow.store.schema import queued_runs, queued_tasks

__all__ = ["QueuedRuns", "TaskKey", "TaskRow"]


@dataclass(frozen=True, slots=True)
class TaskKey:
    """One task of a run: a stage, a locale (``""`` for extract) and a batch (``-1`` for QA)."""

    run_id: str
    stage: str
    locale: str
    batch: int


@dataclass(frozen=True, slots=True)
class TaskRow:
    stage: str
    locale: str
    batch: int
    done: bool
    result: dict[str, Any] | None


class QueuedRuns:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(self, run_id: str, plan: dict[str, Any], tasks: list[TaskKey]) -> None:
        """Record a run's plan and every task it will have, none done, in one transaction."""
        rows = [{"run_id": run_id, "stage": t.stage, "locale": t.locale, "batch": t.batch, "done": False} for t in tasks]
        with self._begin() as conn:
            conn.execute(insert(queued_runs).values(id=run_id, plan=json.dumps(plan), created_at=datetime.now(timezone.utc)))
            conn.execute(insert(queued_tasks), rows)

    def plan(self, run_id: str) -> dict[str, Any]:
        with self._begin() as conn:
            found = conn.execute(select(queued_runs.c.plan).where(queued_runs.c.id == run_id)).scalar_one_or_none()
        if found is None:
            raise StoreError(f"no queued run {run_id} in this project's store")
        return json.loads(found)

    def is_done(self, key: TaskKey) -> bool:
        with self._begin() as conn:
            return bool(conn.execute(select(queued_tasks.c.done).where(*self._match(key))).scalar_one_or_none())

    def finish(self, key: TaskKey, result: dict[str, Any]) -> None:
        """Mark a task done with what it did (only the first time: a retry keeps the first result)."""
        values = {"done": True, "result": json.dumps(result, default=str), "finished_at": datetime.now(timezone.utc)}
        with self._begin() as conn:
            conn.execute(update(queued_tasks).where(*self._match(key), queued_tasks.c.done.is_(False)).values(**values))

    def result(self, key: TaskKey) -> dict[str, Any]:
        """What a done task did (the QA gate a build follows)."""
        with self._begin() as conn:
            found = conn.execute(select(queued_tasks.c.result).where(*self._match(key), queued_tasks.c.done.is_(True))).scalar_one_or_none()
        if found is None:
            raise StoreError(f"task {key.stage} {key.locale} {key.batch} of run {key.run_id} is not done")
        return json.loads(found)

    def record_failure(self, key: TaskKey, message: str, exit_code: int) -> None:
        """Keep why a task's attempt failed, for the run's report (the task stays not done)."""
        value = json.dumps({"error": message, "exit_code": exit_code})
        with self._begin() as conn:
            conn.execute(update(queued_tasks).where(*self._match(key), queued_tasks.c.done.is_(False)).values(result=value))

    def all_done(self, run_id: str, stage: str, locale: str) -> bool:
        """Whether every task of ``stage`` for ``locale`` in the run is done."""
        query = select(func.count()).select_from(queued_tasks).where(
            queued_tasks.c.run_id == run_id, queued_tasks.c.stage == stage,
            queued_tasks.c.locale == locale, queued_tasks.c.done.is_(False),
        )
        with self._begin() as conn:
            return conn.execute(query).scalar_one() == 0

    def tasks(self, run_id: str) -> list[TaskRow]:
        query = select(queued_tasks).where(queued_tasks.c.run_id == run_id).order_by(queued_tasks.c.id)
        with self._begin() as conn:
            return [
                TaskRow(row.stage, row.locale, row.batch, row.done, json.loads(row.result) if row.result else None)
                for row in conn.execute(query)
            ]

    def latest(self, limit: int = 5) -> list[tuple[str, datetime]]:
        """The most recently queued runs: (id, queued at)."""
        query = select(queued_runs.c.id, queued_runs.c.created_at).order_by(queued_runs.c.created_at.desc()).limit(limit)
        with self._begin() as conn:
            return [(row.id, row.created_at) for row in conn.execute(query)]

    @staticmethod
    def _match(key: TaskKey) -> tuple[Any, ...]:
        return (
            queued_tasks.c.run_id == key.run_id, queued_tasks.c.stage == key.stage,
            queued_tasks.c.locale == key.locale, queued_tasks.c.batch == key.batch,
        )

    def _begin(self) -> Any:
        return self.engine.begin()
