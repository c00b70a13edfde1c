"""``locflow tm``: every command on real files, exit codes, help with examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from locflow.cli.tm import resolve_tm_url, tm

DATA = Path(__file__).parent / "data" / "tm"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("LOCFLOW_TM_URL", raising=False)
    return tmp_path / "help-center"


def run(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(tm, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", [None, "import", "export", "lookup", "stats"])
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str | None) -> None:
    result = run(runner, *([command] if command else []), "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "locflow tm " in result.output.split("Example:", 1)[1]


def test_import_lookup_export_stats(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    imported = run(runner, "import", str(DATA / "support-en-de.tmx"), "-C", str(project))
    assert imported.exit_code == 0, imported.output
    assert "8 units read, 8 added, 1 already known, 1 skipped (1 no variant in the source language)" in imported.output
    assert (project / ".locflow" / "locflow.db").exists()

    looked = run(runner, "lookup", "You have 3 unread messages.", "-l", "de-DE", "--source-locale", "en-US", "-C", str(project), "--format", "json")
    assert looked.exit_code == 0, looked.output
    answer = json.loads(looked.output)
    match = answer["results"][0]["matches"][0]
    assert answer["results"][0]["locale"] == "de-DE"
    assert (match["score"], match["match_type"], match["adapted"]) == (99.0, "fuzzy", True)
    assert match["target"] == "Sie haben 3 ungelesene Nachrichten."

    text = run(runner, "lookup", "How do I reset my password?", "-l", "de", "--source-locale", "en", "-C", str(project))
    assert text.exit_code == 0
    assert "de  100.00  exact    Wie setze ich mein Passwort zurück? [memory locale de-DE]" in text.output

    out = tmp_path / "export.tmx"
    exported = run(runner, "export", "-o", str(out), "--target-locale", "fr-FR", "-C", str(project))
    assert exported.exit_code == 0, exported.output
    assert f"{out}: 1 units written" in exported.output
    assert "Votre facture" in out.read_text(encoding="utf-8")
    assert not out.with_name("export.tmx.partial").exists()

    stats = run(runner, "stats", "-C", str(project), "--format", "json")
    assert json.loads(stats.output)["units"] == 8
    plain = run(runner, "stats", "-C", str(project))
    assert "en-US -> de-DE: 6" in plain.output


def test_malformed_file_exits_3_with_file_and_line(runner: CliRunner, project: Path) -> None:
    result = runner.invoke(tm, ["import", str(DATA / "malformed-inline.tmx"), "-C", str(project)])
    assert result.exit_code == 3
    assert f"{DATA / 'malformed-inline.tmx'}:11:" in result.output
    stats = runner.invoke(tm, ["stats", "-C", str(project), "--format", "json"])
    assert json.loads(stats.output)["units"] == 0


def test_hostile_file_exits_3(runner: CliRunner, project: Path) -> None:
    result = runner.invoke(tm, ["import", str(DATA / "hostile.tmx"), "-C", str(project)])
    assert result.exit_code == 3
    assert "refused" in result.output


def test_usage_errors_exit_2(runner: CliRunner, project: Path) -> None:
    run(runner, "import", str(DATA / "support-en-de.tmx"), "-C", str(project))
    assert runner.invoke(tm, ["lookup", "Sign in", "-C", str(project)]).exit_code == 2
    assert runner.invoke(tm, ["lookup", "Sign in", "-l", "xx-nonsense-1", "-C", str(project)]).exit_code == 2
    assert runner.invoke(tm, ["import", str(DATA / "missing.tmx")]).exit_code == 2
    empty = runner.invoke(tm, ["stats", "-C", str(project / "elsewhere")])
    assert empty.exit_code == 2
    assert "no translation memory" in empty.output


def test_tm_url_resolution(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_tm_url(project, None) == f"sqlite:///{project.resolve() / '.locflow' / 'locflow.db'}"
    monkeypatch.setenv("LOCFLOW_TM_URL", "sqlite:////srv/shared/tm.db")
    assert resolve_tm_url(project, None) == "sqlite:////srv/shared/tm.db"
    assert resolve_tm_url(project, "postgresql+psycopg://tm@db/tm") == "postgresql+psycopg://tm@db/tm"


def test_tm_url_option_and_environment(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    assert run(runner, "import", str(DATA / "support-en-de.tmx"), "--tm-url", url).exit_code == 0
    monkeypatch.setenv("LOCFLOW_TM_URL", url)
    result = run(runner, "lookup", "Sign in to your account", "-l", "de-DE", "--source-locale", "en-US")
    assert result.exit_code == 0
    assert "no match at or above 75" in result.output
