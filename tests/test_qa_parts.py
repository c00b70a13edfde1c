"""A project checked in parts (a few documents at a time) gives the report of a check of
every unit at once: the same issues in the same order, the same summary, gate and all.

The project is real (Markdown pages extracted into a SQLite store, translations written
to it); its defects cross the parts: one source translated two ways on pages far apart,
one translation used for two different sources, and a page whose translations leave out
every final stop (a file's convention), which only a count over the whole file finds.
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest

from locflow.model import Locale, Segment, State
from locflow.pipeline.extract import extract
from locflow.pipeline.gate import _failing, check_gate, merge_reports
from locflow.pipeline.qa import QAOptions, check_open_project
from locflow.pipeline.qa_terms import project_termbase
from locflow.pipeline.qa_units import project_parts, project_units
from locflow.project import Project
from tests.project_support import write_markdown_project
from locflow.store import TranslationWrite
from qa_checks import CheckContext, CheckedUnit, Profile, QAReport, run_checks
from qa_checks.base import Check, Severity
from qa_checks.parts import run_each_locale_in_parts, run_in_parts

PAGES = 14
LOCALES = ("de", "fr")
SHARED = "Contact support if the problem persists."
CONVENTION_PAGE = 9  # its translations leave out the final stop of every sentence


def _page(number: int) -> str:
    lines = [f"# Page {number}", "", SHARED, ""]
    if number == 1:
        lines += ["The file was deleted from the server.", ""]
    if number == 11:
        lines += ["Your order has shipped to the address.", ""]
    sentences = 12 if number == CONVENTION_PAGE else 3
    lines += [f"Step {step} of page {number} opens the settings." for step in range(sentences)]
    return "\n\n".join(lines) + "\n"


def _target(source: str, locale: str, page: int) -> str:
    """A translation; planted: SHARED two ways, one target for two sources, the convention."""
    if source == SHARED:
        return "Support kontaktieren." if page % 4 else "Wenden Sie sich an den Support."
    if source.startswith(("The file was deleted", "Your order has shipped")):
        return f"Die Datei wurde gelöscht ({locale})."
    text = f"[{locale}] {source}"
    if page == CONVENTION_PAGE and text.endswith("."):
        return text[:-1]
    if source.startswith("Step 1 ") and page % 5 == 0:
        return text.replace("1", "7")  # a number that differs
    return text


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_markdown_project(tmp_path, {f"page{number:02}.md": _page(number) for number in range(PAGES)})
    with Project.open(tmp_path) as opened:
        extract(opened)
        segments = opened.store.segments()
        writes = [
            TranslationWrite(s.id, locale, Segment.text_only(_target(s.source.text, locale, int(s.document[-5:-3]))), State.TRANSLATED, "human:test")
            for locale in LOCALES
            for s in segments
            if not (locale == "fr" and s.document.endswith("page03.md"))  # a page fr has not translated
        ]
        opened.store.write_translations(writes)
    return tmp_path


def _whole(opened: Project, locales: list[Locale], profile: Profile) -> QAReport:
    """Today's whole run: every unit at once, in one process."""
    units = list(project_units(opened, locales))
    return run_checks(units, profile, CheckContext(termbase=project_termbase(opened)), processes=1)


def _assert_same(parted: QAReport, whole: QAReport) -> None:
    assert parted.issues == whole.issues  # every field of every issue, in order
    assert parted.suppressed == whole.suppressed
    assert (parted.units, parted.words, parted.locales, parted.files) == (whole.units, whole.words, whole.locales, whole.files)
    assert json.dumps(parted.summary()) == json.dumps(whole.summary())


@pytest.mark.parametrize("part_segments", [1, 6, 20, 100_000])
def test_a_project_checked_in_parts_gives_the_whole_run_report(project: Path, part_segments: int) -> None:
    with Project.open(project) as opened:
        locales = [Locale(tag) for tag in LOCALES]
        profile = Profile.from_config(opened.config.qa)
        whole = _whole(opened, locales, profile)
        parted = check_open_project(opened, locales, QAOptions(profile=profile), part_segments=part_segments)
        parts = len(project_parts(opened, locales, part_segments=part_segments))
    assert parts == (1 if part_segments == 100_000 else PAGES if part_segments < 7 else 5)
    checks = [issue.check for issue in whole.issues]
    # the planted defects that need the whole run are there, on pages of different parts
    inconsistent = {issue.file for issue in whole.issues if issue.check == "inconsistent-target"}
    assert len(inconsistent) >= 3 and checks.count("inconsistent-source") == 2
    convention = [issue for issue in whole.issues if "sentences of this file" in issue.message]
    assert [(issue.file, issue.locale) for issue in convention] == [(f"content/page{CONVENTION_PAGE:02}.md", tag) for tag in LOCALES]
    assert "numbers" in checks and whole.locales["fr"][0] < whole.locales["de"][0]
    _assert_same(parted, whole)


def test_a_profile_without_the_checks_that_need_the_run_is_checked_in_parts_too(project: Path) -> None:
    """With the consistency checks off, no check needs more than a part: nothing is grouped
    and no part is read twice, and the report is still the whole run's."""
    with Project.open(project) as opened:
        locales = [Locale(tag) for tag in LOCALES]
        profile = Profile.from_config({"disable": ["inconsistent-target", "inconsistent-source"]})
        whole = _whole(opened, locales, profile)
        parted = check_open_project(opened, locales, QAOptions(profile=profile), part_segments=6)
    checks = {issue.check for issue in whole.issues}
    assert "numbers" in checks and not checks & {"inconsistent-target", "inconsistent-source"}
    _assert_same(parted, whole)


def test_a_baseline_applies_to_the_report_in_parts_as_to_the_whole_one(project: Path) -> None:
    from qa_checks import Baseline

    with Project.open(project) as opened:
        locales = [Locale(tag) for tag in LOCALES]
        profile = Profile.from_config(opened.config.qa)
        whole = _whole(opened, locales, profile)
        baseline = Baseline.from_report(QAReport(issues=whole.issues[::2]))
        parted = check_open_project(opened, locales, QAOptions(profile=profile, baseline=baseline), part_segments=5)
    expected = baseline.apply(whole)
    assert parted.baselined and parted.baselined == expected.baselined
    _assert_same(parted, expected)


def test_the_gate_in_parts_holds_and_drops_what_the_whole_run_does(project: Path) -> None:
    with Project.open(project) as opened:
        locales = [Locale(tag) for tag in LOCALES]
        gate = check_gate(opened, locales, fail_on="warning", part_segments=4)
        profile = Profile.from_config(opened.config.qa).with_gate(fail_on="warning")
        wholes = [_whole(opened, [locale], profile) for locale in locales]
    assert gate.failed and set(gate.reasons) == set(LOCALES)
    for locale, whole in zip(LOCALES, wholes):
        assert gate.reasons[locale] == whole.gate_failures()
        assert gate.failing[locale] == _failing(whole)
    assert f"content/page{CONVENTION_PAGE:02}.md" in {document for document, _ in gate.failing["de"]}
    _assert_same(gate.report, merge_reports(wholes))


class _WholeRunCheck(Check):
    """A check whose index needs every unit and says nothing of how it could be parted."""

    id = "test-longest"
    severity = Severity.WARNING
    category = "fluency"
    description = "Reports the unit with the longest target of the run."
    scope = "entry"

    def prepare(self, units, ctx) -> None:  # type: ignore[no-untyped-def]
        ctx.project[self.id] = max((len(u.target_text), -n) for n, u in enumerate(units))[0] if units else -1

    def check(self, unit, ctx):  # type: ignore[no-untyped-def]
        return [self.issue(unit, "the longest target")] if len(unit.target_text) == ctx.project[self.id] else []


def test_a_check_that_needs_every_unit_still_sees_them_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """A check with a ``prepare`` hook and no ``prepares``: every unit is its candidate, so its
    index is built over the whole run; parts are given out of the run's order."""
    from qa_checks import registry

    monkeypatch.setitem(registry.known_checks(), _WholeRunCheck.id, _WholeRunCheck)
    profile = Profile.from_config({"disable": ["inconsistent-target"]})
    assert _WholeRunCheck.id in [check.id for check in profile.instantiate()]
    de, fr = Locale("de"), Locale("fr")
    units = [
        CheckedUnit(key=f"k{n}", source=Segment.text_only(f"Text {n}."), target=Segment.text_only((locale.tag[0] * (n % 7 if locale is de else n % 5)) + f" {n}."),
                    source_locale=Locale("en"), target_locale=locale, file=f"f{n // 4}")
        for locale in (de, fr) for n in range(20)
    ]
    # parts of four units in each locale, numbered in the run's order (de first)
    parts = [
        (lambda first=first: ([units[i] for i in (*range(first, first + 4), *range(20 + first, 24 + first))],
                              [*range(first, first + 4), *range(20 + first, 24 + first)]))
        for first in range(0, 20, 4)
    ]
    parted = run_in_parts(parts, profile)
    whole = run_checks(units, profile, processes=1)
    assert [issue.locale for issue in whole.issues if issue.check == _WholeRunCheck.id] == ["de"]
    _assert_same(parted, whole)
    # each locale on its own: its longest target is found in it, not in the other locale;
    # every part is read once to be checked and once again for both locales' candidates
    reads = [0] * len(parts)

    def counted(number: int) -> tuple[list[CheckedUnit], list[int]]:
        reads[number] += 1
        return parts[number]()

    each = run_each_locale_in_parts([partial(counted, number) for number in range(len(parts))], ["de", "fr"], profile)
    assert reads == [2] * len(parts)
    for tag, locale in (("de", de), ("fr", fr)):
        alone = run_checks([unit for unit in units if unit.target_locale is locale], profile, processes=1)
        assert {issue.locale for issue in alone.issues if issue.check == _WholeRunCheck.id} == {tag}
        _assert_same(each[tag], alone)
