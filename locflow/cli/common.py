"""Options and error handling shared by every CLI command.

Each command is a thin wrapper: parse options, call one library function,
print its result. :func:`command` turns any :class:`~locflow.errors.LocflowError`
into a message on stderr and the error's exit code (2 usage/config, 3 rejected
input, 1 QA gate), so no command handles errors itself.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from locflow.errors import LocflowError

if TYPE_CHECKING:  # the configuration (and the MT and privacy settings it reads) loads when used
    from locflow.config import Config

__all__ = [
    "command",
    "project_option",
    "remember_project_dir",
    "format_option",
    "locale_option",
    "emit_json",
    "stderr_is_tty",
    "database_url",
]

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("locflow.cli")


#: Where the ``-C`` given before the command name is kept for the command.
_PROJECT_DIR_KEY = "locflow.project_dir"


def remember_project_dir(ctx: click.Context, value: Path | None) -> None:
    """Keep ``locflow -C DIR <command>`` for the command (git and make take ``-C`` first too)."""
    ctx.meta[_PROJECT_DIR_KEY] = value


def _project_dir(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    return value if value is not None else ctx.meta.get(_PROJECT_DIR_KEY)


def project_option(func: F) -> F:
    """``-C DIR``: the project directory (default: the ``-C`` before the command, else the
    current directory)."""
    return click.option(
        "-C",
        "--project-dir",
        "project_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        callback=_project_dir,
        help="Project directory (default: current directory).",
    )(func)


def format_option(*choices: str, default: str | None = None) -> Callable[[F], F]:
    """``--format``: how to print data; the first choice is the default."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


def locale_option(func: F) -> F:
    """``-l/--locale``: limit to these target locales (repeatable or comma-separated)."""
    return click.option(
        "-l",
        "--locale",
        "locales",
        multiple=True,
        help="Target locale(s); repeat or separate with commas. Default: all target locales.",
    )(func)


def split_locales(values: tuple[str, ...]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def command(func: F) -> F:
    """Run a command body, mapping LocflowError to its message and exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except LocflowError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()


def database_url(project_dir: Path | None, given: str | None, env_var: str, own_url: Callable[[Config], str | None]) -> str:
    """Where the TM or the termbase lives: the option, else ``$env_var``, else the project's.

    In a project (a ``locflow.toml``) that is its own URL (``own_url(config)``:
    ``[tm] url``, ``[termbase] url``), else the project store's database;
    elsewhere ``.locflow/locflow.db``. Both keep tables and a migration history
    of their own, so they can share the store's database.
    """
    from locflow.config import CONFIG_NAME, load_config

    if given:
        return given
    if os.environ.get(env_var):
        return os.environ[env_var]
    root = (project_dir or Path.cwd()).resolve()
    if (root / CONFIG_NAME).is_file():
        config = load_config(root)
        return config.resolve_url(own_url(config) or config.store_url)
    return f"sqlite:///{root / '.locflow' / 'locflow.db'}"
