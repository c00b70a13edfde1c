"""JSON report: ``{"issues": [...], "suppressed": [...], "baselined": [...], "summary": {...}}``."""

from __future__ import annotations

import json

from qa_checks.report.model import QAReport

__all__ = ["render_json"]


def render_json(report: QAReport, **_: object) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
