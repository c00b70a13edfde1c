"""Gettext PO/POT files as a *source* format (a widget's ``messages.pot``).

Every message of the source-language catalog becomes a unit: ``msgid`` is the
source, ``msgid_plural`` a second unit ``<key>[plural]``. Extracted comments
and references become the unit note; the format flags (``c-format``,
``python-brace-format``...) decide which placeholders are protected.

polib parses the file (values, flags, comments, and syntax errors with their
line); a small line scanner finds *where* each entry's ``msgstr`` lines are,
so that merging splices new ``msgstr`` lines into the original text and
leaves every other byte (comments, wrapping, obsolete entries) alone.

Source-as-target gives back the original file: a message whose segments are
all untranslated (or equal to their source) keeps its ``msgstr`` exactly as
it was. Writing the English text into ``msgstr`` would turn a POT into an
"English translation" and lose what the file said; gettext already falls
back to ``msgid`` for an empty ``msgstr``. As soon as one message is
translated, the output is a catalog for the target locale: ``Language`` and
``Plural-Forms`` come from Babel, the header loses its ``fuzzy`` flag, and
plural messages get exactly ``nplurals`` forms (see :func:`plural_msgstrs`).
"""

from __future__ import annotations

import codecs
import gettext
import logging
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import polib

from content.base import SkeletonFilter, build_unit, decode_text
from content.catalog_formats.base import bom_codec
from locflow.model import (
    Code,
    CodeIds,
    CodeKind,
    Document,
    Locale,
    Part,
    Segment,
    SpanKind,
    Unit,
    find_protected_spans,
    message_key,
)
from locflow.model.errors import MalformedFileError
from locflow.model.protect import PATTERNS

__all__ = ["PoFilter", "plural_msgstrs"]

log = logging.getLogger(__name__)

#: Suffix of the unit holding an entry's ``msgid_plural``.
PLURAL_SUFFIX = "[plural]"

#: Format flags and the placeholder family each one declares.
_FORMAT_FAMILIES: dict[str, str] = {
    **dict.fromkeys(
        ("c", "objc", "python", "php", "perl", "awk", "lua", "ruby", "javascript", "gcc-internal", "gfc-internal"),
        "printf",
    ),
    **dict.fromkeys(("python-brace", "csharp", "java", "c++", "rust"), "brace"),
}
_PLACEHOLDER_FAMILIES = {
    "printf": re.compile(PATTERNS["printf"]),
    "brace": re.compile(f"(?:{PATTERNS['brace']})|(?:{PATTERNS['double_brace']})"),
}
_CHARSET = re.compile(r"charset=([A-Za-z0-9_.:\-]+)")
_POLIB_LINE = re.compile(r"\(line (\d+)\)")
_HEADER_FIELD = re.compile(r"^([\w-]+):", re.M)


# -- where things are: a line scanner aligned with polib's entries ---------------


@dataclass
class _RawEntry:
    """Line positions of one non-obsolete entry (0-based line indexes)."""

    first_line: int
    msgid_line: int = 0
    flags_line: int | None = None
    msgstr_start: int | None = None
    msgstr_end: int | None = None
    _field: str = ""
    values: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str | None:
        return self.values.get("msgid")

    @property
    def msgctxt(self) -> str | None:
        return self.values.get("msgctxt")

    @property
    def in_msgstr(self) -> bool:
        return self.msgstr_start is not None


_KEYWORDS = frozenset({"msgctxt", "msgid", "msgid_plural", "msgstr"})
_PLURAL_MSGSTR = re.compile(r"msgstr\[\d+\]")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _quoted(text: str, path: PurePosixPath, index: int) -> str:
    """The unescaped content of a PO string literal (``"..."``)."""
    literal = text.strip()
    if not _STRING.fullmatch(literal):
        raise MalformedFileError("unterminated string", path=path, line=index + 1)
    return polib.unescape(literal[1:-1])


class _EntryScanner:
    """Finds each non-obsolete entry's flags line and msgstr lines.

    Lines are classified the way polib does (stripped, then by their first
    token), so the entries found here are the ones polib returns, in order.
    """

    def __init__(self, path: PurePosixPath) -> None:
        self.path = path
        self.entries: list[_RawEntry] = []
        self.current: _RawEntry | None = None

    def scan(self, lines: Sequence[str]) -> list[_RawEntry]:
        for index, line in enumerate(lines):
            stripped = line.strip().lstrip("\ufeff")
            if not stripped:
                self._end_after_msgstr()
            elif stripped.startswith('"'):
                self._continuation(stripped, index)
            elif stripped.startswith("#~"):
                self._end_after_msgstr()
                self.current = None  # comments above an obsolete entry belong to it
            elif stripped.startswith("#"):
                self._comment(stripped, index)
            else:
                self._keyword(stripped, index)
        self._finish()
        _check_unique(self.entries, self.path)
        return self.entries

    def _entry(self, index: int) -> _RawEntry:
        if self.current is None:
            self.current = _RawEntry(first_line=index)
        return self.current

    def _end_after_msgstr(self) -> None:
        if self.current is not None and self.current.in_msgstr:
            self._finish()

    def _finish(self) -> None:
        entry, self.current = self.current, None
        if entry is not None and entry.msgid is not None:
            if not entry.in_msgstr:
                raise MalformedFileError("message without msgstr", path=self.path, line=entry.msgid_line + 1)
            self.entries.append(entry)

    def _continuation(self, stripped: str, index: int) -> None:
        entry = self.current
        if entry is not None and entry._field:
            entry.values[entry._field] += _quoted(stripped, self.path, index)
            if entry.in_msgstr:
                entry.msgstr_end = index + 1

    def _comment(self, stripped: str, index: int) -> None:
        self._end_after_msgstr()
        if stripped.split(None, 1)[0] == "#,":
            self._entry(index).flags_line = index
        else:
            self._entry(index)

    def _keyword(self, stripped: str, index: int) -> None:
        keyword = stripped.split(None, 1)[0]
        is_msgstr = keyword == "msgstr" or bool(_PLURAL_MSGSTR.fullmatch(keyword))
        if not is_msgstr:
            self._end_after_msgstr()
        if keyword not in _KEYWORDS and not is_msgstr:
            message = f"not a valid PO file: unknown keyword {keyword!r}"
            raise MalformedFileError(message, path=self.path, line=index + 1)
        entry = self._entry(index)
        if keyword in ("msgctxt", "msgid") and entry.msgid is not None:
            raise MalformedFileError("message without msgstr", path=self.path, line=entry.msgid_line + 1)
        if is_msgstr and entry.msgid is None:
            raise MalformedFileError("msgstr without msgid", path=self.path, line=index + 1)
        rest = stripped[len(keyword) :]
        entry._field = keyword
        entry.values[keyword] = _quoted(rest, self.path, index) if rest.strip() else ""  # `msgstr[0]` alone is valid
        if keyword == "msgid":
            entry.msgid_line = index
        if is_msgstr:
            if entry.msgstr_start is None:
                entry.msgstr_start = index
            entry.msgstr_end = index + 1


def _check_unique(entries: Sequence[_RawEntry], path: PurePosixPath) -> None:
    """gettext refuses a second definition of the same (msgctxt, msgid); so do we."""
    first: dict[tuple[str | None, str | None], int] = {}
    for entry in entries:
        ident = (entry.msgctxt, entry.msgid)
        if ident in first:
            raise MalformedFileError(
                f"duplicate message definition (first defined at line {first[ident]})",
                path=path,
                line=entry.msgid_line + 1,
            )
        first[ident] = entry.msgid_line + 1


# -- reading ---------------------------------------------------------------------


def _detect_encoding(data: bytes) -> str:
    """The codec of the file: from its BOM, else the header's charset (UTF-8 for ``CHARSET``).

    UTF-16 is decoded with an explicit byte order so the BOM stays in the text
    (polib skips it) and is written back as it was.
    """
    codec = bom_codec(data)
    if codec is not None:
        return codec
    match = _CHARSET.search(data.decode("latin-1"))
    if match is None or match.group(1).upper() == "CHARSET":
        return "utf-8"
    return match.group(1)


_LOOSE_COMMENT = re.compile(r"^([ \t]*#~?)(?=[^\s,.:|~])", re.M)


def _parse_polib(text: str, encoding: str, path: PurePosixPath) -> polib.POFile:
    """Parse with polib; ``#comment`` and ``#~msgid`` (valid for gettext) are shown to it with a space."""
    try:
        return polib.pofile(_LOOSE_COMMENT.sub(r"\1 ", text), encoding=encoding, wrapwidth=0)
    except (OSError, ValueError) as exc:
        match = _POLIB_LINE.search(str(exc))
        raise MalformedFileError(
            f"not a valid PO file: {exc}", path=path, line=int(match.group(1)) if match else None
        ) from exc


def _protected_families(flags: Sequence[str]) -> set[str] | None:
    """Placeholder families to protect, or ``None`` for "all" when no format flag is set."""
    declared: set[str] = set()
    denied: set[str] = set()
    for flag in flags:
        name = flag.removeprefix("no-").removesuffix("-format")
        if not flag.endswith("-format") or name not in _FORMAT_FAMILIES:
            continue
        (denied if flag.startswith("no-") else declared).add(_FORMAT_FAMILIES[name])
    if declared:
        return declared
    if denied:
        return set(_PLACEHOLDER_FAMILIES) - denied
    return None


def _protect_message(text: str, ids: CodeIds, families: set[str] | None) -> list[Part]:
    """Like :func:`locflow.model.protect`, but placeholders only of the declared families."""
    parts: list[Part] = []
    pos = 0
    for span in find_protected_spans(text):
        data = text[span.start : span.end]
        if span.type == SpanKind.PLACEHOLDER and families is not None:
            if not any(_PLACEHOLDER_FAMILIES[f].fullmatch(data) for f in families):
                continue
        parts.append(text[pos : span.start])
        parts.append(Code(ids.next(), CodeKind.STANDALONE, data, span.type))
        pos = span.end
    parts.append(text[pos:])
    return parts


def _note(entry: polib.POEntry) -> str:
    lines = [entry.comment] if entry.comment else []
    if entry.occurrences:
        places = ", ".join(f"{name}:{line}" if line else name for name, line in entry.occurrences)
        lines.append(f"References: {places}")
    if entry.msgctxt:
        lines.append(f"Context: {entry.msgctxt}")
    return "\n".join(lines)


def _unit_keys(entries: Sequence[polib.POEntry], path: PurePosixPath) -> list[str]:
    """msgctxt, else msgid; ``msgctxt::msgid`` when several messages share a context."""
    bases = [entry.msgctxt or entry.msgid for entry in entries]
    counts = Counter(bases)
    keys: list[str] = []
    seen: dict[str, int] = {}
    for entry, base in zip(entries, bases):
        key = message_key(entry.msgctxt, entry.msgid, context_shared=counts[base] > 1)
        if key in seen:
            raise MalformedFileError(f"duplicate message {key!r}", path=path, line=entry.linenum)
        seen[key] = entry.linenum
        keys.append(key)
    return keys


# -- writing ---------------------------------------------------------------------


def plural_msgstrs(singular: str, plural: str, locale: Locale, *, singular_is_generic: bool) -> list[str]:
    """Fill all ``nplurals`` forms of ``locale`` from a singular and a plural translation.

    Every form gets the plural translation, except the form gettext picks for
    ``n == 1``: it gets the singular translation when that form is used for
    ``n == 1`` alone (German, French...) or when the singular carries the same
    placeholders as the plural (``"%d file"``), so it is right for any number.
    Languages with one form (Japanese) thus get the plural text, and Russian's
    form 0 (1, 21, 31...) gets "One file" only if it says ``%d``.
    """
    count = locale.plural_count
    expression = locale.plural_forms_header.split("plural=", 1)[1].rstrip("; ")
    choose = gettext.c2py(expression)
    one = choose(1)
    exclusive = all(choose(n) != one for n in range(0, 1001) if n != 1)
    forms = [plural] * count
    if exclusive or singular_is_generic:
        forms[one] = singular
    return forms


def _msgstr_lines(keyword: str, value: str, newline: str) -> str:
    """A msgstr in gettext's layout: one line, or ``""`` then one line per ``\\n``."""
    if "\n" not in value[:-1]:
        return f'{keyword} "{polib.escape(value)}"{newline}'
    pieces = re.split(r"(?<=\n)(?=.)", value, flags=re.S)
    lines = [f'{keyword} ""'] + [f'"{polib.escape(piece)}"' for piece in pieces]
    return newline.join(lines) + newline


def _updated_header(header: str, locale: Locale, charset: str) -> str:
    """The header with Language, Plural-Forms and charset set for ``locale``."""
    values = {
        "Language": locale.posix,
        "Plural-Forms": locale.plural_forms_header,
        "Content-Type": f"text/plain; charset={charset}",
    }
    lines = header.splitlines()
    for name, value in values.items():
        for i, line in enumerate(lines):
            match = _HEADER_FIELD.match(line)
            if match and match.group(1).lower() == name.lower():
                lines[i] = f"{match.group(1)}: {value}"
                break
        else:
            lines.append(f"{name}: {value}")
    if "MIME-Version" not in header:
        lines.insert(0, "MIME-Version: 1.0")
    return "".join(line + "\n" for line in lines)


def _output_encoding(encoding: str, charset: str | None, written: Sequence[str]) -> tuple[str, str]:
    """The codec and header charset of a translated catalog.

    gettext reads UTF-8 without a BOM (and no UTF-16 at all), so any Unicode
    input is written as plain UTF-8; a legacy charset (cp1251...) is kept
    while it can hold the translations.
    """
    if codecs.lookup(encoding).name.startswith("utf"):
        return "utf-8", "UTF-8"
    try:
        "".join(written).encode(encoding)
    except UnicodeEncodeError:
        log.info("translations do not fit %s; writing UTF-8", encoding)
        return "utf-8", "UTF-8"
    return encoding, charset or encoding


def _without_fuzzy(flags_line: str) -> str:
    """A ``#,`` line without its ``fuzzy`` flag ("" when nothing else is left)."""
    body = flags_line.rstrip("\r\n")
    newline = flags_line[len(body):]
    flags = [f.strip() for f in body.strip()[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
    return f"#, {', '.join(flags)}{newline}" if flags else ""


def _newline_of(line: str) -> str:
    return line[len(line.rstrip("\r\n")):] or "\n"


@dataclass(frozen=True)
class _Edit:
    """Replace ``text[start:end]`` with ``new``."""

    start: int
    end: int
    new: str


class PoFilter(SkeletonFilter):
    """Gettext catalogs in the source language: ``msgid`` in, ``msgstr`` out."""

    name = "po"
    extensions = (".po", ".pot")
    options = {}

    @classmethod
    def sniff(cls, data: bytes, path: PurePosixPath) -> bool:
        return b'msgid "' in data[:65536] and b'msgstr' in data[:65536]

    # -- extract -----------------------------------------------------------------
    def extract(self, data: bytes, *, path: PurePosixPath, locale: Locale) -> Document:
        text, encoding = decode_text(data, path, _detect_encoding(data))
        lines = text.splitlines(keepends=True)
        raw_entries = _EntryScanner(path).scan(lines)
        catalog = _parse_polib(text, encoding, path)
        header_raw = next((r for r in raw_entries if r.msgid == "" and r.msgctxt is None), None)
        if header_raw is not None:
            raw_entries.remove(header_raw)
        entries = [e for e in catalog if not e.obsolete]
        self._check_alignment(entries, raw_entries, path)

        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line))
        units: list[Unit] = []
        messages: list[dict[str, object]] = []
        for entry, raw, key in zip(entries, raw_entries, _unit_keys(entries, path)):
            if not entry.msgid:
                continue
            entry_units = self._units(entry, key, locale)
            units.extend(entry_units)
            if entry_units:
                messages.append(self._message_meta(entry, raw, entry_units, lines, starts))
        charset = _CHARSET.search(header_raw.values.get("msgstr", "")) if header_raw else None
        meta = {
            "charset": charset.group(1) if charset else None,
            "messages": messages,
            "header": self._header_meta(header_raw, lines, starts),
        }
        return Document(path, self.name, tuple(units), (text,), encoding, meta)

    @staticmethod
    def _check_alignment(entries: Sequence[polib.POEntry], raw: Sequence[_RawEntry], path: PurePosixPath) -> None:
        for entry, found in zip(entries, raw):
            if (entry.msgctxt, entry.msgid) != (found.msgctxt, found.msgid):
                raise MalformedFileError("unexpected PO structure", path=path, line=found.msgid_line + 1)
        if len(entries) != len(raw):
            raise MalformedFileError(f"found {len(raw)} messages, polib read {len(entries)}", path=path)

    def _units(self, entry: polib.POEntry, key: str, locale: Locale) -> list[Unit]:
        families = _protected_families(entry.flags)
        note = _note(entry)
        texts = [(key, entry.msgid, "message")]
        if entry.msgid_plural:
            texts.append((key + PLURAL_SUFFIX, entry.msgid_plural, "plural"))
        units = []
        for unit_key, source, kind in texts:
            parts = _protect_message(source, CodeIds(), families)
            units.append(build_unit(unit_key, parts, locale, kind=kind, note=note))
        return [u for u in units if u.segments]

    @staticmethod
    def _message_meta(entry, raw: _RawEntry, units: Sequence[Unit], lines, starts) -> dict[str, object]:
        """Where the entry's msgstr and flags are, and what merging needs to know about it."""
        placeholders = [{c.data for s in unit.segments for c in s.codes} for unit in units]
        return {
            "keys": [unit.key for unit in units],
            "plural": bool(entry.msgid_plural),
            "forms": [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)],
            "generic_singular": placeholders[0] >= placeholders[-1],
            "msgstr": [starts[raw.msgstr_start], starts[raw.msgstr_end]],
            "final_newline": lines[raw.msgstr_end - 1].endswith(("\n", "\r")),
            "flags": None if raw.flags_line is None else [starts[raw.flags_line], starts[raw.flags_line + 1]],
            "newline": _newline_of(lines[raw.msgstr_start]),
        }

    @staticmethod
    def _header_meta(raw: _RawEntry | None, lines, starts) -> dict[str, object] | None:
        if raw is None:
            return None
        return {
            "msgstr": [starts[raw.msgstr_start], starts[raw.msgstr_end]],
            "value": raw.values.get("msgstr", ""),
            "flags": None if raw.flags_line is None else [starts[raw.flags_line], starts[raw.flags_line + 1]],
            "newline": _newline_of(lines[raw.msgstr_start]),
        }

    # -- merge -------------------------------------------------------------------
    def merge(self, document: Document, translations: Mapping[str, Segment], locale: Locale) -> bytes:
        text = document.skeleton[0]
        assert isinstance(text, str)
        units = {unit.key: unit for unit in document.units}
        messages = document.meta["messages"]
        translated = {}
        for index, message in enumerate(messages):
            values = self._translated_values(message, units, translations, locale)
            if values is not None:
                translated[index] = values
        if not translated:
            return text.encode(document.encoding)
        edits: list[_Edit] = []
        for index, message in enumerate(messages):
            if index in translated:
                edits.extend(self._message_edits(text, message, translated[index], locale))
            elif message["plural"] and len(message["forms"]) != locale.plural_count:
                # an untranslated plural still needs the target's number of forms
                forms = message["forms"] or [""]
                edits.extend(self._message_edits(text, message, [forms[0], forms[-1]], locale))
        written = [value for values in translated.values() for value in values]
        encoding, charset = _output_encoding(document.encoding, document.meta["charset"], written)
        edits.extend(self._header_edits(text, document.meta["header"], locale, charset))
        return self._apply(text, edits).lstrip("\ufeff").encode(encoding)

    @staticmethod
    def _translated_values(message, units, translations, locale: Locale) -> list[str] | None:
        """The texts of a message's units with translations applied; None if nothing is translated."""
        changed = False
        values = []
        for key in message["keys"]:
            unit = units[key]
            for segment_key, source in unit.items():
                target = translations.get(segment_key)
                changed = changed or (target is not None and target != source)
            values.append(unit.render(translations, locale))
        return values if changed else None

    def _message_edits(self, text: str, message, values: list[str], locale: Locale) -> list[_Edit]:
        newline = message["newline"]
        if message["plural"]:
            singular, plural = values[0], values[-1]
            forms = plural_msgstrs(singular, plural, locale, singular_is_generic=message["generic_singular"])
            block = "".join(_msgstr_lines(f"msgstr[{i}]", form, newline) for i, form in enumerate(forms))
        else:
            block = _msgstr_lines("msgstr", values[0], newline)
        start, end = message["msgstr"]
        if not message["final_newline"]:
            block = block[: -len(newline)]
        edits = [_Edit(start, end, block)]
        if message["flags"] is not None:
            flags_start, flags_end = message["flags"]
            line = text[flags_start:flags_end]
            if "fuzzy" in line:
                edits.append(_Edit(flags_start, flags_end, _without_fuzzy(line)))
        return edits

    def _header_edits(self, text: str, header, locale: Locale, charset: str) -> list[_Edit]:
        if header is None:
            block = 'msgid ""\nmsgstr ""\n' + "".join(
                f'"{polib.escape(line)}"\n' for line in _updated_header("", locale, charset).splitlines(keepends=True)
            )
            start = 1 if text.startswith("\ufeff") else 0
            return [_Edit(start, start, block + "\n")]
        newline = header["newline"]
        value = _updated_header(header["value"], locale, charset)
        start, end = header["msgstr"]
        edits = [_Edit(start, end, _msgstr_lines("msgstr", value, newline))]
        if header["flags"] is not None:
            flags_start, flags_end = header["flags"]
            edits.append(_Edit(flags_start, flags_end, _without_fuzzy(text[flags_start:flags_end])))
        return edits

    @staticmethod
    def _apply(text: str, edits: Sequence[_Edit]) -> str:
        out: list[str] = []
        pos = 0
        for edit in sorted(edits, key=lambda e: e.start):
            out.append(text[pos : edit.start])
            out.append(edit.new)
            pos = edit.end
        out.append(text[pos:])
        return "".join(out)
