"""Executing one task of a queued run: the stage's work once, then what follows it.

The work is skipped when the store says the task is done (a retry after the
worker died between committing and telling the queue), but what follows is
queued again either way, so a crash at any point loses nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from locflow.errors import LocflowError
from locflow.model import Locale
from locflow.pipeline.tasks import build_batch, extract_batch, pretranslate_batch, qa_locale
from locflow.project import Project
from locflow.queue.plan import BUILD, EXTRACT, PRETRANSLATE, QA, RunPlan
from locflow.store.queued import QueuedRuns, TaskKey

__all__ = ["execute_task"]

log = logging.getLogger(__name__)


def execute_task(root: Path, key: TaskKey, defer: Callable[[list[TaskKey]], Any]) -> None:
    with Project.open(root) as project:
        book = project.store.queued
        plan = RunPlan.from_json(key.run_id, book.plan(key.run_id))
        if book.is_done(key):
            log.info("%s %s batch %s of run %s: already done", key.stage, key.locale, key.batch, key.run_id)
        else:
            book.finish(key, _attempt(project, book, plan, key))
            log.info("run %s: %s %s batch %s: task done", key.run_id, key.stage, key.locale or "-", key.batch)
        defer(_ready_after(book, plan, key))


def _attempt(project: Project, book: QueuedRuns, plan: RunPlan, key: TaskKey) -> dict[str, Any]:
    """The stage's work; a failure is recorded for the run's report, then raised for the queue."""
    try:
        return _work(project, book, plan, key)
    except LocflowError as exc:
        book.record_failure(key, str(exc), exc.exit_code)
        raise
    except Exception as exc:
        book.record_failure(key, f"{type(exc).__name__}: {exc}", 1)
        raise


def _work(project: Project, book: QueuedRuns, plan: RunPlan, key: TaskKey) -> dict[str, Any]:
    if key.stage == EXTRACT:
        return extract_batch(project, plan.batches[key.batch])
    locale = Locale(key.locale)
    if key.stage == PRETRANSLATE:
        return pretranslate_batch(project, plan.batches[key.batch], locale)
    if key.stage == QA:
        return qa_locale(project, locale, plan.fail_on)
    if key.stage == BUILD:
        gate = book.result(plan.key(QA, key.locale))
        return build_batch(project, plan.batches[key.batch], locale, gate)
    raise LocflowError(f"unknown stage {key.stage!r} in run {key.run_id}")


def _ready_after(book: QueuedRuns, plan: RunPlan, key: TaskKey) -> list[TaskKey]:
    """The tasks that may start now that ``key`` is done (QA once its locale is pretranslated)."""
    return [
        following for following in plan.after(key)
        if not plan.waits_for_locale(following) or book.all_done(plan.run_id, PRETRANSLATE, following.locale)
    ]
