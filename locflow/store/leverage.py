"""What ``analyze`` reads: the leverage cache and the analysis groups.

A TM lookup is the costly part of an analysis, and its answer only changes
when the segment's context (its source and its neighbours) or the TM
changes. The ``leverage`` table keeps, per segment still to be done and
locale, the best score found and what it was found with (the context, and a
mark of the TM's state the caller computes); :meth:`Leverage.segments_to_look_up`
gives, page by page, the segments whose cached score is missing or out of
date, and :meth:`Leverage.save` records the answers.

:meth:`Leverage.groups` then sums a whole job up in the database: the
segments of a locale still to do, picked in one pass over the segments and
their translations, grouped by whether they repeat an earlier segment of the
job (same source, in document order), which score floor their cached score
reaches and the origin kind of their current draft; the segments a person
confirmed, summed apart. The caller names the floors and decides the bands;
nothing here knows what a band is worth.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Engine, Float, Select, String, and_, case, delete, func, insert, literal, null, or_, select, type_coerce

from locflow.model import DONE_STATES
from locflow.store.progress import Tally, origin_kind
from locflow.store.schema import documents, leverage, segments, translations
from locflow.store.store import StoredSegment, segment_query, stored_segment
from locflow.store.writing import write_transaction

__all__ = ["Leverage", "AnalysisGroup", "context_of", "tm_state_mark"]

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


def tm_state_mark(tm_engine: Engine) -> str:
    """A mark of a TM's state that changes whenever units are added or removed: their number,
    and the id and last change of the newest (a unit put where a removed one was is newer).

    An index probe and a count of the smallest index, with SQLite's memory mapping (which
    the TM turns on for its lookups) off meanwhile: counting through the map would bring the
    index's pages into this process's memory.
    """
    from tm.store.pragmas import pragmas_for
    from tm.store.schema import units

    newest = select(units.c.id, units.c.changed).order_by(units.c.id.desc()).limit(1)
    with tm_engine.connect() as conn, ExitStack() as unmapped:
        if conn.dialect.name == "sqlite":
            unmapped.enter_context(pragmas_for(conn, mmap_size=0))
        count = conn.execute(select(func.count()).select_from(units)).scalar_one()
        last = conn.execute(newest).first()
    return f"{count}:{last.id}:{last.changed.isoformat()}" if last is not None else "empty"


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
        with write_transaction(self.engine) as conn:
            for start in range(0, len(scores), _BATCH):
                batch = scores[start : start + _BATCH]
                conn.execute(delete(leverage).where(leverage.c.locale == locale, leverage.c.segment_id.in_([s.id for s, _ in batch])))
                conn.execute(
                    insert(leverage),
                    [{"segment_id": s.id, "locale": locale, "context": context_of(s), "tm_mark": tm_mark, "score": score} for s, score in batch],
                )

    def groups(self, locale: str, floors: Sequence[float], tm_mark: str, *, by_document: bool = False) -> Iterator[AnalysisGroup]:
        """The job of ``locale`` in groups, and its confirmed segments (see :class:`AnalysisGroup`),
        in document order when ``by_document``; streamed."""
        job = _job_groups(locale, sorted(floors, reverse=True), tm_mark, by_document)
        query = job.union_all(_confirmed_groups(locale, by_document)).subquery()
        ordered = select(query).order_by(query.c.path) if by_document else select(query)
        with self.engine.connect() as conn:
            for path, confirmed, repeated, floor, origin, count, words, characters in conn.execution_options(yield_per=2000).execute(ordered):
                yield AnalysisGroup(
                    path, bool(confirmed), bool(repeated), None if floor is None else float(floor), origin, Tally(count, int(words), int(characters))
                )


def _sums(words: Any, characters: Any) -> tuple[ColumnElement[Any], ...]:
    return (
        func.count().label("segments"),
        func.coalesce(func.sum(words), 0).label("words"),
        func.coalesce(func.sum(characters), 0).label("characters"),
    )


def _job_groups(locale: str, floors: Sequence[float], tm_mark: str, by_document: bool) -> Select[Any]:
    """The segments still to do, first picked (a single pass over segments and their
    translations), then given their cached score and their occurrence in the job, and grouped."""
    to_do = or_(translations.c.state.is_(None), translations.c.state.not_in(_DONE))
    job = (
        select(
            segments.c.id, segments.c.document_id, segments.c.position, segments.c.source_hash, segments.c.words,
            func.length(segments.c.source_text).label("characters"), _context_column().label("context"),
            origin_kind(translations.c.origin).label("origin"),
        )
        .select_from(segments.outerjoin(translations, and_(translations.c.segment_id == segments.c.id, translations.c.locale == locale)))
        .where(to_do)
        .cte("job")
        .prefix_with("MATERIALIZED")
    )
    valid = and_(leverage.c.tm_mark == tm_mark, leverage.c.context == job.c.context)
    score = case((valid, leverage.c.score), else_=null())
    floor = case(*((score >= value, literal(value)) for value in floors), else_=null()) if floors else null()
    occurrence = func.row_number().over(partition_by=job.c.source_hash, order_by=(documents.c.path, job.c.position))
    rows = (
        select(
            (documents.c.path if by_document else null()).label("path"),
            floor.label("floor"), job.c.origin, occurrence.label("occurrence"), job.c.words, job.c.characters,
        )
        .select_from(
            job.join(documents, documents.c.id == job.c.document_id).outerjoin(
                leverage, and_(leverage.c.segment_id == job.c.id, leverage.c.locale == locale)
            )
        )
        .subquery()
    )
    repeated = case((rows.c.occurrence > 1, 1), else_=0)
    keys = (rows.c.path, repeated, rows.c.floor, rows.c.origin)
    return select(
        rows.c.path, literal(0).label("confirmed"), repeated.label("repeated"), rows.c.floor, rows.c.origin, *_sums(rows.c.words, rows.c.characters)
    ).group_by(*keys)


def _confirmed_groups(locale: str, by_document: bool) -> Select[Any]:
    """What a person confirmed: counted apart, per document when ``by_document``."""
    path = documents.c.path if by_document else type_coerce(null(), String())
    query = (
        select(
            path.label("path"), literal(1).label("confirmed"), literal(0).label("repeated"), type_coerce(null(), Float()).label("floor"),
            type_coerce(null(), String()).label("origin"), *_sums(segments.c.words, func.length(segments.c.source_text)),
        )
        .select_from(translations.join(segments, segments.c.id == translations.c.segment_id).join(documents, documents.c.id == segments.c.document_id))
        .where(translations.c.locale == locale, translations.c.state.in_(_DONE))
    )
    return query.group_by(documents.c.path) if by_document else query
