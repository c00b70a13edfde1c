"""Between entries and rows: what an entry becomes when stored, and back.

:func:`prepare` turns a :class:`~tm.model.TMEntry` into the column values of
a stored unit (codes renumbered, keys computed, dedup hash). The store only
writes these values and reads :class:`UnitRow` objects back, so it never
needs to know how matching keys are made.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from locflow.model import Locale, Segment
from tm.codes import canonical_pair
from tm.model import TMContext, TMEntry
from tm.normalize import match_key, pair_scope, stable_hash

__all__ = ["StoredUnit", "UnitRow", "prepare", "scope_of", "skip_reason"]


def scope_of(source: Locale, target: Locale) -> int:
    """The key scope of a locale pair: its two languages."""
    return _scope(source.language, target.language)


@lru_cache(maxsize=1024)
def _scope(source_language: str, target_language: str) -> int:
    return pair_scope(source_language, target_language)


class StoredUnit(NamedTuple):
    """The column values of one unit to write (a tuple: batches of them travel between processes)."""

    scope: int
    source_locale: str
    target_locale: str
    source: str
    target: str
    exact_hash: int
    loose_hash: int
    loose: str
    context: str | None
    origin: str
    project: str | None
    created: datetime
    changed: datetime
    usage_count: int
    meta: str | None
    dedup_hash: int
    length: int
    signature: str
    detail: str
    grams: tuple[int, ...]


def skip_reason(entry: TMEntry) -> str | None:
    """Why an entry is not worth storing, or ``None``."""
    if not entry.source.has_text():
        return "source has no text"
    if entry.target.is_empty() or not entry.target.render().strip():
        return "empty target"
    return None


def prepare(entry: TMEntry, *, origin: str, project: str | None, now: datetime) -> StoredUnit:
    """The stored form of ``entry``; ``origin``/``project`` apply where the entry has none."""
    source, target = canonical_pair(entry.source, entry.target)
    scope = scope_of(entry.source_locale, entry.target_locale)
    key = match_key(source, scope)
    source_json = source.dumps()
    target_json = target.dumps()
    context = entry.context.encode() if entry.context is not None else None
    identity = "\x1f".join(
        (entry.source_locale.tag, entry.target_locale.tag, source_json, target_json, context or "")
    )
    created = entry.created or now
    return StoredUnit(
        scope=scope,
        source_locale=entry.source_locale.tag,
        target_locale=entry.target_locale.tag,
        source=source_json,
        target=target_json,
        exact_hash=key.exact_hash,
        loose_hash=key.loose_hash,
        loose=key.loose,
        context=context,
        origin=entry.origin or origin,
        project=entry.project or project,
        created=created,
        changed=entry.changed or created,
        usage_count=entry.usage_count,
        meta=json.dumps(dict(entry.meta), ensure_ascii=False, sort_keys=True) if entry.meta else None,
        dedup_hash=stable_hash(identity),
        length=key.length,
        signature=key.signature,
        detail=key.detail,
        grams=key.grams + key.detail_grams,
    )


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A stored unit as read back."""

    id: int
    source_locale: str
    target_locale: str
    source: str
    target: str
    context: str | None
    origin: str
    project: str | None
    created: datetime
    changed: datetime
    usage_count: int
    meta: str | None

    def source_segment(self) -> Segment:
        return Segment.loads(self.source)

    def target_segment(self) -> Segment:
        return Segment.loads(self.target)

    def tm_context(self) -> TMContext | None:
        return TMContext.decode(self.context)

    def meta_dict(self) -> Mapping[str, Any]:
        return json.loads(self.meta) if self.meta else {}

    def to_entry(self, locale: Callable[[str], Locale] = Locale) -> TMEntry:
        """The entry this row stores; ``locale`` makes locales from tags (pass a cache for many rows)."""
        return TMEntry(
            source=self.source_segment(),
            target=self.target_segment(),
            source_locale=locale(self.source_locale),
            target_locale=locale(self.target_locale),
            context=self.tm_context(),
            created=self.created,
            changed=self.changed,
            usage_count=self.usage_count,
            origin=self.origin,
            project=self.project,
            meta=self.meta_dict(),
        )
