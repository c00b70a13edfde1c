"""analyze: words per match band; repetitions inside the job; totals agree with status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from locflow.pipeline.analyze import band_of
from tests.cli_support import copy_example, locflow


@pytest.mark.parametrize(
    ("score", "band"),
    [(101, "context"), (100, "exact"), (99.5, "95-99"), (95, "95-99"), (94.9, "85-94"), (85, "85-94"),
     (84, "75-84"), (75, "75-84"), (74.9, "no match"), (None, "no match")],
)
def test_band_boundaries(score, band):
    assert band_of(score) == band


def test_analysis_counts_every_word_once_and_finds_repetitions(tmp_path: Path):
    project = copy_example(tmp_path)
    locflow("extract", "-C", str(project))
    report = json.loads(locflow("analyze", "-C", str(project), "--format", "json"))
    status = json.loads(locflow("status", "-C", str(project), "--format", "json"))
    assert [l["locale"] for l in report["locales"]] == ["de", "ja", "fr"]
    for locale in report["locales"]:
        bands = locale["bands"]
        assert sum(b["words"] for b in bands.values()) == locale["total_words"] == status["words"]
        assert bands["repetition"]["segments"] >= 1  # "Yes." answers, repeated button titles...
    csv = locflow("analyze", "-C", str(project), "-l", "de", "--format", "csv").splitlines()
    assert csv[0] == "locale,band,segments,words" and csv[-1].startswith("de,confirmed,0,0")


def test_confirmed_translations_are_counted_apart(tmp_path: Path):
    project = copy_example(tmp_path)
    locflow("extract", "-C", str(project))
    locflow("export", "-C", str(project), "-l", "fr", "--format", "po", "-o", str(tmp_path / "x"))
    import polib

    po_path = tmp_path / "x" / "fr" / "content" / "articles" / "faq.md.po"
    catalog = polib.pofile(str(po_path))
    entry = next(e for e in catalog if e.msgid == "Frequently asked questions")
    entry.msgstr = "Questions fréquentes"
    catalog.save(str(po_path))
    locflow("import", "-C", str(project), str(po_path))
    report = json.loads(locflow("analyze", "-C", str(project), "-l", "fr", "--format", "json"))
    assert report["locales"][0]["confirmed"] == {"segments": 1, "words": 3}
