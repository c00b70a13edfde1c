"""XLIFF 2.x input (2.0, 2.1, 2.2), as locflow and other tools write it.

Units are read from any depth of ``<group>``; units under ``translate="no"``
are read with the flag ``translate-no``; ``<ignorable>`` parts are skipped. A segment's id is its unit's key (the
``id`` with :func:`~locflow.exchange.xmlwrite.to_nmtoken` undone) for the
first segment and ``key#n`` for the n-th: by position, except in units
locflow wrote (``name`` is the key, ``id`` its NMTOKEN form), whose ``sN``
segment ids say which segments of the unit were exported.

Inline elements become :class:`~locflow.model.Code` objects with the data
their ``dataRef`` points to in ``<originalData>``:

==============  =====================================================
``ph``          STANDALONE
``pc``          OPEN + content + CLOSE (``dataRefStart``/``dataRefEnd``)
``sc`` / ``ec``  OPEN / CLOSE; an ``ec`` takes the id its ``startRef`` names,
                an isolated one its own ``id``
``cp``          the character it stands for
``mrk``         transparent: its content is read as if it were not there
``sm`` / ``em``  dropped (annotation boundaries, no content)
==============  =====================================================

Structure the reader cannot interpret (no ``<file>``, a unit without id or
segment, a segment without exactly one source, duplicate unit ids) raises
:class:`~locflow.model.errors.MalformedFileError` with the line; a problem
confined to one unit (a ``dataRef`` to missing data, an ``ec`` that is
neither isolated nor refers to a start) is reported on its segments'
``problem`` so the import rejects just those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from os import PathLike

from lxml import etree

from locflow.exchange.base import NOT_TRANSLATABLE, ExchangeFile, ExchangeSegment
from locflow.exchange.locales import parse_locale
from locflow.exchange.states import SUBSTATE_PREFIX, from_xliff2
from locflow.exchange.xliff2_writer import MDA_NS, PLURAL_TYPE, TYPE_ATTRS
from locflow.exchange.xmlparse import is_element, local_name
from locflow.exchange.xmlwrite import from_nmtoken, is_xml_unsafe, to_nmtoken
from locflow.model import Code, CodeKind, Part, Segment, State, segment_key
from locflow.model.errors import MalformedFileError

__all__ = ["read_xliff2"]

_ATTRS_TYPE = {attrs: name for name, attrs in TYPE_ATTRS.items()}
_OUR_SEGMENT_ID = re.compile(r"s([1-9][0-9]*)")
_STATES = {"initial", "translated", "reviewed", "final"}


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass
class _Unit:
    """What one unit's inline content refers to, and what went wrong in it.

    ``started`` holds, per side, the ids of the start codes seen so far, so an
    end code that refers to a start not yet seen is noticed.
    """

    data: dict[str, str]
    problems: list[str]
    started: dict[str, set[str]] = field(default_factory=lambda: {"source": set(), "target": set()})
    unnamed: int = 0

    def code_id(self, *candidates: str | None) -> str:
        """The first id given, or a made-up one for a code that has none (an invalid file)."""
        for candidate in candidates:
            if candidate:
                return from_nmtoken(candidate)
        self.unnamed += 1
        return f"auto{self.unnamed}"


class _Reader:
    def __init__(self, root: etree._Element, path: str) -> None:
        self.path = path
        self.ns = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
        self.target_language = root.get("trgLang", "")
        self.segments: list[ExchangeSegment] = []

    def tag(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name

    def children(self, element: etree._Element, name: str) -> list[etree._Element]:
        return list(element.iterchildren(self.tag(name)))

    def fail(self, message: str, element: etree._Element) -> MalformedFileError:
        return MalformedFileError(message, path=self.path, line=element.sourceline)


def read_xliff2(root: etree._Element, path: str | PathLike[str]) -> ExchangeFile:
    """Read a parsed XLIFF 2.x document (root ``<xliff>``)."""
    reader = _Reader(root, str(path))
    files = reader.children(root, "file")
    if not files:
        raise reader.fail("<xliff> has no <file>", root)
    packages = set()
    for file_el in files:
        unit_ids: set[str] = set()
        packages.add(_package_id(file_el))
        _read_container(reader, file_el, file_el.get("original"), unit_ids)
    return ExchangeFile(
        path=str(path),
        format="xliff2",
        source_locale=parse_locale(root.get("srcLang")),
        target_locale=parse_locale(reader.target_language),
        segments=tuple(reader.segments),
        version=root.get("version", ""),
        package=packages.pop() if len(packages) == 1 else "",
    )


def _package_id(file_el: etree._Element) -> str:
    """The ``package`` metadata locflow writes on each ``<file>``, or ``""``."""
    for meta in file_el.iterfind(f"{{{MDA_NS}}}metadata/{{{MDA_NS}}}metaGroup/{{{MDA_NS}}}meta"):
        if meta.get("type") == "package" and meta.getparent().get("category") == "locflow":
            return (meta.text or "").strip()
    return ""


def _read_container(
    reader: _Reader, element: etree._Element, document: str | None, unit_ids: set[str], locked: bool = False
) -> None:
    """Units and groups below ``element``; ``locked`` once an ancestor says ``translate="no"``."""
    locked = locked or element.get("translate") == "no"
    for child in element:
        if child.tag == reader.tag("unit"):
            unit_id = child.get("id")
            if not unit_id:
                raise reader.fail("<unit> without id", child)
            if unit_id in unit_ids:
                raise reader.fail(f"unit id {unit_id!r} is used twice in one <file>", child)
            unit_ids.add(unit_id)
            segments = _read_unit(reader, child, document)
            if locked or child.get("translate") == "no":
                segments = [replace(segment, flags=NOT_TRANSLATABLE) for segment in segments]
            reader.segments.extend(segments)
        elif child.tag == reader.tag("group"):
            if child.get("type") == PLURAL_TYPE:
                reader.segments.append(_read_plural(reader, child, document))
                unit_ids.update(unit.get("id", "") for unit in reader.children(child, "unit"))
            else:
                _read_container(reader, child, document, unit_ids, locked)


def _read_unit(reader: _Reader, unit: etree._Element, document: str | None) -> list[ExchangeSegment]:
    key = from_nmtoken(unit.get("id", ""))
    context = _Unit(_original_data(reader, unit), [])
    context.problems.extend(_original_data_problems(reader, unit))
    segments = reader.children(unit, "segment")
    if not segments:
        raise reader.fail(f"unit {key!r} has no <segment>", unit)
    segment_ids = [segment.get("id") for segment in segments if segment.get("id")]
    if len(set(segment_ids)) != len(segment_ids):
        context.problems.append("two segments have the same id")
    ids = _segment_ids(key, [segment.get("id") for segment in segments], ours=_written_by_us(unit))
    notes = _notes(reader, unit)
    read = [_read_segment(reader, segment, seg_id, document, notes, context) for seg_id, segment in zip(ids, segments)]
    problem = "; ".join(dict.fromkeys(context.problems))  # a fault anywhere in a unit concerns all its segments
    return [replace(segment, problem=problem) for segment in read] if problem else read


def _read_segment(
    reader: _Reader,
    segment: etree._Element,
    seg_id: str,
    document: str | None,
    notes: tuple[str, ...],
    context: _Unit,
) -> ExchangeSegment:
    source_el, target_el = _source_and_target(reader, segment)
    source = _segment(reader, source_el, context, "source")
    target = _segment(reader, target_el, context, "target") if target_el is not None else None
    return ExchangeSegment(
        id=seg_id,
        unit_id=segment.getparent().get("id", ""),
        source=source,
        target=target,
        state=_state(segment, target, context),
        line=(target_el if target_el is not None else segment).sourceline,
        document=document,
        notes=notes,
        raw_state="/".join(filter(None, (segment.get("state"), segment.get("subState")))),
        target_language=_target_language(reader, target_el, context),
    )


def _read_plural(reader: _Reader, group: etree._Element, document: str | None) -> ExchangeSegment:
    forms = [_read_unit(reader, unit, document)[0] for unit in reader.children(group, "unit")]
    if not forms:
        raise reader.fail("plural group without units", group)
    targets = tuple(form.target for form in forms if form.target is not None)
    first = forms[0]
    has_target = any(not target.is_empty() for target in targets)
    return ExchangeSegment(
        id=from_nmtoken(group.get("id", "")),
        unit_id=group.get("id", ""),
        source=first.source,
        target=targets[0] if targets else None,
        state=first.state if has_target else from_xliff2(None, None, has_target=False),
        line=first.line,
        document=document,
        notes=_notes(reader, group),
        source_plural=forms[1].source if len(forms) > 1 else None,
        target_plurals=targets,
        raw_state=first.raw_state,
        target_language=reader.target_language,
        problem="; ".join(filter(None, (form.problem for form in forms))),
    )


def _written_by_us(unit: etree._Element) -> bool:
    """locflow writes the key as ``name`` and its NMTOKEN form as ``id``; other tools rarely match that."""
    name = unit.get("name")
    return name is not None and name != "" and to_nmtoken(name) == unit.get("id")


def _segment_ids(key: str, ids: list[str | None], *, ours: bool) -> list[str]:
    """Segment keys: from locflow's ``sN`` ids in units it wrote (a unit may be exported in part), else by position."""
    numbers = [int(m.group(1)) if (m := _OUR_SEGMENT_ID.fullmatch(i or "")) else 0 for i in ids]
    if ours and all(numbers) and len(set(numbers)) == len(numbers):
        return [segment_key(key, number - 1) for number in numbers]
    return [segment_key(key, index) for index in range(len(ids))]


def _source_and_target(reader: _Reader, segment: etree._Element) -> tuple[etree._Element, etree._Element | None]:
    sources = reader.children(segment, "source")
    if len(sources) != 1:
        raise reader.fail(f"a <segment> needs exactly one <source>, not {len(sources)}", segment)
    targets = reader.children(segment, "target")
    if len(targets) > 1:
        raise reader.fail("a <segment> has more than one <target>", segment)
    return sources[0], targets[0] if targets else None


def _target_language(reader: _Reader, target_el: etree._Element | None, context: _Unit) -> str:
    """The target's ``xml:lang`` when it has one (it must equal ``trgLang``), else ``trgLang``."""
    language = target_el.get(XML_LANG, "") if target_el is not None else ""
    if language and reader.target_language and language.lower() != reader.target_language.lower():
        context.problems.append(f"the target is in {language!r} but the file's trgLang is {reader.target_language!r}")
    return language or reader.target_language


def _state(segment: etree._Element, target: Segment | None, context: _Unit) -> State:
    value = segment.get("state")
    if value is not None and value not in _STATES:
        context.problems.append(f"unknown state {value!r}")
        value = None
    return from_xliff2(value, segment.get("subState"), has_target=target is not None and not target.is_empty())


def _notes(reader: _Reader, element: etree._Element) -> tuple[str, ...]:
    out = []
    for notes in reader.children(element, "notes"):
        texts = ("".join(note.itertext()).strip() for note in reader.children(notes, "note"))
        out.extend(text for text in texts if text)
    return tuple(out)


def _original_data(reader: _Reader, unit: etree._Element) -> dict[str, str]:
    data: dict[str, str] = {}
    for original in reader.children(unit, "originalData"):
        for item in reader.children(original, "data"):
            data[item.get("id", "")] = _text_with_cp(reader, item)
    return data


def _original_data_problems(reader: _Reader, unit: etree._Element) -> list[str]:
    originals = reader.children(unit, "originalData")
    ids = [item.get("id", "") for original in originals for item in reader.children(original, "data")]
    return ["two <data> elements have the same id"] if len(set(ids)) != len(ids) else []


def _text_with_cp(reader: _Reader, element: etree._Element) -> str:
    out = [element.text or ""]
    for child in element:
        if child.tag == reader.tag("cp"):
            out.append(_char(child.get("hex")))
        out.append(child.tail or "")
    return "".join(out)


# -- inline content ---------------------------------------------------------------------------


def _segment(reader: _Reader, element: etree._Element, context: _Unit, side: str) -> Segment:
    """The inline content of a source or target; codes without any id are numbered ``auto1``... in order."""
    context.unnamed = 0
    parts: list[Part] = []
    _inline(reader, element, parts, context, context.started[side])
    return Segment(tuple(parts))


def _inline(reader: _Reader, element: etree._Element, parts: list[Part], context: _Unit, started: set[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        if is_element(child):
            _inline_element(reader, child, parts, context, started)
        if child.tail:
            parts.append(child.tail)


def _inline_element(
    reader: _Reader, child: etree._Element, parts: list[Part], context: _Unit, started: set[str]
) -> None:
    name = local_name(child) if child.tag.startswith("{" + reader.ns + "}") or not reader.ns else ""
    code_type = _code_type(child.get("type"), child.get("subType"))

    def data(attr: str) -> str:
        ref = child.get(attr)
        if ref is None:
            return ""
        if ref not in context.data:
            context.problems.append(f"code {child.get('id') or child.get('startRef')!r} refers to missing data {ref!r}")
        return context.data.get(ref, "")

    code_id = context.code_id(child.get("id")) if name in ("ph", "pc", "sc") else ""
    if name == "ph":
        parts.append(Code(code_id, CodeKind.STANDALONE, data("dataRef"), code_type, child.get("disp", "")))
    elif name == "pc":
        parts.append(Code(code_id, CodeKind.OPEN, data("dataRefStart"), code_type, child.get("dispStart", "")))
        _inline(reader, child, parts, context, started)
        parts.append(Code(code_id, CodeKind.CLOSE, data("dataRefEnd"), code_type, child.get("dispEnd", "")))
    elif name == "sc":
        started.add(child.get("id") or "")
        parts.append(Code(code_id, CodeKind.OPEN, data("dataRef"), code_type, child.get("disp", "")))
    elif name == "ec":
        start = child.get("startRef")
        if start is None and child.get("isolated") != "yes":
            context.problems.append(f"end code {child.get('id')!r} is neither isolated nor refers to a start code")
        elif start is not None and start not in started:
            context.problems.append(f"end code {start!r} comes before its start code")
        end_id = context.code_id(start, child.get("id"))
        parts.append(Code(end_id, CodeKind.CLOSE, data("dataRef"), code_type, child.get("disp", "")))
    elif name == "cp":
        char = _char(child.get("hex"))
        if char == "\ufffd" or not is_xml_unsafe(char):
            context.problems.append(f"<cp hex={child.get('hex')!r}> does not stand for a character XML cannot carry")
        parts.append(char)
    elif name in ("sm", "em"):
        return
    else:  # mrk and elements of other namespaces: read through
        _inline(reader, child, parts, context, started)


def _code_type(type_: str | None, subtype: str | None) -> str:
    if subtype and subtype.startswith(SUBSTATE_PREFIX):
        return subtype[len(SUBSTATE_PREFIX) :]
    return _ATTRS_TYPE.get((type_ or "", subtype or ""), type_ or "")


def _char(hex_value: str | None) -> str:
    """The character of a ``<cp hex>`` (U+FFFD when the value is not a code point)."""
    try:
        return chr(int(hex_value or "", 16))
    except (ValueError, OverflowError):
        return "\ufffd"
