"""XLIFF 2.0 / 2.1 output: core plus the matches, glossary and metadata modules.

Choices (see ``docs/exchange.md``):

* One ``<file id="fN" original="<document path>">`` per document. Unit ids
  must be NMTOKENs, so ``unit id`` is the unit key made one reversibly
  (:func:`~locflow.exchange.xmlwrite.to_nmtoken`) and ``name`` is the key as
  it is. Units are written ``canResegment="no"`` and ``xml:space="preserve"``.
* Each exported segment is a ``<segment id="sN">``, ``N`` being its position
  in the unit (1 for the key itself, 2 for ``key#2``...), with
  ``state``/``subState`` from :mod:`locflow.exchange.states`.
* Codes keep their original data in ``<originalData>``: a pair whose ends
  nest inside one segment is ``<pc dataRefStart dataRefEnd>``; other pairs
  are ``<sc>``/``<ec startRef>`` (also across segments of a unit); an end
  without its partner is ``isolated="yes"``; a standalone code is ``<ph>``.
  ``Code.type`` maps to ``type``/``subType`` (``bold`` is ``fmt`` +
  ``xlf:b``; unknown types are ``other`` + ``locflow:<type>``).
* A character XML cannot carry is ``<cp hex>``, in text and in data.
* The package id (see :mod:`locflow.store.exports`) is the file metadata
  ``<mda:meta type="package">``.
* TM/MT offers go to ``<mtc:matches>``, term hints to ``<gls:glossary>``,
  the content kind and length limit to ``<mda:metadata>`` and, for people,
  to ``<notes>``.
* Plural entries are a ``<group type="locflow:plural">`` of one unit per form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from locflow.exchange import context
from locflow.exchange.base import ExportDocument, ExportPackage, ExportSegment, ExportUnit, MatchOffer, TermHint
from locflow.exchange.display import display_text
from locflow.exchange.pairing import nested_pairs, partners
from locflow.exchange.states import SUBSTATE_PREFIX, to_xliff2
from locflow.exchange.xmlwrite import attrs, escape_text, split_xml_chars, to_nmtoken, xml_safe
from locflow.model import Code, CodeKind, Segment

__all__ = ["write_xliff2", "XLIFF2_NS", "MTC_NS", "GLS_NS", "MDA_NS", "PLURAL_TYPE", "VERSIONS"]

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
GLS_NS = "urn:oasis:names:tc:xliff:glossary:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
PLURAL_TYPE = SUBSTATE_PREFIX + "plural"
VERSIONS = ("2.0", "2.1")

#: Code.type -> (type, subType) where XLIFF 2 has a value of its own.
TYPE_ATTRS: dict[str, tuple[str, str]] = {
    "bold": ("fmt", "xlf:b"),
    "italic": ("fmt", "xlf:i"),
    "underline": ("fmt", "xlf:u"),
    "linebreak": ("fmt", "xlf:lb"),
    "link": ("link", ""),
    "image": ("image", ""),
    "fmt": ("fmt", ""),
    "ui": ("ui", ""),
    "quote": ("quote", ""),
    "other": ("other", ""),
}
_NOT_SUBTYPE = re.compile(r"[\s:]+")


def write_xliff2(package: ExportPackage, version: str = "2.0") -> bytes:
    """The package as an XLIFF 2.0 or 2.1 document (UTF-8); documents without units are left out."""
    if version not in VERSIONS:
        raise ValueError(f"XLIFF version {version!r} is not one of {', '.join(VERSIONS)}")
    documents = [document for document in package.documents if any(unit.segments for unit in document.units)]
    if not documents:
        raise ValueError("an XLIFF 2 file needs at least one unit")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<xliff xmlns="{XLIFF2_NS}" xmlns:mtc="{MTC_NS}" xmlns:gls="{GLS_NS}" xmlns:mda="{MDA_NS}"'
        + attrs(version=version, srcLang=package.source_locale.tag, trgLang=package.target_locale.tag)
        + ">\n",
    ]
    for number, document in enumerate(documents, 1):
        _write_file(out, package, document, f"f{number}")
    out.append("</xliff>\n")
    return "".join(out).encode("utf-8")


def _write_file(out: list[str], package: ExportPackage, document: ExportDocument, file_id: str) -> None:
    out.append(f"  <file{attrs(id=file_id, original=document.path)}>\n")
    out.extend(_metadata({"format": document.format, "project": package.project, "package": package.package_id, "package-kind": package.kind if package.package_id else ""}, "    "))
    for unit in document.units:
        if not unit.segments:
            continue
        if unit.is_plural:
            _write_plural(out, package, unit)
        else:
            _write_unit(out, unit, unit.segments, "    ")
    out.append("  </file>\n")


def _write_unit(
    out: list[str], unit: ExportUnit, segments: Sequence[ExportSegment], indent: str, *, form: int | None = None
) -> None:
    """A ``<unit>``; with ``form``, the unit of one plural form (context goes on the enclosing group).

    A form's id ends in ``_xform<n>``, which :func:`to_nmtoken` never produces
    (it writes every ``_x`` as an escape), so it cannot meet another unit's id.
    """
    codes = _Inline()
    sources = codes.side([segment.source for segment in segments])
    targets = codes.side([segment.target for segment in segments])
    inner = indent + "  "
    if form is None:
        unit_id, name = to_nmtoken(unit.key), unit.key
    else:
        unit_id, name = f"{to_nmtoken(unit.key)}_xform{form}", f"{unit.key}[{form}]"
    unit_attrs = attrs(id=unit_id, name=name, canResegment="no", xml_space="preserve")
    out.append(f"{indent}<unit{unit_attrs}>\n")
    out.extend(_matches(segments, inner))
    out.extend(_glossary([term for segment in segments for term in segment.terms], inner))
    if form is None:
        out.extend(_metadata({"kind": unit.kind, "max-length": unit.max_length}, inner))
        out.extend(_notes(unit, segments, inner))
    out.extend(codes.original_data(inner))
    for segment, source, target in zip(segments, sources, targets):
        state, substate = to_xliff2(segment.state)
        out.append(f"{inner}<segment{attrs(id=f's{segment.index + 1}', state=state, subState=substate)}>\n")
        out.append(f"{inner}  <source>{source}</source>\n")
        if segment.target is not None:
            out.append(f"{inner}  <target>{target}</target>\n")
        out.append(f"{inner}</segment>\n")
    out.append(f"{indent}</unit>\n")


def _write_plural(out: list[str], package: ExportPackage, unit: ExportUnit) -> None:
    segment = unit.segments[0]
    forms = segment.plural_targets()
    count = max(2, package.target_locale.plural_count, len(forms))
    out.append(f"    <group{attrs(id=to_nmtoken(unit.key), name=unit.key, type=PLURAL_TYPE)}>\n")
    out.extend(_metadata({"kind": unit.kind, "max-length": unit.max_length}, "      "))
    out.extend(_notes(unit, unit.segments, "      "))
    for n in range(count):
        form = ExportSegment(
            key=unit.key,
            source=segment.source if n == 0 else segment.source_plural or segment.source,
            target=forms[n] if n < len(forms) else None,
            state=segment.state,
            matches=segment.matches if n == 0 else (),
            terms=segment.terms if n == 0 else (),
        )
        _write_unit(out, unit, (form,), "      ", form=n)
    out.append("    </group>\n")


# -- modules and notes --------------------------------------------------------------------


def _matches(segments: Sequence[ExportSegment], indent: str) -> list[str]:
    lines = []
    for segment in segments:
        for match in segment.matches:
            lines.extend(_match(match, f"#s{segment.index + 1}", indent + "  "))
    return [f"{indent}<mtc:matches>\n", *lines, f"{indent}</mtc:matches>\n"] if lines else []


def _match(match: MatchOffer, ref: str, indent: str) -> list[str]:
    codes = _Inline()
    source, target = codes.side([match.source])[0], codes.side([match.target])[0]
    quality = f"{min(max(match.score, 0.0), 100.0):g}" if match.score else None
    kind = "mt" if match.is_mt else "tm"
    return [
        f"{indent}<mtc:match{attrs(ref=ref, matchQuality=quality, origin=match.origin, type=kind)}>\n",
        *codes.original_data(indent + "  "),
        f"{indent}  <source>{source}</source>\n",
        f"{indent}  <target>{target}</target>\n",
        f"{indent}</mtc:match>\n",
    ]


def _glossary(terms: Sequence[TermHint], indent: str) -> list[str]:
    unique = list(dict.fromkeys(terms))
    if not unique:
        return []
    out = [f"{indent}<gls:glossary>\n"]
    for term in unique:
        out.append(f"{indent}  <gls:glossEntry>\n")
        out.append(f"{indent}    <gls:term source=\"locflow\">{escape_text(xml_safe(term.source_term))}</gls:term>\n")
        if term.target_term:
            out.append(f"{indent}    <gls:translation>{escape_text(xml_safe(term.target_term))}</gls:translation>\n")
        status = f"Status: {term.status}." if term.status else ""
        definition = " ".join(filter(None, ("Forbidden term." if term.forbidden else "", status, term.note)))
        if definition:
            out.append(f"{indent}    <gls:definition>{escape_text(xml_safe(definition))}</gls:definition>\n")
        out.append(f"{indent}  </gls:glossEntry>\n")
    out.append(f"{indent}</gls:glossary>\n")
    return out


def _metadata(values: dict[str, object], indent: str) -> list[str]:
    present = {key: value for key, value in values.items() if value not in (None, "")}
    if not present:
        return []
    out = [f'{indent}<mda:metadata>\n{indent}  <mda:metaGroup category="locflow">\n']
    for key, value in present.items():
        out.append(f"{indent}    <mda:meta{attrs(type=key)}>{escape_text(xml_safe(str(value)))}</mda:meta>\n")
    out.append(f"{indent}  </mda:metaGroup>\n{indent}</mda:metadata>\n")
    return out


def _notes(unit: ExportUnit, segments: Sequence[ExportSegment], indent: str) -> list[str]:
    notes = [("context", line) for line in context.unit_context(unit)]
    for segment in segments:
        notes.extend(("segment", line) for line in context.segment_notes(unit, segment))
        if segment.previous_source is not None:
            label = context.segment_label(unit, segment)
            notes.append(("previous-source", label + context.previous_source_line(segment.previous_source)))
    if not notes:
        return []
    body = "".join(
        f"{indent}  <note{attrs(category=category)}>{escape_text(xml_safe(text))}</note>\n" for category, text in notes
    )
    return [f"{indent}<notes>\n{body}{indent}</notes>\n"]


# -- inline content -----------------------------------------------------------------------


class _Inline:
    """Writes one unit's inline content, collecting the original data it refers to."""

    def __init__(self) -> None:
        self.data_ids: dict[str, str] = {}

    def side(self, segments: Sequence[Segment | None]) -> list[str]:
        """Each segment of one side of a unit as inline markup (``""`` for a missing one)."""
        present = [segment if segment is not None else Segment() for segment in segments]
        linked = partners(present)
        out = []
        for s, segment in enumerate(present):
            chunks: list[str] = []
            self._range(segment.parts, 0, len(segment.parts), s, nested_pairs(segment.parts), linked, chunks)
            out.append("".join(chunks))
        return out

    def original_data(self, indent: str) -> list[str]:
        if not self.data_ids:
            return []
        body = "".join(
            f'{indent}  <data id="{data_id}">{_content(data)}</data>\n' for data, data_id in self.data_ids.items()
        )
        return [f"{indent}<originalData>\n{body}{indent}</originalData>\n"]

    def _ref(self, data: str) -> str | None:
        if not data:
            return None
        return self.data_ids.setdefault(data, f"d{len(self.data_ids) + 1}")

    def _range(self, parts, start, end, s, nested, linked, out) -> None:  # type: ignore[no-untyped-def]
        index = start
        while index < end:
            part = parts[index]
            if isinstance(part, str):
                out.append(_content(part))
            elif index in nested:
                close = parts[nested[index]]
                type_, subtype = type_attrs(part.type)
                out.append(
                    "<pc"
                    + attrs(id=to_nmtoken(part.id), dataRefStart=self._ref(part.data), dataRefEnd=self._ref(close.data))
                    + attrs(dispStart=display_text(part), dispEnd=display_text(close), type=type_, subType=subtype)
                    + ">"
                )
                self._range(parts, index + 1, nested[index], s, nested, linked, out)
                out.append("</pc>")
                index = nested[index] + 1
                continue
            else:
                out.append(self._code(part, (s, index) in linked))
            index += 1

    def _code(self, code: Code, linked: bool) -> str:
        type_, subtype = type_attrs(code.type)
        common = attrs(dataRef=self._ref(code.data), disp=display_text(code), type=type_, subType=subtype)
        code_id = to_nmtoken(code.id)
        if code.kind == CodeKind.STANDALONE:
            return f'<ph id="{code_id}"{common}/>'
        if code.kind == CodeKind.OPEN:
            return f'<sc id="{code_id}"{attrs(isolated=None if linked else "yes")}{common}/>'
        if linked:
            return f'<ec startRef="{code_id}"{common}/>'
        return f'<ec id="{code_id}" isolated="yes"{common}/>'


def type_attrs(code_type: str) -> tuple[str | None, str | None]:
    """``(type, subType)`` attribute values for a ``Code.type``."""
    if not code_type:
        return None, None
    if code_type in TYPE_ATTRS:
        type_, subtype = TYPE_ATTRS[code_type]
        return type_, subtype or None
    return "other", SUBSTATE_PREFIX + _NOT_SUBTYPE.sub("-", code_type)


def _content(text: str) -> str:
    out = []
    for run, unsafe in split_xml_chars(text):
        out.append(f'<cp hex="{ord(run):04X}"/>' if unsafe else escape_text(run))
    return "".join(out)
