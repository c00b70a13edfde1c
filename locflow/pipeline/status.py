"""Status: how far each locale is, in words per state, per locale and per document, and how
fresh its translations are.

A locale's words are the source words of every segment; those without a
stored translation are ``new``. *Freshness* is about ``stale`` translations,
the ones whose source changed under them: a document's freshness in a locale
is how long its oldest stale translation has waited since its source changed
(the store marks a translation stale, and stamps it, at that moment).
:func:`waiting_documents` lists the documents that have waited longer than a
given time, longest first: the articles whose translation lags the source.

Everything is counted by the store's database; per-document figures are
streamed, so memory stays flat in the number of documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from locflow.errors import UsageError
from locflow.model import DONE_STATES, USABLE_STATES, Locale, State
from locflow.project import Project
from locflow.store.progress import ORIGIN_KINDS, DocumentTallies, StateTally, Tally, WaitingDocument

__all__ = [
    "status",
    "document_status",
    "waiting_documents",
    "parse_duration",
    "StatusReport",
    "LocaleStatus",
    "DocumentStatus",
    "WaitingDocument",
    "days_between",
]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks", "": "days"}


def parse_duration(text: str) -> timedelta:
    """``30d``, ``12h``, ``2w``, ``90m``, ``45s`` (a bare number is days)."""
    found = _DURATION.match(text)
    if found is None:
        raise UsageError(f"not a duration: {text!r} (examples: 30d, 12h, 2w)")
    return timedelta(**{_UNITS[found.group(2)]: float(found.group(1))})


def days_between(since: datetime | None, now: datetime) -> float | None:
    """Days from ``since`` to ``now``, to a tenth (None when there is nothing waiting)."""
    return None if since is None else round((now - since).total_seconds() / 86400, 1)


def _words_by_state(total: Tally, stored: dict[State, Tally]) -> dict[State, Tally]:
    """Every state in order, ``new`` being what has no stored translation."""
    counted = sum(stored.values(), Tally())
    return {state: (total - counted if state is State.NEW else stored.get(state, Tally())) for state in State}


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 100.0


class _Totals:
    """``segments`` and ``words``: the counts of the ``total`` tally."""

    __slots__ = ()
    total: Tally

    @property
    def segments(self) -> int:
        return self.total.segments

    @property
    def words(self) -> int:
        return self.total.words


@dataclass(slots=True)
class LocaleStatus(_Totals):
    locale: str
    total: Tally
    by_state: dict[State, Tally]  # every state
    by_origin: dict[str, Tally]  # origin kind -> tally of stored translations
    oldest_stale: datetime | None = None

    def words_in(self, states: frozenset[State] | set[State]) -> int:
        return sum(self.by_state[state].words for state in states)

    @property
    def usable_percent(self) -> float:
        return _percent(self.words_in(USABLE_STATES), self.words)

    @property
    def done_percent(self) -> float:
        return _percent(self.words_in(DONE_STATES), self.words)

    def to_json(self, now: datetime) -> dict[str, Any]:
        present = {s: t for s, t in self.by_state.items() if t.segments}
        return {
            "locale": self.locale,
            "segments": self.segments,
            "words": self.words,
            "states": {state.value: {"segments": t.segments, "words": t.words} for state, t in present.items()},
            "words_by_state": {state.value: t.words for state, t in self.by_state.items()},
            "origins": {kind: self.by_origin.get(kind, Tally()).words for kind in ORIGIN_KINDS},
            "usable_percent": self.usable_percent,
            "done_percent": self.done_percent,
            "stale": self.by_state[State.STALE].segments,
            "fuzzy": self.by_state[State.FUZZY].segments,
            "oldest_stale": _iso(self.oldest_stale),
            "waited_days": days_between(self.oldest_stale, now),
        }


@dataclass(slots=True)
class StatusReport(_Totals):
    documents: int
    total: Tally
    locales: list[LocaleStatus]
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "segments": self.segments,
            "words": self.words,
            "locales": [locale.to_json(self.now) for locale in self.locales],
        }


def status(project: Project, locales: Sequence[Locale] | None = None, *, now: datetime | None = None) -> StatusReport:
    """Words per state, origin kind and freshness for each locale (all target locales by default)."""
    tags = [str(locale) for locale in locales or project.config.target_locales]
    documents, total = project.store.progress.totals()
    tallies = project.store.progress.state_tallies(tags)
    return StatusReport(documents, total, [_locale_status(tag, total, tallies) for tag in tags], now or datetime.now(timezone.utc))


def _locale_status(tag: str, total: Tally, tallies: list[StateTally]) -> LocaleStatus:
    stored: dict[State, Tally] = {}
    origins: dict[str, Tally] = {}
    oldest_stale = None
    for found in (t for t in tallies if t.locale == tag):
        stored[found.state] = stored.get(found.state, Tally()) + found.tally
        origins[found.origin] = origins.get(found.origin, Tally()) + found.tally
        if found.state is State.STALE and found.oldest and (oldest_stale is None or found.oldest < oldest_stale):
            oldest_stale = found.oldest
    return LocaleStatus(tag, total, _words_by_state(total, stored), origins, oldest_stale)


@dataclass(slots=True)
class DocumentStatus:
    """One document: its words, and per locale its words per state and oldest stale translation."""

    path: str
    total: Tally
    locales: dict[str, dict[State, int]]  # locale -> state -> words, every state
    oldest_stale: dict[str, datetime | None]

    def to_json(self, now: datetime) -> dict[str, Any]:
        return {
            "path": self.path,
            "segments": self.total.segments,
            "words": self.total.words,
            "locales": {
                tag: {
                    "words_by_state": {state.value: words for state, words in states.items()},
                    "done_percent": _percent(sum(states[s] for s in DONE_STATES), self.total.words),
                    "oldest_stale": _iso(self.oldest_stale[tag]),
                    "waited_days": days_between(self.oldest_stale[tag], now),
                }
                for tag, states in self.locales.items()
            },
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def document_status(project: Project, locales: Sequence[Locale] | None = None) -> Iterator[DocumentStatus]:
    """Every document's status per locale, in path order; streamed from the store."""
    tags = [str(locale) for locale in locales or project.config.target_locales]
    for tallies in project.store.progress.documents(tags):
        yield _document_status(tallies, tags)


def _document_status(tallies: DocumentTallies, tags: list[str]) -> DocumentStatus:
    by_locale = {}
    for tag in tags:
        stored = tallies.words.get(tag, {})
        new = tallies.total.words - sum(stored.values())
        by_locale[tag] = {state: new if state is State.NEW else stored.get(state, 0) for state in State}
    return DocumentStatus(tallies.path, tallies.total, by_locale, {tag: tallies.stale_since.get(tag) for tag in tags})


def waiting_documents(
    project: Project,
    locales: Sequence[Locale] | None = None,
    *,
    longer_than: timedelta = timedelta(0),
    now: datetime | None = None,
    limit: int | None = None,
) -> Iterator[WaitingDocument]:
    """Documents whose oldest stale translation has waited longer than ``longer_than``, per
    locale, longest first (at most ``limit`` per locale); streamed."""
    tags = [str(locale) for locale in locales or project.config.target_locales]
    cutoff = (now or datetime.now(timezone.utc)) - longer_than
    return project.store.progress.waiting_documents(tags, before=cutoff, limit=limit)
