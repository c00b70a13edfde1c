"""PO files as QA units: what ``locflow qa FILE.po`` checks.

The entries of a PO file become :class:`~qa_checks.CheckedUnit` objects: the
``msgid`` and ``msgstr`` (or each ``msgstr[n]``) as text segments, with the
entry's context, flags, comments and the line of its ``msgstr``. Obsolete
entries, the header and gettext's translator-credits entries are left out, fuzzy
entries too unless asked for.

polib is the reference for what a PO file holds, but reading a large file with
it costs more than checking it, so :mod:`locflow.pipeline.qa_po_scan` reads it
first, and polib reads only what that leaves: files of simple entries (most
files gettext tools write) come as columns, and their units are built in one
pass; other files come entry by entry. The tests compare both with polib on
every PO file we have.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Mapping, Sequence
from itertools import compress, count, repeat
from operator import add, is_not
from pathlib import Path
from typing import Any

import polib

from locflow.errors import MalformedFileError, UsageError
from locflow.model import Locale, LocaleError, Segment
from locflow.pipeline.qa_po_scan import PoSyntax, SimplePo, decode_po, read_simple, scan_text
from qa_checks import CheckedUnit
from qa_checks.base import text_only_unit
from qa_checks.collector import gc_paused

__all__ = ["read_po_units", "msgstr_lines"]

log = logging.getLogger(__name__)

_PLURAL_FORMS_COUNT = "nplurals="
#: gettext conventions whose "translation" lists translators, not text: nothing to check
_CREDIT_MSGIDS = frozenset({"translator-credits", "translator_credits", "Your names", "Your emails"})
_EMPTY_SEGMENT = Segment()
_NO_FLAGS: frozenset[str] = frozenset()


def read_po_units(
    path: str | Path,
    *,
    source_locale: Locale | None = None,
    target_locale: Locale | None = None,
    include_fuzzy: bool = False,
) -> list[CheckedUnit]:
    """The entries of a PO file as units (obsolete entries skipped, fuzzy ones unless asked).

    Each unit's ``line`` is its ``msgstr`` line; plural entries carry every
    ``msgstr[n]`` line and the header's plural rule.
    """
    path = Path(path)
    with gc_paused():
        return _PoFile(path, source_locale, target_locale, include_fuzzy).units()


class _PoFile:
    """One PO file being read: where it is and what the caller asked for."""

    def __init__(self, path: Path, source: Locale | None, target: Locale | None, include_fuzzy: bool) -> None:
        self.path, self.name = path, str(path)
        self.source_override, self.target_override = source, target
        self.include_fuzzy = include_fuzzy

    def units(self) -> list[CheckedUnit]:
        text = self.text()
        simple = read_simple(text) if text is not None else None
        units = self.simple_units(simple) if simple is not None else self.entry_units(text)
        log.debug("%s: %d units", self.path, len(units))
        return units

    def text(self) -> str | None:
        """The decoded file, or None when only polib can tell what it is."""
        try:
            return decode_po(self.path.read_bytes())
        except (OSError, UnicodeDecodeError, LookupError) as exc:
            log.debug("%s: read by polib (%s)", self.path, exc)
            return None

    def locales(self, metadata: Mapping[str, str]) -> tuple[Locale, Locale]:
        source = self.source_override or _locale(metadata.get("X-Source-Language", "") or "en", "the source locale", self.path)
        return source, _target_locale(metadata, self.path, self.target_override)

    # -- files of simple entries, in one pass ------------------------------------------

    def simple_units(self, po: SimplePo) -> list[CheckedUnit]:
        """The units of a file of simple entries, the text pairs built in one pass."""
        source, target = self.locales(po.metadata)
        rows = self.kept_rows(po)
        units = self.text_pairs(po, rows, source, target)
        if po.plurals:
            plural_count, plural_expr = _plural_rule(po.metadata)
            for position, row in enumerate(rows):
                if row in po.plurals:
                    lines = tuple(po.plurals[row].lines)
                    units[position] = _po_unit(po.entry(row), self.name, source, target, lines, plural_count, plural_expr)
        return units

    def kept_rows(self, po: SimplePo) -> Sequence[int]:
        """The rows that become units: not translator credits, not fuzzy unless asked."""
        skip_fuzzy = not self.include_fuzzy and any("fuzzy" in flags for flags in set(po.flags))
        if not skip_fuzzy and _CREDIT_MSGIDS.isdisjoint(po.msgid):
            return range(len(po.msgid))  # every row, as in most files
        return [
            row
            for row, (msgid, flags) in enumerate(zip(po.msgid, po.flags))
            if msgid not in _CREDIT_MSGIDS and not (skip_fuzzy and "fuzzy" in flags)
        ]

    def text_pairs(self, po: SimplePo, rows: Sequence[int], source: Locale, target: Locale) -> list[CheckedUnit]:
        """The units of these rows as text pairs (plural rows are replaced after).

        Each unit's fields are one dictionary; those most units leave at their
        default (context, flags, note) are only set where they are not.
        """
        columns = (po.msgid, po.msgstr, po.msgctxt, po.flags, po.msgstr_lines, _notes(po.tcomment, po.comment))
        if not isinstance(rows, range):
            columns = tuple([column[row] for row in rows] for column in columns)
        msgids, msgstrs, msgctxts, flags, lines, notes = columns
        fuzzy = {row_flags: "fuzzy" in row_flags for row_flags in set(flags)}
        values = [
            {
                "key": msgid,
                "source_locale": source,
                "target_locale": target,
                "file": self.name,
                "line": line,
                "state": "fuzzy" if is_fuzzy else ("translated" if msgstr else "new"),
                # the segments are made from these when read (see text_only_unit)
                "source_text": msgid,
                "target_text": msgstr,
            }
            for msgid, msgstr, line, is_fuzzy in zip(msgids, msgstrs, lines, map(fuzzy.__getitem__, flags))
        ]
        for row in compress(count(), map(is_not, msgctxts, repeat(None))):
            values[row].update(key=msgctxts[row], context=msgctxts[row])
        flag_sets = {row_flags: frozenset(row_flags) for row_flags in fuzzy}
        for row in compress(count(), flags):
            values[row]["flags"] = flag_sets[flags[row]]
        for row in compress(count(), notes):
            values[row]["note"] = notes[row]
        return _new_units(values)

    # -- any other file, entry by entry -------------------------------------------------

    def entry_units(self, text: str | None) -> list[CheckedUnit]:
        entries, metadata, lines = self.entries(text)
        source, target = self.locales(metadata)
        plural_count, plural_expr = _plural_rule(metadata)
        line_index = 0
        units = []
        for entry in entries:
            if entry.obsolete or (entry.msgid == "" and entry.msgctxt is None):
                continue
            if entry.msgid in _CREDIT_MSGIDS:
                line_index += 1
                continue
            # the entry's msgstr lines are the first ones after its msgid line
            while line_index < len(lines) and lines[line_index] < entry.linenum:
                line_index += 1
            count = len(entry.msgstr_plural) if entry.msgid_plural else 1
            entry_lines = tuple(lines[line_index : line_index + count])
            line_index += count
            if entry.fuzzy and not self.include_fuzzy:
                continue
            units.append(_po_unit(entry, self.name, source, target, entry_lines, plural_count, plural_expr))
        return units

    def entries(self, text: str | None) -> tuple[Sequence[Any], Mapping[str, str], list[int]]:
        """Entries, header metadata and ``msgstr`` line numbers: by the fast reader, else by polib."""
        if text is not None:
            try:
                return scan_text(text)
            except PoSyntax as exc:
                log.debug("%s: read by polib (%s)", self.path, exc)
        po = _parse_po(self.path)
        return list(po), po.metadata, msgstr_lines(self.path)


def _locale(tag: str, what: str, path: Path) -> Locale:
    try:
        return Locale(tag)
    except LocaleError as exc:
        raise UsageError(f"{path}: {what} {tag!r} is not a valid locale: {exc}") from exc


def _parse_po(path: Path) -> polib.POFile:
    try:
        return polib.pofile(str(path), wrapwidth=0)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        message = str(exc)
        line = None
        marker = "(line "
        if marker in message:
            digits = message.split(marker, 1)[1].split(")", 1)[0]
            line = int(digits) if digits.isdigit() else None
            message = message.split(" (line")[0]
        raise MalformedFileError(f"not a valid PO file: {message}", path=path, line=line) from exc


def msgstr_lines(path: Path) -> list[int]:
    """The line number of every ``msgstr``/``msgstr[n]`` line, in file order."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        return [number for number, line in enumerate(handle, 1) if line.startswith("msgstr")]


def _target_locale(metadata: Mapping[str, str], path: Path, override: Locale | None) -> Locale:
    if override is not None:
        return override
    tag = (metadata.get("Language") or "").strip()
    if not tag:
        raise UsageError(f"{path}: no Language header; give the target locale with --target-locale")
    return _locale(tag, "the Language header", path)


def _plural_rule(metadata: Mapping[str, str]) -> tuple[int | None, str | None]:
    header = metadata.get("Plural-Forms", "")
    if _PLURAL_FORMS_COUNT not in header:
        return None, None
    count = header.split(_PLURAL_FORMS_COUNT, 1)[1].split(";", 1)[0].strip()
    expr = header.split("plural=", 1)[1].strip().rstrip(";") if "plural=" in header else None
    return (int(count) if count.isdigit() else None), expr


def _po_unit(
    entry: Any,
    file: str,
    source: Locale,
    target: Locale,
    lines: tuple[int, ...],
    plural_count: int | None,
    plural_expr: str | None,
) -> CheckedUnit:
    tcomment, comment = entry.tcomment, entry.comment
    msgid, msgctxt, flags = entry.msgid, entry.msgctxt, entry.flags
    fuzzy = "fuzzy" in flags
    common = dict(
        key=msgctxt if msgctxt is not None else msgid,
        source_locale=source,
        target_locale=target,
        file=file,
        line=lines[0] if lines else entry.linenum,
        note=_note(tcomment, comment),
        state="fuzzy" if fuzzy else ("translated" if entry.translated() else "new"),
        flags=frozenset(flags) if flags else _NO_FLAGS,
        context=msgctxt or "",
    )
    if not entry.msgid_plural:
        msgstr = entry.msgstr
        # the segments are made from the texts when read (see text_only_unit)
        common.update(source_text=msgid, target_text=msgstr)
        return text_only_unit(common)
    forms = [_text_segment(entry.msgstr_plural[i]) for i in sorted(entry.msgstr_plural)]
    return CheckedUnit(
        source=_text_segment(msgid),
        target=forms[0] if forms else Segment(),
        plurals=tuple(forms[1:]),
        source_plural=_text_segment(entry.msgid_plural),
        plural_count=plural_count,
        plural_expr=plural_expr,
        plural_lines=lines,
        **common,  # type: ignore[arg-type]
    )


def _note(tcomment: str, comment: str) -> str:
    """The translator's and the extracted comments, as one note."""
    return f"{tcomment}\n{comment}" if tcomment and comment else (tcomment or comment)


def _notes(tcomments: Sequence[str], comments: Sequence[str]) -> list[str]:
    """:func:`_note` of each row, called only where there is a comment."""
    notes = [""] * len(tcomments)
    for row in compress(count(), map(add, tcomments, comments)):
        notes[row] = _note(tcomments[row], comments[row])
    return notes


def _text_segment(text: str) -> Segment:
    """``Segment.text_only(text)`` without the general normalisation a single string does not need."""
    if not text:
        return _EMPTY_SEGMENT
    segment = object.__new__(Segment)
    object.__setattr__(segment, "parts", (text,))
    return segment


def _new_units(values: Sequence[dict[str, Any]]) -> list[CheckedUnit]:
    """:func:`qa_checks.base.text_only_unit` of each, made in C (building 50,000 units
    the usual way costs more than reading the file)."""
    units = list(map(object.__new__, repeat(CheckedUnit, len(values))))
    deque(map(object.__setattr__, units, repeat("__dict__"), values), maxlen=0)
    return units
