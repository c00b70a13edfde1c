"""Progress figures: segments and words per locale, state, origin and document.

Everything here is counted by the database (``GROUP BY``), so a figure costs
one query whatever the size of the project, and nothing is loaded per
segment. The per-document figures come as one stream in document order:
memory stays flat in the number of documents, as it does for the list of
documents whose translations wait on a changed source.

Where a translation came from is summed up as its *origin kind*: ``tm`` (the
translation memory, or a confirmed translation of the same source propagated
in the project), ``mt`` (a machine translation engine), ``term`` (filled from
the termbase) or ``human`` (anything a person sent back).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import ColumnElement, Engine, case, func, literal, null, or_, select

from locflow.model import Origin, State
from locflow.store.schema import documents, segments, translations

__all__ = [
    "ProgressFigures",
    "Tally",
    "StateTally",
    "DocumentTallies",
    "WaitingDocument",
    "ORIGIN_KINDS",
    "origin_kind",
    "as_utc",
]

#: Origin kinds, in the order reports show them.
ORIGIN_KINDS = ("tm", "mt", "term", "human")
#: The states a stored translation can be in.
_STORED = [state for state in State if state is not State.NEW]
_STREAM = {"yield_per": 2000}  # rows fetched at a time (a server-side cursor on PostgreSQL)


@dataclass(frozen=True, slots=True)
class Tally:
    """Segments, words and characters (of the source) of a group of segments."""

    segments: int = 0
    words: int = 0
    characters: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.segments + other.segments, self.words + other.words, self.characters + other.characters)

    def __sub__(self, other: Tally) -> Tally:
        return Tally(self.segments - other.segments, self.words - other.words, self.characters - other.characters)

    def to_json(self) -> dict[str, int]:
        return {"segments": self.segments, "words": self.words, "characters": self.characters}


@dataclass(frozen=True, slots=True)
class StateTally:
    """A locale's translations in one state from one origin kind; for ``stale`` ones, ``oldest``
    is when the first of them became stale (their source changed), else None."""

    locale: str
    state: State
    origin: str
    tally: Tally
    oldest: datetime | None


@dataclass(slots=True)
class DocumentTallies:
    """One document: its segments and words, and per locale the words of its stored
    translations per state and the time its oldest stale translation was marked stale."""

    path: str
    total: Tally
    words: dict[str, dict[State, int]] = field(default_factory=dict)
    stale_since: dict[str, datetime | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WaitingDocument:
    """A document with stale translations in a locale, and since when the oldest has waited."""

    locale: str
    path: str
    stale: Tally
    since: datetime


def origin_kind(origin: Any) -> ColumnElement[Any]:
    """SQL for the origin kind of an ``origin`` column (NULL where there is no translation)."""
    return case(
        (origin.is_(None), null()),
        (origin.in_([Origin.TM, Origin.PROPAGATED]), literal("tm")),
        (origin.like("mt:%"), literal("mt")),
        (or_(origin == "termbase", origin.like("termbase:%")), literal("term")),
        else_=literal("human"),
    )


def as_utc(moment: datetime | None) -> datetime | None:
    """Times read back from SQLite carry no zone; the store writes them in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.utc)


def _tally_columns() -> tuple[ColumnElement[Any], ...]:
    """Segments and words. Characters are left at 0: counting them reads every source text,
    and only the analysis (:mod:`locflow.store.leverage`) shows them."""
    return (
        func.count(segments.c.id).label("segments"),
        func.coalesce(func.sum(segments.c.words), 0).label("words"),
        literal(0).label("characters"),
    )


def _tally(row: Any) -> Tally:
    return Tally(int(row.segments), int(row.words), int(row.characters))


def _translations_of(locales: Sequence[str]) -> tuple[Any, ColumnElement[bool]]:
    """Translations joined with their segments and documents, and the condition that picks
    those of ``locales``."""
    return (
        translations.join(segments, segments.c.id == translations.c.segment_id)
        .join(documents, documents.c.id == segments.c.document_id)
    ), translations.c.locale.in_(list(locales))


class ProgressFigures:
    """Reads progress figures from one store (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def totals(self) -> tuple[int, Tally]:
        """The number of documents, and the segments and words of all."""
        with self.engine.connect() as conn:
            docs = conn.execute(select(func.count()).select_from(documents)).scalar_one()
            row = conn.execute(select(*_tally_columns())).one()
        return docs, _tally(row)

    def state_tallies(self, locales: Sequence[str]) -> list[StateTally]:
        """The translations of ``locales`` by locale, state and origin kind."""
        joined, wanted = _translations_of(locales)
        kind = origin_kind(translations.c.origin).label("origin")
        query = (
            select(
                translations.c.locale, translations.c.state, kind, *_tally_columns(),
                func.min(case((translations.c.state == State.STALE.value, translations.c.updated_at), else_=null())).label("oldest"),
            )
            .select_from(joined)
            .where(wanted)
            .group_by(translations.c.locale, translations.c.state, kind)
        )
        with self.engine.connect() as conn:
            return [
                StateTally(row.locale, State(row.state), row.origin, _tally(row), as_utc(row.oldest))
                for row in conn.execute(query)
            ]

    def mt_characters_since(self, locale: str, since: datetime | None) -> int:
        """Source characters of ``locale``'s MT drafts written after ``since`` (a draft whose
        source changed since is stale, and not counted again)."""
        joined, wanted = _translations_of([locale])
        query = select(func.coalesce(func.sum(func.length(segments.c.source_text)), 0)).select_from(joined).where(
            wanted, translations.c.origin.like("mt:%"), translations.c.state == State.MT.value
        )
        if since is not None:
            query = query.where(translations.c.updated_at > since)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def documents(self, locales: Sequence[str]) -> Iterator[DocumentTallies]:
        """Every document with segments, in path order, with its tallies; streamed."""
        current: DocumentTallies | None = None
        with self.engine.connect() as conn:
            for row in conn.execution_options(**_STREAM).execute(_document_rows(locales)):
                if current is None or row.path != current.path:
                    if current is not None:
                        yield current
                    current = DocumentTallies(row.path, Tally(row.segments, int(row.words), 0))
                if row.locale is not None:
                    found = row._mapping
                    current.words[row.locale] = {state: int(found[f"w_{state.value}"]) for state in _STORED}
                    current.stale_since[row.locale] = as_utc(row.stale_since)
        if current is not None:
            yield current

    def waiting_documents(
        self, locales: Sequence[str], *, before: datetime | None = None, limit: int | None = None
    ) -> Iterator[WaitingDocument]:
        """Documents with stale translations, per locale, longest waiting first; streamed.

        ``before``: only those whose oldest stale translation is older;
        ``limit``: at most this many per locale.
        """
        for locale in locales:
            joined, wanted = _translations_of([locale])
            since = func.min(translations.c.updated_at)
            query = (
                select(documents.c.path, *_tally_columns(), since.label("since"))
                .select_from(joined)
                .where(wanted, translations.c.state == State.STALE.value)
                .group_by(documents.c.path)
                .order_by(since, documents.c.path)
            )
            if before is not None:
                query = query.having(since < before)
            if limit is not None:
                query = query.limit(limit)
            with self.engine.connect() as conn:
                for row in conn.execution_options(**_STREAM).execute(query):
                    yield WaitingDocument(locale, row.path, _tally(row), as_utc(row.since))  # type: ignore[arg-type]


def _document_rows(locales: Sequence[str]) -> Any:
    """Per document (in path order) its segments and words, then a row per locale with
    translations there: words per stored state, and when its oldest stale translation became so."""
    per_document = (
        select(segments.c.document_id, func.count().label("segments"), func.sum(segments.c.words).label("words"))
        .group_by(segments.c.document_id)
        .subquery()
    )
    stale = translations.c.state == State.STALE.value
    per_locale = (
        select(
            segments.c.document_id,
            translations.c.locale,
            *(func.sum(case((translations.c.state == state.value, segments.c.words), else_=0)).label(f"w_{state.value}") for state in _STORED),
            func.min(case((stale, translations.c.updated_at), else_=null())).label("stale_since"),
        )
        .select_from(segments.join(translations, translations.c.segment_id == segments.c.id))
        .where(translations.c.locale.in_(list(locales)))
        .group_by(segments.c.document_id, translations.c.locale)
        .subquery()
    )
    return (
        select(documents.c.path, per_document.c.segments, per_document.c.words, per_locale)
        .select_from(
            documents.join(per_document, per_document.c.document_id == documents.c.id).outerjoin(
                per_locale, per_locale.c.document_id == documents.c.id
            )
        )
        .order_by(documents.c.path, per_locale.c.locale)
    )
