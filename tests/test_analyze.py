"""analyze: segments, words and characters per band, weighted and priced; per document; the
leverage cache; on the bundled example and on a project whose every count is known."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from locflow.pipeline.analyze import band_for, band_of, tm_mark
from locflow.project import Project
from tests.cli_support import copy_example, locflow
from tests.manager_support import known_project

#: tests/manager_support.py's project: (segments, words) per band of the de job
KNOWN_DE = {
    "context": (1, 2), "exact": (1, 5), "repetition": (1, 4), "95-99": (0, 0), "85-94": (0, 0), "75-84": (1, 5),
    "50-74": (1, 5), "no match": (1, 2), "mt-filled": (1, 4), "term-filled": (1, 3),
}


@pytest.mark.parametrize(
    ("score", "band"),
    [(101, "context"), (100, "exact"), (99.5, "95-99"), (95, "95-99"), (94.9, "85-94"), (85, "85-94"),
     (84, "75-84"), (75, "75-84"), (74.9, "50-74"), (50, "50-74"), (49.9, "no match"), (None, "no match")],
)
def test_band_boundaries(score, band):
    assert band_of(score) == band


def test_band_precedence_context_repetition_tm_then_drafts():
    assert band_for(101, repeated=True, origin="mt") == "context"
    assert band_for(100, repeated=True, origin=None) == "repetition"
    assert band_for(80, repeated=False, origin="mt") == "75-84"  # a fuzzy match beats an MT draft
    assert band_for(60, repeated=False, origin="mt") == "mt-filled"  # ...a weak one does not
    assert band_for(None, repeated=False, origin="term") == "term-filled"
    assert band_for(60, repeated=False, origin="human") == "50-74"
    assert band_for(None, repeated=False, origin=None) == "no match"


def _bands(report: dict, locale: str) -> dict[str, tuple[int, int]]:
    found = next(l for l in report["locales"] if l["locale"] == locale)
    return {band: (b["segments"], b["words"]) for band, b in found["bands"].items()}


def test_every_band_of_a_known_project(tmp_path: Path):
    project = known_project(tmp_path)
    report = json.loads(locflow("analyze", "-C", str(project), "--format", "json"))
    assert report["unit"] == "words" and report["bands"][:3] == ["context", "exact", "repetition"]
    assert _bands(report, "de") == KNOWN_DE
    de = report["locales"][0]
    assert de["confirmed"] == {"segments": 1, "words": 3, "characters": 16}  # "Delete the rest."
    assert de["total"] == {"segments": 8, "words": 30, "characters": 152}
    assert de["weighted_words"] == 20.0 and de["cost"] is None  # the default grid: 2000 weighted percent-words
    fr = _bands(report, "fr")
    assert fr["repetition"] == (1, 4) and fr["no match"] == (8, 29)  # no fr memory: all in full but the repeat


def test_weights_and_rates_give_a_cost_in_the_named_currency(tmp_path: Path):
    extra = '\n[analysis]\ncurrency = "EUR"\n\n[analysis.weights]\nmt-filled = 60\nterm-filled = 50\n\n[analysis.rates]\nde = 0.12\n'
    project = known_project(tmp_path, extra=extra)
    report = json.loads(locflow("analyze", "-C", str(project), "-l", "de", "--format", "json"))
    de = report["locales"][0]
    # 2*10 + 5*30 + 4*20 + 5*70 + 5*100 + 2*100 + 4*60 + 3*50 = 1690 percent-words
    assert (de["weighted_words"], de["rate"], de["cost"], report["currency"]) == (16.9, 0.12, 2.03, "EUR")
    assert report["weights"]["mt-filled"] == 60 and report["weights"]["exact"] == 30
    table = locflow("analyze", "-C", str(project), "-l", "de")
    assert "cost estimate: 2.03 EUR (0.12 EUR per weighted word)" in table
    assert "MT-filled" in table and "60%" in table


def test_csv_and_per_document_figures(tmp_path: Path):
    project = known_project(tmp_path)
    rows = list(csv.DictReader(io.StringIO(locflow("analyze", "-C", str(project), "-l", "de", "--format", "csv"))))
    assert rows[0].keys() == {"locale", "band", "segments", "words", "characters", "weight", "weighted", "unit"}
    assert {(r["band"], r["words"], r["weighted"]) for r in rows if r["band"] in ("exact", "confirmed")} == {("exact", "5", "1.50"), ("confirmed", "3", "")}
    documents = json.loads(locflow("analyze", "-C", str(project), "-l", "de", "--by", "document", "--format", "json"))["documents"]
    words = {d["document"]: {band: b["words"] for band, b in d["bands"].items() if b["words"]} for d in documents}
    assert words == {
        "content/a.md": {"context": 2, "exact": 5, "mt-filled": 4},
        "content/b.md": {"repetition": 4, "75-84": 5, "term-filled": 3},  # the repeat of a.md's sentence
        "content/c.md": {"50-74": 5, "no match": 2},
    }
    assert [d["weighted_words"] for d in documents] == [5.7, 7.3, 7.0]
    assert documents[2]["confirmed"]["words"] == 3
    by_document = list(csv.DictReader(io.StringIO(locflow("analyze", "-C", str(project), "--by", "document", "--format", "csv"))))
    assert len(by_document) == 2 * 3 * 10  # locales x documents x bands
    table = locflow("analyze", "-C", str(project), "--by", "document").splitlines()
    assert table[0].split()[:2] == ["locale", "context"] and table[0].endswith("document")
    assert table[1].split() == ["de", "2", "5", "0", "0", "0", "0", "0", "0", "4", "0", "5.70", "content/a.md"]


def test_scores_are_looked_up_once_until_the_tm_changes(tmp_path: Path):
    project = known_project(tmp_path)
    locflow("analyze", "-C", str(project), "-l", "de")
    with Project.open(project) as opened:
        assert opened.store.leverage.count_to_look_up("de", tm_mark(opened)) == 0
        assert opened.store.leverage.count_to_look_up("fr", tm_mark(opened)) == 9  # fr not analyzed yet
    more = (project / "memory.tmx").read_text(encoding="utf-8").replace(
        "</body>", '<tu><tuv xml:lang="en"><seg>Keep folders</seg></tuv><tuv xml:lang="de"><seg>Ordner behalten</seg></tuv></tu></body>'
    )
    (project / "more.tmx").write_text(more, encoding="utf-8")
    locflow("tm", "import", "-C", str(project), str(project / "more.tmx"))
    with Project.open(project) as opened:
        assert opened.store.leverage.count_to_look_up("de", tm_mark(opened)) == 8  # the TM changed: all again
    bands = _bands(json.loads(locflow("analyze", "-C", str(project), "-l", "de", "--format", "json")), "de")
    assert bands["exact"] == (2, 7) and bands["no match"] == (0, 0)


def test_analysis_of_the_example_counts_every_word_once_and_finds_repetitions(tmp_path: Path):
    project = copy_example(tmp_path)
    locflow("extract", "-C", str(project))
    report = json.loads(locflow("analyze", "-C", str(project), "--format", "json"))
    status = json.loads(locflow("status", "-C", str(project), "--format", "json"))
    assert [l["locale"] for l in report["locales"]] == ["de", "ja", "fr"]
    for locale in report["locales"]:
        bands = locale["bands"]
        assert sum(b["words"] for b in bands.values()) == locale["total_words"] == status["words"]
        assert bands["repetition"]["segments"] >= 1  # "Yes." answers, repeated button titles...
    rows = locflow("analyze", "-C", str(project), "-l", "de", "--format", "csv").splitlines()
    assert rows[0] == "locale,band,segments,words,characters,weight,weighted,unit" and rows[-1].startswith("de,confirmed,0,0,0")


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
    assert report["locales"][0]["confirmed"] == {"segments": 1, "words": 3, "characters": 26}


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[analysis.weights]\n"no-match" = 100\n', "[analysis.weights] no-match: unknown band"),
        ("[analysis.weights]\ncontext = -5\n", "[analysis.weights] context: a percent between 0 and 1000 with at most two decimals, not -5"),
        ("[analysis.rates]\nde = 0.1\n", "[analysis] currency: is required with rates"),
        ('[analysis]\ncurrency = "EUR"\n[analysis.rates]\nxx-notalocale = 0.1\n', "unknown locale"),
        ('[analysis]\ncurrency = "EUR"\nrates = { de = "cheap" }\n', "[analysis.rates] de: expected a number"),
    ],
)
def test_analysis_settings_are_checked(tmp_path: Path, table: str, message: str):
    project = known_project(tmp_path)
    config = project / "locflow.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + table, encoding="utf-8")
    output = locflow("analyze", "-C", str(project), expect=2)
    assert message in output and "locflow.toml" in output


@pytest.mark.postgres
def test_the_known_project_on_postgresql_counts_the_same(tmp_path: Path, pg_url: str):
    project = known_project(tmp_path, store_url=pg_url)
    report = json.loads(locflow("analyze", "-C", str(project), "--format", "json"))
    assert _bands(report, "de") == KNOWN_DE
    documents = json.loads(locflow("analyze", "-C", str(project), "-l", "de", "--by", "document", "--format", "json"))["documents"]
    assert [d["weighted_words"] for d in documents] == [5.7, 7.3, 7.0]
