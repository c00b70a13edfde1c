"""locflow report: one self-contained, accessible HTML file, checked as markup and in a real browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import html

from tests.cli_support import copy_example, locflow
from tests.headless_chromium import HeadlessChromium, find_chromium
from tests.manager_support import translate_po
from tests.test_status import stale_project

def _page(path: Path) -> html.HtmlElement:
    return html.fromstring(path.read_bytes())


def _charts(page: html.HtmlElement) -> list[html.HtmlElement]:
    """The charts (the HTML parser reads inline SVG elements by their plain names)."""
    return [element for element in page.iter("svg") if "chart" in (element.get("class") or "")]


def _known_report(tmp_path: Path) -> Path:
    """The known project with stale translations, a QA issue in de and a recorded history."""
    project = stale_project(tmp_path)
    translate_po(tmp_path, project, "de", {"Share a folder": "Einen  Ordner freigeben"})
    locflow("qa", "-C", str(project), "--fail-on", "never")
    out = tmp_path / "out" / "report.html"
    assert f"wrote {out}" in locflow("report", "-C", str(project), "-o", str(out))
    return out


def test_the_report_needs_nothing_but_itself(tmp_path: Path):
    project = copy_example(tmp_path)
    locflow("run", "-C", str(project))
    out = tmp_path / "report.html"
    locflow("report", "-C", str(project), "-o", str(out))
    text = out.read_text(encoding="utf-8")
    page = _page(out)
    assert not page.xpath("//script | //link | //img | //iframe | //object | //embed")
    assert not re.search(r"@import|url\(|@font-face", text)
    references = [value for element in page.iter() for name, value in element.attrib.items() if name in ("href", "src", "{http://www.w3.org/1999/xlink}href")]
    assert references and all(value.startswith("#") for value in references)  # only the page's own anchors
    summary = page.get_element_by_id("summary")
    rows = [[cell.text_content() for cell in row] for row in summary.xpath(".//tbody/tr")]
    status = json.loads(locflow("status", "-C", str(project), "--format", "json"))
    assert [row[0] for row in rows] == ["German (de)", "Japanese (ja)", "French (fr)"]
    assert [row[1] for row in rows] == [f"{loc['words']:,}" for loc in status["locales"]]
    mt_share = [f"{100 * loc['origins']['mt'] / loc['words']:.1f}%" for loc in status["locales"]]
    assert [row[7] for row in rows] == mt_share and mt_share[0] != "100.0%"  # MT share: all but the glossary's terms
    # QA issues per 1,000 words: run checked; the pseudo engine ignores the glossary, so each
    # locale has term-missing warnings (German and French alike, Japanese one more)
    qa = json.loads(locflow("qa", "-C", str(project), "--format", "json", "--fail-on", "never"))["summary"]["by_locale"]
    issues = [sum(qa[tag][severity] for severity in ("error", "warning", "info")) for tag in ("de", "ja", "fr")]
    per_1000 = [float(row[8]) for row in rows]
    assert issues[0] == issues[2] < issues[1] and per_1000[0] == per_1000[2] < per_1000[1] and per_1000[0] > 0


def test_every_chart_is_named_described_and_backed_by_a_table(tmp_path: Path):
    page = _page(_known_report(tmp_path))
    charts = _charts(page)
    kinds = sorted({chart.get("id").rsplit("-", 1)[0] for chart in charts})
    assert kinds == ["freshness", "origins", "progress", "quality", "trend"]
    for chart in charts:
        title, desc = chart.find("title"), chart.find("desc")
        assert title is not None and title.text and desc is not None and desc.text
        assert chart.get("role") == "img" and chart.get("aria-labelledby") == f"{chart.get('id')}-title {chart.get('id')}-desc"
        marks = [m for m in chart.iter("rect", "circle") if m.find("title") is not None]
        assert marks, chart.get("id")
        figure = chart.getparent()
        assert figure.tag == "figure" and figure.find("table") is not None  # the figures behind the chart
    de = page.get_element_by_id("locale-de")
    freshness = [[c.text_content() for c in row] for row in de.get_element_by_id("freshness-de").getparent().xpath(".//tbody/tr")]
    assert [(row[0], row[2], row[4]) for row in freshness] == [("content/c.md", "4", "40"), ("content/a.md", "4", "10")]
    quality = de.get_element_by_id("quality-de").getparent().text_content()
    assert "1 issue (" in quality and "fluency" in quality
    progress = page.get_element_by_id("progress-de")
    assert "stale: 8 words (23.5%)" in [t.text for t in progress.iter("title")]


def test_the_report_renders_in_headless_chromium(tmp_path: Path):
    executable = find_chromium()
    if executable is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)")
    out = _known_report(tmp_path)
    expected = [chart.get("id") for chart in _charts(_page(out))]
    with HeadlessChromium(executable) as browser:
        look = browser.look(out.as_uri(), "svg.chart")
    (tmp_path / "report.png").write_bytes(look.screenshot)
    assert look.screenshot.startswith(b"\x89PNG\r\n\x1a\n") and len(look.screenshot) > 10_000
    width, height = int.from_bytes(look.screenshot[16:20], "big"), int.from_bytes(look.screenshot[20:24], "big")
    assert width == 1400 and height > 900  # the whole page, not the first screen
    assert [size["id"] for size in look.sizes] == expected and len(expected) >= 8
    for size in look.sizes:
        assert size["width"] > 100 and size["height"] > 20 and size["shapes"] > 0, size
    assert look.errors == [], look.messages
