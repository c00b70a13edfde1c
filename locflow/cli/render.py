"""Plain tables for the terminal (rich), used by commands that print data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["print_table", "console"]


def console() -> Console:
    return Console(highlight=False, soft_wrap=True, width=200)


def print_table(title: str | None, headers: Sequence[str], rows: Sequence[Sequence[Any]], *, numeric_from: int = 1) -> None:
    """Print rows under headers; columns from ``numeric_from`` on are right-aligned."""
    table = Table(title=title, title_justify="left", show_edge=False, box=None, pad_edge=False)
    for index, header in enumerate(headers):
        table.add_column(header, justify="right" if index >= numeric_from else "left", no_wrap=True, overflow="fold")
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    console().print(table)
