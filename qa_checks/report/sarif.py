"""SARIF 2.1.0: what code-scanning dashboards read.

Each check is a rule; each issue a result with the file and line of the
target (a PO entry's ``msgstr`` line) and the unit as a logical location.
Suppressed issues carry an ``inSource`` suppression; with a baseline, results
are marked ``new`` or ``unchanged``. The MQM score is in the run's properties.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath
from typing import Any

from qa_checks.base import Issue
from qa_checks.report.model import QAReport

__all__ = ["render_sarif", "SCHEMA_URI"]

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(file: str | None) -> str:
    if not file:
        return "unknown"
    path = PurePath(file)
    return path.as_posix() if not path.is_absolute() else path.as_uri()


def _result(issue: Issue, rule_index: dict[str, int], *, baseline_state: str | None, suppressed: bool) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(issue.file)}}
    if issue.line:
        physical["region"] = {"startLine": issue.line}
    result: dict[str, Any] = {
        "ruleId": issue.check,
        "level": _LEVEL[issue.severity.value],
        "message": {"text": issue.message},
        "locations": [
            {
                "physicalLocation": physical,
                "logicalLocations": [{"name": issue.unit, "kind": "member"}],
            }
        ],
        "partialFingerprints": {"locflowIssue/v1": hashlib.sha1(issue.fingerprint.encode("utf-8")).hexdigest()},
        "properties": {"locale": issue.locale, "category": issue.category, "mqm": issue.mqm, "unit": issue.unit},
    }
    if issue.check in rule_index:
        result["ruleIndex"] = rule_index[issue.check]
    if baseline_state is not None:
        result["baselineState"] = baseline_state
    if suppressed:
        result["suppressions"] = [{"kind": "inSource", "justification": issue.note or "locflow-ignore"}]
    return result


def render_sarif(report: QAReport, *, tool_version: str = "0.1.0", **_: object) -> str:
    rules = [
        {
            "id": info.id,
            "name": info.id,
            "shortDescription": {"text": info.description},
            "defaultConfiguration": {"level": _LEVEL[info.severity]},
            "properties": {"category": info.category, "mqm": info.mqm, "tags": ["localization", info.category]},
        }
        for info in report.checks
    ]
    rule_index = {info.id: i for i, info in enumerate(report.checks)}
    with_baseline = bool(report.baselined)
    results = [_result(i, rule_index, baseline_state="new" if with_baseline else None, suppressed=False) for i in report.issues]
    results += [_result(i, rule_index, baseline_state="unchanged", suppressed=False) for i in report.baselined]
    results += [_result(i, rule_index, baseline_state=None, suppressed=True) for i in report.suppressed]
    summary = report.summary()
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "locflow-qa", "version": tool_version, "informationUri": "https://example.invalid/locflow", "rules": rules}},
                "results": results,
                "invocations": [{"executionSuccessful": True, "exitCode": 1 if report.failed else 0}],
                "columnKind": "unicodeCodePoints",
                "properties": {"mqm": summary["mqm"], "gate": summary["gate"], "words": report.words, "units": report.units},
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
