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

``ctype`` becomes ``Code.type`` (without its ``x-``), ``equiv-text``
``Code.disp``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count
from os import PathLike

from lxml import etree

from locflow.exchange.base import NOT_TRANSLATABLE, ExchangeFile, ExchangeSegment
from locflow.exchange.locales import common_locale
from locflow.exchange.states import from_xliff12
from locflow.exchange.xliff12_writer import CHAR_CTYPE, PLURAL_RESTYPE
from locflow.exchange.xmlparse import is_element, local_name
from locflow.model import Code, CodeKind, Part, Segment, segment_key
from locflow.model.errors import MalformedFileError

__all__ = ["read_xliff12"]

_TYPE_OF_CTYPE = {"underlined": "underline"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass
class _Reader:
    path: str
    ns: str
    segments: list[ExchangeSegment] = field(default_factory=list)

    def tag(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name

    def children(self, element: etree._Element, name: str) -> Iterator[etree._Element]:
        return element.iterchildren(self.tag(name))

    def child(self, element: etree._Element, name: str) -> etree._Element | None:
        return next(self.children(element, name), None)


def read_xliff12(root: etree._Element, path: str | PathLike[str]) -> ExchangeFile:
    """Read a parsed XLIFF 1.x document (root ``<xliff>``)."""
    reader = _Reader(str(path), root.tag[1:].partition("}")[0] if root.tag.startswith("{") else "")
    sources: list[str] = []
    targets: list[str] = []
    generator = ""
    for file_el in reader.children(root, "file"):
        source_lang = file_el.get("source-language", "")
        target_lang = file_el.get("target-language", "")
        sources.append(source_lang)
        targets.append(target_lang)
        generator = generator or _generator(reader, file_el)
        body = reader.child(file_el, "body")
        if body is None:
            raise MalformedFileError("<file> without <body>", path=path, line=file_el.sourceline)
        _read_container(reader, body, file_el.get("original"), target_lang, count(1))
    return ExchangeFile(
        path=str(path),
        format="xliff12",
        source_locale=common_locale(sources),
        target_locale=common_locale(targets),
        segments=tuple(reader.segments),
        version=root.get("version", ""),
        generator=generator,
    )


def _generator(reader: _Reader, file_el: etree._Element) -> str:
    header = reader.child(file_el, "header")
    tool = reader.child(header, "tool") if header is not None else None
    if tool is not None:
        return " ".join(filter(None, (tool.get("tool-name"), tool.get("tool-version"))))
    return file_el.get("tool-id") or file_el.get("tool") or ""


def _read_container(reader: _Reader, element: etree._Element, document: str | None, lang: str, position, locked: bool = False) -> None:  # type: ignore[no-untyped-def]
    for child in element:
        if child.tag == reader.tag("trans-unit"):
            reader.segments.extend(_read_unit(reader, child, document, lang, next(position), locked))
        elif child.tag == reader.tag("group"):
            if child.get("restype") == PLURAL_RESTYPE:
                plural = _read_plural(reader, child, document, lang, position)
                if plural is not None:
                    reader.segments.append(plural)
            else:
                _read_container(reader, child, document, lang, position, locked or child.get("translate") == "no")


# -- units ----------------------------------------------------------------------------------


def _read_unit(reader: _Reader, unit: etree._Element, document: str | None, lang: str, n: int, locked: bool = False) -> list[ExchangeSegment]:
    unit_id = unit.get("id") or unit.get("resname") or f"unit-{n}"
    source_el = reader.child(unit, "source")
    if source_el is None:
        raise MalformedFileError(f"trans-unit {unit_id!r} has no <source>", path=reader.path, line=unit.sourceline)
    target_el = reader.child(unit, "target")
    common = dict(
        unit_id=unit_id,
        document=document,
        notes=tuple((note.text or "").strip() for note in reader.children(unit, "note") if (note.text or "").strip()),
        target_language=_target_language(target_el, lang),
        raw_state=_raw_state(target_el),
        flags=NOT_TRANSLATABLE if locked or unit.get("translate") == "no" else frozenset(),
    )
    approved = unit.get("approved") == "yes"
    previous = _previous_sources(reader, unit)
    seg_source = reader.child(unit, "seg-source")
    source_marks = _seg_marks(reader, seg_source) if seg_source is not None else []
    if not source_marks:
        source = _segment(reader, source_el)
        target = _segment(reader, target_el) if target_el is not None else None
        return [
            ExchangeSegment(
                id=unit_id,
                source=source,
                target=target,
                state=_state(target_el, target, approved),
                line=(target_el if target_el is not None else unit).sourceline,
                previous_source=previous.get(None),
                **common,
            )
        ]
    target_marks = {mark.get("mid"): mark for mark in _seg_marks(reader, target_el)} if target_el is not None else {}
    problem = ""
    if target_el is not None and not target_marks and _has_content(target_el):
        problem = "the target is not segmented like its source (no <mrk mtype=\"seg\">)"
    ids = _segment_ids(unit_id, [mark.get("mid") for mark in source_marks])
    out = []
    for seg_id, mark in zip(ids, source_marks):
        mid = mark.get("mid")
        target_mark = target_marks.get(mid)
        target = _segment(reader, target_mark) if target_mark is not None else None
        out.append(
            ExchangeSegment(
                id=seg_id,
                source=_segment(reader, mark),
                target=target,
                state=_state(target_el, target, approved),
                line=(target_mark if target_mark is not None else mark).sourceline,
                previous_source=previous.get(mid),
                problem=problem,
                **common,
            )
        )
    return out


def _segment_ids(unit_id: str, mids: list[str | None]) -> list[str]:
    """Segment keys: from ``mid`` when every mid is a distinct number from 1 (as locflow writes), else by position."""
    numbers = [int(mid) if mid and mid.isdigit() else 0 for mid in mids]
    if all(numbers) and len(set(numbers)) == len(numbers):
        return [segment_key(unit_id, number - 1) for number in numbers]
    return [segment_key(unit_id, index) for index in range(len(mids))]


def _read_plural(reader: _Reader, group: etree._Element, document: str | None, lang: str, position) -> ExchangeSegment | None:  # type: ignore[no-untyped-def]
    units = [unit for unit in reader.children(group, "trans-unit")]
    if not units:
        return None
    first = units[0]
    sources = [reader.child(unit, "source") for unit in units]
    if any(source is None for source in sources):
        raise MalformedFileError("plural trans-unit without <source>", path=reader.path, line=group.sourceline)
    target_els = [reader.child(unit, "target") for unit in units]
    forms = tuple(_segment(reader, el) for el in target_els if el is not None)
    first_target = target_els[0]
    notes = [n.text.strip() for n in reader.children(group, "note") if n.text and n.text.strip()]
    notes += [n.text.strip() for n in reader.children(first, "note") if n.text and n.text.strip()]
    group_id = group.get("id") or (first.get("id") or f"unit-{next(position)}").removesuffix("[0]")
    target = forms[0] if forms else None
    has_target = any(not form.is_empty() for form in forms)
    return ExchangeSegment(
        id=group_id,
        unit_id=group_id,
        source=_segment(reader, sources[0]),
        target=target,
        state=from_xliff12(
            first_target.get("state") if first_target is not None else None,
            first_target.get("state-qualifier") if first_target is not None else None,
            has_target=has_target,
            approved=first.get("approved") == "yes",
        ),
        line=(first_target if first_target is not None else first).sourceline,
        document=document,
        notes=tuple(notes),
        source_plural=_segment(reader, sources[1]) if len(sources) > 1 else None,
        target_plurals=forms,
        raw_state=_raw_state(first_target),
        target_language=lang,
    )


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


def _target_language(target_el: etree._Element | None, file_language: str) -> str:
    """The target's ``xml:lang`` when it has one, else the file's ``target-language``."""
    if target_el is not None:
        return target_el.get(XML_LANG) or file_language
    return file_language


def _raw_state(target_el: etree._Element | None) -> str:
    if target_el is None:
        return ""
    return "/".join(filter(None, (target_el.get("state"), target_el.get("state-qualifier"))))


def _state(target_el: etree._Element | None, target: Segment | None, approved: bool):  # type: ignore[no-untyped-def]
    has_target = target is not None and not target.is_empty()
    if target_el is None:
        return from_xliff12(None, None, has_target=False)
    return from_xliff12(target_el.get("state"), target_el.get("state-qualifier"), has_target=has_target, approved=approved)


# -- inline content ---------------------------------------------------------------------------


def _segment(reader: _Reader, element: etree._Element) -> Segment:
    parts: list[Part] = []
    _inline(reader, element, parts, count(1))
    return _close_types(Segment(tuple(parts)))


def _inline(reader: _Reader, element: etree._Element, parts: list[Part], auto) -> None:  # type: ignore[no-untyped-def]
    if element.text:
        parts.append(element.text)
    for child in element:
        if is_element(child):
            _inline_element(reader, child, parts, auto)
        if child.tail:
            parts.append(child.tail)


def _inline_element(reader: _Reader, child: etree._Element, parts: list[Part], auto) -> None:  # type: ignore[no-untyped-def]
    name = local_name(child) if child.tag.startswith("{" + reader.ns + "}") or not reader.ns else ""
    ctype = child.get("ctype") or ""
    code_type = _TYPE_OF_CTYPE.get(ctype, ctype[2:] if ctype.startswith("x-") else ctype)
    disp = child.get("equiv-text") or ""

    def code(kind: CodeKind, data: str = "", paired: bool = False) -> Code:
        ids = (child.get("rid"), child.get("id")) if paired else (child.get("id"),)
        code_id = next((i for i in ids if i), None) or child.get("i") or f"auto{next(auto)}"
        return Code(code_id, kind, data, code_type, disp)

    if name == "ph" and ctype == CHAR_CTYPE:
        parts.append(_char(child.text))
    elif name == "ph":
        parts.append(code(CodeKind.STANDALONE, _data(child)))
    elif name == "bpt":
        parts.append(code(CodeKind.OPEN, _data(child), paired=True))
    elif name == "ept":
        parts.append(code(CodeKind.CLOSE, _data(child), paired=True))
    elif name == "it":
        kind = CodeKind.OPEN if child.get("pos") in ("open", "begin") else CodeKind.CLOSE
        parts.append(code(kind, _data(child), paired=True))
    elif name == "x":
        parts.append(code(CodeKind.STANDALONE))
    elif name == "bx":
        parts.append(code(CodeKind.OPEN, paired=True))
    elif name == "ex":
        parts.append(code(CodeKind.CLOSE, paired=True))
    elif name == "g":
        opening = code(CodeKind.OPEN)
        parts.append(opening)
        _inline(reader, child, parts, auto)
        parts.append(Code(opening.id, CodeKind.CLOSE, "", code_type))
    else:  # mrk, sub outside a code, elements of other namespaces: read through
        _inline(reader, child, parts, auto)


def _data(element: etree._Element) -> str:
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
