"""``locflow run --queue``: queue a run's tasks for the workers, wait for them, report.

The run's process does what must happen once before any worker starts
(:func:`~locflow.pipeline.tasks.prepare_batches`: TMX files and glossaries
that changed, documents whose file is gone), cuts the sources into batches and
records the plan. Then it queues every batch's
extract; each task queues what follows it (:mod:`locflow.queue.plan`).
"""

from __future__ import annotations

import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from locflow.errors import ConfigError, LocflowError, QAGateFailed
from locflow.model import Locale
from locflow.pipeline.history import record_history
from locflow.pipeline.progress import Progress, no_progress
from locflow.pipeline.build import BuildReport
from locflow.pipeline.run import gate_lines, qa_line
from locflow.pipeline.tasks import prepare_batches
from locflow.project import Project
from locflow.queue.app import defer_tasks, make_app
from locflow.queue.connection import ensure_queue_schema
from locflow.queue.jobs import QueuedJob, run_jobs
from locflow.queue.plan import STAGES, RunPlan
from locflow.store.queued import TaskRow

__all__ = ["queue_run", "wait_for_run", "QueuedRunReport", "QueuedRunFailed", "DEFAULT_BATCH_SIZE"]

#: Documents per task: small enough to spread a project over many workers, large enough
#: that opening the project and the engines is a small part of a task.
DEFAULT_BATCH_SIZE = 50


class QueuedRunFailed(LocflowError):
    """Some tasks failed for good; the exit code is the worst of their errors."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def queue_run(
    project: Project, locales: Sequence[Locale] | None = None, *, fail_on: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE
) -> RunPlan:
    """Record a run's plan and queue its first tasks; returns the plan (its ``run_id``)."""
    url = project.config.resolve_url(project.config.store_url)
    ensure_queue_schema(url)
    sources = project.source_files()
    if not sources:
        unmatched = project.unmatched_globs()
        raise ConfigError(f"no [[content]] path matches any file: {', '.join(unmatched)}", path=project.config.path,
                          line=project.config.line_holding(unmatched[0]) if unmatched else None)
    prepare_batches(project)
    chosen = [str(locale) for locale in (locales or project.config.target_locales)]
    plan = RunPlan.cut(str(uuid.uuid4()), [str(s.path) for s in sources], chosen, batch_size, fail_on)
    project.store.queued.create(plan.run_id, plan.to_json(), plan.tasks())
    app = make_app(url)
    with app.open():
        defer_tasks(app, plan.first())
    return plan


def wait_for_run(project: Project, plan: RunPlan, *, progress: Progress = no_progress, poll: float = 0.5) -> QueuedRunReport:
    """Follow the run until every task is done, or until what failed leaves nothing running."""
    url = project.config.resolve_url(project.config.store_url)
    while True:
        # jobs before tasks: a task is marked done, and its successors queued, while its job
        # still runs, so a run with no job left to do and a task not done is truly stuck
        # (read the other way round, the last job may end between the two reads)
        jobs = run_jobs(url, plan.run_id)
        tasks = project.store.queued.tasks(plan.run_id)
        _show(tasks, progress)
        finished = all(task.done for task in tasks)
        stuck = not any(job.status in ("todo", "doing") for job in jobs)
        if finished or stuck:
            report = QueuedRunReport(plan.run_id, tasks, jobs)
            if finished:
                record_history(project, "run", plan.locales)
            return report
        time.sleep(poll)


def _show(tasks: list[TaskRow], progress: Progress) -> None:
    total: Counter[str] = Counter(task.stage for task in tasks)
    done: Counter[str] = Counter(task.stage for task in tasks if task.done)
    for stage in STAGES:
        progress(stage, done[stage], total[stage])


@dataclass(slots=True)
class QueuedRunReport:
    """What the workers did for a run, added up from each task's result."""

    run_id: str
    tasks: list[TaskRow]
    jobs: list[QueuedJob] = field(default_factory=list)

    def _results(self, stage: str) -> list[TaskRow]:
        return [task for task in self.tasks if task.stage == stage and task.done and task.result is not None]

    @property
    def finished(self) -> bool:
        return all(task.done for task in self.tasks)

    def extract(self) -> dict[str, int]:
        totals: Counter[str] = Counter()
        for task in self._results("extract"):
            totals.update(task.result["segments"])  # type: ignore[index]
        return dict(totals)

    def pretranslate(self) -> dict[str, dict[str, int]]:
        keys = ("propagated", "tm", "fuzzy", "term", "mt", "left", "mt_rejected")
        per_locale: dict[str, Counter[str]] = defaultdict(Counter)
        for task in self._results("pretranslate"):
            per_locale[task.locale].update({key: task.result[key] for key in keys})  # type: ignore[index]
        return {locale: dict(counts) for locale, counts in sorted(per_locale.items())}

    def qa(self) -> dict[str, dict[str, Any]]:
        return {task.locale: task.result for task in self._results("qa")}  # type: ignore[misc]

    def build(self) -> dict[str, Any]:
        written: list[str] = []
        omitted: list[str] = []
        unchanged = 0
        held: dict[str, list[str]] = {}
        dropped: dict[str, list[str]] = {}
        for task in self._results("build"):
            result = task.result or {}
            written += result["written"]
            omitted += result["omitted"]
            unchanged += len(result["unchanged"])
            held.update(result["held"])
            for locale, keys in result["dropped"].items():
                dropped.setdefault(locale, []).extend(keys)
        return {"written": sorted(written), "unchanged": unchanged, "omitted": sorted(omitted), "held": held, "dropped": dropped}

    @property
    def gate_failed(self) -> bool:
        return any(result["reasons"] for result in self.qa().values())

    def failures(self) -> list[dict[str, Any]]:
        """The tasks that failed for good: which, after how many attempts, and why."""
        rows = {(task.stage, task.locale, task.batch): task for task in self.tasks}
        found = []
        for job in self.jobs:
            if job.status != "failed":
                continue
            row = rows.get((job.stage, job.locale, job.batch))
            error = (row.result or {}) if row is not None and not row.done else {}
            found.append({
                "stage": job.stage, "locale": job.locale, "batch": job.batch, "attempts": job.attempts,
                "error": error.get("error", "its worker stopped (killed or lost) on every attempt"),
                "exit_code": error.get("exit_code", 4),
            })
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "finished": self.finished,
            "extract": {"segments": self.extract()},
            "pretranslate": self.pretranslate(),
            "qa": {locale: result["summary"] for locale, result in self.qa().items()},
            "gate": {locale: result["reasons"] for locale, result in self.qa().items() if result["reasons"]},
            "build": self.build(),
            "gate_failed": self.gate_failed,
            "failed_tasks": self.failures(),
            "tasks": {"total": len(self.tasks), "done": sum(task.done for task in self.tasks)},
        }

    def summary_lines(self) -> list[str]:
        seg = Counter(self.extract())
        lines = [
            f"extract: {seg['new']} new, {seg['changed']} changed, {seg['moved']} moved, {seg['removed']} removed segments; "
            f"{seg['stale']} translations stale"
        ]
        for tag, fill in self.pretranslate().items():
            lines.append(
                f"pretranslate {tag}: {fill['propagated']} propagated, {fill['tm']} tm, {fill['fuzzy']} fuzzy, "
                f"{fill['term']} term, {fill['mt']} mt, {fill['left']} left"
            )
        lines.append("qa: " + qa_line(_qa_summary(self.qa())))
        built = self.build()
        lines.append(f"build: {len(built['written'])} written, {built['unchanged']} unchanged, {len(built['omitted'])} omitted")
        lines += gate_lines(BuildReport(held=built["held"], dropped=built["dropped"]))
        for failure in self.failures():
            where = " ".join(str(part) for part in (failure["stage"], failure["locale"], f"batch {failure['batch']}") if part != "")
            attempts = f"{failure['attempts']} attempt{'s' if failure['attempts'] != 1 else ''}"
            lines.append(f"failed for good after {attempts}: {where}: {failure['error']}")
        done = sum(task.done for task in self.tasks)
        lines.append(f"tasks: {done} of {len(self.tasks)} done (run {self.run_id})")
        return lines

    def raise_for_outcome(self) -> None:
        """Exit with the worst failed task's code, else 1 when the QA gate failed."""
        failures = self.failures()
        if failures or not self.finished:
            code = max((failure["exit_code"] for failure in failures), default=4)
            raise QueuedRunFailed(f"{len(failures)} tasks failed for good; the run did not finish (see above)", code)
        if self.gate_failed:
            raise QAGateFailed("QA gate failed: see the issues above (locflow qa for details)")


def _qa_summary(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The units and issues per severity of every locale's QA, as one summary."""
    severities: Counter[str] = Counter()
    for result in results.values():
        severities.update(result["summary"].get("by_severity", {}))
    return {"units": sum(result["summary"].get("units", 0) for result in results.values()), "by_severity": dict(severities)}
