"""JUnit XML (the Apache Ant schema CI servers read): one suite per file, one test case per check.

A test case fails when its check found issues at or above the gate's
severity; findings below it are listed in the suite's ``system-out``. The MQM
score is in each suite's properties.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone

from lxml import etree

from qa_checks.base import Issue
from qa_checks.report.model import QAReport

__all__ = ["render_junit"]


def _describe(issue: Issue) -> str:
    where = f"{issue.file}:{issue.line}" if issue.line else (issue.file or "")
    return f"{where} [{issue.locale}] {issue.unit!r}: {issue.message}"


def render_junit(report: QAReport, *, timestamp: datetime | None = None, **_: object) -> str:
    when = (timestamp or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%S")
    by_file: dict[str, dict[str, list[Issue]]] = defaultdict(lambda: defaultdict(list))
    for issue in report.issues:
        by_file[issue.file or "(no file)"][issue.check].append(issue)
    files = report.files or sorted(by_file) or ["(no file)"]
    summary = report.summary()
    root = etree.Element("testsuites")
    for index, file in enumerate(files):
        checks = by_file.get(file, {})
        suite = etree.SubElement(root, "testsuite", name=file, package="locflow.qa", id=str(index), timestamp=when, hostname="localhost")
        properties = etree.SubElement(suite, "properties")
        for name, value in (
            ("mqm.penalty_per_1000_words", summary["mqm"]["penalty_per_1000_words"]),
            ("mqm.quality_score", summary["mqm"]["quality_score"]),
            ("gate.fail_on", report.fail_on),
            ("gate.failed", report.failed),
        ):
            etree.SubElement(properties, "property", name=name, value=str(value))
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
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8").decode("utf-8")
