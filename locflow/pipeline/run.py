"""``locflow run``: extract -> pretranslate -> qa -> build, recorded as one run.

The QA gate holds the build: a locale that fails it is not published (or,
with ``[build] on_qa_error = "drop"``, is published without its failing
translations), the report says which, and the exit code is 1, as
``locflow qa`` would give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from locflow.errors import QAGateFailed
from locflow.model import Locale
from locflow.pipeline.build import BuildReport, build
from locflow.pipeline.extract import ExtractReport, extract
from locflow.pipeline.history import record_history
from locflow.pipeline.pretranslate import PretranslateReport, pretranslate
from locflow.pipeline.progress import Progress, no_progress
from locflow.pipeline.gate import GateResult, check_gate
from locflow.project import Project
from qa_checks import QAReport

__all__ = ["run_pipeline", "RunReport", "gate_lines", "qa_line"]


@dataclass(slots=True)
class RunReport:
    extract: ExtractReport
    pretranslate: PretranslateReport
    gate: GateResult
    build: BuildReport

    @property
    def qa(self) -> QAReport:
        return self.gate.report

    @property
    def gate_failed(self) -> bool:
        return self.gate.failed

    def to_json(self) -> dict[str, Any]:
        return {
            "extract": self.extract.to_json(),
            "pretranslate": self.pretranslate.to_json(),
            "qa": self.qa.summary(),
            "gate": self.gate.to_json(),
            "build": self.build.to_json(),
            "gate_failed": self.gate_failed,
        }

    def summary_lines(self) -> list[str]:
        seg = self.extract.segments
        lines = [f"warning: {warning}" for warning in self.extract.warnings()]
        lines += [
            f"extract: {seg.new} new, {seg.changed} changed, {seg.moved} moved, {seg.removed} removed segments; "
            f"{seg.stale} translations stale",
        ]
        untranslated = self.extract.untranslated_line()
        if untranslated:
            lines.append(f"extract: {untranslated}")
        for tag, fill in self.pretranslate.locales.items():
            lines.append(
                f"pretranslate {tag}: {fill.propagated} propagated, {fill.tm} tm, {fill.fuzzy} fuzzy, {fill.term} term, "
                f"{fill.mt} mt, {fill.left} left"
            )
        lines.append("qa: " + qa_line(self.qa.summary()))
        lines.append(
            f"build: {len(self.build.written)} written, {len(self.build.unchanged)} unchanged, {len(self.build.omitted)} omitted"
        )
        lines.extend(gate_lines(self.build))
        return lines

    def raise_for_gate(self) -> None:
        if self.gate_failed:
            raise QAGateFailed("QA gate failed: see the issues above (locflow qa for details)")


def gate_lines(build: BuildReport) -> list[str]:
    """What the QA gate kept out of the build, for people."""
    lines = [f"  {tag}: not published, the QA gate failed ({'; '.join(reasons)})" for tag, reasons in build.held.items()]
    for tag, dropped in build.dropped.items():
        lines.append(f"  {tag}: {len(dropped)} translations failing QA left out (fallback used): " + ", ".join(dropped[:5]) + (" ..." if len(dropped) > 5 else ""))
    return lines


def qa_line(summary: dict[str, Any]) -> str:
    """``375 units checked: 97 warning``, from a QA summary (:meth:`QAReport.summary`)."""
    severities = summary.get("by_severity", {})
    counts = ", ".join(f"{n} {sev}" for sev, n in severities.items() if n) or "no issues"
    return f"{summary.get('units', 0)} units checked: {counts}"


def run_pipeline(
    project: Project, locales: Sequence[Locale] | None = None, *, fail_on: str | None = None, progress: Progress = no_progress
) -> RunReport:
    locales = list(locales or project.config.target_locales)
    with project.store.run("run") as summary:
        extracted = extract(project, require_content=True, progress=progress)
        filled = pretranslate(project, locales, progress=progress)
        gate = check_gate(project, locales, fail_on=fail_on, progress=progress)
        built = build(project, locales, gate=gate, progress=progress)
        report = RunReport(extracted, filled, gate, built)
        summary.update(report.to_json())
    record_history(project, "run", locales, qa=gate.report)
    return report
