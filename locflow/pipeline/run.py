"""``locflow run``: extract -> pretranslate -> qa -> build, recorded as one run.

The build happens even when QA finds issues (the files are useful for review);
the QA gate then decides the exit code, as ``locflow qa`` would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from locflow.errors import QAGateFailed
from locflow.model import Locale
from locflow.pipeline.build import BuildReport, build
from locflow.pipeline.extract import ExtractReport, extract
from locflow.pipeline.pretranslate import PretranslateReport, pretranslate
from locflow.pipeline.progress import Progress, no_progress
from locflow.pipeline.qa import QAOptions, check_open_project
from locflow.project import Project
from qa_checks import Profile, QAReport

__all__ = ["run_pipeline", "RunReport"]


@dataclass(slots=True)
class RunReport:
    extract: ExtractReport
    pretranslate: PretranslateReport
    qa: QAReport
    build: BuildReport
    gate_failed: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "extract": self.extract.to_json(),
            "pretranslate": self.pretranslate.to_json(),
            "qa": self.qa.summary(),
            "build": self.build.to_json(),
            "gate_failed": self.gate_failed,
        }

    def summary_lines(self) -> list[str]:
        seg = self.extract.segments
        lines = [
            f"extract: {seg.new} new, {seg.changed} changed, {seg.moved} moved, {seg.removed} removed segments; "
            f"{seg.stale} translations stale",
        ]
        for tag, fill in self.pretranslate.locales.items():
            lines.append(
                f"pretranslate {tag}: {fill.propagated} propagated, {fill.tm} tm, {fill.fuzzy} fuzzy, {fill.term} term, "
                f"{fill.mt} mt, {fill.left} left"
            )
        lines.append("qa: " + _qa_line(self.qa))
        lines.append(
            f"build: {len(self.build.written)} written, {len(self.build.unchanged)} unchanged, {len(self.build.omitted)} omitted"
        )
        return lines

    def raise_for_gate(self) -> None:
        if self.gate_failed:
            raise QAGateFailed("QA gate failed: see the issues above (locflow qa for details)")


def _qa_line(report: QAReport) -> str:
    summary = report.summary()
    severities = summary.get("by_severity", {})
    counts = ", ".join(f"{n} {sev}" for sev, n in severities.items() if n) or "no issues"
    return f"{summary.get('units', 0)} units checked: {counts}"


def run_pipeline(
    project: Project, locales: Sequence[Locale] | None = None, *, fail_on: str | None = None, progress: Progress = no_progress
) -> RunReport:
    locales = list(locales or project.config.target_locales)
    with project.store.run("run") as summary:
        extracted = extract(project, progress=progress)
        filled = pretranslate(project, locales, progress=progress)
        qa_report, gate_failed = _qa(project, locales, fail_on, progress)
        built = build(project, locales, progress=progress)
        report = RunReport(extracted, filled, qa_report, built, gate_failed)
        summary.update(report.to_json())
    return report


def _qa(project: Project, locales: list[Locale], fail_on: str | None, progress: Progress) -> tuple[QAReport, bool]:
    profile = Profile.from_config(project.config.qa).with_gate(fail_on=fail_on)
    report = check_open_project(
        project, locales, QAOptions(profile=profile), progress=lambda done, total: progress("qa", done, total)
    )
    return report, bool(report.gate_failures())
