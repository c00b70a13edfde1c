"""The values exchange formats are written from and read into.

Writing: the export side fills an :class:`ExportPackage` (one source locale,
one target locale, documents of units of segments, each segment with its
current target, state, TM offers and term hints) and hands it to a writer
(``write_xliff12``, ``write_xliff2``, ``write_po``) which returns bytes.

Reading: readers for PO, XLIFF 1.2 and XLIFF 2.x all return an
:class:`ExchangeFile`, a flat list of :class:`ExchangeSegment` objects with
inline codes already mapped to :class:`~locflow.model.Code` objects and line
numbers kept, so that ``import`` (match by id, conflicts, rejects) and
standalone ``qa`` work the same on any of them.

Everything here is a frozen value; no format details, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from locflow.model import Locale, Segment, State, split_segment_key

__all__ = [
    "FORMATS",
    "NOT_TRANSLATABLE",
    "ExchangeSegment",
    "ExchangeFile",
    "MatchOffer",
    "TermHint",
    "ExportSegment",
    "ExportUnit",
    "ExportDocument",
    "ExportPackage",
]

#: The exchange formats, by the names ``--format`` and :attr:`ExchangeFile.format` use.
FORMATS = ("xliff12", "xliff2", "po")
#: The flags of a segment an XLIFF file marks ``translate="no"`` (the import skips it).
NOT_TRANSLATABLE = frozenset({"translate-no"})


# -- reading ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExchangeSegment:
    """One source/target pair read from an exchange file.

    ``id`` is what import matches on: our segment key in files locflow wrote
    (PO ``msgctxt``; the XLIFF 1.2 ``trans-unit`` id; XLIFF 2 unit name, plus
    ``#n`` for the n-th ``mrk``/``segment`` when a unit has several). For
    other tools' PO files it is the message key the PO filter gives a
    catalog (:func:`~locflow.model.message_key`: ``msgctxt``, else ``msgid``),
    and the XLIFF unit id. ``unit_id`` is the file's own unit id,
    ``document`` the ``<file original>`` (XLIFF) or the ``#:`` reference (PO)
    when there is one. ``line`` is the 1-based line of the target (PO
    ``msgstr``), else of the unit.

    ``flags`` are the PO flags (``fuzzy``, ``c-format``...); XLIFF units marked
    ``translate="no"`` carry ``translate-no`` (:data:`NOT_TRANSLATABLE`).

    ``state`` is always set: mapped from the format's own states (see
    ``docs/exchange.md``); when a file says nothing, a non-empty target counts
    as translated and an empty one as new. ``raw_state`` is what the file
    wrote (``needs-review-translation/fuzzy-match``, ``translated/locflow:tm``,
    ``fuzzy``), for reports.

    Plural entries (PO ``msgid_plural``; XLIFF plural groups) carry
    ``source_plural`` and every form in ``target_plurals``; ``target`` is then
    the first form. ``previous_source`` is the source a stale translation was
    made for (PO ``#| msgid``, XLIFF 1.2 ``alt-trans`` of type
    ``previous-version``). ``target_language`` is the raw target language tag
    the file gives for this segment (it may differ between ``<file>``
    elements). ``problem`` is set when the reader could read the unit but
    not make sense of it (a target segmented differently from its source,
    a code that refers to missing original data); the import rejects such a
    segment with that reason instead of failing the whole file.
    """

    id: str
    unit_id: str
    source: Segment
    target: Segment | None
    state: State | None = None
    line: int | None = None
    document: str | None = None
    notes: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()
    source_plural: Segment | None = None
    target_plurals: tuple[Segment, ...] = ()
    previous_source: Segment | None = None
    raw_state: str = ""
    target_language: str = ""
    problem: str = ""

    @property
    def is_plural(self) -> bool:
        return self.source_plural is not None

    @property
    def translatable(self) -> bool:
        return "translate-no" not in self.flags

    @property
    def has_translation(self) -> bool:
        """True when the file carries a non-empty target (any plural form counts)."""
        targets = self.target_plurals or ((self.target,) if self.target is not None else ())
        return any(not target.is_empty() for target in targets)


@dataclass(frozen=True, slots=True)
class ExchangeFile:
    """A whole exchange file: its format, its locales (when it says), its segments.

    ``target_locale`` is set when every ``<file>`` of an XLIFF agrees on a
    target language that Babel knows (PO: the ``Language`` header); the raw
    tags stay on each segment. ``version`` is the XLIFF version attribute
    (``"1.2"``, ``"2.0"``, ``"2.1"``...) or ``""`` for PO. ``generator`` is
    the tool that wrote the file when it says (``X-Generator``, ``<tool>``).
    ``package`` is the id of the locflow export the file came from, when it
    still carries one (PO ``X-Locflow-Package``, the XLIFF 1.2 export phase's
    ``job-id``, XLIFF 2 file metadata ``package``), else ``""``.
    """

    path: str
    format: str  # "po" | "xliff12" | "xliff2"
    source_locale: Locale | None
    target_locale: Locale | None
    segments: tuple[ExchangeSegment, ...]
    version: str = ""
    generator: str = ""
    package: str = ""

    def by_id(self) -> dict[str, ExchangeSegment]:
        """Segments by id; with duplicate ids the first one wins (the import rejects the others)."""
        out: dict[str, ExchangeSegment] = {}
        for segment in self.segments:
            out.setdefault(segment.id, segment)
        return out


# -- writing ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchOffer:
    """A translation memory or MT proposal shown to the translator.

    ``score`` is 0-100 (100 for an exact match; MT proposals may leave it
    at 0). ``origin`` follows :class:`~locflow.model.Origin`: ``tm``,
    ``mt:<provider>``, ``human:<file>``...
    """

    source: Segment
    target: Segment
    score: float = 0.0
    origin: str = ""

    @property
    def is_mt(self) -> bool:
        return self.origin.startswith("mt")


@dataclass(frozen=True, slots=True)
class TermHint:
    """A termbase entry found in a segment's source: use ``target_term`` for ``source_term``.

    ``forbidden`` marks a term translators must not use; ``note`` is the
    termbase's definition or usage note; ``status`` the target term's
    (``preferred``, ``admitted``, ``do not translate``).
    """

    source_term: str
    target_term: str = ""
    note: str = ""
    forbidden: bool = False
    status: str = ""


@dataclass(frozen=True, slots=True)
class ExportSegment:
    """A segment to hand to translators, with what we know about its translation.

    ``key`` is the segment key (:func:`locflow.model.segment_key`): the unit
    key for the first segment, ``key#2``... for the next. ``previous_source``
    is, for a stale translation, the source the old ``target`` was made for.
    Plural entries set ``source_plural`` and give every target form in
    ``target_plurals`` (in the target locale's gettext order).
    """

    key: str
    source: Segment
    target: Segment | None = None
    state: State = State.NEW
    matches: tuple[MatchOffer, ...] = ()
    terms: tuple[TermHint, ...] = ()
    note: str = ""
    previous_source: Segment | None = None
    source_plural: Segment | None = None
    target_plurals: tuple[Segment, ...] = ()

    @property
    def index(self) -> int:
        """The 0-based position of this segment in its unit, from its key."""
        return split_segment_key(self.key)[1]

    @property
    def is_plural(self) -> bool:
        return self.source_plural is not None

    def plural_targets(self) -> tuple[Segment, ...]:
        """The target forms of a plural entry (``target`` alone when no forms were given)."""
        if self.target_plurals:
            return self.target_plurals
        return (self.target,) if self.target is not None else ()


@dataclass(frozen=True, slots=True)
class ExportUnit:
    """A unit to export: its key, the segments selected for translation, context.

    ``segments`` may be a subset of the unit's segments (only the stale ones,
    say); their keys say where they belong. ``kind`` and ``max_length`` come
    from :class:`~locflow.model.Unit` and reach translators as context.
    """

    key: str
    segments: tuple[ExportSegment, ...]
    note: str = ""
    kind: str = ""
    max_length: int | None = None

    def __post_init__(self) -> None:
        for segment in self.segments:
            if split_segment_key(segment.key)[0] != self.key:
                raise ValueError(f"segment {segment.key!r} does not belong to unit {self.key!r}")
        if len({segment.key for segment in self.segments}) != len(self.segments):
            raise ValueError(f"unit {self.key!r} lists a segment twice")

    @property
    def is_plural(self) -> bool:
        return len(self.segments) == 1 and self.segments[0].is_plural


@dataclass(frozen=True, slots=True)
class ExportDocument:
    """One source document's units; ``path`` is its project-relative POSIX path."""

    path: str
    units: tuple[ExportUnit, ...]
    format: str = ""

    def segment_count(self) -> int:
        return sum(len(unit.segments) for unit in self.units)


@dataclass(frozen=True, slots=True)
class ExportPackage:
    """What one exchange file (or one per document) carries: a locale pair and documents.

    ``created`` stamps headers (PO ``PO-Revision-Date``, XLIFF 1.2 ``date``);
    leave it ``None`` for the current time. ``package_id`` names the export
    in the store's export log and is written into every file, so an import
    knows what each segment looked like when it left. ``review_state`` is
    set for a reviewer's package: the state its accepted segments reach.
    """

    source_locale: Locale
    target_locale: Locale
    documents: tuple[ExportDocument, ...]
    project: str = ""
    created: datetime | None = None
    package_id: str = ""
    review_state: State | None = None

    @property
    def kind(self) -> str:
        """``review`` for a reviewer's package, else ``translate``."""
        return "review" if self.review_state is not None else "translate"

    def segment_count(self) -> int:
        return sum(document.segment_count() for document in self.documents)
