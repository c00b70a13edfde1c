"""The QA gate that stands between translations and the build.

QA runs per locale, so a failing locale can be held back (``[build]
on_qa_error = "hold"``: nothing of it is published) or only its failing
translations dropped (``"drop"``: they fall back like untranslated
segments, and the build lists them), while the other locales ship. The same
gate serves ``run`` and ``build`` (unless ``--no-qa``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from locflow.model import Locale
from locflow.pipeline.progress import Progress, no_progress
from locflow.pipeline.qa import QAOptions, check_each_locale
from locflow.project import Project
from qa_checks import Profile, QAReport, Severity
from qa_checks.report.model import add_locale_totals
from qa_checks.report.spool import IssueSpool

__all__ = ["GateResult", "check_gate", "gate_can_fail", "merge_reports"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class GateResult:
    """The QA report of every locale checked, and what failed the gate where.

    ``failing`` maps a locale to the (document, segment key) of each
    translation with an issue at or above the gate's severity; ``reasons``
    maps each locale that failed to why.
    """

    report: QAReport
    reasons: dict[str, list[str]] = field(default_factory=dict)
    failing: dict[str, set[tuple[str, str]]] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return bool(self.reasons)

    def to_json(self) -> dict[str, Any]:
        return {"failed": self.failed, "reasons": dict(self.reasons), "summary": self.report.summary()}


def check_gate(
    project: Project,
    locales: Sequence[Locale],
    *,
    fail_on: str | None = None,
    progress: Progress = no_progress,
    part_segments: int | None = None,
) -> GateResult:
    """Run QA on each locale's stored translations and decide the gate per locale.

    Each locale is checked on its own, in parts of about ``part_segments`` segments read
    once for all locales (:func:`~locflow.pipeline.qa.check_each_locale`), so the gate's
    memory does not grow with the project."""
    profile = Profile.from_config(project.config.qa).with_gate(fail_on=fail_on)
    result = GateResult(QAReport())
    options = QAOptions(profile=profile)
    reports = check_each_locale(project, locales, options, progress=partial(progress, "qa"), part_segments=part_segments)
    for locale, report in zip(locales, reports):
        reasons = report.gate_failures()
        if reasons:
            result.reasons[str(locale)] = reasons
            result.failing[str(locale)] = _failing(report)
    result.report = merge_reports(reports)
    for report in reports:
        report.close()
    return result


def gate_can_fail(project: Project, fail_on: str | None = None) -> bool:
    """Whether the gate could hold anything back: not when ``fail_on`` is ``never`` and no MQM
    ``max_penalty`` is set. ``build`` then skips it, sparing a QA run over every translation
    whose verdict is known in advance (``run`` and ``qa`` still check, for the report)."""
    profile = Profile.from_config(project.config.qa).with_gate(fail_on=fail_on)
    if profile.fail_on == "never" and profile.max_penalty is None:
        log.info("QA gate skipped: fail_on = \"never\" and no max_penalty, so nothing can be held back")
        return False
    return True


def _failing(report: QAReport) -> set[tuple[str, str]]:
    if report.fail_on == "never":
        return set()
    threshold = Severity(report.fail_on).rank
    return {(issue.file or "", issue.unit) for issue in report.each("issues") if Severity(issue.severity).rank >= threshold}


def merge_reports(reports: Sequence[QAReport]) -> QAReport:
    """One report for several locales' reports (as if QA had run once over all of them):
    their issues are copied, one list after the other, into a spool of its own."""
    if not reports:
        return QAReport()
    spool = IssueSpool()
    for report in reports:
        spool.copy_from(report.spool)
    first = reports[0]
    return QAReport(
        spool=spool,
        checks=first.checks,
        units=sum(report.units for report in reports),
        words=sum(report.words for report in reports),
        locales=add_locale_totals(*(report.locales for report in reports)),
        files=sorted({path for report in reports for path in report.files}),
        weights=first.weights,
        fail_on=first.fail_on,
        max_penalty=first.max_penalty,
        profile=first.profile,
    )
