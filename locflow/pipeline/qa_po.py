"""PO files as QA units: what ``locflow qa FILE.po`` checks.

The file is read by the exchange package's PO reader
(:func:`locflow.exchange.po_table.read_po_table`, which the import uses too),
as columns. Each entry becomes a :class:`~qa_checks.CheckedUnit`: the
``msgid`` and ``msgstr`` (or each ``msgstr[n]``) as text segments, with the
entry's context, flags, comments and the line of its ``msgstr``. Gettext's
translator-credits entries are left out (their "translation" lists people),
fuzzy entries too unless asked for. Units of simple entries are made in one
pass over the columns, as building 50,000 units one by one costs more than
reading the file.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Mapping, Sequence
from itertools import compress, count, repeat
from operator import add, is_not
from pathlib import Path
from typing import Any

from locflow.errors import MalformedFileError, UsageError
from locflow.exchange.po_table import PoTable, read_po_table
from locflow.model import Locale, LocaleError, Segment
from qa_checks import CheckedUnit
from qa_checks.collector import gc_paused

__all__ = ["read_po_units", "source_locale_of"]

log = logging.getLogger(__name__)

_PLURAL_FORMS_COUNT = "nplurals="
#: gettext conventions whose "translation" lists translators, not text: nothing to check
_CREDIT_MSGIDS = frozenset({"translator-credits", "translator_credits", "Your names", "Your emails"})
#: what tools write in ``X-Source-Language`` for "the language of the code" (Poedit: ``C``)
_PROGRAM_LANGUAGES = frozenset({"", "c", "posix", "c.utf-8", "c.utf8"})
_DEFAULT_SOURCE = "en"
_EMPTY_SEGMENT = Segment()


def read_po_units(
    path: str | Path,
    *,
    source_locale: Locale | None = None,
    target_locale: Locale | None = None,
    include_fuzzy: bool = False,
) -> list[CheckedUnit]:
    """The live entries of a PO file as units (fuzzy ones only when asked).

    Each unit's ``line`` is its ``msgstr`` line; plural entries carry every
    ``msgstr[n]`` line and the header's plural rule.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MalformedFileError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    with gc_paused():
        table = read_po_table(data, path)
        source = source_locale or source_locale_of(table.header, path)
        target = target_locale or _target_locale(table.header, path)
        units = _Units(table, str(path), source, target).build(include_fuzzy)
    log.debug("%s: %d units", path, len(units))
    return units


def source_locale_of(header: Mapping[str, str], path: Path) -> Locale:
    """The header's ``X-Source-Language``; English where it names none or the program's
    own language (``C``, as Poedit writes it)."""
    tag = header.get("X-Source-Language", "").strip()
    if tag.lower() in _PROGRAM_LANGUAGES:
        tag = _DEFAULT_SOURCE
    return _locale(tag, "X-Source-Language", path)


def _target_locale(header: Mapping[str, str], path: Path) -> Locale:
    tag = header.get("Language", "").strip()
    if not tag:
        raise UsageError(f"{path}: no Language header; give the target locale with --target-locale")
    return _locale(tag, "the Language header", path)


def _locale(tag: str, what: str, path: Path) -> Locale:
    try:
        return Locale(tag)
    except LocaleError as exc:
        raise UsageError(f"{path}: {what} {tag!r} is not a valid locale: {exc}") from exc


class _Units:
    """The units of one table, built column by column."""

    def __init__(self, table: PoTable, file: str, source: Locale, target: Locale) -> None:
        self.table, self.file, self.source, self.target = table, file, source, target

    def build(self, include_fuzzy: bool) -> list[CheckedUnit]:
        rows = self.kept_rows(include_fuzzy)
        units = self.text_pairs(rows)
        plurals = self.table.plurals
        if plurals:
            plural_count, plural_expr = _plural_rule(self.table.header)
            for position, row in enumerate(rows):
                if row in plurals:
                    units[position] = self.plural_unit(row, plural_count, plural_expr)
        return units

    def kept_rows(self, include_fuzzy: bool) -> Sequence[int]:
        """The rows that become units: not translator credits, not fuzzy unless asked."""
        table = self.table
        skip_fuzzy = not include_fuzzy and any("fuzzy" in flags for flags in set(table.flags))
        if not skip_fuzzy and _CREDIT_MSGIDS.isdisjoint(table.msgid):
            return range(len(table))  # every row, as in most files
        return [
            row
            for row, (msgid, flags) in enumerate(zip(table.msgid, table.flags))
            if msgid not in _CREDIT_MSGIDS and not (skip_fuzzy and "fuzzy" in flags)
        ]

    def text_pairs(self, rows: Sequence[int]) -> list[CheckedUnit]:
        """The units of these rows as text pairs (plural rows are replaced after).

        Each unit's fields are one dictionary; those most units leave at their
        default (context, flags, note) are only set where they are not.
        """
        table = self.table
        columns = (table.msgid, table.msgstr, table.msgctxt, table.flags, table.msgstr_line, _notes(table.comments, table.extracted))
        if not isinstance(rows, range):
            columns = tuple([column[row] for row in rows] for column in columns)
        msgids, msgstrs, msgctxts, flags, lines, notes = columns
        fuzzy = {row_flags: "fuzzy" in row_flags for row_flags in set(flags)}
        values = [
            {
                "key": msgid,
                "source_locale": self.source,
                "target_locale": self.target,
                "file": self.file,
                "line": line,
                "state": "fuzzy" if is_fuzzy else ("translated" if msgstr else "new"),
                # the segments are made from these when read (see qa_checks.base.text_only_unit)
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

    def plural_unit(self, row: int, plural_count: int | None, plural_expr: str | None) -> CheckedUnit:
        table, plural = self.table, self.table.plurals[row]
        msgctxt, flags = table.msgctxt[row], table.flags[row]
        forms = [Segment.text_only(form) for form in plural.forms]
        fuzzy = "fuzzy" in flags
        translated = all(plural.forms) and not fuzzy
        return CheckedUnit(
            key=msgctxt if msgctxt is not None else table.msgid[row],
            source=Segment.text_only(table.msgid[row]),
            target=forms[0] if forms else _EMPTY_SEGMENT,
            source_locale=self.source,
            target_locale=self.target,
            file=self.file,
            line=plural.lines[0] if plural.lines else table.msgstr_line[row],
            note=_note(table.comments[row], table.extracted[row]),
            state="fuzzy" if fuzzy else ("translated" if translated else "new"),
            flags=frozenset(flags),
            context=msgctxt or "",
            plurals=tuple(forms[1:]),
            source_plural=Segment.text_only(plural.msgid_plural),
            plural_count=plural_count,
            plural_expr=plural_expr,
            plural_lines=tuple(plural.lines),
        )


def _plural_rule(header: Mapping[str, str]) -> tuple[int | None, str | None]:
    value = header.get("Plural-Forms", "")
    if _PLURAL_FORMS_COUNT not in value:
        return None, None
    number = value.split(_PLURAL_FORMS_COUNT, 1)[1].split(";", 1)[0].strip()
    expr = value.split("plural=", 1)[1].strip().rstrip(";") if "plural=" in value else None
    return (int(number) if number.isdigit() else None), expr


def _note(comments: str, extracted: str) -> str:
    """The translator's and the extracted comments, as one note."""
    return f"{comments}\n{extracted}" if comments and extracted else (comments or extracted)


def _notes(comments: Sequence[str], extracted: Sequence[str]) -> list[str]:
    """:func:`_note` of each row, called only where there is a comment."""
    notes = [""] * len(comments)
    for row in compress(count(), map(add, comments, extracted)):
        notes[row] = _note(comments[row], extracted[row])
    return notes


def _new_units(values: Sequence[dict[str, Any]]) -> list[CheckedUnit]:
    """:func:`qa_checks.base.text_only_unit` of each, made in C (building 50,000 units
    the usual way costs more than reading the file)."""
    units = list(map(object.__new__, repeat(CheckedUnit, len(values))))
    deque(map(object.__setattr__, units, repeat("__dict__"), values), maxlen=0)
    return units
