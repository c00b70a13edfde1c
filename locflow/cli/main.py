"""The ``locflow`` command: a thin layer over the library (see DESIGN's CLI contract).

Each command lives in a small module of its own and calls one library
function; errors become a message and the exit code of their class
(0 ok, 1 a gate failed, 2 usage or configuration, 3 input rejected,
4 an external service failed).
"""

from __future__ import annotations

import logging

import click

from locflow import __version__
from locflow.cli import exchange, manager, project_commands, qa


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="locflow")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """locflow: extract, leverage, exchange, check and build localized support content.

    Example: locflow run -C examples/helpdesk
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


for _command in (
    project_commands.init,
    project_commands.extract,
    project_commands.pretranslate,
    manager.analyze,
    project_commands.build,
    manager.status,
    project_commands.run,
    project_commands.reset,
    exchange.export_,
    exchange.import_,
    exchange.review,
    qa.qa,
    manager.report,
):
    cli.add_command(_command)


def _add_optional(module: str, name: str) -> None:
    """Register a command module that ships separately (kept import-safe while it is absent)."""
    import importlib

    try:
        cli.add_command(getattr(importlib.import_module(module), name))
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise


_add_optional("locflow.cli.tm", "tm")


def main() -> None:
    cli(prog_name="locflow")


if __name__ == "__main__":
    main()
