"""Apple ``.strings`` files (iOS and macOS): ``"key" = "value";`` with comments.

translate-toolkit reads them through its properties dialects (``strings`` for
UTF-16, ``strings-utf8``); a small tokenizer finds each value's quotes.
"""

from __future__ import annotations

import logging
import re
from pathlib import PurePosixPath

from translate.storage import properties as ttk_properties

from content.base import decode_text, line_of
from content.catalog_formats.base import CatalogFormat, Entry, bom_codec, parse_with
from locflow.model.errors import MalformedFileError

__all__ = ["AppleStringsFormat"]

log = logging.getLogger(__name__)

_TOKEN = re.compile(
    r'(?P<skip>[\s\ufeff]+|/\*.*?\*/|//[^\n]*)|(?P<string>"(?:[^"\\]|\\.)*")|(?P<word>[^\s=;"/]+)|(?P<punct>[=;])',
    re.S,
)
_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'"}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _unquote(token: str) -> str:
    if not token.startswith('"'):
        return token
    return re.sub(r"\\(.)", lambda m: _UNESCAPES.get(m.group(1), m.group(1)), token[1:-1], flags=re.S)


def _tokens(text: str, path: PurePosixPath) -> list[re.Match]:
    """Strings, bare words, ``=`` and ``;``; whitespace and comments dropped."""
    tokens = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise MalformedFileError(f"unexpected {text[pos]!r}", path=path, line=line_of(text, pos))
        if match.lastgroup != "skip":
            tokens.append(match)
        pos = match.end()
    return tokens


def _pairs(text: str, path: PurePosixPath) -> list[tuple[str, int, int]]:
    """(key, value start, value end) of every ``key = value;`` in order (inside the quotes)."""
    tokens = _tokens(text, path)
    pairs = []
    for i in range(0, len(tokens), 4):
        key, equals, value, end = (tokens[i : i + 4] + [None] * 3)[:4]
        if not (equals and value and end and equals.group() == "=" and end.group() == ";"):
            raise MalformedFileError('expected "key" = "value";', path=path, line=line_of(text, key.start()))
        quoted = value.lastgroup == "string"
        pairs.append((_unquote(key.group()), value.start() + quoted, value.end() - quoted))
    return pairs


def _warn_unread(found: list[tuple[str, int, int]], store, path: PurePosixPath) -> None:
    """translate-toolkit skips some odd layouts (a comment between key and ``=``); say so."""
    unread = {key for key, _, _ in found} - {unit.name for unit in store.units}
    if unread:
        log.warning("%s: not extracted (translate-toolkit did not read them): %s", path, ", ".join(sorted(unread)))


class AppleStringsFormat(CatalogFormat):
    name = "strings"
    extensions = (".strings",)

    def decode(self, data: bytes, path: PurePosixPath) -> tuple[str, str]:
        codec = bom_codec(data)
        if codec is None and data[1:2] == b"\x00":
            codec = "utf-16-le"
        elif codec is None and data[:1] == b"\x00":
            codec = "utf-16-be"
        return decode_text(data, path, codec or "utf-8")

    def entries(self, text: str, data: bytes, path: PurePosixPath) -> list[Entry]:
        utf16 = (bom_codec(data) or "").startswith("utf-16") or b"\x00" in data[:2]
        store = parse_with(ttk_properties.propfile(personality="strings" if utf16 else "strings-utf8"), data, path)
        found = _pairs(text, path)
        _warn_unread(found, store, path)
        pairs = iter(found)
        entries = []
        for unit in store.units:
            if not unit.name:
                continue
            for key, start, end in pairs:
                if key == unit.name:
                    entries.append(Entry(unit.getid(), start, end, unit.source, note=unit.getnotes().strip()))
                    break
            else:
                raise MalformedFileError(f"cannot find the value of {unit.name!r}", path=path)
        return entries

    def escape(self, text: str, kind: str) -> str:
        return "".join(_ESCAPES.get(ch, ch) for ch in text)
