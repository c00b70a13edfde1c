"""The report's issues in a temporary SQLite spool (qa_checks.report.spool): reports larger
than the chunk the spool reads at a time are written byte for byte as the in-memory
reporters wrote them, issues keep the run's order (the consistency findings of the second
pass among the others), suppressed and baselined issues go through it, and its file is
deleted after the run, also when a reporter fails."""

from __future__ import annotations

import gc
import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import qa_checks.report.json as json_report
import qa_checks.report.spool as spool_module
import qa_checks.runner as runner_module
from locflow.cli.qa import qa
from locflow.model import Locale
from locflow.pipeline.gate import check_gate
from locflow.pipeline.qa import QAOptions, check_files, check_open_project
from locflow.project import Project
from qa_checks import Baseline, Category, Profile, QAReport, Severity
from qa_checks.report import FORMATS, render
from qa_checks.report.spool import CHUNK, ISSUES
from tests.qa_big_report import WHEN, big_issues, big_report
from tests.qa_support import DATA
from tests.test_qa_parts import LOCALES, _assert_same, _whole, project  # noqa: F401 - project is a fixture

#: sha256 of each report of tests/qa_big_report.py as the in-memory reporters wrote it
#: (main at d4700b4, before the spool: /tmp/qaspool/digests.py run with its code)
IN_MEMORY = {
    (True, "text"): "7501b226ba09a2ce1f2b40ac79035bc1708cf76b656efec098d0c46ef7dffebd",
    (True, "json"): "1be308f776d458d1e55d0a490c014785998e0ac159d36f119802f22bf4216f2c",
    (True, "junit"): "178b3ce88b4d2dac7a18bdff1b173c375caeca3ec9f886094547c0c95c4de100",
    (True, "sarif"): "360eb057599f27322c3b09ed6a7f6b70e65f26336fc0fe18680e42daf3cc10e4",
    (True, "html"): "4323ece16c888dd01bf218f9058a72e5f8f440fd3748e69801e53d02e5f18cc6",
    (False, "text"): "c7bc22673aec7429e35544d2db59ef96645ccb7a768aff82149292511946b6d5",
    (False, "json"): "2e3cfa20a3c8f22ba3cc73bff7d6332355fdd9d875d7bfd3b4454ce7b1d7586e",
    (False, "junit"): "efc99989d51caa820055c66252f85078041cda3b4544867f4d7e530a44c432d2",
    (False, "sarif"): "360eb057599f27322c3b09ed6a7f6b70e65f26336fc0fe18680e42daf3cc10e4",
    (False, "html"): "7de780a99e583983e9618bc08ab2820fe1ca6e6d825d19c6241bd8b75ba6797e",
}

SUPPRESSED_PO = """\
msgid ""
msgstr "Language: de\\n"

# locflow-ignore: end-punctuation
msgid "Saved."
msgstr "Gespeichert"
"""


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> int:
    """The spool reads and writes 3 issues at a time: every report crosses chunks."""
    monkeypatch.setattr(spool_module, "CHUNK", 3)
    monkeypatch.setattr(runner_module, "CHUNK", 3)
    return 3


@pytest.fixture
def spools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The spool files made from now on (in a temporary directory of the test's own)."""
    directory = tmp_path / "temporary"
    directory.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(directory))
    return lambda: sorted(path.name for path in directory.glob("locflow-qa.*"))


@pytest.mark.parametrize("with_files", [True, False])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_report_larger_than_a_chunk_is_what_the_in_memory_reporters_wrote(with_files: bool, fmt: str) -> None:
    with big_report(with_files=with_files) as report:
        assert report.spool.count(ISSUES) > CHUNK
        text = render(report, fmt, timestamp=WHEN)
    assert hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() == IN_MEMORY[(with_files, fmt)]


def test_the_big_json_report_is_what_json_dumps_writes(small_chunks: int) -> None:
    with big_report(with_files=True) as report:
        assert render(report, "json") == json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
        assert report.issues == big_issues()


def test_issues_keep_the_run_order_with_the_second_pass_findings_among_them(project: Path, small_chunks: int) -> None:
    """The consistency findings, found after every part was checked, come out where a
    whole run has them, among the findings of the first pass."""
    with Project.open(project) as opened:
        locales = [Locale(tag) for tag in LOCALES]
        profile = Profile.from_config(opened.config.qa)
        parted = check_open_project(opened, locales, QAOptions(profile=profile), part_segments=5)
        small_chunks_text = render(parted, "json")
    checks = [issue.check for issue in parted.issues]
    second_pass = [n for n, check in enumerate(checks) if check.startswith("inconsistent-")]
    first_pass = [n for n, check in enumerate(checks) if not check.startswith("inconsistent-")]
    assert second_pass and first_pass and min(second_pass) < max(first_pass)  # interleaved, not appended
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spool_module, "CHUNK", 10_000)
        patch.setattr(runner_module, "CHUNK", 10_000)
        with Project.open(project) as opened:
            whole = _whole(opened, locales, profile)
    _assert_same(parted, whole)
    assert small_chunks_text == render(whole, "json")


def test_a_suppressed_issue_and_a_baseline_go_through_the_spool(tmp_path: Path, small_chunks: int) -> None:
    extra = tmp_path / "suppressed.de.po"
    extra.write_text(SUPPRESSED_PO, encoding="utf-8")
    files = [DATA / "defects.de.po", extra]
    plain = check_files(files, QAOptions(profile=Profile.default()))
    everything = plain.issues
    assert len(everything) > 2 * small_chunks and len(plain.suppressed) == 1
    assert plain.suppressed[0].note == "suppressed by locflow-ignore: end-punctuation"
    accepted = everything[::2]
    assert len({issue.fingerprint for issue in accepted}) == len(accepted)
    baseline = Baseline.from_report(QAReport(issues=accepted))
    with check_files(files, QAOptions(profile=Profile.default(), baseline=baseline)) as report:
        assert report.issues == everything[1::2]
        assert report.baselined == [replace(issue, note="accepted in the baseline") for issue in accepted]
        assert report.suppressed == plain.suppressed
        summary = report.summary()
        assert (summary["issues"], summary["baselined"], summary["suppressed"]) == (len(everything[1::2]), len(accepted), 1)
        assert json.loads(render(report, "json"))["baselined"][0]["note"] == "accepted in the baseline"


def test_the_spool_is_deleted_after_the_cli_wrote_the_report(tmp_path: Path, spools, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    real = json_report.render_json

    def watched(report, out, **options):
        seen.append(spools())
        real(report, out, **options)

    monkeypatch.setattr(json_report, "render_json", watched)
    out = tmp_path / "qa.json"
    result = CliRunner().invoke(qa, [str(DATA / "defects.de.po"), "--format", "json", "-o", str(out), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert len(seen) == 1 and len(seen[0]) == 1  # the report's spool, while it was written
    assert spools() == []
    assert json.loads(out.read_text(encoding="utf-8"))["issues"]


def test_the_spool_is_deleted_and_the_old_report_kept_when_a_reporter_fails(tmp_path: Path, spools, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(report, out, **_):
        out.write("{\n  \"issues\": [")
        raise RuntimeError("disk full")

    monkeypatch.setattr(json_report, "render_json", failing)
    out = tmp_path / "qa.json"
    out.write_text("yesterday's report\n", encoding="utf-8")
    result = CliRunner().invoke(qa, [str(DATA / "defects.de.po"), "--format", "json", "-o", str(out)])
    assert isinstance(result.exception, RuntimeError)
    assert spools() == []
    assert out.read_text(encoding="utf-8") == "yesterday's report\n"
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".qa.json")] == []


def test_a_report_not_closed_deletes_its_spool_when_it_is_collected(spools) -> None:
    report = QAReport(issues=big_issues(5))
    assert len(spools()) == 1
    del report
    gc.collect()
    assert spools() == []


def test_the_spool_of_a_killed_run_is_removed_by_the_next_run(tmp_path: Path, spools, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run killed with SIGKILL cannot delete its spool; the next one does, not a living run's."""
    import os
    import subprocess
    import sys

    directory = tmp_path / "temporary"
    killed = subprocess.run(
        [sys.executable, "-c", "import os, signal, qa_checks.report.spool as s; spool = s.IssueSpool(); os.kill(os.getpid(), signal.SIGKILL)"],
        env={**os.environ, "TMPDIR": str(directory)},
        cwd=Path(__file__).resolve().parents[1],
    )
    assert killed.returncode == -9
    left = spools()
    assert len(left) == 1 and left[0].startswith("locflow-qa.")
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as running:
        living = directory / f"locflow-qa.{running.pid}.abcd.sqlite"
        living.write_bytes(b"")
        try:
            monkeypatch.setattr(spool_module, "_swept", False)
            with QAReport(issues=big_issues(2)) as report:
                assert report.spool.count(ISSUES) == 2
                assert sorted(spools()) == sorted([living.name, Path(report.spool.path).name])
        finally:
            running.kill()
    assert spools() == [living.name]


def test_the_gate_keeps_one_spool_for_its_report_and_none_once_closed(project: Path, spools) -> None:
    with Project.open(project) as opened:
        gate = check_gate(opened, [Locale(tag) for tag in LOCALES], fail_on="warning", part_segments=4)
    assert gate.failed and len(spools()) == 1  # the locales' own were merged, then deleted
    assert gate.report.summary()["issues"] == len(gate.report.issues) > 0
    gate.report.close()
    assert spools() == []


def test_an_issue_marshal_cannot_write_is_kept_by_pickle() -> None:
    """Issues are stored by marshal (their severity as text); a value of a str subclass
    (a Category member here, where checks give plain text) takes pickle's way: both come
    back equal, with their severity a Severity."""
    plain, odd = big_issues(2)
    odd = replace(odd, category=Category.ACCURACY, target="\ud800 lone surrogate")
    with QAReport(issues=[plain, odd]) as report:
        data = [row[0] for row in report.spool.db.execute("SELECT data FROM issue ORDER BY rowid")]
        assert [blob[:1] for blob in data] == [b"m", b"p"]
        back = report.issues
    assert back == [plain, odd] and all(isinstance(issue.severity, Severity) for issue in back)
