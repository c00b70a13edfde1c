"""Translator round trips through the project: export, edit as a translator would, import, build."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from lxml import etree

from tests.cli_support import copy_example, locflow
from locflow.model import State
from locflow.project import Project
from tests.test_exchange_support import schema_errors, xliff2_schema, xliff12_schema


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_example(tmp_path)
    config = root / "locflow.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('provider = "pseudo"', 'provider = "none"'), encoding="utf-8")
    locflow("extract", "-C", str(root))
    return root


def test_po_export_edit_import_build(project: Path, tmp_path: Path):
    out = tmp_path / "to-translators"
    locflow("export", "-C", str(project), "-l", "de", "--format", "po", "-o", str(out))
    po_path = out / "de" / "content" / "articles" / "faq.md.po"
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path)], check=True)
    catalog = polib.pofile(str(po_path))
    entry = next(e for e in catalog if e.msgid == "Yes. All files are encrypted in transit with TLS 1.3 and at rest with AES-256."[5:])
    entry.msgstr = "Alle Dateien werden bei der Übertragung mit TLS 1.3 und im Ruhezustand mit AES-256 verschlüsselt."
    heading = next(e for e in catalog if e.msgid == "Is my data encrypted?")
    heading.msgstr = "Sind meine Daten verschlüsselt?"
    catalog.save(str(po_path))

    report = json.loads(locflow("import", "-C", str(project), str(po_path), "--format", "json"))
    assert report["summary"]["applied"] == 2 and report["summary"]["rejected"] == 0
    again = json.loads(locflow("import", "-C", str(project), str(po_path), "--format", "json"))
    assert again["summary"]["applied"] == 0 and again["summary"]["unchanged"] == 2

    locflow("build", "-C", str(project), "-l", "de")
    built = (project / "build/de/content/articles/faq.md").read_text(encoding="utf-8")
    assert "## Sind meine Daten verschlüsselt?\n" in built
    assert "Yes. Alle Dateien werden bei der Übertragung mit TLS 1.3" in built
    with Project.open(project) as opened:
        states = {t.state for t in opened.store.translations("de").values()}
    assert states == {State.TRANSLATED}


def test_xliff_exports_validate_and_broken_codes_are_rejected_per_segment(project: Path, tmp_path: Path):
    out = tmp_path / "x"
    locflow("export", "-C", str(project), "-l", "fr", "--format", "xliff12", "-o", str(out), "--bundle")
    locflow("export", "-C", str(project), "-l", "fr", "--format", "xliff2", "-o", str(out / "v2"))
    bundle = next(out.glob("*.xlf"))
    assert schema_errors(xliff12_schema(), bundle.read_bytes()) == []
    for path in (out / "v2").rglob("*.xlf"):
        assert schema_errors(xliff2_schema(), path.read_bytes()) == [], path

    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    tree = etree.parse(str(bundle))
    units = tree.findall(".//x:trans-unit", ns)
    with_code = next(u for u in units if u.find("x:source/x:bpt", ns) is not None)
    plain = next(u for u in units if len(u.find("x:source", ns)) == 0 and (u.find("x:source", ns).text or "").strip())
    for unit, text in ((with_code, "Code vergessen"), (plain, "Bonjour tout le monde")):
        target = etree.SubElement(unit, "{urn:oasis:names:tc:xliff:document:1.2}target", state="translated")
        target.text = text
    tree.write(str(bundle), xml_declaration=True, encoding="UTF-8")

    report = json.loads(locflow("import", "-C", str(project), str(bundle), "--format", "json", expect=1))
    assert report["summary"]["applied"] == 1 and report["summary"]["rejected"] == 1
    rejected = report["rejected"]
    assert rejected[0]["reason"] in ("missing-code", "broken-code") and rejected[0]["id"] == with_code.get("id")
    locflow("import", "-C", str(project), str(bundle), "--strict", expect=3)


def test_source_changed_since_export_is_a_conflict_and_hostile_files_apply_nothing(project: Path, tmp_path: Path):
    out = tmp_path / "p"
    locflow("export", "-C", str(project), "-l", "ja", "--format", "po", "-o", str(out))
    po_path = out / "ja" / "content" / "articles" / "troubleshooting.md.po"
    catalog = polib.pofile(str(po_path))
    first = next(e for e in catalog if e.msgid == "Troubleshooting sync problems")
    first.msgstr = "同期の問題のトラブルシューティング"
    catalog.save(str(po_path))
    page = project / "content/articles/troubleshooting.md"
    page.write_text(page.read_text(encoding="utf-8").replace("# Troubleshooting sync problems", "# Fixing sync problems"), encoding="utf-8")
    locflow("extract", "-C", str(project))
    report = json.loads(locflow("import", "-C", str(project), str(po_path), "--format", "json", expect=1))
    assert report["summary"]["conflicts"] == 1 and report["summary"]["applied"] == 0

    bomb = tmp_path / "bomb.xlf"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n<xliff version="1.2">&b;</xliff>\n', encoding="utf-8")
    before = locflow("status", "-C", str(project), "--format", "json")
    out_text = locflow("import", "-C", str(project), str(po_path), str(bomb), expect=3)
    assert "bomb.xlf:2" in out_text
    assert locflow("status", "-C", str(project), "--format", "json") == before


def test_export_never_writes_outside_the_output_directory(project: Path, tmp_path: Path):
    from locflow.errors import UnsafePathError
    from locflow.exchange import safe_output_path

    with pytest.raises(UnsafePathError):
        safe_output_path(tmp_path, "../escape.po")
    with pytest.raises(UnsafePathError):
        safe_output_path(tmp_path, "/etc/passwd")
