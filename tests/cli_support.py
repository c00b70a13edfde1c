"""Running the CLI in tests, and a throw-away copy of the bundled example project."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from locflow.cli.main import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "helpdesk"


def locflow(*args: str, expect: int | tuple[int, ...] = 0) -> str:
    """Run the CLI; returns stdout alone for --format json (so it parses), else everything printed.

    ``expect`` is the exit code, or the codes, the run may end with.
    """
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    allowed = expect if isinstance(expect, tuple) else (expect,)
    assert result.exit_code in allowed, f"locflow {' '.join(args)} -> {result.exit_code}\n{result.output}"
    return result.stdout if "json" in args else result.output


def copy_example(tmp_path: Path) -> Path:
    root = tmp_path / "helpdesk"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".locflow", "build", "exchange"))
    return root
