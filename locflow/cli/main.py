"""The ``locflow`` command: a thin layer over the library (see DESIGN's CLI contract).

Each command lives in a small module of its own and calls one library
function; errors become a message and the exit code of their class
(0 ok, 1 a gate failed, 2 usage or configuration, 3 input rejected,
4 an external service failed).
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

import click

from locflow import __version__
from locflow.cli.common import remember_project_dir

#: each command and where it is defined: a command's module (and what it imports, such
#: as the store) is imported when that command runs, so ``locflow qa FILE`` starts fast
COMMANDS = {
    "init": "locflow.cli.project_commands:init",
    "extract": "locflow.cli.project_commands:extract",
    "pretranslate": "locflow.cli.project_commands:pretranslate",
    "analyze": "locflow.cli.manager:analyze",
    "build": "locflow.cli.project_commands:build",
    "status": "locflow.cli.manager:status",
    "report": "locflow.cli.manager:report",
    "run": "locflow.cli.project_commands:run",
    "reset": "locflow.cli.project_commands:reset",
    "formats": "locflow.cli.project_commands:formats",
    "export": "locflow.cli.exchange:export_",
    "import": "locflow.cli.exchange:import_",
    "review": "locflow.cli.exchange:review",
    "qa": "locflow.cli.qa:qa",
    "tm": "locflow.cli.tm:tm",
    "term": "locflow.cli.term:term",
    "mt": "locflow.cli.mt:mt",
    "privacy": "locflow.cli.privacy:privacy",
    "worker": "locflow.cli.queue:worker",
    "queue": "locflow.cli.queue:queue",
}


class _LazyGroup(click.Group):
    """A group whose commands are imported by name when they are asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = COMMANDS.get(cmd_name)
        if where is None:
            return None
        module, name = where.split(":")
        try:
            command: click.Command = getattr(importlib.import_module(module), name)
        except ModuleNotFoundError as exc:
            if exc.name != module:  # a module that ships separately may be absent
                raise
            return None
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="locflow")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option(
    "-C",
    "--project-dir",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project directory for the command (also accepted after the command name).",
)
@click.pass_context
def cli(ctx: click.Context, verbose: int, project_dir: Path | None) -> None:
    """locflow: extract, leverage, exchange, check and build localized support content.

    Example: locflow -C examples/helpdesk run
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    _log_to_terminal(level, with_names=verbose > 0)
    # -v is about locflow's own work; the libraries' chatter (migrations, SQL) only at -vv
    logging.getLogger("alembic").setLevel(logging.DEBUG if verbose > 1 else logging.WARNING)
    remember_project_dir(ctx, project_dir)


class _TerminalHandler(logging.Handler):
    """Log lines on standard error, as the rest of the CLI writes its messages: ``warning: …``.

    The logger's name only helps someone reading ``-v`` output, so it is shown there.
    Lines go through ``click.echo`` so that whatever captures the command's output
    (a script, a test) captures them too.
    """

    def __init__(self, with_names: bool) -> None:
        super().__init__()
        self.with_names = with_names

    def emit(self, record: logging.LogRecord) -> None:
        where = f" {record.name}" if self.with_names else ""
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
        click.echo(f"{record.levelname.lower()}{where}: {message}", err=True)


def _log_to_terminal(level: int, with_names: bool) -> None:
    """Send log records of ``level`` and above to the terminal (once, however often the CLI runs)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _TerminalHandler)]:
        root.removeHandler(handler)
    root.addHandler(_TerminalHandler(with_names))
    root.setLevel(level)


def main() -> None:
    cli(prog_name="locflow")


if __name__ == "__main__":
    main()
