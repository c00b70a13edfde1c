"""One CLI vocabulary: the same idea has the same option on every command.

Walks every command (third-party ones registered later too) and fails on a
new inconsistency, so the vocabulary cannot drift as commands are added.
"""

from __future__ import annotations

import click
import pytest

from locflow.cli.main import cli
from tests.cli_support import copy_example, locflow

#: short flag -> the long option it must always stand for
SHORT = {"-C": "--project-dir", "-l": "--locale", "-o": "--output", "-h": "--help", "-v": "--verbose"}
#: long options that say the same as one of the above, and must not appear
SYNONYMS = {"--dir", "--project", "--lang", "--language", "--locales", "--out", "--output-dir", "--outdir", "--fmt"}
#: commands whose --format names the file format they write; they print with --output-format
FILE_FORMAT_COMMANDS = {"export", "review", "term export"}


def _commands(group: click.Group = cli, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    context = click.Context(group)
    for name in sorted(group.list_commands(context)):
        command = group.get_command(context, name)
        assert command is not None, name
        path = f"{prefix} {name}".strip()
        if isinstance(command, click.Group):
            found += _commands(command, path)
        else:
            found.append((path, command))
    return found


COMMANDS = _commands()


def _options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option)]


@pytest.mark.parametrize("path,command", COMMANDS, ids=[p for p, _ in COMMANDS])
def test_short_flags_always_mean_the_same_long_option(path, command):
    for option in _options(command):
        shorts = [o for o in option.opts if len(o) == 2]
        longs = [o for o in option.opts if o.startswith("--")]
        for short in shorts:
            assert SHORT.get(short) in longs, f"{path}: {short} must be {SHORT.get(short)}, not {longs}"
        for long in longs:
            assert long not in SYNONYMS, f"{path}: {long} says what {sorted(set(SHORT.values()))} already say"
            expected_short = next((s for s, l in SHORT.items() if l == long), None)
            if expected_short and long != "--output":
                assert expected_short in option.opts, f"{path}: {long} without its short form {expected_short}"


@pytest.mark.parametrize("path,command", COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_takes_a_project_and_prints_json(path, command):
    names = {o for option in _options(command) for o in option.opts}
    assert "-C" in names, f"{path} has no -C/--project-dir"
    printer = "--output-format" if path in FILE_FORMAT_COMMANDS else "--format"
    formats = next((o for o in _options(command) if printer in o.opts), None)
    if formats is not None:
        assert isinstance(formats.type, click.Choice) and "json" in formats.type.choices, f"{path}: {printer} without json"
    if path not in FILE_FORMAT_COMMANDS:
        assert "--output-format" not in names, f"{path}: prints with --format, like every command but export and review"


def test_project_dir_before_or_after_the_command(tmp_path):
    root = copy_example(tmp_path)
    locflow("-C", str(root), "extract")
    before = locflow("-C", str(root), "status", "--format", "json")
    assert before == locflow("status", "-C", str(root), "--format", "json")
    assert '"segments": 125' in before
