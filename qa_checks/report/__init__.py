"""Reporters: a :class:`~qa_checks.report.model.QAReport` as text, JSON, JUnit XML, SARIF 2.1.0 or HTML."""

from __future__ import annotations

from collections.abc import Callable

from qa_checks.collector import gc_paused
from qa_checks.report.model import QAReport

__all__ = ["render", "FORMATS"]

FORMATS = ("text", "json", "junit", "sarif", "html")


def render(report: QAReport, fmt: str, **options: object) -> str:
    """The report in format ``fmt`` (one of :data:`FORMATS`)."""
    renderer: Callable[..., str]
    if fmt == "text":
        from qa_checks.report.text import render_text as renderer
    elif fmt == "json":
        from qa_checks.report.json import render_json as renderer
    elif fmt == "junit":
        from qa_checks.report.junit import render_junit as renderer
    elif fmt == "sarif":
        from qa_checks.report.sarif import render_sarif as renderer
    elif fmt == "html":
        from qa_checks.report.html import render_html as renderer
    else:
        raise ValueError(f"unknown report format {fmt!r}; known: {', '.join(FORMATS)}")
    with gc_paused():  # a large report's pieces are many short-lived objects
        return renderer(report, **options)
