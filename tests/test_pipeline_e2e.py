"""The whole pipeline through the CLI, in a temporary project, as a newcomer would use it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli_support import copy_example, locflow





@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_example(tmp_path)
    return root


def test_init_writes_a_config_that_run_accepts(tmp_path: Path):
    root = tmp_path / "new"
    (root / "content").mkdir(parents=True)
    (root / "content" / "hello.md").write_text("# Hello\n\nWelcome to the help center.\n", encoding="utf-8")
    locflow("init", str(root), "--source-locale", "en", "--target-locales", "de,ja")
    assert 'provider = "none"' in (root / "locflow.toml").read_text(encoding="utf-8")  # no drafts nobody asked for
    out = locflow("run", "-C", str(root))
    assert "extract: 2 new" in out
    assert "pretranslate ja: 0 propagated, 0 tm, 0 fuzzy, 0 term, 0 mt, 2 left" in out
    assert (root / "build" / "ja" / "content" / "hello.md").read_text(encoding="utf-8") == "# Hello\n\nWelcome to the help center.\n"


def test_run_builds_every_locale_and_keeps_code_untouched(project: Path):
    locflow("run", "-C", str(project))
    source = (project / "content/articles/getting-started.md").read_text(encoding="utf-8")
    for locale in ("de", "ja", "fr"):
        built = (project / "build" / locale / "content/articles/getting-started.md").read_text(encoding="utf-8")
        assert built != source
        assert "```bash\nacme-drive status --verbose\n```" in built
        assert re.search(r'\(https://acme\.example\.com/download "⟦[^"]+⟧"\)', built)  # the URL kept, its title translated
        assert "support@acme.example.com" in built
        assert "# ⟦Ĝéţţîñĝ šţàŕţéð ŵîţĥ Acme Cloud Drive" in built  # a do-not-translate term of the example's glossary
    status = json.loads(locflow("status", "-C", str(project), "--format", "json"))
    assert [l["locale"] for l in status["locales"]] == ["de", "ja", "fr"]
    assert all(l["usable_percent"] == 100.0 for l in status["locales"])


def test_second_run_changes_nothing(project: Path):
    locflow("run", "-C", str(project))
    again = json.loads(locflow("run", "-C", str(project), "--format", "json"))
    assert again["extract"]["documents"]["new"] == [] and again["extract"]["documents"]["changed"] == []
    assert again["build"]["written"] == []
    assert all(fill["mt"] == 0 for fill in again["pretranslate"].values())


def test_editing_a_source_sentence_makes_its_translations_stale(project: Path):
    locflow("run", "-C", str(project))
    page = project / "content/articles/faq.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Yes. All files are encrypted", "Yes. Every file is encrypted"), encoding="utf-8")
    report = json.loads(locflow("extract", "-C", str(project), "--format", "json"))
    assert report["documents"]["changed"] == ["content/articles/faq.md"]
    assert report["segments"]["changed"] == 1 and report["segments"]["stale"] == 3
    status = json.loads(locflow("status", "-C", str(project), "--format", "json"))
    assert {l["locale"]: l["stale"] for l in status["locales"]} == {"de": 1, "ja": 1, "fr": 1}
    built = locflow("build", "-C", str(project), "-l", "de")
    assert "1 segments without a usable translation" in built
    de = (project / "build/de/content/articles/faq.md").read_text(encoding="utf-8")
    assert "Every file is encrypted in transit" in de  # the stale sentence falls back to the source


def test_bad_config_is_exit_2_and_malformed_source_is_exit_3_with_nothing_changed(project: Path):
    config = project / "locflow.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('fallback = "source"', 'fallback = "later"'), encoding="utf-8")
    out = locflow("extract", "-C", str(project), expect=2)
    line = config.read_text(encoding="utf-8").splitlines().index('fallback = "later"') + 1
    assert f"locflow.toml:{line}: [build] fallback" in out
    config.write_text(config.read_text(encoding="utf-8").replace('fallback = "later"', 'fallback = "source"'), encoding="utf-8")
    locflow("extract", "-C", str(project))
    before = locflow("status", "-C", str(project), "--format", "json")
    (project / "content/articles/broken.md").write_bytes(b"# Title\n\nBad byte \xff here.\n")
    (project / "content/articles/faq.md").write_text("# Changed\n", encoding="utf-8")
    out = locflow("extract", "-C", str(project), expect=3)
    assert "broken.md:3" in out
    assert locflow("status", "-C", str(project), "--format", "json") == before


def test_fallback_fail_and_omit(project: Path):
    config = project / "locflow.toml"
    text = config.read_text(encoding="utf-8").replace('provider = "pseudo"', 'provider = "none"')
    config.write_text(text.replace('fallback = "source"', 'fallback = "fail"'), encoding="utf-8")
    out = locflow("run", "-C", str(project), expect=1)
    assert "nothing written" in out and not (project / "build").exists()
    config.write_text(text.replace('fallback = "source"', 'fallback = "omit"'), encoding="utf-8")
    out = json.loads(locflow("build", "-C", str(project), "--format", "json"))
    assert out["written"] == [] and len(out["omitted"]) == 3 * len(list((project / "content").rglob("*.*")))


def test_pseudo_build(project: Path):
    locflow("extract", "-C", str(project))
    locflow("build", "-C", str(project), "--pseudo")
    text = (project / "build/pseudo/content/articles/troubleshooting.md").read_text(encoding="utf-8")
    assert text.startswith("# ⟦Ţŕöûƀļéšĥööţîñĝ")


def test_qa_on_the_project_reports_a_broken_translation_by_file_and_key(project: Path):
    from locflow.model import Segment, State
    from locflow.project import Project
    from locflow.store import TranslationWrite

    locflow("run", "-C", str(project), "-l", "de")
    issues = json.loads(locflow("qa", "-C", str(project), "--format", "json"))["issues"]
    # machine translation does not use the glossary's approved terms: warnings, and nothing else
    assert {(i["check"], i["severity"]) for i in issues} == {("term-missing", "warning")}
    with Project.open(project) as opened:
        segment = next(s for s in opened.store.segments() if "{email}" in s.source.render())
        broken = Segment.text_only("Danke! Ich schicke die Anleitung an Ihre Adresse.")
        opened.store.write_translations([TranslationWrite(segment.id, "de", broken, State.TRANSLATED, "human:test")])
    out = json.loads(locflow("qa", "-C", str(project), "--format", "json", expect=1))
    issue = next(i for i in out["issues"] if i["check"].startswith("placeholder") or i["check"].startswith("code"))
    assert (issue["file"], issue["unit"], issue["locale"], issue["severity"]) == (segment.document, segment.key, "de", "error")
    out = locflow("run", "-C", str(project), "-l", "de", expect=1)
    assert "QA gate failed" in out
