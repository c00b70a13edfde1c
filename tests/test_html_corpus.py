"""The HTML filter on real help pages: Greenshot's help in 16 languages and OmegaT's HTML filter cases.

Every page must come back byte for byte, and a translated build must parse
into the same elements. The pages are GPL-licensed, so they are read from
the shared corpus at test time, never copied here.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import lxml.etree
import lxml.html
import pytest

from content.html import HtmlFilter
from locflow.model import Locale
from tests.filter_suite import pseudo_translate, translations_for
from tests.shared_corpus import find_shared

pytestmark = pytest.mark.corpus

REPO = Path(__file__).resolve().parents[1]
# The corpus sits beside the repository (../shared), or beside the directory of worktrees.
CORPUS = SHARED_DIR / "corpus" if (SHARED_DIR := find_shared()) else None
HTML_HELP = CORPUS / "html-help" if CORPUS else None
PAGES = sorted(p for p in HTML_HELP.rglob("*") if p.suffix in HtmlFilter.extensions) if HTML_HELP else []
EN, DE = Locale("en"), Locale("de")


def _structure(data: bytes, xml: bool) -> list[str]:
    root = lxml.etree.fromstring(data) if xml else lxml.html.document_fromstring(data)
    return [str(element.tag) for element in root.iter() if isinstance(element.tag, str)]


@pytest.fixture(scope="module")
def pages():
    if not PAGES:
        pytest.skip("the shared corpus (../shared/corpus/html-help) is not present")
    return PAGES


def test_corpus_has_the_expected_pages(pages):
    greenshot = [p for p in pages if p.name.startswith("help-")]
    assert len(greenshot) == 16
    assert len(pages) == 37


@pytest.mark.parametrize("index", range(37))
def test_page_round_trips_and_translated_page_parses(pages, index):
    path = pages[index]
    data = path.read_bytes()
    filter_ = HtmlFilter(set_lang=False)
    document = filter_.extract(data, path=PurePosixPath(path.name), locale=EN)
    assert document.units, path.name
    same = {key: segment for _, key, segment in document.segments()}
    assert filter_.merge(document, same, DE) == data
    assert filter_.merge(document, {}, DE) == data

    merged = filter_.merge(document, translations_for(document, pseudo_translate), DE)
    xml = path.suffix == ".xhtml"
    assert _structure(merged, xml) == _structure(data, xml)
    again = filter_.extract(merged, path=PurePosixPath(path.name), locale=EN)
    assert [unit.key for unit in again.units] == [unit.key for unit in document.units]


def test_greenshot_pages_in_legacy_encodings_are_read_as_windows_1252(pages):
    english = next(p for p in pages if p.name == "help-en-US.html")
    document = HtmlFilter().extract(english.read_bytes(), path=PurePosixPath(english.name), locale=EN)
    assert document.encoding == "cp1252"
    texts = [segment.text for _, _, segment in document.segments()]
    assert any("15°" in text for text in texts)


def test_greenshot_table_of_contents_matches_the_headings(pages):
    """The TOC links and the section headings carry the same words, as units without link codes."""
    english = next(p for p in pages if p.name == "help-en-US.html")
    document = HtmlFilter().extract(english.read_bytes(), path=PurePosixPath(english.name), locale=EN)
    toc = {s.tagged() for u in document.units if u.key.startswith("html/body/ol/") for s in u.segments}
    headings = {s.tagged() for u in document.units if u.kind == "heading" for s in u.segments}
    assert {"Capture region", "Using the image editor", "Adding text"} <= toc
    assert len(toc & headings) >= 15
