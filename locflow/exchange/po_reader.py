"""PO input: locflow's own files and any gettext tool's.

``id`` is the ``msgctxt`` (the segment key in files locflow wrote), else the
``msgid``. In locflow's own files the document comes from the header
(``X-Locflow-Document``) or the ``path::`` prefix of a bundle's ``msgctxt``,
never from ``#:`` references, which editors re-wrap; in other tools' files
entries are keyed as the PO filter keys a catalog and the first ``#:``
reference is the document. Markers are read as codes only in entries that
declare them (see :mod:`locflow.exchange.markers`), so foreign PO files keep
their text as written. Obsolete (``#~``) entries and the header are skipped;
``fuzzy`` and a ``State:`` comment give the state
(:func:`locflow.exchange.states.from_po`).

The file is read by :func:`locflow.exchange.po_table.read_po_table`, the PO
reader the QA stage uses too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from os import PathLike

from locflow.exchange.base import ExchangeFile, ExchangeSegment
from locflow.exchange.locales import parse_locale
from locflow.exchange.markers import from_marked, parse_declaration
from locflow.exchange.po_table import PoTable, read_po_table
from locflow.exchange.po_writer import BUNDLE_SEPARATOR, DOCUMENT_HEADER, PACKAGE_HEADER, STATE_NOTE
from locflow.exchange.states import from_po
from locflow.model import Code, CodeKind, message_key

__all__ = ["read_po"]

_LINE_SUFFIX = re.compile(r":\d+$")
#: The start of a marker declaration (``<1> = ...``), however an editor wrapped the rest.
_DECLARATION_START = re.compile(r"^</?[A-Za-z0-9_.%\-]+/?>(?: |$)")
#: A declaration broken before its data (empty data is written ``\e``, so data is never missing).
_INCOMPLETE_DECLARATION = re.compile(r"^</?[A-Za-z0-9_.%\-]+/?>(?: =)?$")


def read_po(data: bytes, path: str | PathLike[str]) -> ExchangeFile:
    """Read the bytes of a PO (or POT) file."""
    table = read_po_table(data, path)
    header = table.header
    contexts = Counter(context for context in table.msgctxt if context)
    place = _Place(
        target_language=header.get("Language", ""),
        document=header.get(DOCUMENT_HEADER) or None,
        ours=bool(header.get(PACKAGE_HEADER)) or header.get("X-Generator", "").startswith("locflow"),
        shared_contexts=frozenset(context for context, count in contexts.items() if count > 1),
    )
    return ExchangeFile(
        path=str(path),
        format="po",
        source_locale=parse_locale(header.get("X-Source-Language")),
        target_locale=parse_locale(place.target_language),
        segments=tuple(_segment(table, row, place) for row in range(len(table))),
        generator=header.get("X-Generator", ""),
        package=header.get(PACKAGE_HEADER, "").strip(),
    )


@dataclass(frozen=True, slots=True)
class _Place:
    """What the header says about every entry: target language, document, whether locflow wrote it."""

    target_language: str
    document: str | None
    ours: bool
    shared_contexts: frozenset[str]

    def identify(self, table: PoTable, row: int) -> tuple[str, str, str | None]:
        """``(unit_id, segment id, document)`` of a row.

        Another tool's catalog is keyed as the PO filter keys a catalog
        (:func:`~locflow.model.message_key`), its first reference as the document.
        """
        msgctxt, msgid = table.msgctxt[row], table.msgid[row]
        unit_id = msgctxt if msgctxt is not None else msgid
        if not self.ours:
            references = table.references_of(row)
            reference = _LINE_SUFFIX.sub("", references[0]) if references else None
            return unit_id, message_key(msgctxt, msgid, context_shared=msgctxt in self.shared_contexts), reference
        if self.document is not None:
            return unit_id, unit_id, self.document
        document, separator, key = unit_id.partition(BUNDLE_SEPARATOR)
        return (unit_id, key, document) if separator else (unit_id, unit_id, None)


def _segment(table: PoTable, row: int, place: _Place) -> ExchangeSegment:
    declared: dict[tuple[str, CodeKind], Code] = {}
    state_note = ""
    notes: list[str] = []
    for line in _rejoined(table.extracted[row].split("\n") if table.extracted[row] else []):
        code = parse_declaration(line)
        if code is not None:
            declared.setdefault((code.id, code.kind), code)
        elif line.startswith(STATE_NOTE):
            state_note = line[len(STATE_NOTE) :].strip()
        else:
            notes.append(line)
    unit_id, seg_id, document = place.identify(table, row)
    plural = table.plurals.get(row)
    forms = tuple(from_marked(form, declared) for form in (plural.forms if plural else (table.msgstr[row],)))
    has_target = any(not form.is_empty() for form in forms)
    fuzzy = "fuzzy" in table.flags[row]
    previous = table.previous.get(row, {}).get("msgid")
    return ExchangeSegment(
        id=seg_id,
        unit_id=unit_id,
        source=from_marked(table.msgid[row], declared),
        target=forms[0],
        state=from_po(fuzzy, state_note, has_target=has_target),
        line=table.msgstr_line[row],
        document=document,
        notes=tuple(block for block in ("\n".join(notes), table.comments[row]) if block.strip()),
        flags=frozenset(table.flags[row]),
        source_plural=from_marked(plural.msgid_plural, declared) if plural else None,
        target_plurals=forms if plural else (),
        previous_source=from_marked(previous, declared) if previous is not None else None,
        raw_state="fuzzy" if fuzzy else "",
        target_language=place.target_language,
        problem=table.problems.get(row, ""),
    )


def _rejoined(lines: list[str]) -> list[str]:
    """Extracted comments, with declarations an editor wrapped joined again.

    Declared data holds no spaces or hyphens, so an editor breaks a declaration
    around its ``=`` (joined with a space) or, breaking long words, inside its
    data (joined as it is). Declarations come last in an entry: after the
    first one, a line that does not start a declaration continues the one
    before.
    """
    out: list[str] = []
    in_declarations = False
    for line in lines:
        starts = _DECLARATION_START.match(line) is not None
        if in_declarations and _INCOMPLETE_DECLARATION.match(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        elif in_declarations and not starts:
            out[-1] += line
        else:
            in_declarations = in_declarations or starts
            out.append(line)
    return out
