"""What every format filter shares: the interface, decoding, segmentation and merge.

A filter turns the bytes of one source file into a :class:`~locflow.model.Document`
(units of segments with inline codes, plus the skeleton around them) and merges
translations back into the same bytes. Most filters subclass
:class:`SkeletonFilter`, which implements :meth:`~SkeletonFilter.merge` once for
all of them: walk the skeleton, write literal pieces as they are, and put each
unit's text, translated where a translation is given, into its slot.

Filters only import :mod:`locflow.model`; they never see the database, the TM or MT.
"""

from __future__ import annotations

import codecs
import traceback
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from types import FrameType
from typing import Any, ClassVar, Protocol, runtime_checkable

from locflow.model import Code, CodeKind, Document, Locale, Part, Segment, Slot, Unit
from locflow.model.errors import ConfigError, MalformedFileError
from locflow.model.joining import join_gaps

__all__ = [
    "FormatFilter",
    "SkeletonFilter",
    "decode_text",
    "line_of",
    "build_unit",
    "OBJECT_REPLACEMENT",
]

#: Stands for a code when the segmenter looks at a unit's text.
OBJECT_REPLACEMENT = "\ufffc"


@runtime_checkable
class FormatFilter(Protocol):
    """The interface of a format filter (registered under ``locflow.filters``)."""

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]

    def extract(self, data: bytes, *, path: PurePosixPath, locale: Locale) -> Document: ...

    def merge(self, document: Document, translations: Mapping[str, Segment], locale: Locale) -> bytes: ...


class SkeletonFilter:
    """Base class for filters whose documents carry a skeleton.

    Subclasses set ``name``, ``extensions`` and ``options`` (the option names
    they accept with their defaults), implement :meth:`extract`, and may
    override :meth:`escape` (how translated text is written in a slot of a
    given escape kind), :meth:`finalize` (a last pass over the merged text,
    e.g. to set ``lang``) and :meth:`sniff` (recognize a file by content).
    """

    name: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()
    #: True for specialised filters that share an extension with a general one
    #: (Rasa's ``nlu.md`` beside Markdown, DITA beside other ``.xml``): they take a
    #: file only when :meth:`sniff` recognizes it.
    sniff_only: ClassVar[bool] = False
    #: Accepted options and their defaults; anything else is a configuration error.
    options: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, **options: Any) -> None:
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            known = ", ".join(sorted(self.options)) or "none"
            raise ConfigError(f"unknown option(s) {', '.join(unknown)} for format {self.name!r} (known: {known})")
        self.config: dict[str, Any] = {**self.options, **options}

    @classmethod
    def sniff(cls, data: bytes, path: PurePosixPath) -> bool:
        """True when ``data`` looks like this format; used when extensions are ambiguous."""
        return False

    def extract(self, data: bytes, *, path: PurePosixPath, locale: Locale) -> Document:
        raise NotImplementedError

    # -- merge -----------------------------------------------------------------
    def merge(self, document: Document, translations: Mapping[str, Segment], locale: Locale) -> bytes:
        units = {unit.key: unit for unit in document.units}
        out: list[str] = []
        for piece in document.skeleton:
            if isinstance(piece, str):
                out.append(piece)
            else:
                out.append(self.render_slot(units[piece.unit_key], piece, translations, locale))
        return self.finalize("".join(out), document, locale).encode(document.encoding)

    def built_files(
        self, document: Document, translations: Mapping[str, Segment], locale: Locale
    ) -> list[tuple[PurePosixPath, bytes]]:
        """The files a build writes for one source, at paths relative like ``document.path``.

        One by default: the merge, at the source's own path. A format whose
        languages live in files of their own (a Dialogflow agent's
        ``*_usersays_de.json``, a Rasa bot's ``languages/de/``) writes the
        target locale's file under its own name, beside the source file.
        """
        return [(document.path, self.merge(document, translations, locale))]

    def render_slot(self, unit: Unit, slot: Slot, translations: Mapping[str, Segment], locale: Locale) -> str:
        """A unit's text for its slot: source segments as they were, translations escaped,
        joined as ``locale`` writes sentences (:func:`~locflow.model.joining.join_gaps`)."""
        targets = unit.targets(translations)
        gaps = join_gaps(unit.gaps, targets, locale)
        out = [gaps[0]]
        for source, target, gap in zip(unit.segments, targets, gaps[1:]):
            out.append(self.render_source(source, slot) if target is None else self.render_target(target, slot))
            out.append(gap)
        return "".join(out)

    def render_source(self, segment: Segment, slot: Slot) -> str:
        """The source segment as it stood in the file (text stored raw by default)."""
        return segment.render()

    def render_target(self, segment: Segment, slot: Slot) -> str:
        """A translated segment: text parts escaped for the slot, codes verbatim."""
        return "".join(
            self.escape(part, slot.escape) if isinstance(part, str) else part.data for part in segment.parts
        )

    def escape(self, text: str, kind: str) -> str:
        """Escape translated text for a slot of kind ``kind``; identity by default."""
        return text

    def finalize(self, text: str, document: Document, locale: Locale) -> str:
        """A last pass over the merged file; the default changes nothing."""
        return text


# -- helpers shared by filters ---------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, path: PurePosixPath | str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text file without touching its line endings; return (text, encoding).

    The encoding returned re-encodes to the same bytes (``utf-8-sig`` keeps a BOM).
    Undecodable bytes raise :class:`MalformedFileError` naming the line.
    """
    if encoding is None:
        encoding = "utf-8"
        for bom, codec in _BOMS:
            if data.startswith(bom):
                encoding = codec
                break
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise MalformedFileError(f"not valid {encoding}: {exc.reason} at byte {exc.start}", path=path, line=line) from exc
    except LookupError as exc:
        raise MalformedFileError(f"unknown encoding {encoding!r}", path=path) from exc


def line_of(text: str, offset: int) -> int:
    """The 1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1


def raising_frame(exc: BaseException) -> FrameType | None:
    """The frame that raised ``exc`` (the innermost of its traceback), or None.

    A parser library that checks its input with ``assert`` raises a bare
    ``AssertionError``; where it was raised tells the input's fault from a bug.
    """
    frames = list(traceback.walk_tb(exc.__traceback__))
    return frames[-1][0] if frames else None


def build_unit(
    key: str,
    parts: Sequence[Part],
    locale: Locale,
    *,
    segment: bool = True,
    kind: str = "",
    note: str = "",
    max_length: int | None = None,
) -> Unit:
    """Make a unit from a flat run of text and codes, split into sentences.

    Whitespace at the unit's ends and between sentences goes to the gaps, so
    ``unit.render()`` equals the concatenation of ``parts`` rendered. Breaks
    that fall inside a paired code (between an open code and its close) are
    ignored, and so are breaks inside a code's data.
    """
    parts = Segment(tuple(parts)).parts
    breaks: list[int] = []
    if segment:
        from content.segment import sentence_breaks

        text = "".join(p if isinstance(p, str) else OBJECT_REPLACEMENT for p in parts)
        outside = _offsets_outside_codes(parts)
        kinds = [p.kind for p in parts if isinstance(p, Code)]
        breaks = [b for b in sentence_breaks(text, locale, kinds) if 0 < b < len(text) and b in outside]
    segments: list[Segment] = []
    gaps: list[str] = []
    pending_gap = ""
    for sentence in _split_at(parts, breaks):
        lead, seg, trail = Segment(tuple(sentence)).strip()
        if seg.is_empty():
            pending_gap += lead + trail
            continue
        gaps.append(pending_gap + lead)
        segments.append(seg)
        pending_gap = trail
    gaps.append(pending_gap)
    if not segments:
        return Unit(key, (), (pending_gap,), kind=kind, note=note, max_length=max_length)
    return Unit(key, tuple(segments), tuple(gaps), kind=kind, note=note, max_length=max_length)


class _Outside:
    """Offsets (in the flat text, a code counting one character) not enclosed by a paired code."""

    def __init__(self, inside: list[tuple[int, int]]) -> None:
        self.inside = inside

    def __contains__(self, offset: int) -> bool:
        return not any(start < offset <= end for start, end in self.inside)


def _offsets_outside_codes(parts: Sequence[Part]) -> _Outside:
    inside: list[tuple[int, int]] = []
    depth = 0
    opened_at = 0
    offset = 0
    for part in parts:
        if isinstance(part, Code):
            if part.kind == CodeKind.OPEN:
                if depth == 0:
                    opened_at = offset
                depth += 1
            elif part.kind == CodeKind.CLOSE and depth:
                depth -= 1
                if depth == 0:
                    inside.append((opened_at, offset))
            offset += 1
        else:
            offset += len(part)
    if depth:
        inside.append((opened_at, offset))
    return _Outside(inside)


def _split_at(parts: Sequence[Part], breaks: Sequence[int]) -> list[list[Part]]:
    """Cut the parts at flat-text offsets (ascending), slicing text parts where needed."""
    sentences: list[list[Part]] = [[]]
    pending = list(breaks)
    offset = 0
    for part in parts:
        size = 1 if isinstance(part, Code) else len(part)
        while pending and pending[0] <= offset:
            pending.pop(0)
            if sentences[-1]:
                sentences.append([])
        if isinstance(part, Code):
            sentences[-1].append(part)
        else:
            start = 0
            while pending and pending[0] < offset + size:
                cut = pending.pop(0) - offset
                if cut > start:
                    sentences[-1].append(part[start:cut])
                sentences.append([])
                start = cut
            sentences[-1].append(part[start:])
        offset += size
    return sentences
