"""Plain tables for the terminal (rich), used by commands that print data, and streamed
tables and JSON for outputs as long as the project (a row per document)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain, islice
from typing import Any

import click
from rich.console import Console
from rich.table import Table

__all__ = ["print_table", "console", "stream_table", "stream_json"]


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


def stream_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, width: int = 8) -> None:
    """Print rows as they come (a table of any length in constant memory).

    The first column is left-aligned, the middle ones right-aligned in a fixed
    width, the last one (a document path, of any length) left-aligned at the end.
    """
    widths = [max(len(header), width) for header in headers[:-1]]

    def line(cells: Sequence[Any]) -> str:
        first, *middle = (str(cell) for cell in cells[:-1])
        parts = [first.ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(middle, widths[1:])]
        return "  ".join(parts + [str(cells[-1])])

    _echo_in_chunks([line(headers), *map(line, rows)])


def stream_json(head: Mapping[str, Any], key: str, items: Iterable[Mapping[str, Any]]) -> None:
    """Print ``{**head, key: [items...]}`` as JSON, writing each item as it comes."""
    opening = json.dumps(dict(head), ensure_ascii=False, default=str)[:-1] + ("," if head else "") + f' "{key}": ['
    lines = (("," if number else "") + json.dumps(item, ensure_ascii=False, default=str) for number, item in enumerate(items))
    _echo_in_chunks(chain([opening], lines, ["]}"]))


def _echo_in_chunks(lines: Iterable[str], size: int = 500) -> None:
    """Echo ``lines`` a few hundred at a time: one write per line costs more than making the line."""
    lines = iter(lines)
    while chunk := list(islice(lines, size)):
        click.echo("\n".join(chunk))
