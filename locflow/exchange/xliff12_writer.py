"""XLIFF 1.2 output: one ``<file>`` per document, strict-schema valid.

Choices (see ``docs/exchange.md``):

* ``trans-unit id`` is the unit key. A unit exported with several segments,
  or with a segment other than its first, gets a ``<seg-source>`` with one
  ``<mrk mtype="seg" mid="n">`` per segment, ``n`` being the segment's
  position in its unit (1 for the key itself, 2 for ``key#2``...), and a
  ``<target>`` segmented the same way.
* Inline codes keep their original data as element content: a paired code
  is ``<bpt>``/``<ept>``, a standalone one ``<ph>``, and an open or close
  code without its partner ``<it pos="open|close">``. ``Code.type`` goes to
  ``ctype`` (``x-<type>`` when the schema has no such value), ``Code.disp``
  to ``equiv-text``.
* A character XML cannot carry (a control character) is written as
  ``<ph ctype="x-locflow-char">HHHH</ph>`` and read back as the character.
* States: see :mod:`locflow.exchange.states`. Per-segment states do not
  exist in 1.2, so a segmented target carries its least advanced state.
* TM and MT offers are ``<alt-trans>`` with ``match-quality`` and
  ``origin``; a stale translation's previous source is an ``<alt-trans
  alttranstype="previous-version">``; context and term hints are ``<note>``.
* Plural entries are a ``<group restype="x-gettext-plurals">`` of one
  ``trans-unit`` per form (``key[0]``, ``key[1]``...), as translate-toolkit
  writes them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import locflow
from locflow.exchange import context
from locflow.exchange.base import ExportDocument, ExportPackage, ExportSegment, ExportUnit
from locflow.exchange.pairing import partners
from locflow.exchange.states import to_xliff12
from locflow.exchange.xmlwrite import attrs, escape_text, split_xml_chars, xml_safe
from locflow.model import Code, CodeKind, Segment, State

__all__ = ["write_xliff12", "XLIFF12_NS", "CHAR_CTYPE"]

XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
#: ``ctype`` of the ``<ph>`` that stands for a character XML cannot carry.
CHAR_CTYPE = "x-locflow-char"
PLURAL_RESTYPE = "x-gettext-plurals"

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
    out.append(f"    <header>\n      <tool{tool}/>\n    </header>\n")
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
    segments = unit.segments
    segmented = len(segments) > 1 or segments[0].index != 0
    mids = [str(segment.index + 1) for segment in segments] if segmented else None
    sources = [segment.source for segment in segments]
    out.append("      <trans-unit" + _unit_attrs(unit.key, unit) + ">\n")
    out.append(f"        <source>{side(sources)}</source>\n")
    if mids:
        out.append(f"        <seg-source>{side(sources, mids)}</seg-source>\n")
    with_target = [segment for segment in segments if segment.target is not None]
    if with_target:
        state = min((segment.state for segment in with_target), key=lambda s: s.rank)
        targets = [segment.target for segment in segments]
        out.append(f"        <target{_state_attrs(state)}>{side(targets, mids)}</target>\n")
    for segment, mid in zip(segments, mids or [None] * len(segments)):
        _write_alt_trans(out, package, segment, mid)
    _write_notes(out, unit, segments)
    out.append("      </trans-unit>\n")


def _write_plural(out: list[str], package: ExportPackage, unit: ExportUnit, taken: set[str]) -> None:
    segment = unit.segments[0]
    forms = segment.plural_targets()
    count = max(2, package.target_locale.plural_count, len(forms))
    out.append("      <group" + attrs(id=unit.key, restype=PLURAL_RESTYPE) + ">\n")
    for line in _notes(unit, unit.segments):
        out.append(f'        <note from="locflow">{escape_text(xml_safe(line))}</note>\n')
    for n in range(count):
        source = segment.source if n == 0 else segment.source_plural
        out.append("        <trans-unit" + _unit_attrs(_form_id(unit.key, n, taken), unit) + ">\n")
        out.append(f"          <source>{side([source])}</source>\n")
        if n < len(forms):
            out.append(f"          <target{_state_attrs(segment.state)}>{side([forms[n]])}</target>\n")
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
    return attrs(
        id=unit_id,
        xml_space="preserve",
        restype=_x_value(unit.kind, _RESTYPES, None),
        maxwidth=unit.max_length,
        size_unit="char" if unit.max_length else None,
    )


def _state_attrs(state: State) -> str:
    value, qualifier = to_xliff12(state)
    return attrs(state=value, state_qualifier=qualifier)


def _write_alt_trans(out: list[str], package: ExportPackage, segment: ExportSegment, mid: str | None) -> None:
    lang = package.target_locale.tag
    for match in segment.matches:
        quality = f"{match.score:g}" if match.score else None
        out.append("        <alt-trans" + attrs(mid=mid, match_quality=quality, origin=match.origin) + ">\n")
        out.append(f"          <source>{side([match.source])}</source>\n")
        out.append(f'          <target xml:lang="{lang}">{side([match.target])}</target>\n')
        out.append("        </alt-trans>\n")
    if segment.previous_source is not None and segment.target is not None:
        out.append("        <alt-trans" + attrs(mid=mid, alttranstype="previous-version") + ">\n")
        out.append(f"          <source>{side([segment.previous_source])}</source>\n")
        out.append(f'          <target xml:lang="{lang}">{side([segment.target])}</target>\n')
        out.append("        </alt-trans>\n")


def _notes(unit: ExportUnit, segments: Sequence[ExportSegment]) -> list[str]:
    lines = context.unit_context(unit)
    for segment in segments:
        lines.extend(context.segment_notes(unit, segment))
        label = context.segment_label(unit, segment)
        lines.extend(label + context.term_line(term) for term in segment.terms)
    return lines


def _write_notes(out: list[str], unit: ExportUnit, segments: Sequence[ExportSegment]) -> None:
    for line in _notes(unit, segments):
        out.append(f'        <note from="locflow">{escape_text(xml_safe(line))}</note>\n')


# -- inline content -----------------------------------------------------------------------


def side(segments: Sequence[Segment | None], mids: Sequence[str] | None = None) -> str:
    """One side (sources or targets) of a unit as XLIFF 1.2 inline content.

    With ``mids`` every segment is wrapped in ``<mrk mtype="seg">`` (a missing
    target becomes an empty one, for the translator to fill); without, the
    segments are joined by a space.
    """
    present = [segment if segment is not None else Segment() for segment in segments]
    paired = partners(present)
    chars = iter(range(1, 1 << 30))
    chunks = []
    for s, segment in enumerate(present):
        body = "".join(
            _text(part, chars) if isinstance(part, str) else _code(part, (s, p) in paired)
            for p, part in enumerate(segment.parts)
        )
        chunks.append(f'<mrk mtype="seg" mid="{mids[s]}">{body}</mrk>' if mids else body)
    return " ".join(chunks)


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
    return f"<{tag}{attrs(id=code.id)}{extra}{attrs(equiv_text=code.disp)}>{data}</{tag}>"


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
