"""The HTML KPI report of ``locflow report``: :func:`render_html` turns the figures gathered by
:func:`locflow.pipeline.report.gather_report` into one self-contained page."""

from locflow.report.html import render_html

__all__ = ["render_html"]
