"""An import report grows with the file, not with its square: 5,000 segments under a memory cap."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import polib

from tests.cli_support import locflow

SEGMENTS = 5_000
LIMIT = 2 << 30  # address space for the import process


def _project(root: Path) -> None:
    root.mkdir()
    (root / "locflow.toml").write_text(
        '[project]\nsource_locale = "en"\ntarget_locales = ["de"]\n\n[[content]]\npath = "docs/*.md"\n\n[mt]\nprovider = "pseudo"\n',
        encoding="utf-8",
    )
    (root / "docs").mkdir()
    paragraphs = [f"Step {n}: open the **settings** and choose [plan {n}](https://example.com/p/{n})." for n in range(SEGMENTS)]
    (root / "docs" / "big.md").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def test_a_5000_segment_import_reports_in_json_within_a_memory_cap(tmp_path: Path):
    root = tmp_path / "big"
    _project(root)
    locflow("extract", "-C", str(root))
    locflow("pretranslate", "-C", str(root))
    locflow("export", "-C", str(root), "-l", "de", "--format", "po", "-o", str(tmp_path / "out"))
    (po,) = (tmp_path / "out").rglob("*.po")
    catalog = polib.pofile(str(po))
    for n, entry in enumerate(catalog):
        entry.msgstr = entry.msgstr + " (ok)" if n % 2 else entry.msgstr.replace("https://", "http://")  # half rejected
        entry.flags = []
    catalog.save(str(po))
    command = [sys.executable, "-m", "locflow.cli.main", "import", "-C", str(root), str(po), "--format", "json", "--show-applied"]
    result = subprocess.run(command, capture_output=True, text=True, preexec_fn=_capped, timeout=600)
    assert result.returncode == 1, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["summary"] == {"applied": SEGMENTS // 2, "unchanged": 0, "conflicts": 0, "rejected": SEGMENTS // 2}
    assert len(result.stdout) < 600 * SEGMENTS  # a few hundred bytes a segment, each naming its file once
    assert all(entry["file"] == str(po) for entry in report["rejected"])
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kib < 600 * 1024, f"peak RSS {peak_kib // 1024} MiB"
