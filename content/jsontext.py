"""JSON strings with their exact place in the text, and how to write a translated one.

The standard :mod:`json` module validates (its errors carry the line) and
decodes each string; a small scanner over the text records where every value
stands, so a filter can splice a translated string in place and leave every
other byte alone: indentation, key order, number spelling and the ``\\uXXXX``
escapes of untouched strings.

Translated strings are escaped in the file's own habits: when the file spells
non-ASCII characters as ``\\uXXXX`` (and has none raw), translations do too;
when it writes ``\\/``, so do translations.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import Any

from locflow.model.errors import MalformedFileError

from content.base import line_of
from content.tree import LineCounter, Path, Scalar, Tree

__all__ = ["parse_json", "encode_string"]

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_WHITESPACE = re.compile(r"[ \t\r\n]*")
_ATOM = re.compile(r"-?(?:\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")
_NON_ASCII_ESCAPE = re.compile(r"\\u(?:00[89a-fA-F][0-9a-fA-F]|0[1-9a-fA-F][0-9a-fA-F]{2}|[1-9a-fA-F][0-9a-fA-F]{3})")


def parse_json(text: str, path: PurePosixPath | str) -> Tree:
    """Parse ``text``; :class:`MalformedFileError` names the file and line of a syntax error.

    Duplicate keys in one object are rejected too: the second would silently
    win in every JSON reader, and two units could not share one key.
    """
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
        scanner = _Scanner(text, _escape_kind(text))
        scanner.value(_WHITESPACE.match(text, 0).end(), ())  # type: ignore[union-attr]
    except json.JSONDecodeError as exc:
        raise MalformedFileError(f"invalid JSON: {exc.msg}", path=path, line=exc.lineno) from exc
    except _DuplicateKey as exc:
        line = _line_of_key(text, exc.key)
        raise MalformedFileError(f"duplicate key {exc.key!r}", path=path, line=line) from exc
    except RecursionError as exc:
        raise MalformedFileError("invalid JSON: nested too deeply", path=path) from exc
    return Tree(data, scanner.scalars, scanner.spans)


def encode_string(value: str, kind: str) -> str:
    """``value`` as a quoted JSON string for a slot of ``kind`` (``json``, ``json-ascii``, ``json-slash``...)."""
    encoded = json.dumps(value, ensure_ascii="ascii" in kind)
    if "slash" in kind:
        encoded = encoded.replace("/", "\\/")
    return encoded


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _line_of_key(text: str, key: str) -> int | None:
    """The line of the second occurrence of ``"key":`` (where the duplicate is)."""
    needle = re.compile(re.escape(json.dumps(key)) + r"\s*:")
    matches = list(needle.finditer(text))
    return line_of(text, matches[1].start()) if len(matches) > 1 else None


def _escape_kind(text: str) -> str:
    """How this file escapes strings, as a slot escape kind."""
    kind = "json"
    if _NON_ASCII_ESCAPE.search(text) and text.isascii():
        kind += "-ascii"
    if "\\/" in text:
        kind += "-slash"
    return kind


class _Scanner:
    """Walks text already validated by :mod:`json`, recording spans and string scalars."""

    def __init__(self, text: str, escape: str) -> None:
        self.text = text
        self.escape = escape
        self.scalars: dict[Path, Scalar] = {}
        self.spans: dict[Path, tuple[int, int]] = {}
        self._line_of = LineCounter(text)

    def value(self, pos: int, where: Path) -> int:
        """Scan the value at ``pos``; return the offset just after it."""
        ch = self.text[pos]
        if ch == "{":
            end = self._object(pos, where)
        elif ch == "[":
            end = self._array(pos, where)
        elif ch == '"':
            end = _STRING.match(self.text, pos).end()  # type: ignore[union-attr]
            value = json.loads(self.text[pos:end])
            self.scalars[where] = Scalar(where, value, pos, end, self.escape, self._line_of(pos))
        else:
            end = _ATOM.match(self.text, pos).end()  # type: ignore[union-attr]
        self.spans[where] = (pos, end)
        return end

    def _skip(self, pos: int) -> int:
        return _WHITESPACE.match(self.text, pos).end()  # type: ignore[union-attr]

    def _object(self, pos: int, where: Path) -> int:
        pos = self._skip(pos + 1)
        while self.text[pos] != "}":
            key_end = _STRING.match(self.text, pos).end()  # type: ignore[union-attr]
            key = json.loads(self.text[pos:key_end])
            pos = self._skip(self._skip(key_end) + 1)  # past the colon
            pos = self._skip(self.value(pos, (*where, key)))
            if self.text[pos] == ",":
                pos = self._skip(pos + 1)
        return pos + 1

    def _array(self, pos: int, where: Path) -> int:
        pos = self._skip(pos + 1)
        index = 0
        while self.text[pos] != "]":
            pos = self._skip(self.value(pos, (*where, index)))
            index += 1
            if self.text[pos] == ",":
                pos = self._skip(pos + 1)
        return pos + 1
