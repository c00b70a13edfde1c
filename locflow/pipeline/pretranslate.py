"""Pretranslate: fill untranslated segments from the project, the TM, then MT.

For each target locale, in order of trust:

1. *propagation*: a segment whose exact source (text and codes) already has
   a confirmed translation in this project gets it (state ``tm``, origin
   ``propagated``); this also revives a stale segment whose source came back;
2. *translation memory* (the TMX files of ``[tm] import`` are imported first,
   when they changed): the best match at or above ``[tm] fill_threshold``
   (exact and context matches give state ``tm``, fuzzy ones ``fuzzy``);
3. *machine translation*: the configured provider (state ``mt``).

Stale segments keep their old target for the translator; only an exact
match for the new source replaces it. Confirmed translations are never
overwritten.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from locflow.model import Locale, Origin, Segment, State
from locflow.mt.base import translate_segments
from locflow.pipeline.history import record_history
from locflow.pipeline.progress import Progress, no_progress
from locflow.project import Project
from locflow.store import StoredSegment, StoredTranslation, TranslationWrite

__all__ = ["pretranslate", "PretranslateReport", "LocaleFill"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class LocaleFill:
    propagated: int = 0
    tm: int = 0
    fuzzy: int = 0
    mt: int = 0
    left: int = 0

    def to_json(self) -> dict[str, int]:
        return {"propagated": self.propagated, "tm": self.tm, "fuzzy": self.fuzzy, "mt": self.mt, "left": self.left}


@dataclass(slots=True)
class PretranslateReport:
    locales: dict[str, LocaleFill] = field(default_factory=dict)
    memories_imported: list[str] = field(default_factory=list)  # TMX files of [tm] import read this time

    def to_json(self) -> dict[str, Any]:
        return {locale: fill.to_json() for locale, fill in self.locales.items()}


def pretranslate(project: Project, locales: Sequence[Locale] | None = None, *, progress: Progress = no_progress) -> PretranslateReport:
    report = PretranslateReport()
    report.memories_imported = project.import_memories()
    segments = project.store.segments()
    for locale in locales or project.config.target_locales:
        report.locales[str(locale)] = _fill_locale(project, segments, locale, progress)
    record_history(project, "pretranslate", locales)
    return report


def _needs_fill(segment: StoredSegment, existing: dict[int, StoredTranslation]) -> bool:
    current = existing.get(segment.id)
    return current is None or current.state == State.STALE


def _fill_locale(project: Project, segments: list[StoredSegment], locale: Locale, progress: Progress) -> LocaleFill:
    store = project.store
    existing = store.translations(str(locale))
    todo = [s for s in segments if _needs_fill(s, existing)]
    fill = LocaleFill()
    writes: list[TranslationWrite] = []

    confirmed = store.done_targets(str(locale))
    remaining = []
    for segment in todo:
        target = confirmed.get(segment.source_hash)
        if target is not None:
            writes.append(TranslationWrite(segment.id, str(locale), target, State.TM, Origin.PROPAGATED, 100.0))
            fill.propagated += 1
        else:
            remaining.append(segment)

    remaining = _fill_from_tm(project, remaining, locale, writes, fill)

    fresh = [s for s in remaining if s.id not in existing]  # stale ones keep their old target
    fill.left = len(remaining) - len(fresh)
    provider = project.mt
    if fresh and provider.supports(project.config.source_locale, locale):
        results = _translate_in_batches(provider, fresh, project.config.source_locale, locale, progress)
        for segment, target in zip(fresh, results):
            if target is None:
                fill.left += 1
                continue
            writes.append(TranslationWrite(segment.id, str(locale), target, State.MT, Origin.mt(provider.name)))
            fill.mt += 1
    else:
        fill.left += len(fresh)
    store.write_translations(writes)
    log.info("pretranslate %s: %s", locale, fill.to_json())
    return fill


def _fill_from_tm(
    project: Project, segments: list[StoredSegment], locale: Locale, writes: list[TranslationWrite], fill: LocaleFill
) -> list[StoredSegment]:
    """Use the project's TM, when it has one; returns the segments still unfilled."""
    if not segments:
        return segments
    matches = project.leverage(segments, locale)
    remaining = []
    for segment in segments:
        match = matches.get(segment.id)
        if match is None or match.score < project.config.fill_threshold:
            remaining.append(segment)
            continue
        fuzzy = match.score < 100
        state = State.FUZZY if fuzzy else State.TM
        writes.append(TranslationWrite(segment.id, str(locale), match.target, state, Origin.TM, match.score))
        if fuzzy:
            fill.fuzzy += 1
        else:
            fill.tm += 1
    return remaining


def _translate_in_batches(provider: Any, segments: list[StoredSegment], source: Locale, target: Locale, progress: Progress) -> list[Segment | None]:
    results: list[Segment | None] = []
    step = 50
    for start in range(0, len(segments), step):
        batch = [s.source for s in segments[start : start + step]]
        results.extend(translate_segments(provider, batch, source, target, batch_size=step))
        progress(f"MT {target}", min(start + step, len(segments)), len(segments))
    return results
