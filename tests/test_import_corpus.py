"""The import's promises on real material (../shared/corpus; skipped when it is absent).

* A real help center's packages, opened and saved by other tools (polib and
  gettext's msgcat for PO, translate-toolkit's XLIFF 1.2 store, lxml for XLIFF
  2), come back untouched: nothing changes. One edit changes exactly one
  segment.
* A real translated catalog written by GNOME translators' tools, imported
  twice: the second import changes nothing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from lxml import etree

from tests.cli_support import locflow
from tests.shared_corpus import SHARED
from tests.test_import_safety import edit_segments, export, import_json, snapshot, tm_units

pytestmark = pytest.mark.corpus

KB = SHARED / "corpus" / "support-content" / "markdown-kb" / "slack-bolt-js-docs-en-ja"
GNOME = SHARED / "corpus" / "po" / "gnome-calculator" / "po"


def _project(tmp_path: Path, content: str, *, provider: str = "pseudo") -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "locflow.toml").write_text(
        f'[project]\nsource_locale = "en"\ntarget_locales = ["de"]\n\n[[content]]\npath = "{content}"\n\n'
        f'[mt]\nprovider = "{provider}"\n',
        encoding="utf-8",
    )
    return root


def resave(path: Path, fmt: str) -> None:
    """Open and save ``path`` with another tool, as a translator's CAT tool would."""
    if fmt == "po":
        catalog = polib.pofile(str(path))
        catalog[:] = list(catalog)[::-1]
        catalog.save(str(path))
        if shutil.which("msgcat"):
            subprocess.run(["msgcat", "--width=40", "-o", str(path), str(path)], check=True)
    elif fmt == "xliff12":
        from translate.storage.xliff import xlifffile

        path.write_bytes(bytes(xlifffile.parsestring(path.read_bytes())))
    else:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


@pytest.mark.parametrize("fmt", ["po", "xliff12", "xliff2"])
def test_a_real_help_center_round_trips_through_other_tools(tmp_path: Path, fmt: str):
    if not KB.is_dir():
        pytest.skip(f"corpus not available under {KB}")
    root = _project(tmp_path, "docs/**/*.md")
    shutil.copytree(KB / "docs", root / "docs", ignore=shutil.ignore_patterns("*ja*"))
    locflow("extract", "-C", str(root))
    locflow("pretranslate", "-C", str(root))
    files = export(root, fmt, tmp_path / "out")
    assert len(files) > 20
    for path in files:
        resave(path, fmt)
    before, tm_before = snapshot(root), tm_units(root)
    report = import_json(root, *files)
    assert report["summary"] == {"applied": 0, "unchanged": len(before), "conflicts": 0, "rejected": 0}
    assert snapshot(root) == before and tm_units(root) == tm_before

    edit_segments(files[len(files) // 2], fmt)
    assert import_json(root, *files)["summary"]["applied"] == 1
    after = snapshot(root)
    assert sum(after[i] != before[i] for i in before) == 1


def test_a_real_translated_catalog_imported_twice_changes_nothing_the_second_time(tmp_path: Path):
    if not GNOME.is_dir():
        pytest.skip(f"corpus not available under {GNOME}")
    root = _project(tmp_path, "po/*.pot", provider="none")
    (root / "po").mkdir()
    catalog = polib.pofile(str(GNOME / "de.po"))
    for entry in catalog:
        entry.msgstr, entry.msgstr_plural = "", {n: "" for n in entry.msgstr_plural}
    catalog.save(str(root / "po" / "gnome-calculator.pot"))
    locflow("extract", "-C", str(root))
    first = import_json(root, GNOME / "de.po", expect=(0, 1))
    assert first["summary"]["applied"] > 700 and first["summary"]["rejected"] == 0, first["summary"]
    # a message of several sentences is segmented in the project but whole in the catalog:
    # kept aside as a conflict, never applied to its first sentence
    assert set(first["reasons"].get("conflict", {})) <= {"source-changed"}
    state, tm = snapshot(root), tm_units(root)
    second = import_json(root, GNOME / "de.po", expect=(0, 1))
    assert second["summary"]["applied"] == 0 and second["summary"]["conflicts"] == first["summary"]["conflicts"]
    assert second["summary"]["unchanged"] == first["summary"]["applied"]
    assert snapshot(root) == state and tm_units(root) == tm
