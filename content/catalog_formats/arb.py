"""Flutter ARB files (``app_en.arb``): JSON with ICU MessageFormat messages.

translate-toolkit's ``ARBJsonFile`` reads the messages and their metadata;
``@key`` entries and ``@@locale`` are metadata (never translated) and
``@key.description`` is the unit's note. JSON's own scanner finds each
message's string literal. In a message, ``{name}`` placeholders are codes,
and so is the structure of ``{count, plural, =0{...} other{...}}`` and
``select``: the text of each branch stays translatable.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring
from pathlib import PurePosixPath

from translate.storage.jsonl10n import ARBJsonFile

from content.base import line_of
from content.catalog_formats.base import CatalogFormat, Entry, parse_with
from locflow.model import Code, CodeIds, CodeKind, Locale, Part, SpanKind, protect
from locflow.model.errors import MalformedFileError

__all__ = ["ArbFormat", "icu_parts"]

_DECODER = json.JSONDecoder()
_LOCALE = re.compile(r'("@@locale"\s*:\s*")(?:[^"\\]|\\.)*"')
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_COMPLEX = re.compile(r"\{\s*[\w.-]+\s*,\s*(plural|select|selectordinal)\s*,", re.S)
_SELECTOR = re.compile(r"\s*(?:offset:\s*\d+\s*)?(=\d+|[\w-]+)\s*\{")


def _string_members(text: str, path: PurePosixPath) -> dict[str, tuple[int, int]]:
    """Top-level members whose value is a string: key -> span of the string's content."""
    pos = _WHITESPACE.match(text, text.startswith("\ufeff")).end()
    if text[pos : pos + 1] != "{":
        raise MalformedFileError("an ARB file is a JSON object", path=path, line=line_of(text, pos))
    members: dict[str, tuple[int, int]] = {}
    pos += 1
    while True:
        pos = _WHITESPACE.match(text, pos).end()
        if text[pos] == "}":
            return members
        key, pos = scanstring(text, pos + 1)
        pos = _WHITESPACE.match(text, pos).end() + 1  # the ":"
        pos = _WHITESPACE.match(text, pos).end()
        if text[pos] == '"':
            _, end = scanstring(text, pos + 1)
            members[key] = (pos + 1, end - 1)
            pos = end
        else:
            pos = _DECODER.raw_decode(text, pos)[1]
        pos = _WHITESPACE.match(text, pos).end()
        pos += text[pos] == ","


def _closing_brace(text: str, start: int) -> int:
    """Index of the ``}`` matching the ``{`` at ``start`` (or -1)."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return -1


def icu_parts(message: str, ids: CodeIds, *, in_plural: bool = False) -> list[Part]:
    """An ICU message as text and codes: arguments and plural/select structure are codes."""
    parts: list[Part] = []
    pos = 0
    while (start := message.find("{", pos)) >= 0:
        end = _closing_brace(message, start)
        if end < 0:
            break
        parts.extend(_plain(message[pos:start], ids, in_plural))
        argument = message[start : end + 1]
        complex_ = _COMPLEX.match(argument)
        if complex_:
            parts.extend(_branches(argument, complex_, ids))
        else:
            parts.append(Code(ids.next(), CodeKind.STANDALONE, argument, SpanKind.PLACEHOLDER))
        pos = end + 1
    parts.extend(_plain(message[pos:], ids, in_plural))
    return parts


def _branches(argument: str, header: re.Match, ids: CodeIds) -> list[Part]:
    """``{n, plural, one{...} other{...}}``: everything but the branch texts is code."""
    plural = header.group(1) != "select"
    parts: list[Part] = []
    code_start = 0
    pos = header.end()
    while (selector := _SELECTOR.match(argument, pos)) is not None:
        body_end = _closing_brace(argument, selector.end() - 1)
        parts.append(Code(ids.next(), CodeKind.STANDALONE, argument[code_start : selector.end()], "icu"))
        parts.extend(icu_parts(argument[selector.end() : body_end], ids, in_plural=plural))
        code_start, pos = body_end, body_end + 1
    parts.append(Code(ids.next(), CodeKind.STANDALONE, argument[code_start:], "icu"))
    return parts


def _plain(text: str, ids: CodeIds, in_plural: bool) -> list[Part]:
    """Text between arguments; ``#`` in a plural branch stands for the number."""
    parts: list[Part] = []
    for i, piece in enumerate(text.split("#") if in_plural else [text]):
        if i:
            parts.append(Code(ids.next(), CodeKind.STANDALONE, "#", SpanKind.PLACEHOLDER))
        parts.extend(protect(piece, ids, (SpanKind.URL, SpanKind.EMAIL)))
    return parts


class ArbFormat(CatalogFormat):
    name = "arb"
    extensions = (".arb",)

    def entries(self, text: str, data: bytes, path: PurePosixPath) -> list[Entry]:
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise MalformedFileError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno) from exc
        store = parse_with(ARBJsonFile(), data, path)
        members = _string_members(text, path)
        entries = []
        for unit in store.units:
            key = unit.getid()
            if key.startswith("@") or not isinstance(unit.source, str) or key not in members:
                continue
            start, end = members[key]
            entries.append(Entry(key, start, end, unit.source, note=unit.getnotes().strip()))
        return entries

    def parts(self, entry: Entry, ids: CodeIds) -> list[Part]:
        return icu_parts(entry.source, ids)

    def escape(self, text: str, kind: str) -> str:
        return json.dumps(text, ensure_ascii=False)[1:-1]

    def localize(self, text: str, locale: Locale) -> str:
        """A translated ARB file names its locale in ``@@locale`` (``de``, ``pt_BR``)."""
        return _LOCALE.sub(lambda m: m.group(1) + locale.posix + '"', text, count=1)
