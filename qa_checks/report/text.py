"""Plain-text report: issues grouped by file, the offending span marked under the target."""

from __future__ import annotations

from typing import Any, TextIO

from qa_checks.base import Issue
from qa_checks.report.model import QAReport
from qa_checks.report.spool import ISSUES

__all__ = ["render_text"]

_MAX_SHOWN = 160


def _marked(issue: Issue) -> list[str]:
    """The target on one line with ``^^^`` under the span (long targets are cut around it)."""
    if issue.span is None or not issue.target:
        return []
    text = issue.target.replace("\n", "⏎").replace("\t", "→")
    start, end = issue.span
    end = max(end, start + 1)
    offset = max(0, start - _MAX_SHOWN // 2)
    shown = text[offset : offset + _MAX_SHOWN]
    prefix = "…" if offset else ""
    marker = " " * (len(prefix) + start - offset) + "^" * max(1, min(end, offset + _MAX_SHOWN) - start)
    return [f"      {prefix}{shown}", f"      {marker}"]


def _line(issue: Issue) -> str:
    where = f"{issue.line}:" if issue.line else ""
    return f"  {where} {issue.severity.value} [{issue.check}] {issue.locale} {issue.unit!r}: {issue.message}"


def render_text(report: QAReport, out: TextIO, **_: object) -> None:
    spool = report.spool
    for file in spool.file_keys(ISSUES):
        lines = [file]
        for issue in spool.of_file(ISSUES, file, by_line=True):
            lines.append(_line(issue))
            lines.extend(_marked(issue))
        out.write("\n".join(lines) + "\n\n")
    summary = report.summary()
    if summary["suppressed"]:
        out.write(f"suppressed by locflow-ignore notes ({summary['suppressed']}):\n")
        for issues in report.chunks("suppressed"):
            out.write("".join(f"  {i.file}:{i.line or ''} [{i.check}] {i.unit!r}\n" for i in issues))
        out.write("\n")
    out.write("\n".join(_summary_lines(summary)) + "\n")


def _summary_lines(summary: dict[str, Any]) -> list[str]:
    counts = summary["by_severity"]
    lines = [
        f"{summary['units']} units, {summary['words']} words in {summary['files']} file(s): "
        f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info"
        + (f"; {summary['baselined']} accepted in the baseline" if summary["baselined"] else "")
        + (f"; {summary['suppressed']} suppressed" if summary["suppressed"] else "")
    ]
    if len(summary["by_locale"]) > 1:
        for locale, totals in summary["by_locale"].items():
            lines.append(
                f"  {locale}: {totals['units']} units, {totals['words']} words: {totals['error']} error(s), "
                f"{totals['warning']} warning(s), {totals['info']} info; MQM {totals['penalty_per_1000_words']:g} per 1,000 words"
            )
    mqm = summary["mqm"]
    lines.append(
        f"MQM penalty {mqm['penalty_points']:g} points = {mqm['penalty_per_1000_words']:g} per 1,000 words "
        f"(quality score {mqm['quality_score']:g})"
        + (f", limit {mqm['max_penalty']:g}" if mqm["max_penalty"] is not None else "")
    )
    gate = summary["gate"]
    lines.append("gate: FAILED (" + "; ".join(gate["reasons"]) + ")" if gate["failed"] else f"gate: passed (fail on {gate['fail_on']})")
    return lines
