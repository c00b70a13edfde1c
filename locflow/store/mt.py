"""The store's MT tables: the answer cache and the refused answers.

The cache (``mt_cache``) holds verified answers by engine, engine settings
(``profile``), locale pair and a hash of what was sent: the *masked* text
(codes and personal data as tags), its glossary and content kind. So the
same masked sentence is paid for once, whoever's data it carried, and the
cache holds no personal data. Writes ignore an entry another worker stored
meanwhile (several workers may share one PostgreSQL).

``mt_rejections`` keeps, per segment and locale, the latest answer refused
by verification and why; a later accepted translation removes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from locflow.model import Locale
from locflow.store.schema import documents, mt_cache, mt_rejections, segments
from locflow.store.store import connect_or_unavailable
from locflow.store.writing import write_transaction

__all__ = ["MTStore", "CacheStat", "StoredRejection", "RejectionWrite"]

_CHUNK = 400


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True, slots=True)
class CacheStat:
    engine: str
    source_locale: str
    target_locale: str
    entries: int
    characters: int  # characters of the cached source texts
    hits: int  # answers served from the cache

    def to_json(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "source_locale": self.source_locale,
            "target_locale": self.target_locale,
            "entries": self.entries,
            "characters": self.characters,
            "hits": self.hits,
        }


@dataclass(frozen=True, slots=True)
class RejectionWrite:
    segment_id: int
    locale: str
    engine: str
    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class StoredRejection:
    document: str
    key: str
    locale: str
    engine: str
    reason: str
    detail: str
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "key": self.key,
            "locale": self.locale,
            "engine": self.engine,
            "reason": self.reason,
            "detail": self.detail,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }


class MTStore:
    """The MT tables of a project store (give it the store's engine)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _begin(self) -> Any:
        return write_transaction(self.engine)

    def _insert(self, table: Any) -> Any:
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        return dialect.insert(table)

    # -- the cache -------------------------------------------------------------------
    def get(self, engine: str, profile: str, source: Locale, target: Locale, keys: Sequence[str]) -> dict[str, str]:
        """key -> cached answer, for the keys that are cached; counts a hit on each."""
        found: dict[str, str] = {}
        ids: list[int] = []
        with self._begin() as conn:
            for start in range(0, len(keys), _CHUNK):
                query = select(mt_cache.c.id, mt_cache.c.key, mt_cache.c.target).where(
                    mt_cache.c.engine == engine,
                    mt_cache.c.profile == profile,
                    mt_cache.c.source_locale == source.tag,
                    mt_cache.c.target_locale == target.tag,
                    mt_cache.c.key.in_(keys[start : start + _CHUNK]),
                )
                for row in conn.execute(query):
                    found[row.key] = row.target
                    ids.append(row.id)
            for start in range(0, len(ids), _CHUNK):
                conn.execute(update(mt_cache).where(mt_cache.c.id.in_(ids[start : start + _CHUNK])).values(hits=mt_cache.c.hits + 1))
        return found

    def put(self, engine: str, profile: str, source: Locale, target: Locale, entries: Sequence[tuple[str, str, str]]) -> None:
        """Store (key, masked source, answer) entries; one already there is kept."""
        if not entries:
            return
        now = _now()
        rows = [
            {
                "engine": engine, "profile": profile, "source_locale": source.tag, "target_locale": target.tag,
                "key": key, "source": text, "target": answer, "characters": len(text), "hits": 0, "created_at": now,
            }
            for key, text, answer in entries
        ]
        with self._begin() as conn:
            conn.execute(self._insert(mt_cache).on_conflict_do_nothing(), rows)

    def stats(self) -> list[CacheStat]:
        query = (
            select(
                mt_cache.c.engine, mt_cache.c.source_locale, mt_cache.c.target_locale,
                func.count(), func.sum(mt_cache.c.characters), func.sum(mt_cache.c.hits),
            )
            .group_by(mt_cache.c.engine, mt_cache.c.source_locale, mt_cache.c.target_locale)
            .order_by(mt_cache.c.engine, mt_cache.c.source_locale, mt_cache.c.target_locale)
        )
        with connect_or_unavailable(self.engine, "the project store") as conn:
            return [CacheStat(e, s, t, n, int(c or 0), int(h or 0)) for e, s, t, n, c, h in conn.execute(query)]

    def clear(self, *, engine: str | None = None, target: str | None = None) -> int:
        """Delete cached answers (of one engine, one target locale, or all); returns how many."""
        statement = delete(mt_cache)
        if engine is not None:
            statement = statement.where(mt_cache.c.engine == engine)
        if target is not None:
            statement = statement.where(mt_cache.c.target_locale == target)
        with self._begin() as conn:
            return conn.execute(statement).rowcount or 0

    # -- refused answers ---------------------------------------------------------------
    def record_rejections(self, rows: Iterable[RejectionWrite]) -> None:
        rows = list(rows)
        if not rows:
            return
        with self._begin() as conn:
            self._delete(conn, {(r.segment_id, r.locale) for r in rows})
            conn.execute(
                mt_rejections.insert(),
                [{"segment_id": r.segment_id, "locale": r.locale, "engine": r.engine, "reason": r.reason,
                  "detail": r.detail, "created_at": _now()} for r in rows],
            )

    def clear_rejections(self, segment_ids: Iterable[int], locale: str) -> None:
        with self._begin() as conn:
            self._delete(conn, {(segment_id, locale) for segment_id in segment_ids})

    def _delete(self, conn: Any, keys: set[tuple[int, str]]) -> None:
        by_locale: dict[str, list[int]] = {}
        for segment_id, locale in keys:
            by_locale.setdefault(locale, []).append(segment_id)
        for locale, ids in by_locale.items():
            for start in range(0, len(ids), _CHUNK):
                conn.execute(
                    delete(mt_rejections).where(
                        mt_rejections.c.locale == locale, mt_rejections.c.segment_id.in_(ids[start : start + _CHUNK])
                    )
                )

    def rejections(self, locale: str | None = None) -> list[StoredRejection]:
        """Refused MT answers, by document and position."""
        query = (
            select(documents.c.path, segments.c.key, mt_rejections)
            .join(segments, segments.c.id == mt_rejections.c.segment_id)
            .join(documents, documents.c.id == segments.c.document_id)
            .order_by(mt_rejections.c.locale, documents.c.path, segments.c.position)
        )
        if locale is not None:
            query = query.where(mt_rejections.c.locale == locale)
        with connect_or_unavailable(self.engine, "the project store") as conn:
            return [
                StoredRejection(row.path, row.key, row.locale, row.engine, row.reason, row.detail, row.created_at)
                for row in conn.execute(query)
            ]
