"""The TM inside a project: configured TMX imports, exact fills, match bands, offers in exports,
and confirmed translations flowing back into the memory, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from tests.cli_support import copy_example, locflow

if not hasattr(pytest.importorskip("tm"), "TranslationMemory"):
    pytest.skip("the translation memory package is not installed", allow_module_level=True)

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="en" datatype="plaintext"/>
  <body>
    <tu><tuv xml:lang="en"><seg>Troubleshooting sync problems</seg></tuv><tuv xml:lang="de"><seg>Fehlerbehebung bei Synchronisierungsproblemen</seg></tuv></tu>
    <tu><tuv xml:lang="en"><seg>Most sync problems have a simple cause.</seg></tuv><tuv xml:lang="de"><seg>Die meisten Synchronisierungsprobleme haben eine einfache Ursache.</seg></tuv></tu>
    <tu><tuv xml:lang="en"><seg>Work through the steps below in the right order.</seg></tuv><tuv xml:lang="de"><seg>Gehen Sie die Schritte unten in der richtigen Reihenfolge durch.</seg></tuv></tu>
  </body>
</tmx>
"""


@pytest.fixture
def project(tmp_path: Path, store_url: str) -> Path:
    root = copy_example(tmp_path)
    (root / "memories").mkdir()
    (root / "memories" / "acme.tmx").write_text(TMX, encoding="utf-8")
    config = root / "locflow.toml"
    text = config.read_text(encoding="utf-8").replace("[tm]\nfuzzy_threshold = 75", '[tm]\nfuzzy_threshold = 75\nimport = ["memories/*.tmx"]')
    text = text.replace("[build]", f'[store]\nurl = "{store_url}"\n\n[build]')
    config.write_text(text.replace('provider = "pseudo"', 'provider = "none"'), encoding="utf-8")
    locflow("extract", "-C", str(root))
    return root


def test_configured_memories_fill_exact_matches_and_show_in_the_analysis(project: Path):
    report = json.loads(locflow("analyze", "-C", str(project), "-l", "de", "--format", "json"))
    bands = report["locales"][0]["bands"]
    assert bands["exact"]["segments"] == 2
    assert bands["95-99"]["segments"] + bands["85-94"]["segments"] + bands["75-84"]["segments"] >= 1  # "...in order."
    filled = json.loads(locflow("pretranslate", "-C", str(project), "-l", "de", "--format", "json"))
    assert filled["de"]["tm"] == 2
    locflow("build", "-C", str(project), "-l", "de")
    built = (project / "build/de/content/articles/troubleshooting.md").read_text(encoding="utf-8")
    assert built.startswith("# Fehlerbehebung bei Synchronisierungsproblemen\n")
    assert "Die meisten Synchronisierungsprobleme haben eine einfache Ursache." in built


def test_exports_offer_fuzzy_matches_and_imports_feed_the_memory(project: Path, tmp_path: Path):
    out = tmp_path / "po"
    locflow("export", "-C", str(project), "-l", "de", "--format", "xliff12", "-o", str(out))
    xlf = (out / "de" / "content" / "articles" / "troubleshooting.md.xlf").read_text(encoding="utf-8")
    assert "<alt-trans" in xlf and "Gehen Sie die Schritte unten" in xlf

    locflow("export", "-C", str(project), "-l", "fr", "--format", "po", "-o", str(out))
    po_path = out / "fr" / "content" / "articles" / "faq.md.po"
    catalog = polib.pofile(str(po_path))
    entry = next(e for e in catalog if e.msgid == "Frequently asked questions")
    entry.msgstr = "Questions fréquentes"
    catalog.save(str(po_path))
    locflow("import", "-C", str(project), str(po_path))

    from locflow.project import Project
    from locflow.model import Locale, Segment

    with Project.open(project) as opened:
        matches = opened.tm.lookup(Segment.text_only("Frequently asked questions"), Locale("en"), Locale("fr"))
    assert matches and matches[0].target.text == "Questions fréquentes" and matches[0].score >= 100
