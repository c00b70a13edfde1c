"""``locflow qa``: formats, gate exit codes, baselines, configuration and bad input."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from locflow.cli.qa import qa

from tests.qa_support import DATA

DEFECTS = str(DATA / "defects.de.po")
TRICKY = [str(p) for p in sorted(DATA.glob("tricky.*.po"))]


def _run(*args: str, cwd=None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(qa, list(args))
    with runner.isolated_filesystem(temp_dir=cwd):
        return runner.invoke(qa, list(args))


def test_correct_files_pass_the_gate() -> None:
    result = _run(*TRICKY)
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output and "gate: passed" in result.output


def test_defects_fail_the_gate_with_exit_1() -> None:
    result = _run(DEFECTS, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"]["gate"]["failed"] and data["issues"]
    assert "QA gate failed" in result.stderr


@pytest.mark.parametrize("fail_on, code", [("never", 0), ("error", 1), ("warning", 1)])
def test_fail_on_sets_the_exit_code(fail_on: str, code: int) -> None:
    assert _run(DEFECTS, "--fail-on", fail_on).exit_code == code


def test_max_penalty_is_a_gate_of_its_own() -> None:
    assert _run(*TRICKY, "--max-penalty", "0").exit_code == 0
    result = _run(DEFECTS, "--fail-on", "never", "--max-penalty", "5")
    assert result.exit_code == 1 and "exceeds 5" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif", "html"])
def test_report_written_to_output_file(tmp_path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    result = _run(DEFECTS, "--format", fmt, "-o", str(out), "--fail-on", "never")
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8").strip()


def test_baseline_round_trip_fails_only_on_new_issues(tmp_path) -> None:
    po = tmp_path / "de.po"
    shutil.copy(DEFECTS, po)
    baseline = tmp_path / "baseline.json"
    written = _run(str(po), "--write-baseline", str(baseline))
    assert written.exit_code == 0 and "accepted" in written.stderr
    assert _run(str(po), "--baseline", str(baseline)).exit_code == 0
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "Call 555 0100"\nmsgstr "Rufen Sie 555 0199 an"\n', encoding="utf-8")
    result = _run(str(po), "--baseline", str(baseline), "--format", "json")
    assert result.exit_code == 1
    assert {i["unit"] for i in json.loads(result.stdout)["issues"]} == {"Call 555 0100"}


def test_config_profile_from_locflow_toml(tmp_path) -> None:
    (tmp_path / "locflow.toml").write_text('[qa]\nfail_on = "never"\n\n[qa.profiles.strict]\nfail_on = "warning"\n', encoding="utf-8")
    assert _run(DEFECTS, "-C", str(tmp_path)).exit_code == 0
    assert _run(DEFECTS, "-C", str(tmp_path), "--profile", "strict").exit_code == 1


def test_bad_config_is_exit_2_listing_known_ids(tmp_path) -> None:
    (tmp_path / "locflow.toml").write_text('[qa]\ndisable = ["speling"]\n', encoding="utf-8")
    result = _run(DEFECTS, "-C", str(tmp_path))
    assert result.exit_code == 2 and "speling" in result.stderr and "placeholder-printf" in result.stderr


def test_broken_toml_names_file_and_line(tmp_path) -> None:
    (tmp_path / "locflow.toml").write_text('[qa]\nfail_on = \n', encoding="utf-8")
    result = _run(DEFECTS, "-C", str(tmp_path))
    assert result.exit_code == 2 and "locflow.toml:2" in result.stderr


def test_malformed_po_is_exit_3_with_file_and_line(tmp_path) -> None:
    po = tmp_path / "broken.po"
    po.write_text('msgid ""\nmsgstr "Language: de\\n"\n\nmsgid "a"\nmsgstr "b"\nnonsense\n', encoding="utf-8")
    result = _run(str(po))
    assert result.exit_code == 3 and f"{po}:6" in result.stderr


def test_usage_errors_are_exit_2(tmp_path) -> None:
    assert _run(str(tmp_path / "missing.po")).exit_code == 2
    (tmp_path / "notes.txt").write_text("hi", encoding="utf-8")
    assert _run(str(tmp_path / "notes.txt")).exit_code == 2
    assert _run(DEFECTS, "--target-locale", "xx-invalid-").exit_code == 2


def test_standalone_locales_from_options(tmp_path) -> None:
    po = tmp_path / "nolang.po"
    po.write_text('msgid "Wait 30 minutes"\nmsgstr "Warten Sie 3 Minuten"\n', encoding="utf-8")
    assert _run(str(po)).exit_code == 2
    result = _run(str(po), "--target-locale", "de", "--source-locale", "en-US", "--format", "json")
    assert result.exit_code == 1 and json.loads(result.stdout)["issues"][0]["locale"] == "de"


def test_project_mode_outside_a_project_is_a_usage_error(tmp_path) -> None:
    result = _run("-C", str(tmp_path))
    assert result.exit_code == 2 and "locflow.toml" in result.stderr


def test_help_shows_examples() -> None:
    result = CliRunner().invoke(qa, ["--help"])
    assert result.exit_code == 0
    assert "locflow qa po/*.po --format sarif" in result.output and "--baseline" in result.output


def test_bench_script_runs_on_its_builtin_corpus() -> None:
    import subprocess
    import sys
    from pathlib import Path

    bench = Path(__file__).resolve().parents[1] / "bench" / "qa.py"
    result = subprocess.run(
        [sys.executable, str(bench), "--n", "400", "--no-pofilter", "--builtin-corpus"], capture_output=True, text=True, check=True
    )
    recall = re.search(r"recall of injected errors \(by the matching check\): (\d+)/(\d+)", result.stdout)
    assert recall and int(recall.group(2)) > 20 and int(recall.group(1)) == int(recall.group(2)), result.stdout
    assert "units flagged without an injected error: 0" in result.stdout
