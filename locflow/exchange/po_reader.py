"""PO input: locflow's own files and any gettext tool's.

``id`` is the ``msgctxt`` (the segment key in files locflow wrote), else the
``msgid``. In locflow's own files the document comes from the header
(``X-Locflow-Document``) or the ``path::`` prefix of a bundle's ``msgctxt``,
never from ``#:`` references, which editors re-wrap; in other tools' files a
``#:`` reference is the document. Markers are read as codes only in entries that declare them (see
:mod:`locflow.exchange.markers`), so foreign PO files keep their text as
written. Obsolete (``#~``) entries and the header are skipped; ``fuzzy``
and a ``State:`` comment give the state (:func:`locflow.exchange.states.from_po`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from os import PathLike

from locflow.exchange.base import ExchangeFile, ExchangeSegment
from locflow.exchange.locales import parse_locale
from locflow.exchange.markers import from_marked, parse_declaration
from locflow.exchange.po_syntax import PoEntry, decode_po, parse_header, parse_po
from locflow.exchange.po_writer import BUNDLE_SEPARATOR, DOCUMENT_HEADER, PACKAGE_HEADER, STATE_NOTE
from locflow.exchange.states import from_po
from locflow.model import Code, CodeKind, message_key

__all__ = ["read_po"]

_LINE_SUFFIX = re.compile(r":\d+$")
#: The start of a marker declaration (``<1> = ...``), however an editor wrapped the rest.
_DECLARATION_START = re.compile(r"^</?[A-Za-z0-9_.%\-]+/?>(?: |$)")
#: A declaration broken before its data (empty data is written ``\\e``, so data is never missing).
_INCOMPLETE_DECLARATION = re.compile(r"^</?[A-Za-z0-9_.%\-]+/?>(?: =)?$")


def read_po(data: bytes, path: str | PathLike[str]) -> ExchangeFile:
    """Read the bytes of a PO (or POT) file."""
    entries = parse_po(decode_po(data, path), path)
    header = next((parse_header(e.msgstr.get(0, "")) for e in entries if e.is_header and not e.obsolete), {})
    target_language = header.get("Language", "")
    ours = bool(header.get(PACKAGE_HEADER)) or header.get("X-Generator", "").startswith("locflow")
    live = [entry for entry in entries if not entry.obsolete and not entry.is_header]
    contexts = Counter(entry.msgctxt for entry in live if entry.msgctxt)
    place = _Place(target_language, header.get(DOCUMENT_HEADER) or None, ours, frozenset(c for c, n in contexts.items() if n > 1))
    segments = tuple(_segment(entry, place) for entry in live)
    return ExchangeFile(
        path=str(path),
        format="po",
        source_locale=parse_locale(header.get("X-Source-Language")),
        target_locale=parse_locale(target_language),
        segments=segments,
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

    def identify(self, entry: PoEntry) -> tuple[str, str, str | None]:
        """``(unit_id, segment id, document)`` of an entry.

        Another tool's catalog is keyed as the PO filter keys a catalog
        (:func:`~locflow.model.message_key`), its first reference as the document.
        """
        assert entry.msgid is not None
        unit_id = entry.msgctxt if entry.msgctxt is not None else entry.msgid
        if not self.ours:
            reference = _LINE_SUFFIX.sub("", entry.references[0]) if entry.references else None
            key = message_key(entry.msgctxt, entry.msgid, context_shared=entry.msgctxt in self.shared_contexts)
            return unit_id, key, reference
        if self.document is not None:
            return unit_id, unit_id, self.document
        document, separator, key = unit_id.partition(BUNDLE_SEPARATOR)
        return (unit_id, key, document) if separator else (unit_id, unit_id, None)


def _segment(entry: PoEntry, place: _Place) -> ExchangeSegment:
    declared: dict[tuple[str, CodeKind], Code] = {}
    state_note = ""
    notes: list[str] = []
    for line in _rejoined(entry.extracted):
        code = parse_declaration(line)
        if code is not None:
            declared.setdefault((code.id, code.kind), code)
        elif line.startswith(STATE_NOTE):
            state_note = line[len(STATE_NOTE) :].strip()
        else:
            notes.append(line)
    unit_id, seg_id, document = place.identify(entry)
    target_language = place.target_language
    forms = tuple(from_marked(entry.msgstr.get(n, ""), declared) for n in range(max(entry.msgstr, default=0) + 1))
    plural = entry.msgid_plural is not None
    target = forms[0]
    has_target = any(not form.is_empty() for form in forms)
    fuzzy = "fuzzy" in entry.flags
    previous = entry.previous.get("msgid")
    return ExchangeSegment(
        id=seg_id,
        unit_id=unit_id,
        source=from_marked(entry.msgid, declared),
        target=target,
        state=from_po(fuzzy, state_note, has_target=has_target),
        line=entry.msgstr_line,
        document=document,
        notes=tuple(block for block in ("\n".join(notes), "\n".join(entry.comments)) if block.strip()),
        flags=frozenset(entry.flags),
        source_plural=from_marked(entry.msgid_plural, declared) if plural else None,
        target_plurals=forms if plural else (),
        previous_source=from_marked(previous, declared) if previous is not None else None,
        raw_state="fuzzy" if fuzzy else "",
        target_language=target_language,
        problem=entry.problem,
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
