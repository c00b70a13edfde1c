"""Word counts: UAX #29 words as translate-toolkit's pocount counts them, characters for CJK and
Thai; and the project's totals against pocount run on the same real PO files."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from locflow.model import Locale, count_unit, word_count
from tests.cli_support import locflow


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Don't sync 3.5 GB files via e-mail", 8),  # an apostrophe and a decimal point join, a hyphen separates
        ("Open Settings > Accounts.", 3),
        ("1,000.25 files", 2),
        ("file_name.txt and v1.2.3", 3),
        ("<gui>Save</gui> the file", 3),  # markup left in text is not counted
        ('Press <keyseq><key>Ctrl</key><key>N</key></keyseq> or <link xref="x">here</link>', 4),
        ("One<br/>two", 2),
        ("  ", 0),
        ("“Quoted” — dashes… and ¿preguntas?", 4),
    ],
)
def test_words_are_unicode_word_boundaries(text: str, words: int):
    assert word_count(text, Locale("en")) == words


def test_cjk_and_thai_sources_are_counted_in_characters():
    assert word_count("ファイルを同期 する", Locale("ja")) == 9
    assert word_count("同步文件。", Locale("zh-Hans")) == 5
    assert word_count("บันทึกไฟล์", Locale("th")) == 10
    assert word_count("파일 동기화", Locale("ko")) == 5
    assert [count_unit(Locale(tag)) for tag in ("ja", "zh-Hant", "th", "ko", "de", "en")] == ["characters"] * 4 + ["words"] * 2


def test_a_japanese_source_project_is_labelled_in_characters(tmp_path: Path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "faq.md").write_text("# よくある質問\n\nファイルを同期します。\n", encoding="utf-8")
    (tmp_path / "locflow.toml").write_text('[project]\nsource_locale = "ja"\ntarget_locales = ["en"]\n\n[[content]]\npath = "content/*.md"\n\n[mt]\nprovider = "none"\n', encoding="utf-8")
    locflow("extract", "-C", str(tmp_path))
    report = json.loads(locflow("analyze", "-C", str(tmp_path), "--format", "json"))
    assert report["unit"] == "characters" and report["locales"][0]["total_words"] == 6 + 11  # punctuation included, as Japanese character counts are
    assert "Counted in characters" in locflow("analyze", "-C", str(tmp_path))


#: Real PO catalogs with English sources: (path under the corpus, what it is).
CORPUS_CATALOGS = [
    ("po/gnome-calculator/po/de.po", "GNOME Calculator, program strings"),
    ("support-content/mallard-help/gnome-calculator/help/de/de.po", "GNOME Calculator help (Mallard)"),
    ("support-content/mallard-help/meld/help/de/de.po", "Meld help (Mallard)"),
    ("po/okapi/okapi/filters/po/src/test/resources/Test_DrupalRussianCP1251.po", "Drupal, windows-1251"),
]


def _pocount(path: Path) -> int:
    """Total source words as the ``pocount`` command prints them."""
    executable = shutil.which("pocount", path=str(Path(sys.executable).parent)) or shutil.which("pocount")
    assert executable, "translate-toolkit's pocount is installed with locflow"
    output = subprocess.run([executable, "--csv", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(csv.DictReader(io.StringIO(output)))["Total Source Words"])


@pytest.mark.corpus
def test_project_word_counts_match_pocount_within_one_percent(shared_corpus: Path, tmp_path: Path):
    figures = []
    for relative, what in CORPUS_CATALOGS:
        source = shared_corpus / relative
        project = tmp_path / f"catalog-{len(figures)}"
        (project / "po").mkdir(parents=True)
        shutil.copy(source, project / "po" / source.name)
        (project / "locflow.toml").write_text(
            '[project]\nsource_locale = "en"\ntarget_locales = ["de"]\n\n[[content]]\npath = "po/*.po"\nformat = "po"\n\n[mt]\nprovider = "none"\n',
            encoding="utf-8",
        )
        locflow("extract", "-C", str(project))
        ours = json.loads(locflow("status", "-C", str(project), "--format", "json"))["words"]
        theirs = _pocount(source)
        figures.append((what, theirs, ours, 100.0 * (ours - theirs) / theirs))
    print("\n" + "\n".join(f"{what}: pocount {theirs}, locflow {ours} ({diff:+.2f}%)" for what, theirs, ours, diff in figures))
    assert all(abs(diff) <= 1.0 for *_, diff in figures), figures
