"""Java ``.properties`` resource bundles.

translate-toolkit's ``propfile`` reads keys, values (escapes and line
continuations resolved) and comments; a scanner that follows the
``java.util.Properties`` grammar finds where each value stands, so that an
untranslated value keeps its ``\\u00e9`` escapes and continuation lines.

A translated value is written on one line. Non-ASCII characters are written
as they are only when the file already holds raw non-ASCII text in an encoding
that can hold them; otherwise as ``\\uXXXX`` (what Java before 9 expects).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath

from translate.storage import properties as ttk_properties

from content.base import decode_text
from content.catalog_formats.base import CatalogFormat, Entry, bom_codec, parse_with
from locflow.model import Part
from locflow.model.errors import MalformedFileError

__all__ = ["PropertiesFormat", "locate_values", "unicode_escape"]

_LINE_END = re.compile(r"\r\n|\r|\n")
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f"}


def unicode_escape(char: str) -> str:
    """``\\uXXXX`` for a character (a surrogate pair beyond the BMP)."""
    encoded = char.encode("utf-16-be")
    return "".join(f"\\u{int.from_bytes(encoded[i : i + 2], 'big'):04x}" for i in range(0, len(encoded), 2))


def _logical_lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each key/value line, joined over ``\\`` continuations; comments skipped."""
    pos = 0
    while pos < len(text):
        end, after = _natural_line(text, pos)
        content = text[pos:end].lstrip(" \t\f")
        if not content or content[0] in "#!":
            pos = after
            continue
        start = end - len(content)
        while _continues(text[pos:end]) and after < len(text):
            pos = after
            end, after = _natural_line(text, pos)
        yield start, end
        pos = after


def _natural_line(text: str, pos: int) -> tuple[int, int]:
    match = _LINE_END.search(text, pos)
    return (match.start(), match.end()) if match else (len(text), len(text))


def _continues(line: str) -> bool:
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1


def _split(text: str, start: int, end: int) -> tuple[str, int]:
    """The raw key of a logical line and where its value starts."""
    i = start
    while i < end and text[i] not in "=: \t\f":
        i += 2 if text[i] == "\\" else 1
    key_end = min(i, end)
    while i < end and text[i] in " \t\f":
        i += 1
    if i < end and text[i] in "=:":
        i += 1
        while i < end and text[i] in " \t\f":
            i += 1
    return text[start:key_end], i


def locate_values(text: str, raw_keys: Sequence[str], path: PurePosixPath) -> list[tuple[int, int]]:
    """Value spans for ``raw_keys``, in file order, found by scanning forward."""
    lines = iter(_logical_lines(text))
    spans: list[tuple[int, int]] = []
    for raw_key in raw_keys:
        for start, end in lines:
            key, value_start = _split(text, start, end)
            if key == raw_key:
                spans.append((value_start, end))
                break
        else:
            raise MalformedFileError(f"cannot find the value of {raw_key!r}", path=path)
    return spans


class PropertiesFormat(CatalogFormat):
    name = "properties"
    extensions = (".properties",)

    def decode(self, data: bytes, path: PurePosixPath) -> tuple[str, str]:
        codec = bom_codec(data)
        if codec is None:
            try:
                return data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                codec = "iso-8859-1"  # the encoding java.util.Properties has always assumed
        return decode_text(data, path, codec)

    def entries(self, text: str, data: bytes, path: PurePosixPath) -> list[Entry]:
        store = parse_with(ttk_properties.propfile(personality=_personality(data)), data, path)
        units = [u for u in store.units if u.name and not u.isblank()]
        spans = locate_values(text, [u.name for u in units], path)
        raw_charset = _raw_charset(text, data)
        return [
            Entry(u.getid(), start, end, u.source, note=u.getnotes().strip(), escape=raw_charset)
            for u, (start, end) in zip(units, spans)
        ]

    def escape(self, text: str, kind: str) -> str:
        return "".join(_ESCAPES.get(ch) or (ch if _fits(ch, kind) else unicode_escape(ch)) for ch in text)

    def render(self, parts: Sequence[Part], kind: str) -> str:
        value = super().render(parts, kind)
        stripped = value.lstrip(" ")
        return "\\ " * (len(value) - len(stripped)) + stripped  # leading blanks would be skipped


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _personality(data: bytes) -> str:
    """translate-toolkit's dialect for the file's encoding."""
    if (bom_codec(data) or "").startswith("utf-16"):
        return "java-utf16"
    return "java-utf8" if _is_utf8(data) else "java"


def _raw_charset(text: str, data: bytes) -> str:
    """Which characters a translation may write raw: those of the file's own raw non-ASCII text."""
    if text.isascii():
        return "ascii"
    return "utf-8" if _is_utf8(data) or bom_codec(data) else "iso-8859-1"


def _fits(char: str, charset: str) -> bool:
    return char.isascii() or charset == "utf-8" or (charset == "iso-8859-1" and ord(char) < 256)
