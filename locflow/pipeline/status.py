"""Status: progress per locale — words and segments by state, stale and fuzzy work left."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from locflow.model import USABLE_STATES, State
from locflow.project import Project

__all__ = ["status", "StatusReport", "LocaleStatus"]


@dataclass(slots=True)
class LocaleStatus:
    locale: str
    segments: int
    words: int
    by_state: dict[str, tuple[int, int]] = field(default_factory=dict)  # state -> (segments, words)

    def words_in(self, states: frozenset[State] | set[State]) -> int:
        return sum(self.by_state.get(s.value, (0, 0))[1] for s in states)

    @property
    def usable_percent(self) -> float:
        return 100.0 * self.words_in(USABLE_STATES) / self.words if self.words else 100.0

    @property
    def done_percent(self) -> float:
        done = {State.TRANSLATED, State.REVIEWED, State.APPROVED}
        return 100.0 * self.words_in(done) / self.words if self.words else 100.0

    def to_json(self) -> dict[str, Any]:
        return {
            "locale": self.locale,
            "segments": self.segments,
            "words": self.words,
            "states": {state: {"segments": n, "words": w} for state, (n, w) in self.by_state.items()},
            "usable_percent": round(self.usable_percent, 1),
            "done_percent": round(self.done_percent, 1),
            "stale": self.by_state.get(State.STALE.value, (0, 0))[0],
            "fuzzy": self.by_state.get(State.FUZZY.value, (0, 0))[0],
        }


@dataclass(slots=True)
class StatusReport:
    documents: int
    segments: int
    words: int
    locales: list[LocaleStatus]

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "segments": self.segments,
            "words": self.words,
            "locales": [locale.to_json() for locale in self.locales],
        }


def status(project: Project) -> StatusReport:
    docs, segments, words = project.store.totals()
    counts = project.store.state_counts()
    locales = []
    for locale in project.config.target_locales:
        by_state = dict(counts.get(str(locale), {}))
        stored_segments = sum(n for n, _ in by_state.values())
        stored_words = sum(w for _, w in by_state.values())
        by_state[State.NEW.value] = (segments - stored_segments, words - stored_words)
        ordered = {s.value: by_state[s.value] for s in State if s.value in by_state and by_state[s.value][0]}
        locales.append(LocaleStatus(str(locale), segments, words, ordered))
    return StatusReport(docs, segments, words, locales)
