"""Streaming TBX reader: TBX v2 (TBX-Default, TBX-Basic) and v3 (Core, Min, Basic; DCA and DCT).

The file is parsed with lxml's ``iterparse``; every entry (``termEntry`` or
``conceptEntry``) becomes a :class:`~termbase.model.Concept` and is dropped
from the tree, so a big glossary reads in flat memory. Hostile XML (entity
declarations) is refused before parsing, and the parser never resolves
entities, loads a DTD or touches the network. A syntax error, a language
section without a language or a term section without a term raises
:class:`MalformedFileError` with the file and the line.

The two styles of TBX v3 name a data category differently: DCA writes
``<termNote type="administrativeStatus">``, DCT ``<min:administrativeStatus>``.
:func:`_category` reads both as ``administrativeStatus``, so the rest of the
reader never asks which style it reads. What is kept:

* concept: ``id``, ``subjectField``, ``definition`` (concept level, else the
  file language's, else the first one), ``note``;
* term: the text, status (``administrativeStatus`` or
  ``normativeAuthorization``, see :func:`~termbase.model.parse_status`),
  ``partOfSpeech``, ``note``;
* do-not-translate: a ``Translation needed: No`` description (as Weblate
  writes it) or a ``doNotTranslate`` category; and the markers our writer
  puts in notes (:data:`MARKERS`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from os import PathLike
from pathlib import Path

from lxml import etree

from locflow.model.errors import MalformedFileError
from locflow.model.xmlsafe import HEAD_BYTES, SAFE_XML_OPTIONS, check_xml_safety, refuse_entity_references
from termbase.model import Concept, Term, TermStatus, parse_status
from termbase.tbx.dialects import TBXKind, kind_of_root, local_name

__all__ = ["TBXReader", "MARKERS"]

log = logging.getLogger(__name__)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Notes our writer adds for what TBX-Basic has no data category for; read back as flags.
MARKERS = {
    "dnt": "locflow:do-not-translate",
    "case_sensitive": "locflow:case-sensitive",
    "forbidden": "locflow:forbidden",
}
_MARKER_VALUES = frozenset(MARKERS.values())
#: Elements that carry a data category in their ``type`` attribute (DCA style and TBX v2).
_TYPED = frozenset({"descrip", "termNote", "admin", "transac", "transacNote", "adminNote", "descripNote", "xref", "ref"})
_LANG_SECTIONS = frozenset({"langSet", "langSec"})
_TERM_SECTIONS = frozenset({"tig", "ntig", "termSec"})
_GROUPS = frozenset({"descripGrp", "adminGrp", "termGrp", "termNoteGrp", "transacGrp", "termCompList"})
_STATUS_CATEGORIES = frozenset({"administrativeStatus", "normativeAuthorization"})


def _text(element: etree._Element) -> str:
    """An element's text with inline markup (``<hi>``...) flattened and whitespace tidied."""
    value = (element.text or "") if len(element) == 0 else "".join(element.itertext())
    return " ".join(value.split())


def _category(element: etree._Element, core_namespace: str) -> str | None:
    """The data category an element carries: its ``type`` (DCA, v2) or its name in a module namespace (DCT)."""
    name = local_name(element.tag)
    if name in _TYPED:
        return element.get("type")
    namespace = element.tag[1:].partition("}")[0] if element.tag.startswith("{") else ""
    return name if namespace and namespace != core_namespace else None


def _normalized(category: str) -> str:
    return "".join(ch for ch in category.lower() if ch.isalnum())


class TBXReader:
    """Reads one TBX file; iterate :meth:`concepts`, then look at :attr:`kind` and :attr:`warnings`."""

    def __init__(self, path: str | PathLike[str]) -> None:
        self.path = Path(path)
        self.kind: TBXKind | None = None
        self.language = ""
        self.warnings: list[str] = []
        self.empty_terms = 0

    def concepts(self) -> Iterator[Concept]:
        """Every concept of the file, in file order. Raises :class:`InputError` subclasses (exit 3)."""
        with open(self.path, "rb") as handle:
            check_xml_safety(handle.read(HEAD_BYTES), self.path)
        try:
            kind = self.kind = self._root_kind()
            entry = f"{{{kind.namespace}}}{kind.entry}" if kind.namespace else kind.entry
            parser = etree.iterparse(
                str(self.path), events=("end",), tag=entry, remove_comments=True, remove_pis=True, **SAFE_XML_OPTIONS
            )
            for _, element in parser:
                refuse_entity_references(element, self.path)
                yield self._concept(element)
                _release(element)
        except etree.XMLSyntaxError as exc:
            line = exc.position[0] if exc.position else exc.lineno
            raise MalformedFileError(f"not well-formed XML: {exc.msg}", path=self.path, line=line) from exc
        if self.empty_terms:
            self.warnings.append(f"{self.path}: {self.empty_terms} empty <term> elements skipped")

    def _root_kind(self) -> TBXKind:
        """The kind of TBX the root element declares (read from the first start tag only)."""
        parser = etree.iterparse(str(self.path), events=("start",), remove_comments=True, remove_pis=True, **SAFE_XML_OPTIONS)
        for _, root in parser:
            self.language = (root.get(XML_LANG) or "").strip()
            return kind_of_root(root.tag, dict(root.attrib), self.path, root.sourceline)
        raise MalformedFileError("empty file: no root element", path=self.path, line=1)

    # -- one entry -------------------------------------------------------------------
    def _concept(self, entry: etree._Element) -> Concept:
        assert self.kind is not None
        namespace = self.kind.namespace
        subject = definition = ""
        notes: list[str] = []
        flags: set[str] = set()
        definitions: dict[str, str] = {}
        terms: list[Term] = []
        for child in _flatten_groups(entry):
            name = local_name(child.tag)
            if name in _LANG_SECTIONS:
                terms.extend(self._language_section(child, definitions, flags))
                continue
            category = _category(child, namespace)
            value = _text(child)
            if name == "note":
                _note_or_marker(value, notes, flags)
            elif category == "subjectField":
                subject = subject or value
            elif category == "definition":
                definition = definition or value
            elif category is not None:
                _flag_from_category(category, value, flags)
        if not definition and definitions:
            definition = definitions.get(self.language.lower()) or next(iter(definitions.values()))
        if flags:
            terms = [_with_flags(term, flags) for term in terms]
        return Concept(entry.get("id", "").strip(), tuple(terms), subject, definition, "\n".join(notes))

    def _language_section(self, section: etree._Element, definitions: dict[str, str], flags: set[str]) -> list[Term]:
        locale = (section.get(XML_LANG) or section.get("lang") or "").strip()
        if not locale:
            raise MalformedFileError(
                f"<{local_name(section.tag)}> without xml:lang", path=self.path, line=section.sourceline
            )
        namespace = self.kind.namespace if self.kind else ""
        terms = []
        for child in _flatten_groups(section):
            name = local_name(child.tag)
            if name in _TERM_SECTIONS:
                term = self._term(child, locale)
                if term is not None:
                    terms.append(term)
            elif _category(child, namespace) == "definition":
                definitions.setdefault(locale.lower(), _text(child))
            elif name != "note" and (category := _category(child, namespace)) is not None:
                _flag_from_category(category, _text(child), flags)
        return terms

    def _term(self, section: etree._Element, locale: str) -> Term | None:
        """The term of a term section; None for an empty ``<term/>`` (a language not filled in yet)."""
        namespace = self.kind.namespace if self.kind else ""
        text = None
        status: TermStatus | None = None
        part_of_speech = ""
        notes: list[str] = []
        flags: set[str] = set()
        for child in section.iter():
            if child is section or not isinstance(child.tag, str):
                continue
            name = local_name(child.tag)
            if name == "term" and text is None:
                text = _text(child)
                continue
            category = _category(child, namespace)
            value = _text(child)
            if name == "note":
                _note_or_marker(value, notes, flags)
            elif category in _STATUS_CATEGORIES:
                status = self._status(value, child) or status
            elif category == "partOfSpeech":
                part_of_speech = value
            elif category is not None:
                _flag_from_category(category, value, flags)
        if text == "":
            self.empty_terms += 1
            return None
        if text is None:
            raise MalformedFileError(
                f"<{local_name(section.tag)}> without a <term>", path=self.path, line=section.sourceline
            )
        if "forbidden" in flags:
            status = TermStatus.FORBIDDEN
        return Term(
            locale=locale,
            text=text,
            status=status or TermStatus.ADMITTED,
            part_of_speech=part_of_speech,
            case_sensitive="case_sensitive" in flags,
            dnt="dnt" in flags,
            note="\n".join(notes),
        )

    def _status(self, value: str, element: etree._Element) -> TermStatus | None:
        status = parse_status(value)
        if status is None:
            warning = f"{self.path}:{element.sourceline}: unknown term status {value!r}, read as admitted"
            log.warning("%s", warning)
            self.warnings.append(warning)
        return status


def _flatten_groups(element: etree._Element) -> Iterator[etree._Element]:
    """The children of an element, with groups (``descripGrp``...) opened: their members count as children."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if local_name(child.tag) in _GROUPS:
            yield from _flatten_groups(child)
        else:
            yield child


def _note_or_marker(value: str, notes: list[str], flags: set[str]) -> None:
    if value in _MARKER_VALUES:
        flags.add(next(flag for flag, marker in MARKERS.items() if marker == value))
    elif value:
        notes.append(value)


def _flag_from_category(category: str, value: str, flags: set[str]) -> None:
    """Do-not-translate as other tools write it: ``Translation needed: No``, ``doNotTranslate: yes``."""
    name, answer = _normalized(category), value.strip().lower()
    if name == "translationneeded" and answer in ("no", "false", "0"):
        flags.add("dnt")
    elif name in ("donottranslate", "dnt") and answer in ("yes", "true", "1", ""):
        flags.add("dnt")


def _with_flags(term: Term, flags: set[str]) -> Term:
    return replace(
        term,
        dnt=term.dnt or "dnt" in flags,
        case_sensitive=term.case_sensitive or "case_sensitive" in flags,
    )


def _release(element: etree._Element) -> None:
    """Drop a finished entry and the siblings before it, so the tree never grows."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
