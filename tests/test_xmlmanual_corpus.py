"""The Mallard filter on real GNOME help (gnome-calculator, Meld), checked against itstool.

GNOME translates these pages with itstool, whose PO files are in the corpus
next to the pages. What itstool offers translators and what the Mallard
filter extracts should be the same texts, apart from deliberate
differences: markup wrapping a whole paragraph is not part of our segments,
credit years and e-mail addresses are not translated, and texts without a
letter (``×``, ``√``) are not units. The pages are CC-BY-SA/GPL, so they are
read from the shared corpus at test time, never copied here.
"""

from __future__ import annotations

import html
import re
from pathlib import Path, PurePosixPath

import polib
import pytest
from lxml import etree

from content.xmlmanual import MallardFilter
from locflow.model import Locale
from locflow.model.xmlsafe import SAFE_XML_OPTIONS
from tests.filter_suite import pseudo_translate, translations_for
from tests.shared_corpus import find_shared

pytestmark = pytest.mark.corpus

REPO = Path(__file__).resolve().parents[1]
CORPUS = SHARED_DIR / "corpus" if (SHARED_DIR := find_shared()) else None
MALLARD = CORPUS / "support-content" / "mallard-help" if CORPUS else None
PAGES = sorted(MALLARD.glob("*/help/C/*.page")) if MALLARD else []
EN, DE = Locale("en"), Locale("de")


@pytest.fixture(scope="module")
def pages():
    if not PAGES:
        pytest.skip("the shared corpus (../shared/corpus/support-content/mallard-help) is not present")
    return PAGES


def _structure(data: bytes) -> list[str]:
    return [str(e.tag) for e in etree.fromstring(data, etree.XMLParser(**SAFE_XML_OPTIONS)).iter()]


def test_every_page_round_trips_and_translated_pages_parse(pages):
    assert len(pages) == 45
    units = 0
    for path in pages:
        data = path.read_bytes()
        filter_ = MallardFilter(set_lang=False)
        document = filter_.extract(data, path=PurePosixPath(path.name), locale=EN)
        units += len(document.units)
        assert filter_.merge(document, {k: s for _, k, s in document.segments()}, DE) == data, path.name
        merged = filter_.merge(document, translations_for(document, pseudo_translate), DE)
        assert _structure(merged) == _structure(data), path.name
    assert units > 600


def _plain(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def test_units_match_what_itstool_extracts_for_gnome_calculator(pages):
    project = MALLARD / "gnome-calculator" / "help"
    catalog = polib.pofile(str(project / "de" / "de.po"))
    itstool = {
        _plain(entry.msgid)
        for entry in catalog
        if not entry.obsolete
        and entry.msgctxt != "_"
        and any(file.endswith(".page") for file, _ in entry.occurrences)
        and re.search(r"[^\W\d_]", _plain(entry.msgid))
    }
    ours = set()
    for path in project.glob("C/*.page"):
        document = MallardFilter(segment=False).extract(path.read_bytes(), path=PurePosixPath(path.name), locale=EN)
        ours |= {_plain(segment.render()) for _, _, segment in document.segments()}
    assert len(itstool) > 350
    assert itstool - ours == set()
