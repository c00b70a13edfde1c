"""Byte-exact merge for structured text formats (JSON, YAML, CSV) by splicing.

A translatable value in these formats is written in an *encoded* form (a JSON
string with escapes, a YAML scalar in one of five styles, a quoted CSV cell)
while translators see the *decoded* value. Re-serializing the parsed file would
lose comments, key order, quoting and escapes, so instead every value keeps
the span it occupies in the original text:

* an untouched value is written back as its original characters, so
  source-as-target gives back the same bytes;
* a translated value is encoded for the style of its span (the slot's
  ``escape`` kind) and spliced in place of the original characters.

:class:`SkeletonWriter` records the spans while a filter extracts;
:class:`SpliceFilter` does the merge. The original characters of a span are
kept in ``document.meta["raw"]`` only where they differ from the decoded
value, so the document stays JSON-serializable and small.

The small things these filters share (unit keys from tree paths, unique
keys, folding code-only segments, list options) live here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from locflow.model import Document, Locale, Part, Segment, Slot, Unit

from content.base import SkeletonFilter, build_unit
from content.csvtext import encode_cell
from content.jsontext import encode_string
from content.yamltext import encode_scalar

__all__ = [
    "SpliceFilter",
    "SkeletonWriter",
    "KeyNamer",
    "format_path",
    "is_translated",
    "newline_of",
    "make_unit",
    "join_units",
    "option_names",
    "encode_value",
    "sequence_of",
]

Path = tuple[str | int, ...]

_SIMPLE_NAME = re.compile(r"[^.\[\]\"#\s]+")


def format_path(path: Path) -> str:
    """A readable, unambiguous key for a position in a tree: ``a.b[0].c``.

    Names holding ``.``, ``[``, ``]``, ``"``, ``#`` or whitespace are quoted
    (``a["b.c"]``) so that two different paths never give the same key, and
    ``#`` stays free for segment numbers.
    """
    out: list[str] = []
    for step in path:
        if isinstance(step, int):
            out.append(f"[{step}]")
        elif _SIMPLE_NAME.fullmatch(step):
            out.append(f".{step}" if out else step)
        else:
            out.append('["' + step.replace("\\", "\\\\").replace('"', '\\"') + '"]')
    return "".join(out)


def newline_of(text: str) -> str:
    """The line ending a file uses (the first one found; ``\\n`` when there is none)."""
    match = re.search(r"\r\n|\n|\r", text)
    return match.group() if match else "\n"


def is_translated(unit: Unit, translations: Mapping[str, Segment]) -> bool:
    """True when some segment of ``unit`` has a translation that differs from its source."""
    return any(unit.targets(translations))


class KeyNamer:
    """Hands out unit keys, making repeated ones unique with ``@2``, ``@3``...

    Duplicates happen in real files (two FAQ entries with the same id, an
    intent listed twice); the first keeps the plain key so keys stay stable
    when a duplicate is added later in the file.
    """

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, key: str) -> str:
        count = self._seen.get(key, 0) + 1
        self._seen[key] = count
        if count == 1:
            return key
        candidate = f"{key}@{count}"
        while candidate in self._seen:
            count += 1
            candidate = f"{key}@{count}"
        self._seen[candidate] = 1
        return candidate


@dataclass(frozen=True, slots=True)
class _Placed:
    start: int
    end: int
    unit: Unit | None  # None: a locale tag to rewrite
    escape: str
    labels: tuple[str, ...] = ()  # a locale tag: keys of the units whose language it names


class SkeletonWriter:
    """Collects units with the spans they occupy in ``text`` and builds the document.

    Spans may be added in any order but must not overlap. A unit whose
    decoded text differs from its span's characters gets those characters
    recorded, so merge can give them back untouched.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._placed: list[_Placed] = []

    def add(self, unit: Unit, start: int, end: int, escape: str = "") -> None:
        """Put ``unit`` where ``text[start:end]`` is; ``escape`` names how a translation is encoded."""
        if unit.segments:
            self._placed.append(_Placed(start, end, unit, escape))

    def add_locale_tag(self, start: int, end: int, labels: Sequence[str] = ()) -> None:
        """Mark ``text[start:end]`` as a locale tag that merge may rewrite to the target locale.

        ``labels`` are the keys of the units whose language the tag names (a
        Dialogflow message's ``lang``): it is rewritten only when one of them
        is translated, so source text that falls back is not called German.
        A tag that labels no text (a catalog's root key, which says which
        locale the file is for; a message with only a payload) is always
        rewritten.
        """
        self._placed.append(_Placed(start, end, None, "", tuple(labels)))

    def document(self, path: PurePosixPath, format: str, encoding: str) -> Document:
        """The document: units in file order, the skeleton around them, and the merge facts in ``meta``."""
        placed = sorted(self._placed, key=lambda p: p.start)
        skeleton: list[str | Slot] = []
        units: list[Unit] = []
        raw: dict[str, str] = {}
        locale_pieces: dict[int, list[str]] = {}
        pos = 0
        for item in placed:
            if item.start < pos:
                raise ValueError(f"overlapping spans at offset {item.start}")
            if item.start > pos:
                skeleton.append(self.text[pos : item.start])
            original = self.text[item.start : item.end]
            if item.unit is None:
                locale_pieces[len(skeleton)] = list(item.labels)
                skeleton.append(original)
            else:
                skeleton.append(Slot(item.unit.key, item.escape))
                units.append(item.unit)
                if original != item.unit.render():
                    raw[item.unit.key] = original
            pos = item.end
        if pos < len(self.text):
            skeleton.append(self.text[pos:])
        meta: dict[str, object] = {"newline": newline_of(self.text), "raw": raw}
        if locale_pieces:
            meta["locale_pieces"] = locale_pieces
        return Document(path, format, tuple(units), tuple(skeleton), encoding, meta)


class SpliceFilter(SkeletonFilter):
    """Merge by splicing: untouched values verbatim, translated ones encoded for their slot.

    Subclasses implement :meth:`encode` (how a decoded value is written in a
    slot of a given escape kind) and may override :meth:`write_unit` for
    slots whose translation is more than an encoded string, and
    :meth:`locale_tag` for how a target locale is spelled in the format.
    """

    def merge(self, document: Document, translations: Mapping[str, Segment], locale: Locale) -> bytes:
        return self.finalize(self._join(document, translations, locale), document, locale).encode(document.encoding)

    def original(self, document: Document) -> bytes:
        """The source file as it was: no translation, no locale tag rewritten, no final pass."""
        return self._join(document, {}, None).encode(document.encoding)

    def _join(self, document: Document, translations: Mapping[str, Segment], locale: Locale | None) -> str:
        units = {unit.key: unit for unit in document.units}
        raw: Mapping[str, str] = document.meta.get("raw", {})  # type: ignore[assignment]
        newline = str(document.meta.get("newline", "\n"))
        locale_pieces: Mapping[int, list[str]] = document.meta.get("locale_pieces", {})  # type: ignore[assignment]
        out: list[str] = []
        for index, piece in enumerate(document.skeleton):
            if isinstance(piece, Slot):
                unit = units[piece.unit_key]
                original = raw.get(unit.key)
                if original is None:
                    original = unit.render()
                if is_translated(unit, translations):
                    out.append(self.write_unit(unit, translations, piece, original, newline, locale))
                else:
                    out.append(original)
            elif index in locale_pieces and locale is not None and _names_translation(locale_pieces[index], units, translations):
                out.append(self.locale_tag(piece, locale))
            else:
                out.append(piece)
        return "".join(out)

    def write_unit(
        self, unit: Unit, translations: Mapping[str, Segment], slot: Slot, original: str, newline: str, locale: Locale | None
    ) -> str:
        """The characters of a translated unit: its decoded text, joined as ``locale`` writes, encoded for the slot."""
        return self.encode(unit.render(translations, locale), slot.escape, original, newline)

    def encode(self, value: str, kind: str, original: str, newline: str) -> str:
        """Encode a decoded value for a slot of ``kind``; ``original`` is what stood there."""
        return encode_value(value, kind, original, newline)

    def locale_tag(self, original: str, locale: Locale) -> str:
        """How a target locale replaces a marked source-locale tag (keeps its quotes)."""
        quote = original[0] if original[:1] in "\"'" else ""
        return f"{quote}{locale.tag}{quote}"


def _names_translation(labels: Sequence[str], units: Mapping[str, Unit], translations: Mapping[str, Segment]) -> bool:
    """Whether a locale tag is rewritten: always without labels, else when a labelled unit is translated."""
    labelled = [units[key] for key in labels if key in units]
    return not labelled or any(is_translated(unit, translations) for unit in labelled)


def encode_value(value: str, kind: str, original: str, newline: str = "\n") -> str:
    """Encode ``value`` for a slot kind of the JSON, YAML or CSV readers, or a plain ``line``."""
    if kind.startswith("json"):
        return encode_string(value, kind)
    if kind.startswith("yaml-"):
        return encode_scalar(value, kind, original, newline)
    if kind.startswith("csv"):
        return encode_cell(value, kind)
    if kind == "line":
        return re.sub(r"\s*[\r\n]+\s*", " ", value)
    raise ValueError(f"unknown slot kind {kind!r}")


def make_unit(key: str, parts: Sequence[Part], locale: Locale, *, segment: bool, kind: str = "", note: str = "") -> Unit:
    """A unit from a run of text and codes: :func:`~content.base.build_unit`, then textless segments folded.

    Without segmentation the run is one segment, made directly (values of
    structured files are many and short, and this is the common case).
    """
    if segment:
        unit = build_unit(key, parts, locale, segment=True, kind=kind, note=note)
    else:
        lead, single, trail = Segment(tuple(parts)).strip()
        segments, gaps = ((single,), (lead, trail)) if not single.is_empty() else ((), (lead + trail,))
        unit = Unit(key, segments, gaps, kind=kind, note=note)
    return _fold_textless_segments(unit)


def _fold_textless_segments(unit: Unit) -> Unit:
    """Move segments without anything to translate (only codes, only punctuation) into the gaps.

    ``{{count}}`` or a lone image is no work for a translator, and a segment
    that is all codes only clutters the TM. The unit still renders the same.
    """
    if all(segment.has_text() for segment in unit.segments):
        return unit
    segments: list[Segment] = []
    gaps: list[str] = [unit.gaps[0]]
    for segment, gap in zip(unit.segments, unit.gaps[1:]):
        if segment.has_text():
            segments.append(segment)
            gaps.append(gap)
        else:
            gaps[-1] += segment.render() + gap
    return Unit(unit.key, tuple(segments), tuple(gaps), kind=unit.kind, note=unit.note, max_length=unit.max_length)


def join_units(key: str, text: str, runs: Iterable[tuple[int, int, Unit]], *, kind: str = "", note: str = "") -> Unit:
    """One unit from several runs of ``text`` (e.g. the paragraphs of a Markdown answer).

    Each run is ``(start, end, unit)`` with the unit built from
    ``text[start:end]``; what lies between runs (list markers, blank lines,
    code blocks) goes into the gaps, so the result renders to ``text``.
    """
    segments: list[Segment] = []
    gaps: list[str] = [""]
    pos = 0
    for start, end, run in runs:
        gaps[-1] += text[pos:start] + run.gaps[0]
        segments.extend(run.segments)
        gaps.extend(run.gaps[1:])
        pos = end
    gaps[-1] += text[pos:]
    return Unit(key, tuple(segments), tuple(gaps), kind=kind, note=note)


def option_names(value: Any) -> tuple[str, ...]:
    """An option that lists names, given as a list or as one comma-separated string."""
    if isinstance(value, str):
        return tuple(name.strip() for name in value.split(",") if name.strip())
    return tuple(str(name) for name in value or ())


def sequence_of(value: object) -> Sequence[object]:
    """``value`` when it is a list, else an empty tuple (tolerant walking of parsed trees)."""
    return value if isinstance(value, list) else ()
