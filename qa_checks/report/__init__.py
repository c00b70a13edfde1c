"""Reporters: a :class:`~qa_checks.report.model.QAReport` as text, JSON, JUnit XML, SARIF 2.1.0 or HTML.

Each writes to a text stream as it reads the report's issues, a chunk or a file at a
time (:meth:`QAReport.chunks`), so a large report is written in bounded memory.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TextIO

from qa_checks.collector import gc_paused
from qa_checks.report.model import QAReport

__all__ = ["render", "write", "FORMATS"]

FORMATS = ("text", "json", "junit", "sarif", "html")


def write(report: QAReport, fmt: str, out: TextIO, **options: object) -> None:
    """Write the report in format ``fmt`` (one of :data:`FORMATS`) to ``out``."""
    writer: Callable[..., None]
    if fmt == "text":
        from qa_checks.report.text import render_text as writer
    elif fmt == "json":
        from qa_checks.report.json import render_json as writer
    elif fmt == "junit":
        from qa_checks.report.junit import render_junit as writer
    elif fmt == "sarif":
        from qa_checks.report.sarif import render_sarif as writer
    elif fmt == "html":
        from qa_checks.report.html import render_html as writer
    else:
        raise ValueError(f"unknown report format {fmt!r}; known: {', '.join(FORMATS)}")
    with gc_paused():  # a large report's pieces are many short-lived objects
        writer(report, out, **options)


def render(report: QAReport, fmt: str, **options: object) -> str:
    """The report in format ``fmt`` as one string (for small reports: :func:`write` streams)."""
    out = io.StringIO()
    write(report, fmt, out, **options)
    return out.getvalue()
