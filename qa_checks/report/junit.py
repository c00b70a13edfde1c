"""JUnit XML: one test suite per file, one test case per check.

CI servers show a failing test case per check that found issues at or above
the gate's severity; findings below it are listed in ``system-out`` of a
passing case. The MQM score is in each suite's properties.
"""

from __future__ import annotations

from collections import defaultdict

from lxml import etree

from qa_checks.base import Issue
from qa_checks.report.model import QAReport

__all__ = ["render_junit"]


def _describe(issue: Issue) -> str:
    where = f"{issue.file}:{issue.line}" if issue.line else (issue.file or "")
    return f"{where} [{issue.locale}] {issue.unit!r}: {issue.message}"


def render_junit(report: QAReport, **_: object) -> str:
    by_file: dict[str, dict[str, list[Issue]]] = defaultdict(lambda: defaultdict(list))
    for issue in report.issues:
        by_file[issue.file or "(no file)"][issue.check].append(issue)
    files = report.files or sorted(by_file) or ["(no file)"]
    summary = report.summary()
    root = etree.Element("testsuites", name="locflow qa")
    total_tests = total_failures = 0
    for index, file in enumerate(files):
        checks = by_file.get(file, {})
        suite = etree.SubElement(root, "testsuite", name=file, id=str(index), package="locflow.qa", hostname="localhost", timestamp="1970-01-01T00:00:00", time="0")
        properties = etree.SubElement(suite, "properties")
        for name, value in (
            ("mqm.penalty_per_1000_words", summary["mqm"]["penalty_per_1000_words"]),
            ("mqm.quality_score", summary["mqm"]["quality_score"]),
            ("gate.fail_on", report.fail_on),
        ):
            etree.SubElement(properties, "property", name=name, value=str(value))
        failures = 0
        for info in report.checks:
            found = checks.get(info.id, [])
            case = etree.SubElement(suite, "testcase", name=info.id, classname=f"qa.{info.category}", time="0")
            failing = [i for i in found if report.fails_gate(i)]
            if failing:
                failures += 1
                failure = etree.SubElement(case, "failure", message=f"{len(failing)} {info.severity}(s): {failing[0].message}", type=info.id)
                failure.text = "\n".join(_describe(i) for i in failing)
            other = [i for i in found if not report.fails_gate(i)]
            if other:
                etree.SubElement(case, "system-out").text = "\n".join(f"{i.severity.value}: {_describe(i)}" for i in other)
        suite.set("tests", str(len(report.checks)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        total_tests += len(report.checks)
        total_failures += failures
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8").decode("utf-8")
