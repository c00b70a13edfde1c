"""JUnit XML (the Apache Ant schema CI servers read): one suite per file, one test case per check.

A test case fails when its check found issues at or above the gate's
severity; findings below it are listed in the suite's ``system-out``. The MQM
score is in each suite's properties. Suites are made and written one file at a
time, each pretty-printed as lxml prints the whole document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import TextIO

from lxml import etree

from qa_checks.base import Issue
from qa_checks.report.model import QAReport
from qa_checks.report.spool import ISSUES

__all__ = ["render_junit"]


def _describe(issue: Issue) -> str:
    where = f"{issue.file}:{issue.line}" if issue.line else (issue.file or "")
    return f"{where} [{issue.locale}] {issue.unit!r}: {issue.message}"


def render_junit(report: QAReport, out: TextIO, *, timestamp: datetime | None = None, **_: object) -> None:
    when = (timestamp or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%S")
    files = report.files or report.spool.file_keys(ISSUES) or ["(no file)"]
    summary = report.summary()
    properties = (
        ("mqm.penalty_per_1000_words", summary["mqm"]["penalty_per_1000_words"]),
        ("mqm.quality_score", summary["mqm"]["quality_score"]),
        ("gate.fail_on", report.fail_on),
        ("gate.failed", summary["gate"]["failed"]),
    )
    out.write(_DECLARATION + "<testsuites>\n")
    for index, file in enumerate(files):
        by_check: dict[str, list[Issue]] = defaultdict(list)
        for issue in report.spool.of_file(ISSUES, file):
            by_check[issue.check].append(issue)
        out.write(_suite(report, file, index, when, properties, by_check))
    out.write("</testsuites>\n")


#: what lxml writes first (``xml_declaration=True, encoding="UTF-8"``)
_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"


def _suite(report: QAReport, file: str, index: int, when: str, properties: Iterable[tuple[str, object]], checks: dict[str, list[Issue]]) -> str:
    """One file's ``testsuite``, pretty-printed as lxml prints it inside ``testsuites``."""
    root = etree.Element("testsuites")
    suite = etree.SubElement(root, "testsuite", name=file, package="locflow.qa", id=str(index), timestamp=when, hostname="localhost")
    listed = etree.SubElement(suite, "properties")
    for name, value in properties:
        etree.SubElement(listed, "property", name=name, value=str(value))
    failures = 0
    below_gate: list[Issue] = []
    for info in report.checks:
        found = checks.get(info.id, [])
        case = etree.SubElement(suite, "testcase", name=info.id, classname=f"locflow.qa.{info.category}", time="0")
        failing = [i for i in found if report.fails_gate(i)]
        below_gate.extend(i for i in found if not report.fails_gate(i))
        if failing:
            failures += 1
            failure = etree.SubElement(case, "failure", message=f"{len(failing)} issue(s): {failing[0].message}", type=info.severity)
            failure.text = "\n".join(_describe(i) for i in failing)
    etree.SubElement(suite, "system-out").text = "\n".join(f"{i.severity.value} [{i.check}] {_describe(i)}" for i in below_gate)
    etree.SubElement(suite, "system-err").text = ""
    suite.set("tests", str(len(report.checks)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("time", "0")
    text = etree.tostring(root, pretty_print=True, encoding="UTF-8").decode("utf-8")
    return text[len("<testsuites>\n") : -len("</testsuites>\n")]
