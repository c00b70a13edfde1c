"""TBX v3 TBX-Basic (DCA style) writer, streamed one concept at a time.

Statuses are written as TBX-Basic's ``administrativeStatus`` picklist:
preferred, admitted and deprecated map to ``preferredTerm-admn-sts``,
``admittedTerm-admn-sts`` and ``deprecatedTerm-admn-sts``. TBX-Basic has no
value for *forbidden* nor categories for do-not-translate and case
sensitivity; those are written as ``deprecatedTerm-admn-sts`` plus a note
holding a marker (:data:`~termbase.tbx.reader.MARKERS`), which any TBX tool
shows as a note and our reader turns back into the flag, so an exported
file imports to the same concepts.
"""

from __future__ import annotations

from collections.abc import Iterable
from os import PathLike

from lxml import etree

from termbase.model import Concept, Term, TermStatus
from termbase.tbx.dialects import V3_NAMESPACE
from termbase.tbx.reader import MARKERS, XML_LANG

__all__ = ["write_tbx"]

_STATUS_VALUES = {
    TermStatus.PREFERRED: "preferredTerm-admn-sts",
    TermStatus.ADMITTED: "admittedTerm-admn-sts",
    TermStatus.DEPRECATED: "deprecatedTerm-admn-sts",
    TermStatus.FORBIDDEN: "deprecatedTerm-admn-sts",
}
#: TBX-Basic's part-of-speech picklist; anything else is written as ``other``.
_PARTS_OF_SPEECH = frozenset({"adjective", "noun", "other", "verb", "adverb"})


def _element(tag: str, **attributes: str) -> etree._Element:
    return etree.Element(f"{{{V3_NAMESPACE}}}{tag}", attributes, nsmap={None: V3_NAMESPACE})


def _child(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{V3_NAMESPACE}}}{tag}", attributes)
    element.text = text
    return element


def write_tbx(
    path: str | PathLike[str], concepts: Iterable[Concept], *, source_locale: str, title: str = "locflow termbase"
) -> int:
    """Write ``concepts`` as TBX-Basic v3 (DCA) to ``path``; returns the number of concepts written.

    Locales are written source first, then in alphabetical order.
    """
    written = 0
    with etree.xmlfile(str(path), encoding="utf-8") as out:
        out.write_declaration()
        root = {"type": "TBX-Basic", "style": "dca", "xml:lang": source_locale}  # xmlfile writes no prefix for XML_LANG
        with out.element(f"{{{V3_NAMESPACE}}}tbx", root, nsmap={None: V3_NAMESPACE}):
            out.write("\n")
            out.write(_header(title), pretty_print=True)
            with out.element(f"{{{V3_NAMESPACE}}}text"), out.element(f"{{{V3_NAMESPACE}}}body"):
                out.write("\n")
                used: set[str] = set()
                for concept in concepts:
                    written += 1
                    out.write(_concept(concept, _concept_id(concept, written, used), source_locale), pretty_print=True)
    return written


def _header(title: str) -> etree._Element:
    header = _element("tbxHeader")
    description = _child(header, "fileDesc")
    _child(_child(description, "titleStmt"), "title", title)
    _child(_child(description, "sourceDesc"), "p", "Exported by locflow")
    return header


def _concept_id(concept: Concept, number: int, used: set[str]) -> str:
    """The concept's own id when it is a valid, unused XML ID, else ``c<number>``."""
    candidate = concept.id if concept.id and _is_ncname(concept.id) else f"c{number}"
    while candidate in used:
        candidate = f"{candidate}-{number}"
    used.add(candidate)
    return candidate


def _is_ncname(value: str) -> bool:
    return (value[0].isalpha() or value[0] == "_") and all(ch.isalnum() or ch in "-_." for ch in value)


def _concept(concept: Concept, concept_id: str, source_locale: str) -> etree._Element:
    entry = _element("conceptEntry", id=concept_id)
    if concept.subject:
        _child(entry, "descrip", concept.subject, type="subjectField")
    if concept.definition:
        _child(entry, "descrip", concept.definition, type="definition")
    if concept.note:
        _child(entry, "note", concept.note)
    for locale in _locales(concept, source_locale):
        section = _child(entry, "langSec", **{XML_LANG: locale})
        for term in concept.terms:
            if term.locale == locale:
                _term(section, term)
    return entry


def _locales(concept: Concept, source_locale: str) -> list[str]:
    tags = list(dict.fromkeys(term.locale for term in concept.terms))
    return sorted(tags, key=lambda tag: (tag.lower().split("-")[0] != source_locale.lower().split("-")[0], tag.lower()))


def _term(section: etree._Element, term: Term) -> None:
    element = _child(section, "termSec")
    _child(element, "term", term.text)
    if term.part_of_speech:
        value = term.part_of_speech if term.part_of_speech in _PARTS_OF_SPEECH else "other"
        _child(element, "termNote", value, type="partOfSpeech")
    _child(element, "termNote", _STATUS_VALUES[term.status], type="administrativeStatus")
    if term.note:
        _child(element, "note", term.note)
    for flag, wanted in (("forbidden", term.status is TermStatus.FORBIDDEN), ("dnt", term.dnt), ("case_sensitive", term.case_sensitive)):
        if wanted:
            _child(element, "note", MARKERS[flag])
