"""PO input: locflow's own files and any gettext tool's.

``id`` is the ``msgctxt`` (the segment key in files locflow wrote; the
document prefix of a bundle is split off into ``document``), else the
``msgid``. Markers are read as codes only in entries that declare them (see
:mod:`locflow.exchange.markers`), so foreign PO files keep their text as
written. Obsolete (``#~``) entries and the header are skipped; ``fuzzy``
and a ``State:`` comment give the state (:func:`locflow.exchange.states.from_po`).

The file is read by :func:`locflow.exchange.po_table.read_po_table`, the PO
reader the QA stage uses too.
"""

from __future__ import annotations

import re
from os import PathLike

from locflow.exchange.base import ExchangeFile, ExchangeSegment
from locflow.exchange.locales import parse_locale
from locflow.exchange.markers import from_marked, parse_declaration
from locflow.exchange.po_table import PoTable, read_po_table
from locflow.exchange.po_writer import BUNDLE_SEPARATOR, STATE_NOTE
from locflow.exchange.states import from_po
from locflow.model import Code, CodeKind

__all__ = ["read_po"]

_LINE_SUFFIX = re.compile(r":\d+$")


def read_po(data: bytes, path: str | PathLike[str]) -> ExchangeFile:
    """Read the bytes of a PO (or POT) file."""
    table = read_po_table(data, path)
    target_language = table.header.get("Language", "")
    return ExchangeFile(
        path=str(path),
        format="po",
        source_locale=parse_locale(table.header.get("X-Source-Language")),
        target_locale=parse_locale(target_language),
        segments=tuple(_segment(table, row, target_language) for row in range(len(table))),
        generator=table.header.get("X-Generator", ""),
    )


def _segment(table: PoTable, row: int, target_language: str) -> ExchangeSegment:
    declared: dict[tuple[str, CodeKind], Code] = {}
    state_note = ""
    notes: list[str] = []
    for line in table.extracted[row].split("\n") if table.extracted[row] else ():
        code = parse_declaration(line)
        if code is not None:
            declared.setdefault((code.id, code.kind), code)
        elif line.startswith(STATE_NOTE):
            state_note = line[len(STATE_NOTE) :].strip()
        else:
            notes.append(line)
    references = table.references_of(row)
    document = _LINE_SUFFIX.sub("", references[0]) if references else None
    msgctxt = table.msgctxt[row]
    unit_id = msgctxt if msgctxt is not None else table.msgid[row]
    seg_id = unit_id
    if document and unit_id.startswith(document + BUNDLE_SEPARATOR):
        seg_id = unit_id[len(document) + len(BUNDLE_SEPARATOR) :]
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
        target_language=target_language,
        problem=table.problems.get(row, ""),
    )
