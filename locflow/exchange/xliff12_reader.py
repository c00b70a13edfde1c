"""XLIFF 1.x input (1.0, 1.1, 1.2), as locflow and other tools write it.

Read leniently, because real files bend the rules: several ``<file>``
elements, any namespace prefix, units without ids (given ``unit-<n>``),
units marked ``translate="no"`` (read, with the flag ``translate-no``),
``mrk mtype="seg"`` segmentation in any order, every inline element of the
standard. Elements of other namespaces (Okapi's ``okp:``, ITS) are skipped
where they hold structure and read through where they wrap text.

Inline elements become :class:`~locflow.model.Code` objects:

=====================  ==============================================
``bpt`` / ``ept``      OPEN / CLOSE, id from ``rid`` else ``id``, data = content
``ph``                 STANDALONE, data = content
``it``                 OPEN (``pos="open"``) or CLOSE, data = content
``g``                  OPEN + content + CLOSE, empty data
``x``                  STANDALONE, empty data
``bx`` / ``ex``        OPEN / CLOSE, empty data
``mrk`` (not seg)      transparent: its content is read as if it were not there
``sub``                part of the enclosing code's data
=====================  ==============================================

memoQ writes special characters as ``<mq:ch val="..."/>`` (as an element, or
escaped as the content of a ``ph``): they are read as the character they stand
for (``nbsp``: U+00A0). The ``trans-unit`` elements of a ``bin-unit`` are read
like any other.

``ctype`` becomes ``Code.type`` (without its ``x-``), ``equiv-text``
``Code.disp``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count
from os import PathLike

from lxml import etree

from locflow.exchange.base import NOT_TRANSLATABLE, ExchangeFile, ExchangeSegment
from locflow.exchange.locales import common_locale
from locflow.exchange.states import from_xliff12
from locflow.exchange.xliff12_writer import CHAR_CTYPE, EXPORT_PHASE, PLURAL_RESTYPE
from locflow.exchange.xmlparse import is_element, local_name
from locflow.model import Code, CodeKind, Part, Segment, State, segment_key
from locflow.model.errors import MalformedFileError

__all__ = ["read_xliff12"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TYPE_OF_CTYPE = {"underlined": "underline"}


@dataclass(frozen=True)
class _Place:
    """Where a unit sits: its ``<file>`` and whether an enclosing group says ``translate="no"``."""

    document: str | None
    language: str
    locked: bool = False


@dataclass
class _Reader:
    path: str
    ns: str
    segments: list[ExchangeSegment] = field(default_factory=list)
    numbers: Iterator[int] = field(default_factory=lambda: count(1))

    def tag(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name

    def children(self, element: etree._Element, name: str) -> Iterator[etree._Element]:
        return element.iterchildren(self.tag(name))

    def child(self, element: etree._Element, name: str) -> etree._Element | None:
        return next(self.children(element, name), None)

    def notes(self, element: etree._Element) -> list[str]:
        return [text.strip() for note in self.children(element, "note") if (text := note.text or "").strip()]

    def fail(self, message: str, element: etree._Element) -> MalformedFileError:
        return MalformedFileError(message, path=self.path, line=element.sourceline)


def read_xliff12(root: etree._Element, path: str | PathLike[str]) -> ExchangeFile:
    """Read a parsed XLIFF 1.x document (root ``<xliff>``)."""
    reader = _Reader(str(path), root.tag[1:].partition("}")[0] if root.tag.startswith("{") else "")
    sources: list[str] = []
    targets: list[str] = []
    generator = ""
    packages = set()
    for file_el in reader.children(root, "file"):
        packages.add(_package_id(reader, file_el))
        sources.append(file_el.get("source-language", ""))
        targets.append(file_el.get("target-language", ""))
        generator = generator or _generator(reader, file_el)
        body = reader.child(file_el, "body")
        if body is None:
            raise reader.fail("<file> without <body>", file_el)
        _read_container(reader, body, _Place(file_el.get("original"), targets[-1]))
    return ExchangeFile(
        path=str(path),
        format="xliff12",
        source_locale=common_locale(sources),
        target_locale=common_locale(targets),
        segments=tuple(reader.segments),
        version=root.get("version", ""),
        generator=generator,
        package=packages.pop() if len(packages) == 1 else "",
    )


def _package_id(reader: _Reader, file_el: etree._Element) -> str:
    """The ``job-id`` of locflow's export phase in the ``<header>``, or ``""``."""
    header = reader.child(file_el, "header")
    if header is None:
        return ""
    for phase in header.iter(reader.tag("phase")):
        if phase.get("phase-name") == EXPORT_PHASE:
            return phase.get("job-id", "").strip()
    return ""


def _generator(reader: _Reader, file_el: etree._Element) -> str:
    header = reader.child(file_el, "header")
    tool = reader.child(header, "tool") if header is not None else None
    if tool is not None:
        return " ".join(filter(None, (tool.get("tool-name"), tool.get("tool-version"))))
    return file_el.get("tool-id") or file_el.get("tool") or ""


def _read_container(reader: _Reader, element: etree._Element, place: _Place) -> None:
    for child in element:
        if child.tag == reader.tag("trans-unit"):
            reader.segments.extend(_read_unit(reader, child, place))
        elif child.tag == reader.tag("group") and child.get("restype") == PLURAL_RESTYPE:
            reader.segments.extend(_read_plural(reader, child, place))
        elif child.tag in (reader.tag("group"), reader.tag("bin-unit")):
            locked = place.locked or child.get("translate") == "no"
            _read_container(reader, child, _Place(place.document, place.language, locked))


# -- units ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """What every segment of one ``trans-unit`` shares."""

    element: etree._Element
    id: str
    place: _Place
    target: etree._Element | None

    def segment(
        self,
        seg_id: str,
        source: Segment,
        target: Segment | None,
        line: int | None,
        *,
        notes: tuple[str, ...] = (),
        previous_source: Segment | None = None,
        problem: str = "",
        source_plural: Segment | None = None,
        target_plurals: tuple[Segment, ...] = (),
    ) -> ExchangeSegment:
        target_el = self.target
        locked = self.place.locked or self.element.get("translate") == "no"
        language = target_el.get(XML_LANG) if target_el is not None else None
        return ExchangeSegment(
            id=seg_id,
            unit_id=self.id,
            source=source,
            target=target,
            state=_state(target_el, target, approved=self.element.get("approved") == "yes"),
            line=line,
            document=self.place.document,
            notes=notes,
            flags=NOT_TRANSLATABLE if locked else frozenset(),
            source_plural=source_plural,
            target_plurals=target_plurals,
            previous_source=previous_source,
            raw_state=_raw_state(target_el),
            target_language=language or self.place.language,
            problem=problem,
        )


def _read_unit(reader: _Reader, element: etree._Element, place: _Place) -> list[ExchangeSegment]:
    number = next(reader.numbers)
    unit = _Unit(
        element,
        element.get("id") or element.get("resname") or f"unit-{number}",
        place,
        reader.child(element, "target"),
    )
    source_el = reader.child(element, "source")
    if source_el is None:
        raise reader.fail(f"trans-unit {unit.id!r} has no <source>", element)
    notes = tuple(reader.notes(element))
    previous = _previous_sources(reader, element)
    seg_source = reader.child(element, "seg-source")
    source_marks = _seg_marks(reader, seg_source) if seg_source is not None else []
    if not source_marks:
        target = _segment(reader, unit.target) if unit.target is not None else None
        line = (unit.target if unit.target is not None else element).sourceline
        source = _segment(reader, source_el)
        return [unit.segment(unit.id, source, target, line, notes=notes, previous_source=previous.get(None))]
    return _read_segmented(reader, unit, source_marks, notes, previous)


def _read_segmented(
    reader: _Reader,
    unit: _Unit,
    source_marks: list[etree._Element],
    notes: tuple[str, ...],
    previous: dict[str | None, Segment],
) -> list[ExchangeSegment]:
    """One segment per ``<mrk mtype="seg">`` of the ``seg-source``; targets found by ``mid``."""
    target_marks = {}
    if unit.target is not None:
        target_marks = {mark.get("mid"): mark for mark in _seg_marks(reader, unit.target)}
    problem = ""
    if unit.target is not None and not target_marks and _has_content(unit.target):
        problem = 'the target is not segmented like its source (no <mrk mtype="seg">)'
    out = []
    for seg_id, mark in zip(_segment_ids(unit.id, [mark.get("mid") for mark in source_marks]), source_marks):
        mid = mark.get("mid")
        target_mark = target_marks.get(mid)
        target = _segment(reader, target_mark) if target_mark is not None else None
        line = (target_mark if target_mark is not None else mark).sourceline
        source = _segment(reader, mark)
        out.append(
            unit.segment(seg_id, source, target, line, notes=notes, previous_source=previous.get(mid), problem=problem)
        )
    return out


def _segment_ids(unit_id: str, mids: list[str | None]) -> list[str]:
    """Segment keys: from ``mid`` when every mid is a distinct number from 1 (as locflow writes them),
    else by position."""
    numbers = [int(mid) if mid and mid.isdigit() else 0 for mid in mids]
    if all(numbers) and len(set(numbers)) == len(numbers):
        return [segment_key(unit_id, number - 1) for number in numbers]
    return [segment_key(unit_id, index) for index in range(len(mids))]


def _read_plural(reader: _Reader, group: etree._Element, place: _Place) -> list[ExchangeSegment]:
    """A ``x-gettext-plurals`` group: one trans-unit per form, read as one plural segment."""
    elements = list(reader.children(group, "trans-unit"))
    if not elements:
        return []
    source_els = [reader.child(element, "source") for element in elements]
    if any(source is None for source in source_els):
        raise reader.fail("plural trans-unit without <source>", group)
    sources = [_segment(reader, source) for source in source_els if source is not None]
    first = elements[0]
    group_id = group.get("id") or (first.get("id") or f"unit-{next(reader.numbers)}").removesuffix("[0]")
    unit = _Unit(first, group_id, place, reader.child(first, "target"))
    target_els = [reader.child(element, "target") for element in elements]
    forms = tuple(_segment(reader, target) for target in target_els if target is not None)
    line = (unit.target if unit.target is not None else first).sourceline
    return [
        unit.segment(
            group_id,
            sources[0],
            forms[0] if forms else None,
            line,
            notes=tuple(reader.notes(group) + reader.notes(first)),
            source_plural=sources[1] if len(sources) > 1 else None,
            target_plurals=forms,
        )
    ]


def _previous_sources(reader: _Reader, unit: etree._Element) -> dict[str | None, Segment]:
    """mid (or None) -> the source of an ``alt-trans`` of type ``previous-version``."""
    out: dict[str | None, Segment] = {}
    for alt in reader.children(unit, "alt-trans"):
        source = reader.child(alt, "source")
        if alt.get("alttranstype") == "previous-version" and source is not None:
            out[alt.get("mid")] = _segment(reader, source)
    return out


def _seg_marks(reader: _Reader, element: etree._Element) -> list[etree._Element]:
    return [mark for mark in element.iter(reader.tag("mrk")) if mark.get("mtype") == "seg"]


def _has_content(element: etree._Element) -> bool:
    return bool((element.text or "").strip()) or any(is_element(child) for child in element)


def _raw_state(target_el: etree._Element | None) -> str:
    if target_el is None:
        return ""
    return "/".join(filter(None, (target_el.get("state"), target_el.get("state-qualifier"))))


def _state(target_el: etree._Element | None, target: Segment | None, *, approved: bool) -> State:
    if target_el is None or target is None or target.is_empty():
        return from_xliff12(None, None, has_target=False)
    return from_xliff12(target_el.get("state"), target_el.get("state-qualifier"), has_target=True, approved=approved)


# -- inline content ---------------------------------------------------------------------------


def _segment(reader: _Reader, element: etree._Element) -> Segment:
    """The inline content of ``element``; codes without any id are numbered ``auto1``... in order."""
    parts: list[Part] = []
    _inline(reader, element, parts, count(1))
    return _close_types(Segment(tuple(parts)))


def _inline(reader: _Reader, element: etree._Element, parts: list[Part], unnamed: Iterator[int]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        if is_element(child):
            _inline_element(reader, child, parts, unnamed)
        if child.tail:
            parts.append(child.tail)


def _inline_element(reader: _Reader, child: etree._Element, parts: list[Part], unnamed: Iterator[int]) -> None:
    name = local_name(child) if not reader.ns or child.tag.startswith("{" + reader.ns + "}") else ""
    ctype = child.get("ctype") or ""
    code_type = _TYPE_OF_CTYPE.get(ctype, ctype[2:] if ctype.startswith("x-") else ctype)

    def code(kind: CodeKind, data: str = "", *, paired: bool = False) -> Code:
        ids = (child.get("rid"), child.get("id")) if paired else (child.get("id"),)
        code_id = next((i for i in ids if i), None) or child.get("i") or f"auto{next(unnamed)}"
        return Code(code_id, kind, data, code_type, child.get("equiv-text") or "")

    if name == "ph" and ctype == CHAR_CTYPE:
        parts.append(_char(child.text))
    elif name == "ph" and (character := _memoq_char(_data(child))) is not None:
        parts.append(character)
    elif name == "ph":
        parts.append(code(CodeKind.STANDALONE, _data(child)))
    elif name in ("bpt", "ept"):
        parts.append(code(CodeKind.OPEN if name == "bpt" else CodeKind.CLOSE, _data(child), paired=True))
    elif name == "it":
        kind = CodeKind.OPEN if child.get("pos") in ("open", "begin") else CodeKind.CLOSE
        parts.append(code(kind, _data(child), paired=True))
    elif name == "x":
        parts.append(code(CodeKind.STANDALONE))
    elif name in ("bx", "ex"):
        parts.append(code(CodeKind.OPEN if name == "bx" else CodeKind.CLOSE, paired=True))
    elif name == "g":
        opening = code(CodeKind.OPEN)
        parts.append(opening)
        _inline(reader, child, parts, unnamed)
        parts.append(Code(opening.id, CodeKind.CLOSE, "", code_type))
    elif not name and local_name(child) == "ch" and child.get("val") is not None:
        parts.append(_MEMOQ_CHARACTERS.get(child.get("val", ""), child.get("val", "")))
    else:  # mrk, sub outside a code, elements of other namespaces: read through
        _inline(reader, child, parts, unnamed)


#: the characters memoQ names in ``<mq:ch val="...">`` (other values are the character itself)
_MEMOQ_CHARACTERS = {"nbsp": "\u00a0", "shy": "\u00ad", "tab": "\t", "nbhy": "\u2011", "zwsp": "\u200b", "zwnj": "\u200c", "zwj": "\u200d"}
_MEMOQ_CHAR = re.compile(r'^\s*<mq:ch\s+val="([^"]*)"\s*/>\s*$')


def _memoq_char(data: str) -> str | None:
    """The character a ``ph`` holding memoQ's ``<mq:ch val="..."/>`` stands for, or None."""
    found = _MEMOQ_CHAR.match(data) if "mq:ch" in data else None
    if found is None:
        return None
    value = html.unescape(found.group(1))
    return _MEMOQ_CHARACTERS.get(value, value)


def _data(element: etree._Element) -> str:
    """A native code's content, ``<sub>`` text included."""
    return "".join(element.itertext())


def _char(hex_text: str | None) -> str:
    try:
        return chr(int((hex_text or "").strip(), 16))
    except (ValueError, OverflowError):
        return "\ufffd"


def _close_types(segment: Segment) -> Segment:
    """Give CLOSE codes the type of their OPEN code (``ept`` has no ``ctype``)."""
    types = {code.id: code.type for code in segment.codes if code.kind == CodeKind.OPEN and code.type}
    if not any(code.kind == CodeKind.CLOSE and not code.type and code.id in types for code in segment.codes):
        return segment
    return Segment(
        tuple(
            Code(p.id, p.kind, p.data, types[p.id], p.disp)
            if isinstance(p, Code) and p.kind == CodeKind.CLOSE and not p.type and p.id in types
            else p
            for p in segment.parts
        )
    )
