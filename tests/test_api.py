"""The public API: the stages as methods, the documented errors, and docs/api.md's sync script run for real."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import locflow
from tests.cli_support import copy_example, locflow as run_cli

DOCS = Path(__file__).resolve().parents[1] / "docs" / "api.md"


def test_the_stages_return_the_reports_the_cli_prints(tmp_path: Path):
    root = copy_example(tmp_path)
    with locflow.open(root) as project:
        assert project.extract().to_json()["segments"]["new"] == 125
        filled = project.pretranslate(locales=["de"]).to_json()["de"]
        assert filled["term"] == 7 and filled["mt"] == 118 and filled["left"] == 0  # glossary labels, then MT
        files = project.export(locales=["de"], format="po", output=tmp_path / "out", bundle=True)
        assert [f["segments"] for f in files.to_json()] == [125]
        assert project.qa(locales=["de"]).failed is False
        assert project.build(locales=["de"]).to_json()["held"] == {}
        api_status = project.status().to_json()
    assert api_status == json.loads(run_cli("status", "-C", str(root), "--format", "json"))


def test_errors_are_the_documented_tree(tmp_path: Path):
    with pytest.raises(locflow.ConfigError) as missing:
        locflow.open(tmp_path)
    assert missing.value.exit_code == 2 and missing.value.path.endswith("locflow.toml")
    root = copy_example(tmp_path)
    with locflow.open(root) as project:
        with pytest.raises(locflow.UsageError):
            project.pretranslate(locales="de")  # a string, not a list
        with pytest.raises(locflow.ConfigError, match="not a target locale"):
            project.pretranslate(locales=["it"])
        bad = tmp_path / "bad.po"
        bad.write_text('msgid "a"\nmsgstr "b"\nmsgfoo "c"\n', encoding="utf-8")
        with pytest.raises(locflow.MalformedFileError) as malformed:
            project.import_files([bad], locale="de")
        assert malformed.value.exit_code == 3 and malformed.value.line == 3


def _sync_script() -> str:
    match = re.search(r"```python sync\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert match, "docs/api.md lost its sync script"
    return match.group(1)


def test_the_documented_sync_script_runs(tmp_path: Path):
    root = copy_example(tmp_path)
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    inbox.mkdir()
    script = tmp_path / "sync.py"
    script.write_text(_sync_script(), encoding="utf-8")

    def sync() -> dict:
        result = subprocess.run([sys.executable, str(script), str(root), str(inbox), str(outbox)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    first = sync()
    assert first["exported"] > 0 and first["published"] == ["de", "ja", "fr"] and first["imported"] == {}
    package = next((outbox / "de").rglob("faq.md.xlf"))
    returned = inbox / "faq.de.xlf"
    returned.write_bytes(package.read_bytes().replace(b'state="initial" subState="locflow:mt"', b'state="translated"', 1)
                         .replace(b"</target>", b" (ok)</target>", 1))
    second = sync()
    assert second["imported"] == {"faq.de.xlf": 1} and (inbox / "done" / "faq.de.xlf").is_file()
    assert second["status"]["de"] > 0
