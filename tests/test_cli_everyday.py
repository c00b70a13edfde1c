"""What a newcomer at the terminal sees: verbose output that explains, the formats, completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from locflow.cli.main import cli
from tests.cli_support import copy_example, locflow


def test_verbose_extract_says_which_entry_and_filter_read_each_file(tmp_path: Path):
    root = copy_example(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "locflow.cli.main", "-v", "extract", "-C", str(root)], capture_output=True, text=True, check=True
    )
    assert "content/chatbot/nlu.yml: [[content]] content/chatbot/*.yml, read by the rasa-nlu filter" in result.stderr
    assert "alembic" not in result.stderr.lower() and "{'" not in result.stderr  # no library chatter, no dict dumps


def test_formats_lists_every_registered_filter_with_extensions_and_options():
    listed = {entry["name"]: entry for entry in json.loads(locflow("formats", "--format", "json"))}
    from importlib.metadata import entry_points

    assert set(listed) == {ep.name for ep in entry_points(group="locflow.filters")}
    assert ".md" in listed["markdown"]["extensions"] and "segment" in listed["markdown"]["options"]
    assert "markdown" in locflow("formats")


def test_shell_completion_is_clicks_own(tmp_path: Path):
    env = {**os.environ, "_LOCFLOW_COMPLETE": "bash_source"}
    script = subprocess.run([sys.executable, "-m", "locflow.cli.main"], env=env, capture_output=True, text=True)
    assert "complete -o nosort -F _locflow_completion locflow" in script.stdout
    env = {**os.environ, "_LOCFLOW_COMPLETE": "bash_complete", "COMP_WORDS": "locflow rev", "COMP_CWORD": "1"}
    words = CliRunner().invoke(cli, [], env=env, prog_name="locflow", complete_var="_LOCFLOW_COMPLETE")
    assert "review" in words.output
