"""Reporters: JSON shape, JUnit against its schema, SARIF 2.1.0 structure, text and HTML."""

from __future__ import annotations

import json
import re

import pytest
import xmlschema
from lxml import etree

from locflow.pipeline.qa import QAOptions, check_files
from qa_checks import Baseline, Issue, Profile, QAReport, Severity
from qa_checks.report import FORMATS, render

from tests.qa_support import DATA

SUPPRESSED_PO = """\
msgid ""
msgstr "Language: de\\n"

# locflow-ignore: end-punctuation
msgid "Saved."
msgstr "Gespeichert"
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    extra = tmp_path_factory.mktemp("qa") / "suppressed.de.po"
    extra.write_text(SUPPRESSED_PO, encoding="utf-8")
    return check_files([DATA / "defects.de.po", DATA / "tricky.ja.po", extra], QAOptions(profile=Profile.default()))


def test_json_has_the_designed_shape(report) -> None:
    data = json.loads(render(report, "json"))
    assert set(data) >= {"issues", "summary"}
    issue = data["issues"][0]
    assert {"file", "unit", "locale", "check", "severity", "category", "message"} <= set(issue)
    summary = data["summary"]
    assert summary["issues"] == len(data["issues"]) == sum(summary["by_severity"].values())
    assert summary["by_check"]["numbers"] >= 1 and summary["suppressed"] == 1
    assert summary["mqm"]["penalty_per_1000_words"] == pytest.approx(summary["mqm"]["penalty_points"] * 1000 / summary["words"], abs=0.01)
    assert summary["gate"]["failed"] is True
    assert data["suppressed"][0]["check"] == "end-punctuation"


def _odd_report() -> QAReport:
    """Issues with every optional field set or not, and strings JSON must escape."""
    odd = ["", "\x00", "\u2028", 'é"\\\n\t', "\ud800", "𝄞", "<>&'", "\x7f"]
    issues = [
        Issue(
            check="numbers", severity=severity, category="accuracy", message=odd[i % 8], unit=odd[(i + 1) % 8], locale="de",
            file=(None, "a.po", odd[i % 8])[i % 3], line=(None, 0, 7, 10**12)[i % 4], span=(None, (0, 3), (5, 5))[i % 3],
            source=odd[(i + 2) % 8], target=odd[(i + 3) % 8], note=("", "n", odd[i % 8])[i % 3],
        )
        for i, severity in enumerate(list(Severity) * 6)
    ]
    return QAReport(issues=issues, suppressed=issues[:2], baselined=issues[2:3], words=7, weights={"minor": 1, "major": 5})


@pytest.mark.parametrize("which", ["checked", "odd", "empty"])
def test_json_is_what_json_dumps_writes(report, which: str) -> None:
    checked = {"checked": report, "odd": _odd_report(), "empty": QAReport(issues=[])}[which]
    assert render(checked, "json") == json.dumps(checked.to_json(), ensure_ascii=False, indent=2) + "\n"


def test_junit_validates_against_the_ant_schema(report) -> None:
    xml = render(report, "junit")
    xmlschema.XMLSchema(str(DATA / "JUnit.xsd")).validate(xml)
    root = etree.fromstring(xml.encode("utf-8"))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == report.files
    defects = suites[0]
    failed = {case.get("name") for case in defects.findall("testcase") if case.find("failure") is not None}
    assert {"numbers", "placeholder-printf", "url"} <= failed
    assert "whitespace-leading" not in failed  # a warning, below the gate: listed in system-out
    assert "whitespace-leading" in defects.findtext("system-out")
    assert int(defects.get("failures")) == len(failed)
    assert {p.get("name") for p in defects.iter("property")} >= {"mqm.penalty_per_1000_words", "gate.failed"}


def test_sarif_has_rules_results_and_regions(report) -> None:
    log = json.loads(render(report, "sarif"))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] and len(rules) == len(report.checks)
    assert all(r["id"] and r["shortDescription"]["text"] and r["defaultConfiguration"]["level"] in ("error", "warning", "note") for r in rules)
    lines = (DATA / "defects.de.po").read_text(encoding="utf-8").splitlines()
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("none", "note", "warning", "error") and result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"]
        assert physical["region"]["startLine"] >= 1
        if physical["artifactLocation"]["uri"].endswith("defects.de.po"):
            assert lines[physical["region"]["startLine"] - 1].startswith("msgstr")
        assert location["logicalLocations"][0]["name"]
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert [s["suppressions"][0]["kind"] for s in suppressed] == ["inSource"]
    assert run["properties"]["mqm"]["penalty_per_1000_words"] == report.penalty
    assert run["invocations"][0]["executionSuccessful"] is True


SARIF_SCHEMA = DATA / "sarif-schema-2.1.0.json"


def _sarif_schema() -> dict:
    return json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))


def _sarif_validator():
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the dev extra: pip install -e '.[dev]'")
    schema = _sarif_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_the_sarif_schema_is_complete() -> None:
    schema = _sarif_schema()
    assert schema["$id"].endswith("/sarif-schema-2.1.0.json") and schema["properties"]["version"]["enum"] == ["2.1.0"]
    references = set(re.findall(r'"\$ref": "#/definitions/(\w+)"', SARIF_SCHEMA.read_text(encoding="utf-8")))
    assert references <= set(schema["definitions"]) and len(schema["definitions"]) == 52


def test_sarif_validates_against_the_official_schema(report) -> None:
    validator = _sarif_validator()
    half = Baseline.from_report(report)
    half.fingerprints.pop(report.issues[0].fingerprint)
    for checked in (report, half.apply(report)):
        log = json.loads(render(checked, "sarif"))
        results = log["runs"][0]["results"]
        assert any("region" in r["locations"][0]["physicalLocation"] for r in results)
        assert any("suppressions" in r for r in results)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
        assert errors == []
    assert {r.get("baselineState") for r in results} >= {"new", "unchanged"}
    # the validator does reject what SARIF forbids
    results[0]["level"] = "fatal"
    results[1]["locations"][0]["physicalLocation"]["region"] = {"startLine": 0}
    assert len(list(validator.iter_errors(log))) >= 2


def test_sarif_marks_baseline_state(report) -> None:
    half = Baseline.from_report(report)
    half.fingerprints.pop(report.issues[0].fingerprint)
    log = json.loads(render(half.apply(report), "sarif"))
    states = {r.get("baselineState") for r in log["runs"][0]["results"] if "suppressions" not in r}
    assert states == {"new", "unchanged"}


def test_text_groups_by_file_and_marks_the_span(report) -> None:
    text = render(report, "text")
    assert text.index(str(DATA / "defects.de.po")) < text.index("numbers")
    (marked,) = [i for i, line in enumerate(text.splitlines()) if "double space" in line]
    target, caret = text.splitlines()[marked + 1 : marked + 3]
    assert target.strip() == "Datei  speichern"
    assert caret.index("^") == target.index("i  s") + 1 and caret.count("^") == 2
    assert "MQM penalty" in text and "gate: FAILED" in text


def test_html_is_one_self_contained_page(report) -> None:
    page = render(report, "html")
    assert page.startswith("<!DOCTYPE html>") and "<mark>" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page) and "<script" not in page
    etree.fromstring(page.replace("<!DOCTYPE html>", "").encode("utf-8"), etree.HTMLParser())
    assert "MQM" in page and "Suppressed (1)" in page


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_reporter_prints_the_mqm_score(report, fmt: str) -> None:
    assert str(report.penalty) in render(report, fmt)


def test_the_text_report_totals_each_locale(tmp_path):
    """Totals per locale, as in the HTML report: units, words, issues, MQM penalty."""
    from tests.cli_support import copy_example, locflow

    root = copy_example(tmp_path)
    locflow("run", "-C", str(root), "-l", "de,ja")
    import json

    segments = json.loads(locflow("status", "-C", str(root), "--format", "json"))["segments"]
    summary = json.loads(locflow("qa", "-C", str(root), "--format", "json", "--fail-on", "never"))["summary"]
    assert set(summary["by_locale"]) == {"de", "ja"} and summary["by_locale"]["de"]["units"] == segments
    words = summary["by_locale"]["de"]["words"]
    assert words > 700 and summary["words"] == 2 * words
    text = locflow("qa", "-C", str(root), "--fail-on", "never")
    assert any(line.startswith(f"  de: {segments} units, {words} words:") for line in text.splitlines())
    assert any(line.startswith(f"  ja: {segments} units, {words} words:") for line in text.splitlines())
    assert sum(totals["warning"] for totals in summary["by_locale"].values()) == summary["by_severity"]["warning"]
