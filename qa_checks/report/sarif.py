"""SARIF 2.1.0: what code-scanning dashboards read.

Each check is a rule; each issue a result with the file and line of the
target (a PO entry's ``msgstr`` line) and the unit as a logical location.
Suppressed issues carry an ``inSource`` suppression; with a baseline, results
are marked ``new`` or ``unchanged``. The MQM score is in the run's properties.
"""

from __future__ import annotations

import gc
import hashlib
import json
from pathlib import PurePath
from typing import Any, TextIO

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


def render_sarif(report: QAReport, out: TextIO, *, tool_version: str = "0.1.0", **_: object) -> None:
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
    summary = report.summary()
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "locflow-qa", "version": tool_version, "informationUri": "https://example.invalid/locflow", "rules": rules}},
                "results": _RESULTS,
                "invocations": [{"executionSuccessful": True, "exitCode": 1 if summary["gate"]["failed"] else 0}],
                "columnKind": "unicodeCodePoints",
                "properties": {"mqm": summary["mqm"], "gate": summary["gate"], "words": report.words, "units": report.units},
            }
        ],
    }
    head, tail = (json.dumps(log, ensure_ascii=False, indent=2) + "\n").split(json.dumps(_RESULTS))
    out.write(head)
    line = head[head.rindex("\n") + 1 :]  # '      "results": '
    _write_results(report, {info.id: i for i, info in enumerate(report.checks)}, line[: len(line) - len(line.lstrip())], out)
    out.write(tail)


#: what stands for the results while the rest of the log is written
_RESULTS = "\x00results\x00"


def _write_results(report: QAReport, rule_index: dict[str, int], indent: str, out: TextIO) -> None:
    """The results list as ``json.dumps(indent=2)`` writes it where its key is indented by
    ``indent``: new issues, then those in the baseline, then the suppressed ones."""
    with_baseline = bool(report.tally.baselined)
    item = "\n" + indent + "  "
    lists = (
        ("issues", "new" if with_baseline else None, False),
        ("baselined", "unchanged", False),
        ("suppressed", None, True),
    )
    first = True
    for which, state, suppressed in lists:
        for issues in report.chunks(which):
            for issue in issues:
                text = json.dumps(_result(issue, rule_index, baseline_state=state, suppressed=suppressed), ensure_ascii=False, indent=2)
                out.write(("[" if first else ",") + item + text.replace("\n", item))
                first = False
            # json's indenting encoder makes reference cycles (its nested functions) at every
            # call, and reporters run with the collector paused: free a chunk's at a time
            gc.collect(0)
    out.write("[]" if first else "\n" + indent + "]")
