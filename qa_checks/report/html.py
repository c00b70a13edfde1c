"""A self-contained HTML page (inline CSS, no scripts or external resources)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TextIO

from qa_checks.base import Issue
from qa_checks.report.model import QAReport
from qa_checks.report.spool import ISSUES

__all__ = ["render_html"]

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f4f4f4}.error{color:#b00020;font-weight:bold}.warning{color:#a15c00}.info{color:#555}
mark{background:#ffd54f}.summary td{border:none;padding:2px 12px 2px 0}.failed{color:#b00020}.passed{color:#1b5e20}
.target{white-space:pre-wrap;font-family:ui-monospace,monospace}
"""


def _target(issue: Issue) -> str:
    text = issue.target
    if issue.span is None:
        return escape(text)
    start, end = issue.span
    end = max(end, start + 1)
    return escape(text[:start]) + "<mark>" + escape(text[start:end]) + "</mark>" + escape(text[end:])


def _rows(issues: Iterable[Issue]) -> str:
    return "".join(
        "\n<tr>"
        f"<td>{i.line or ''}</td><td class='{i.severity.value}'>{i.severity.value}</td>"
        f"<td>{escape(i.check)}</td><td>{escape(i.locale)}</td><td>{escape(i.unit)}</td>"
        f"<td>{escape(i.message)}</td><td class='target'>{escape(i.source)}</td><td class='target'>{_target(i)}</td>"
        "</tr>"
        for i in issues
    )


def render_html(report: QAReport, out: TextIO, *, title: str = "locflow QA report", **_: object) -> None:
    summary = report.summary()
    gate = summary["gate"]
    mqm = summary["mqm"]
    counts = summary["by_severity"]
    parts = [
        "<!DOCTYPE html>",
        f"<html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        "<table class='summary'>",
        f"<tr><td>Gate</td><td class='{'failed' if gate['failed'] else 'passed'}'>"
        + ("failed: " + escape("; ".join(gate["reasons"])) if gate["failed"] else f"passed (fail on {escape(gate['fail_on'])})")
        + "</td></tr>",
        f"<tr><td>Checked</td><td>{summary['units']} units, {summary['words']} words, {summary['files']} file(s)</td></tr>",
        f"<tr><td>Issues</td><td>{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info; "
        f"{summary['suppressed']} suppressed, {summary['baselined']} in the baseline</td></tr>",
        f"<tr><td>MQM</td><td>{mqm['penalty_points']:g} penalty points, {mqm['penalty_per_1000_words']:g} per 1,000 words, "
        f"quality score {mqm['quality_score']:g}</td></tr>",
        "</table>",
    ]
    out.write("\n".join(parts))
    header = "<tr><th>Line</th><th>Severity</th><th>Check</th><th>Locale</th><th>Unit</th><th>Message</th><th>Source</th><th>Target</th></tr>"
    spool = report.spool
    for file in spool.file_keys(ISSUES):
        out.write(f"\n<h2>{escape(file)}</h2><table>{header}")
        out.write(_rows(spool.of_file(ISSUES, file, by_line=True)))
        out.write("\n</table>")
    if summary["suppressed"]:
        out.write(f"\n<h2>Suppressed ({summary['suppressed']})</h2><table>{header}")
        for issues in report.chunks("suppressed", by_line=True):
            out.write(_rows(issues))
        out.write("\n</table>")
    if not summary["issues"]:
        out.write("\n<p>No issues.</p>")
    out.write("\n</body></html>\n")

