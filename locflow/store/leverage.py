"""What ``analyze`` reads: the leverage cache and the analysis groups.

A TM lookup is the costly part of an analysis, and its answer only changes
when the segment's context (its source and its neighbours) or the TM
changes. The ``leverage`` table keeps, per segment still to be done and
locale, the best score found and what it was found with (the context, and a
mark of the TM's state the caller computes); :meth:`Leverage.segments_to_look_up`
gives, page by page, the segments whose cached score is missing or out of
date, and :meth:`Leverage.save` records the answers.

:meth:`Leverage.groups` then sums a whole job up in the database: the
segments of a locale grouped by whether a person confirmed them, whether they
repeat an earlier segment of the job (same source, in document order), which
score floor their cached score reaches, and the origin kind of their current
draft. The caller names the floors and decides the bands; nothing here
knows what a band is worth.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, case, delete, func, insert, literal, null, or_, select

from locflow.model import DONE_STATES
from locflow.store.progress import Tally, origin_kind
from locflow.store.schema import documents, leverage, segments, translations
from locflow.store.store import StoredSegment, segment_query, stored_segment

__all__ = ["Leverage", "AnalysisGroup", "context_of"]

_BATCH = 500
_DONE = [state.value for state in DONE_STATES]


@dataclass(frozen=True, slots=True)
class AnalysisGroup:
    """Segments of a job alike in everything an analysis band depends on.

    ``floor`` is the highest of the requested floors that the cached score
    reaches (None: below all, or no valid score); ``origin`` the origin kind of
    the current translation (None: none).
    """

    document: str | None
    confirmed: bool
    repeated: bool
    floor: float | None
    origin: str | None
    tally: Tally


def context_of(segment: StoredSegment) -> str:
    """What a cached score was looked up with, besides the TM: the source and its neighbours."""
    return f"{segment.source_hash}|{segment.prev_hash or ''}|{segment.next_hash or ''}"


def _context_column() -> ColumnElement[str]:
    return segments.c.source_hash + "|" + func.coalesce(segments.c.prev_hash, "") + "|" + func.coalesce(segments.c.next_hash, "")


def _locale_joins(base: Any, locale: str) -> Any:
    """``base`` (holding segments) with the locale's translation and cached score, if any."""
    return base.outerjoin(
        translations, and_(translations.c.segment_id == segments.c.id, translations.c.locale == locale)
    ).outerjoin(leverage, and_(leverage.c.segment_id == segments.c.id, leverage.c.locale == locale))


def _outdated(tm_mark: str) -> tuple[ColumnElement[bool], ...]:
    """Segments still to be done whose cached score is missing or out of date."""
    to_do = or_(translations.c.state.is_(None), translations.c.state.not_in(_DONE))
    return to_do, or_(leverage.c.segment_id.is_(None), leverage.c.tm_mark != tm_mark, leverage.c.context != _context_column())


class Leverage:
    """Reads and writes the ``leverage`` table of one store, and sums up jobs."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def count_to_look_up(self, locale: str, tm_mark: str) -> int:
        """How many segments :meth:`segments_to_look_up` has to give in all."""
        query = select(func.count()).select_from(_locale_joins(segments, locale)).where(*_outdated(tm_mark))
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def segments_to_look_up(self, locale: str, tm_mark: str, *, after: int = 0, limit: int = 2000) -> list[StoredSegment]:
        """Up to ``limit`` segments of ``locale`` still to be done, with an id above ``after``,
        whose cached score is missing or was found with another context or TM state."""
        query = _locale_joins(segment_query(), locale).where(*_outdated(tm_mark), segments.c.id > after)
        with self.engine.connect() as conn:
            return [stored_segment(row) for row in conn.execute(query.order_by(segments.c.id).limit(limit))]

    def save(self, locale: str, tm_mark: str, scores: Sequence[tuple[StoredSegment, float | None]]) -> None:
        """Cache the best score (None: nothing at or above the lookup's threshold) per segment."""
        with self.engine.begin() as conn:
            for start in range(0, len(scores), _BATCH):
                batch = scores[start : start + _BATCH]
                conn.execute(delete(leverage).where(leverage.c.locale == locale, leverage.c.segment_id.in_([s.id for s, _ in batch])))
                conn.execute(
                    insert(leverage),
                    [{"segment_id": s.id, "locale": locale, "context": context_of(s), "tm_mark": tm_mark, "score": score} for s, score in batch],
                )

    def groups(self, locale: str, floors: Sequence[float], tm_mark: str, *, by_document: bool = False) -> Iterator[AnalysisGroup]:
        """The job of ``locale`` in groups (see :class:`AnalysisGroup`), in document order when
        ``by_document``; streamed."""
        inner = _job_rows(locale, sorted(floors, reverse=True), tm_mark).subquery()
        repeated = case((inner.c.occurrence > 1, 1), else_=0).label("repeated")
        keys = [inner.c.confirmed, repeated, inner.c.floor, inner.c.origin]
        if by_document:
            keys.insert(0, inner.c.path)
        tally = (
            func.count().label("segments"),
            func.coalesce(func.sum(inner.c.words), 0).label("words"),
            func.coalesce(func.sum(inner.c.characters), 0).label("characters"),
        )
        query = select(*keys, *tally).group_by(*keys).order_by(*keys[:1] if by_document else ())
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=2000).execute(query):
                yield AnalysisGroup(
                    document=row.path if by_document else None,
                    confirmed=bool(row.confirmed),
                    repeated=bool(row.repeated),
                    floor=None if row.floor is None else float(row.floor),
                    origin=row.origin,
                    tally=Tally(int(row.segments), int(row.words), int(row.characters)),
                )


def _job_rows(locale: str, floors: Sequence[float], tm_mark: str) -> Any:
    """One row per segment: confirmed?, occurrence of its source in the job, score floor, origin kind."""
    confirmed = case((translations.c.state.in_(_DONE), 1), else_=0)
    valid = and_(leverage.c.tm_mark == tm_mark, leverage.c.context == _context_column())
    score = case((valid, leverage.c.score), else_=null())
    floor = case(*((score >= value, literal(value)) for value in floors), else_=null()) if floors else null()
    occurrence = func.row_number().over(
        partition_by=(segments.c.source_hash, confirmed), order_by=(documents.c.path, segments.c.position)
    )
    return select(
        documents.c.path,
        confirmed.label("confirmed"),
        floor.label("floor"),
        origin_kind(translations.c.origin).label("origin"),
        occurrence.label("occurrence"),
        segments.c.words,
        func.length(segments.c.source_text).label("characters"),
    ).select_from(_locale_joins(segments.join(documents, documents.c.id == segments.c.document_id), locale))
