"""Every CLI command has help with an example (the contract scripts rely on is documented)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from locflow.cli.main import cli

CONTRACT = ["init", "extract", "pretranslate", "build", "status", "run"]


def all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    """Every command, through the group's own look-up (the top group imports each on demand)."""
    ctx = click.Context(group)
    found = []
    for name in sorted(group.list_commands(ctx)):
        command = group.get_command(ctx, name)
        assert command is not None, name
        found.append((prefix + name, command))
        if isinstance(command, click.Group):
            found.extend(all_commands(command, prefix + name + " "))
    return found


def test_contract_commands_exist():
    assert set(CONTRACT) <= {name for name, _ in all_commands(cli)}


@pytest.mark.parametrize(("name", "command"), all_commands(cli))
def test_every_command_has_help_with_an_example(name: str, command: click.Command):
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output or "Examples:" in result.output, f"'locflow {name} --help' shows no example"
    if not isinstance(command, click.Group):
        option_names = {opt for param in command.params for opt in getattr(param, "opts", [])}
        assert "-C" in option_names, f"'locflow {name}' does not accept -C DIR"
