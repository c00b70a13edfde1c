"""The values the translation memory takes and gives: entries, contexts, matches.

They are frozen dataclasses built from :mod:`locflow.model` types only, so the
pipeline can hold and pass them around without knowing how the TM stores them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from locflow.model import Locale, Segment, Unit

__all__ = [
    "CONTEXT_SCORE",
    "EXACT_SCORE",
    "ImportStats",
    "MatchType",
    "PairCount",
    "TMContext",
    "TMEntry",
    "TMMatch",
    "TMStats",
    "unit_contexts",
]

#: Same source and same context: the translation fits this very place.
CONTEXT_SCORE = 101.0
#: Same source text and codes.
EXACT_SCORE = 100.0


class MatchType(StrEnum):
    """How a match was found; the score says how good it is."""

    CONTEXT = "context"
    EXACT = "exact"
    FUZZY = "fuzzy"


@dataclass(frozen=True, slots=True)
class TMContext:
    """Where a segment sits: its key and the hashes of its neighbours.

    Two occurrences of a sentence with the same context are the same place in
    the same document, so the stored translation fits it even better than an
    exact match does (the 101% tier). Build one with :meth:`around`.
    """

    key: str = ""
    previous: str = ""
    next: str = ""

    @classmethod
    def around(cls, key: str, previous: Segment | None, next: Segment | None) -> TMContext:
        """The context of segment ``key`` between ``previous`` and ``next`` (``None`` at the edges)."""
        return cls(
            key=key,
            previous=previous.content_hash() if previous is not None else "",
            next=next.content_hash() if next is not None else "",
        )

    def encode(self) -> str:
        """The stored form (also a TMX property value); equal contexts encode equally."""
        return json.dumps([self.key, self.previous, self.next], ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def decode(cls, text: str | None) -> TMContext | None:
        """The context an :meth:`encode` string holds; ``None`` for nothing or an unreadable value."""
        if not text:
            return None
        try:
            key, previous, next_ = json.loads(text)
        except (ValueError, TypeError):
            return None
        return cls(str(key), str(previous), str(next_))


def unit_contexts(unit: Unit) -> dict[str, TMContext]:
    """The context of every segment of ``unit``, by segment key.

    What the pipeline passes to :meth:`~tm.TranslationMemory.lookup_many` when
    pretranslating and stores with :meth:`~tm.TranslationMemory.add` when a
    translation is approved, so the same place gets its 101% match back.
    """
    items = list(unit.items())
    return {
        key: TMContext.around(
            key,
            items[i - 1][1] if i > 0 else None,
            items[i + 1][1] if i + 1 < len(items) else None,
        )
        for i, (key, _segment) in enumerate(items)
    }


@dataclass(frozen=True, slots=True)
class TMEntry:
    """One translation to remember: a source and target segment in their locales.

    ``meta`` keeps what TMX carries besides the text (``tuid``, ``props``,
    ``notes``), so it survives an import/export round trip.
    """

    source: Segment
    target: Segment
    source_locale: Locale
    target_locale: Locale
    context: TMContext | None = None
    created: datetime | None = None
    changed: datetime | None = None
    usage_count: int = 0
    origin: str | None = None
    project: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TMMatch:
    """A translation offered for a segment, ready to use as a draft.

    ``target``'s codes are those of the *new* source segment (same ids, same
    data), so the draft needs no repair. ``memory_locale`` is the target
    locale of the memory that was used; ``fallback`` is true when it is not
    the requested one (a ``de`` memory for a ``de-DE`` job). ``adapted`` is
    true when numbers or placeables of the stored translation were replaced
    by the new segment's. ``reasons`` say in words what cost points.
    """

    source: Segment
    target: Segment
    score: float
    match_type: MatchType
    memory_locale: Locale
    origin: str
    adapted: bool = False
    fallback: bool = False
    reasons: tuple[str, ...] = ()
    unit_id: int = 0
    project: str | None = None
    changed: datetime | None = None
    usage_count: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "match_type": self.match_type.value,
            "source": self.source.render(),
            "target": self.target.render(),
            "memory_locale": self.memory_locale.tag,
            "fallback": self.fallback,
            "adapted": self.adapted,
            "origin": self.origin,
            "project": self.project,
            "reasons": list(self.reasons),
            "usage_count": self.usage_count,
            "changed": self.changed.isoformat() if self.changed else None,
        }


@dataclass(frozen=True, slots=True)
class ScrubStats:
    """What a scrub did: units read, rewritten with new text, deleted."""

    scanned: int = 0
    rewritten: int = 0
    deleted: int = 0

    def to_json(self) -> dict[str, int]:
        return {"scanned": self.scanned, "rewritten": self.rewritten, "deleted": self.deleted}


@dataclass(frozen=True, slots=True)
class ImportStats:
    """What an import did: units read from the file, added, already known, skipped."""

    path: str
    read: int = 0
    added: int = 0
    updated: int = 0
    skipped: int = 0
    skipped_reasons: Mapping[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "read": self.read,
            "added": self.added,
            "updated": self.updated,
            "skipped": self.skipped,
            "skipped_reasons": dict(self.skipped_reasons),
        }


@dataclass(frozen=True, slots=True)
class PairCount:
    source_locale: str
    target_locale: str
    units: int


@dataclass(frozen=True, slots=True)
class TMStats:
    """The size of the memory, per language pair and per origin."""

    units: int
    pairs: Sequence[PairCount]
    origins: Mapping[str, int]
    index_rows: int
    oldest: datetime | None
    newest: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "units": self.units,
            "pairs": [
                {"source_locale": p.source_locale, "target_locale": p.target_locale, "units": p.units}
                for p in self.pairs
            ],
            "origins": dict(self.origins),
            "index_rows": self.index_rows,
            "oldest": self.oldest.isoformat() if self.oldest else None,
            "newest": self.newest.isoformat() if self.newest else None,
        }
