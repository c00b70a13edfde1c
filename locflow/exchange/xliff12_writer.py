"""XLIFF 1.2 output: one ``<file>`` per document, strict-schema valid.

Choices (see ``docs/exchange.md``):

* One ``trans-unit`` per segment, its ``id`` the segment key (the unit key
  for a unit's first segment, ``key#2``... for the next). XLIFF 1.2 has one
  ``state`` per ``<target>``, so this is the only layout in which every
  segment keeps a state of its own through any CAT tool. The segments of a
  unit exported with several of them, or with a segment other than its
  first, are wrapped in a ``<group resname="<unit key>" restype="x-locflow-unit">``
  that carries the unit's length limit. (Files with ``<seg-source>`` and
  ``<mrk mtype="seg">``, as older versions and other tools write them, are
  still read.)
* Inline codes keep their original data as element content: a paired code
  is ``<bpt>``/``<ept>``, a standalone one ``<ph>``, and an open or close
  code without its partner ``<it pos="open|close">``. ``Code.type`` goes to
  ``ctype`` (``x-<type>`` when the schema has no such value), ``equiv-text``
  is what the tool shows (:func:`~locflow.exchange.display.display_text`).
* A character XML cannot carry (a control character) is written as
  ``<ph ctype="x-locflow-char">HHHH</ph>`` and read back as the character.
* States: see :mod:`locflow.exchange.states`.
* The package id (see :mod:`locflow.store.exports`) is the ``job-id`` of a
  ``<phase phase-name="locflow-export">`` in each ``<header>``.
* TM and MT offers are ``<alt-trans>`` with ``match-quality`` and
  ``origin``; a stale translation's previous source is an ``<alt-trans
  alttranstype="previous-version">``; context and term hints are ``<note>``.
* Plural entries are a ``<group restype="x-gettext-plurals">`` of one
  ``trans-unit`` per form (``key[0]``, ``key[1]``...), as translate-toolkit
  writes them.
"""

from __future__ import annotations

import re

import locflow
from locflow.exchange import context
from locflow.exchange.base import ExportDocument, ExportPackage, ExportSegment, ExportUnit
from locflow.exchange.display import display_text
from locflow.exchange.pairing import partners
from locflow.exchange.states import to_xliff12
from locflow.exchange.xmlwrite import attrs, escape_text, split_xml_chars, xml_safe
from locflow.model import Code, CodeKind, Segment, State

__all__ = ["write_xliff12", "XLIFF12_NS", "CHAR_CTYPE", "PLURAL_RESTYPE", "UNIT_RESTYPE", "EXPORT_PHASE"]

XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
#: ``ctype`` of the ``<ph>`` that stands for a character XML cannot carry.
CHAR_CTYPE = "x-locflow-char"
PLURAL_RESTYPE = "x-gettext-plurals"
#: ``restype`` of the group that holds the segments of one unit.
UNIT_RESTYPE = "x-locflow-unit"
#: ``phase-name`` of the phase whose ``job-id`` is the package id.
EXPORT_PHASE = "locflow-export"

_DELIMITER_CTYPES = {"bold", "italic", "underlined", "link"}
_PLACEHOLDER_CTYPES = {"image", "pb", "lb"}
_CTYPE_OF_TYPE = {"underline": "underlined"}
_DATATYPES = {"html", "xml", "po", "plaintext", "javascript", "php", "xhtml", "sgml", "csv", "ini", "resx", "rtf"}
_RESTYPES = {"button", "caption", "checkbox", "header", "heading", "label", "list", "listitem", "menu",
             "menuitem", "message", "string", "table", "tooltip", "row", "cell", "footer"}  # fmt: skip
_NO_SPACE = re.compile(r"\s+")


def write_xliff12(package: ExportPackage) -> bytes:
    """The package as an XLIFF 1.2 document (UTF-8)."""
    if not package.documents:
        raise ValueError("an XLIFF file needs at least one document")
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<xliff version="1.2" xmlns="{XLIFF12_NS}">\n']
    for document in package.documents:
        _write_file(out, package, document)
    out.append("</xliff>\n")
    return "".join(out).encode("utf-8")


def _write_file(out: list[str], package: ExportPackage, document: ExportDocument) -> None:
    date = package.created.isoformat(timespec="seconds") if package.created else None
    out.append(
        "  <file"
        + attrs(
            original=document.path,
            source_language=package.source_locale.tag,
            target_language=package.target_locale.tag,
            datatype=_x_value(document.format, _DATATYPES, "plaintext"),
            date=date,
            product_name=package.project,
            tool_id="locflow",
        )
        + ">\n"
    )
    tool = attrs(tool_id="locflow", tool_name="locflow", tool_version=locflow.__version__)
    out.append("    <header>\n")
    if package.package_id:
        phase = attrs(phase_name=EXPORT_PHASE, process_name=package.kind, tool_id="locflow", job_id=package.package_id)
        out.append(f"      <phase-group>\n        <phase{phase}/>\n      </phase-group>\n")
    out.append(f"      <tool{tool}/>\n    </header>\n")
    out.append("    <body>\n")
    taken = {unit.key for unit in document.units}  # trans-unit ids are unique per <file>
    for unit in document.units:
        if not unit.segments:
            continue
        if unit.is_plural:
            _write_plural(out, package, unit, taken)
        else:
            _write_unit(out, package, unit)
    out.append("    </body>\n  </file>\n")


def _write_unit(out: list[str], package: ExportPackage, unit: ExportUnit) -> None:
    """One trans-unit per segment; grouped when the unit is exported as several or in part."""
    segments = unit.segments
    if len(segments) == 1 and segments[0].index == 0:
        _write_segment(out, package, unit, segments[0], "      ", unit_attrs=True, context=True)
        return
    out.append("      <group" + attrs(resname=unit.key, restype=UNIT_RESTYPE) + _length_attrs(unit) + ">\n")
    for number, segment in enumerate(segments):
        _write_segment(out, package, unit, segment, "        ", unit_attrs=False, context=number == 0)
    out.append("      </group>\n")


def _write_segment(
    out: list[str], package: ExportPackage, unit: ExportUnit, segment: ExportSegment, indent: str, *, unit_attrs: bool, context: bool
) -> None:
    """A ``trans-unit`` for one segment; ``context`` adds the unit's notes (written once per unit)."""
    extra = _unit_attrs(segment.key, unit) if unit_attrs else attrs(id=segment.key, xml_space="preserve")
    out.append(f"{indent}<trans-unit{extra}>\n")
    out.append(f"{indent}  <source>{inline(segment.source)}</source>\n")
    if segment.target is not None:
        out.append(f"{indent}  <target{_state_attrs(segment.state)}>{inline(segment.target)}</target>\n")
    _write_alt_trans(out, package, segment, indent + "  ")
    lines = (context_lines(unit) if context else []) + segment_lines(segment)
    for line in lines:
        out.append(f'{indent}  <note from="locflow">{escape_text(xml_safe(line))}</note>\n')
    out.append(f"{indent}</trans-unit>\n")


def _write_plural(out: list[str], package: ExportPackage, unit: ExportUnit, taken: set[str]) -> None:
    segment = unit.segments[0]
    forms = segment.plural_targets()
    count = max(2, package.target_locale.plural_count, len(forms))
    out.append("      <group" + attrs(id=unit.key, restype=PLURAL_RESTYPE) + ">\n")
    for line in context_lines(unit) + segment_lines(segment):
        out.append(f'        <note from="locflow">{escape_text(xml_safe(line))}</note>\n')
    for n in range(count):
        source = segment.source if n == 0 else segment.source_plural
        out.append("        <trans-unit" + _unit_attrs(_form_id(unit.key, n, taken), unit) + ">\n")
        out.append(f"          <source>{inline(source)}</source>\n")
        if n < len(forms):
            out.append(f"          <target{_state_attrs(segment.state)}>{inline(forms[n])}</target>\n")
        out.append("        </trans-unit>\n")
    out.append("      </group>\n")


def _form_id(key: str, form: int, taken: set[str]) -> str:
    """``key[n]`` (translate-toolkit's naming), primed until no other unit of the file has that id."""
    form_id = f"{key}[{form}]"
    while form_id in taken:
        form_id += "'"
    taken.add(form_id)
    return form_id


def _unit_attrs(unit_id: str, unit: ExportUnit) -> str:
    return attrs(id=unit_id, xml_space="preserve", restype=_x_value(unit.kind, _RESTYPES, None)) + _length_attrs(unit)


def _length_attrs(unit: ExportUnit) -> str:
    return attrs(maxwidth=unit.max_length, size_unit="char" if unit.max_length else None)


def _state_attrs(state: State) -> str:
    value, qualifier = to_xliff12(state)
    return attrs(state=value, state_qualifier=qualifier)


def _write_alt_trans(out: list[str], package: ExportPackage, segment: ExportSegment, indent: str) -> None:
    lang = package.target_locale.tag
    for match in segment.matches:
        quality = f"{match.score:g}" if match.score else None
        out.append(f"{indent}<alt-trans" + attrs(match_quality=quality, origin=match.origin) + ">\n")
        out.append(f"{indent}  <source>{inline(match.source)}</source>\n")
        out.append(f'{indent}  <target xml:lang="{lang}">{inline(match.target)}</target>\n')
        out.append(f"{indent}</alt-trans>\n")
    if segment.previous_source is not None and segment.target is not None:
        out.append(f"{indent}<alt-trans" + attrs(alttranstype="previous-version") + ">\n")
        out.append(f"{indent}  <source>{inline(segment.previous_source)}</source>\n")
        out.append(f'{indent}  <target xml:lang="{lang}">{inline(segment.target)}</target>\n')
        out.append(f"{indent}</alt-trans>\n")


def context_lines(unit: ExportUnit) -> list[str]:
    """The unit's own context (note, kind, length limit), written once per unit."""
    return context.unit_context(unit)


def segment_lines(segment: ExportSegment) -> list[str]:
    """A segment's note and term hints."""
    lines = [line for line in segment.note.splitlines() if line.strip()]
    lines.extend(context.term_line(term) for term in segment.terms)
    return lines


# -- inline content -----------------------------------------------------------------------


def inline(segment: Segment | None) -> str:
    """A segment (or nothing: an empty target) as XLIFF 1.2 inline content."""
    present = segment if segment is not None else Segment()
    paired = partners([present])
    chars = iter(range(1, 1 << 30))
    return "".join(
        _text(part, chars) if isinstance(part, str) else _code(part, (0, p) in paired)
        for p, part in enumerate(present.parts)
    )


def _text(text: str, chars) -> str:  # type: ignore[no-untyped-def]
    out = []
    for run, unsafe in split_xml_chars(text):
        if unsafe:
            out.append(f'<ph id="locflow-char-{next(chars)}" ctype="{CHAR_CTYPE}">{ord(run):04X}</ph>')
        else:
            out.append(escape_text(run))
    return "".join(out)


def _code(code: Code, paired: bool) -> str:
    data = escape_text(xml_safe(code.data))
    if code.kind == CodeKind.STANDALONE:
        tag, extra = "ph", attrs(ctype=_ctype(code.type, _PLACEHOLDER_CTYPES))
    elif not paired:
        pos = "open" if code.kind == CodeKind.OPEN else "close"
        tag, extra = "it", attrs(pos=pos, ctype=_ctype(code.type, _DELIMITER_CTYPES))
    elif code.kind == CodeKind.OPEN:
        tag, extra = "bpt", attrs(ctype=_ctype(code.type, _DELIMITER_CTYPES))
    else:
        tag, extra = "ept", ""
    return f"<{tag}{attrs(id=code.id)}{extra}{attrs(equiv_text=display_text(code))}>{data}</{tag}>"


def _ctype(code_type: str, allowed: set[str]) -> str | None:
    if not code_type:
        return None
    value = _CTYPE_OF_TYPE.get(code_type, code_type)
    return value if value in allowed else "x-" + _NO_SPACE.sub("-", code_type)


def _x_value(value: str, known: set[str], default: str | None) -> str | None:
    """A schema enumeration value, or its ``x-`` extension form."""
    if not value:
        return default
    return value if value in known else "x-" + _NO_SPACE.sub("-", value)
