"""CSV cells with their exact place in the text, and how to write a translated one.

The :mod:`csv` module reads the file (and rejects bad quoting with the line
number); a small scanner finds where each cell stands, and the two must
agree cell for cell. Splicing a translated cell in place keeps everything
else as it was: the delimiter, which cells were quoted, line endings, a
missing final newline.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from locflow.model.errors import MalformedFileError

from content.tree import LineCounter

__all__ = ["Cell", "parse_csv", "sniff_delimiter", "encode_cell"]

_CANDIDATES = ",;\t|"
_QUOTE = '"'


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: its value and the characters ``text[start:end]`` (quotes included)."""

    value: str
    start: int
    end: int
    quoted: bool
    line: int

    def escape(self, delimiter: str) -> str:
        """The slot escape kind for this cell: ``csv-quoted:,`` or ``csv:;``..."""
        return ("csv-quoted:" if self.quoted else "csv:") + delimiter


def sniff_delimiter(text: str) -> str:
    """The most frequent of ``, ; TAB |`` outside quotes on the first line (``,`` on a tie)."""
    first = re.split(r"\r\n|\n|\r", text, maxsplit=1)[0]
    unquoted = re.sub(r'"(?:[^"]|"")*"', "", first)
    counts = {ch: unquoted.count(ch) for ch in _CANDIDATES}
    best = max(counts, key=lambda ch: (counts[ch], ch == ","))
    return best if counts[best] else ","


def parse_csv(text: str, path: PurePosixPath | str, delimiter: str) -> list[list[Cell]]:
    """The rows of ``text``; blank lines are skipped as :mod:`csv` does."""
    expected = _read_with_csv(text, path, delimiter)
    rows = _Scanner(text, path, delimiter).rows()
    got = [[cell.value for cell in row] for row in rows]
    if got != expected:
        line = next((row[0].line for row, want in zip(rows, expected) if [c.value for c in row] != want), None)
        raise MalformedFileError("CSV quoting the reader and the splicer disagree on", path=path, line=line)
    return rows


def encode_cell(value: str, kind: str) -> str:
    """``value`` for a cell of ``kind``: quoted when it was, or when it has to be."""
    delimiter = kind.rsplit(":", 1)[1]
    must_quote = any(ch in value for ch in (delimiter, _QUOTE, "\r", "\n")) or value != value.strip()
    if kind.startswith("csv-quoted") or must_quote:
        return _QUOTE + value.replace(_QUOTE, _QUOTE * 2) + _QUOTE
    return value


def _read_with_csv(text: str, path: PurePosixPath | str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=_QUOTE, strict=True)
    try:
        return [row for row in reader if row]
    except csv.Error as exc:
        raise MalformedFileError(f"invalid CSV: {exc}", path=path, line=reader.line_num or None) from exc


class _Scanner:
    """RFC 4180 cells with positions: quoted cells double their quotes, rows end at any line break."""

    def __init__(self, text: str, path: PurePosixPath | str, delimiter: str) -> None:
        self.text = text
        self.path = path
        self.delimiter = delimiter
        self._unquoted_end = re.compile(re.escape(delimiter) + r"|\r\n|\n|\r")
        self._line_of = LineCounter(text)

    def rows(self) -> list[list[Cell]]:
        rows: list[list[Cell]] = []
        row: list[Cell] = []
        pos = 0
        text = self.text
        while pos < len(text):
            cell = self._cell(pos)
            row.append(cell)
            pos = cell.end
            if text.startswith(self.delimiter, pos):
                pos += len(self.delimiter)
                if pos == len(text):
                    row.append(Cell("", pos, pos, False, self._line_of(pos)))
                continue
            pos += 2 if text.startswith("\r\n", pos) else 1
            if not (len(row) == 1 and not row[0].quoted and not row[0].value):
                rows.append(row)
            row = []
        if row:
            rows.append(row)
        return rows

    def _cell(self, pos: int) -> Cell:
        text = self.text
        line = self._line_of(pos)
        if not text.startswith(_QUOTE, pos):
            match = self._unquoted_end.search(text, pos)
            end = match.start() if match else len(text)
            return Cell(text[pos:end], pos, end, False, line)
        i = pos + 1
        while True:
            close = text.find(_QUOTE, i)
            if close < 0:
                raise MalformedFileError("unterminated quoted CSV cell", path=self.path, line=line)
            if text.startswith(_QUOTE, close + 1):
                i = close + 2
                continue
            value = text[pos + 1 : close].replace(_QUOTE * 2, _QUOTE)
            return Cell(value, pos, close + 1, True, line)
