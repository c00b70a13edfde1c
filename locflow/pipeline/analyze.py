"""Analyze: how much of the work the TM already covers, in words per match band and locale.

The bands are the ones localization vendors quote against: context matches
(101%), exact (100%), repetitions (a source seen earlier in the same job),
fuzzy 95-99, 85-94 and 75-84, and no match. Only segments that still need
work in a locale are counted (anything not translated, reviewed or approved
by a person); confirmed segments are reported apart. The TMX files of
``[tm] import`` are imported first when they changed, as for pretranslate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from locflow.model import DONE_STATES, Locale
from locflow.pipeline.progress import Progress, no_progress
from locflow.project import Project
from locflow.store import StoredSegment

__all__ = ["analyze", "AnalysisReport", "BANDS", "band_of"]

#: (name, lowest score) from best to worst; "repetition" and "no match" are assigned apart.
BANDS: tuple[tuple[str, float], ...] = (
    ("context", 101.0),
    ("exact", 100.0),
    ("repetition", -1.0),
    ("95-99", 95.0),
    ("85-94", 85.0),
    ("75-84", 75.0),
    ("no match", -1.0),
)


def band_of(score: float | None) -> str:
    """The band of a TM score; ``None`` (no match) and scores below 75 are 'no match'."""
    if score is None:
        return "no match"
    for name, lowest in BANDS:
        if lowest >= 0 and score >= lowest:
            return name
    return "no match"


@dataclass(slots=True)
class LocaleAnalysis:
    locale: str
    bands: dict[str, list[int]] = field(default_factory=lambda: {name: [0, 0] for name, _ in BANDS})  # [segments, words]
    confirmed: list[int] = field(default_factory=lambda: [0, 0])

    def add(self, band: str, words: int) -> None:
        self.bands[band][0] += 1
        self.bands[band][1] += words

    @property
    def total_words(self) -> int:
        return sum(words for _, words in self.bands.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "locale": self.locale,
            "bands": {name: {"segments": n, "words": w} for name, (n, w) in self.bands.items()},
            "confirmed": {"segments": self.confirmed[0], "words": self.confirmed[1]},
            "total_words": self.total_words,
        }


@dataclass(slots=True)
class AnalysisReport:
    locales: list[LocaleAnalysis]

    def to_json(self) -> dict[str, Any]:
        return {"bands": [name for name, _ in BANDS], "locales": [l.to_json() for l in self.locales]}


def analyze(project: Project, locales: Sequence[Locale] | None = None, *, progress: Progress = no_progress) -> AnalysisReport:
    project.import_memories()
    segments = project.store.segments()
    report = AnalysisReport([])
    for locale in locales or project.config.target_locales:
        report.locales.append(_analyze_locale(project, segments, locale, progress))
    return report


def _analyze_locale(project: Project, segments: list[StoredSegment], locale: Locale, progress: Progress) -> LocaleAnalysis:
    existing = project.store.translations(str(locale))
    result = LocaleAnalysis(str(locale))
    todo = []
    for segment in segments:
        translation = existing.get(segment.id)
        if translation is not None and translation.state in DONE_STATES:
            result.confirmed[0] += 1
            result.confirmed[1] += segment.words
        else:
            todo.append(segment)
    matches = project.leverage(todo, locale, progress=progress)
    seen: set[str] = set()
    for segment in todo:
        match = matches.get(segment.id)
        band = band_of(match.score if match is not None else None)
        if band not in ("context", "exact") and segment.source_hash in seen:
            band = "repetition"
        seen.add(segment.source_hash)
        result.add(band, segment.words)
    return result
