"""Where a block's content sits in the original text.

markdown-it hands each block's inline content over without positions, with
container prefixes (``> ``, list indentation) removed and lines joined by
``\\n``. The functions here find that content again in the original lines and
return a :class:`Region`: the content plus, for every character boundary, the
offset in the original text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.common.utils import MD_TRIM_CHARS

from content.markdown.parser import mask_templates

__all__ = ["Lines", "Misaligned", "Region", "atx_region", "lines_region", "row_regions", "single_line_region"]

_EOL = re.compile(r"\r\n|\r|\n")


class Lines:
    """The original text by lines, and the normalized text markdown-it parses.

    markdown-it turns every line ending into ``\\n`` and NUL into U+FFFD, so
    line *bodies* (which also have template tags masked) keep the length of
    the original lines and ``(line, column)`` converts between them.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = [0]
        self.bodies: list[str] = []
        pos = 0
        for match in _EOL.finditer(text):
            self.bodies.append(mask_templates(text[pos : match.start()].replace("\0", "\ufffd")))
            pos = match.end()
            self.starts.append(pos)
        self.bodies.append(mask_templates(text[pos:].replace("\0", "\ufffd")))
        self.parse_starts: list[int] = []
        total = 0
        for body in self.bodies:
            self.parse_starts.append(total)
            total += len(body) + 1

    def parse_text(self, blank_lines: int = 0) -> str:
        """The normalized text, the first ``blank_lines`` lines (front matter) blanked with spaces.

        Spaces rather than nothing keep every offset the same as in the unblanked text.
        """
        blanked = [" " * len(body) for body in self.bodies[:blank_lines]]
        return "\n".join(blanked + self.bodies[blank_lines:])

    def offset(self, line: int, col: int) -> int:
        return self.starts[line] + col

    def line_col(self, parse_pos: int) -> tuple[int, int]:
        """(line, column) of an offset in the parsed text."""
        line = bisect.bisect_right(self.parse_starts, parse_pos) - 1
        return line, parse_pos - self.parse_starts[line]


class Misaligned(Exception):
    """The tokens do not match the text where the filter expected them (a bug, not bad input)."""


@dataclass(slots=True)
class Region:
    """A block's inline content as markdown-it saw it, anchored in the original text.

    ``bounds[i]`` is the offset in the original text of the boundary before
    ``content[i]`` (``bounds`` is one longer than ``content``). Characters that
    stand for more than one original character (a line break with the next
    line's prefix, ``\\|`` in a table cell) simply have wider gaps.
    """

    content: str
    bounds: list[int]
    line: int


def single_line_region(lines: Lines, line: int, col: int, content: str) -> Region:
    start = lines.offset(line, col)
    if lines.bodies[line][col : col + len(content)] != content:
        raise Misaligned(f"line {line + 1}: {content!r} not at column {col}")
    return Region(content, [start + i for i in range(len(content) + 1)], line)


def lines_region(lines: Lines, first: int, content: str, end: int | None = None) -> Region:
    """Region of a paragraph-like block: content lines are suffixes of the source lines.

    Each content line is its source line minus the container prefix and
    indentation (which markdown-it may have partly re-expanded from tabs); the
    last line is also trimmed at its end. Trimming can remove whole lines at
    either end (a line holding only a no-break space), so the content may
    start after ``first``; ``end`` is the line after the block.
    """
    count = content.count("\n") + 1
    last_start = first if end is None else max(first, end - count)
    for start in range(first, last_start + 1):
        try:
            return _aligned_region(lines, start, content)
        except Misaligned as exc:
            error = exc
    raise error


def _aligned_region(lines: Lines, first: int, content: str) -> Region:
    """The region of ``content`` when its first line is line ``first``."""
    bounds: list[int] = []
    content_lines = content.split("\n")
    for i, content_line in enumerate(content_lines):
        body = lines.bodies[first + i]
        if i == len(content_lines) - 1:
            body = body.rstrip(MD_TRIM_CHARS)
        rest = content_line.lstrip(" \t") if i else content_line
        if not body.endswith(rest):
            raise Misaligned(f"line {first + i + 1}: content {rest!r} is not the end of the line")
        start = lines.offset(first + i, len(body) - len(rest))
        if i:
            bounds.append(lines.offset(first + i - 1, len(lines.bodies[first + i - 1])))  # the "\n"
        bounds.extend([start] * (len(content_line) - len(rest)))  # indentation: no width of its own
        bounds.extend(start + k for k in range(len(rest)))
        if i == len(content_lines) - 1:
            bounds.append(start + len(rest))
    return Region(content, bounds, first)


def atx_region(lines: Lines, line: int, content: str) -> Region:
    body = lines.bodies[line]
    marker = re.search(r"#{1,6}", body)
    if marker is None:
        raise Misaligned(f"line {line + 1}: no heading marker")
    col = body.find(content, marker.end())
    if col < 0:
        raise Misaligned(f"line {line + 1}: heading text not found")
    return single_line_region(lines, line, col, content)


def _split_row(body: str, start: int) -> list[tuple[int, int]]:
    """Cell spans of a table row, splitting like markdown-it's ``escapedSplit``."""
    cells: list[tuple[int, int]] = []
    cell_start = start
    escaped = False
    for pos in range(start, len(body)):
        ch = body[pos]
        if ch == "|" and not escaped:
            cells.append((cell_start, pos))
            cell_start = pos + 1
        escaped = ch == "\\"
    cells.append((cell_start, len(body)))
    return cells


def _cell_region(lines: Lines, line: int, start: int, end: int) -> Region:
    """A trimmed cell with ``\\|`` read as ``|`` (what markdown-it hands the inline parser)."""
    body = lines.bodies[line]
    text = body[start:end]
    leading = len(text) - len(text.lstrip(MD_TRIM_CHARS))
    start, end = start + leading, start + len(text.strip(MD_TRIM_CHARS)) + leading
    chars: list[str] = []
    bounds: list[int] = []
    pos = start
    while pos < end:
        bounds.append(lines.offset(line, pos))
        if body[pos] == "\\" and pos + 1 < end and body[pos + 1] == "|":
            chars.append("|")
            pos += 2
        else:
            chars.append(body[pos])
            pos += 1
    bounds.append(lines.offset(line, end))
    return Region("".join(chars), bounds, line)


_CONTAINER_PREFIX = re.compile(r"[ \t>*+\-0-9.)]*")


def row_regions(lines: Lines, line: int, contents: Sequence[str]) -> list[Region]:
    """Regions of the cells of one table row whose cell contents markdown-it gave as ``contents``."""
    body = lines.bodies[line]
    prefix_end = _CONTAINER_PREFIX.match(body).end()  # type: ignore[union-attr]
    for start in range(prefix_end + 1):
        if body[:start].strip(" \t") and body[start - 1] not in " \t>":
            continue
        spans = _split_row(body, start)
        regions = [_cell_region(lines, line, a, b) for a, b in spans]
        if regions and not regions[0].content and body[start:].lstrip(MD_TRIM_CHARS).startswith("|"):
            regions.pop(0)
        if regions and not regions[-1].content:
            regions.pop()
        count = min(len(regions), len(contents))
        if [r.content for r in regions[:count]] == list(contents[:count]) and not any(contents[count:]):
            return regions[:count]
    raise Misaligned(f"line {line + 1}: table cells not found")


