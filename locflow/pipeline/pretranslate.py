"""Pretranslate: fill untranslated segments from the project, the TM, then MT.

For each target locale, in order of trust:

1. *propagation*: a segment whose exact source (text and codes) already has
   a confirmed translation in this project gets it (state ``tm``, origin
   ``propagated``); this also revives a stale segment whose source came back;
2. *translation memory* (the TMX files of ``[tm] import`` are imported first,
   when they changed): the best match at or above ``[tm] fill_threshold``
   (exact and context matches give state ``tm``, fuzzy ones ``fuzzy``);
3. *termbase* (the glossaries of ``[termbase] import`` are imported first,
   when they changed): a segment that is exactly a term gets its approved
   target term (state ``tm``, origin ``termbase``);
4. *machine translation*: the configured provider (state ``mt``), given each
   segment's terms as its glossary, with do-not-translate terms held as codes.

Stale segments keep their old target for the translator; only an exact
match for the new source replaces it. Confirmed translations are never
overwritten.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from locflow.model import Locale, Origin, Segment, State
from locflow.mt.base import translate_segments
from locflow.pipeline.progress import Progress, no_progress
from locflow.pipeline.terms import fill_from_termbase, glossary_batches, prepare_for_mt, recognizer_for
from locflow.project import Project
from locflow.store import StoredSegment, StoredTranslation, TranslationWrite
from termbase import restore_dnt

__all__ = ["pretranslate", "PretranslateReport", "LocaleFill"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class LocaleFill:
    propagated: int = 0
    tm: int = 0
    fuzzy: int = 0
    term: int = 0
    mt: int = 0
    left: int = 0

    def to_json(self) -> dict[str, int]:
        return {
            "propagated": self.propagated,
            "tm": self.tm,
            "fuzzy": self.fuzzy,
            "term": self.term,
            "mt": self.mt,
            "left": self.left,
        }


@dataclass(slots=True)
class PretranslateReport:
    locales: dict[str, LocaleFill] = field(default_factory=dict)
    memories_imported: list[str] = field(default_factory=list)  # TMX files of [tm] import read this time
    glossaries_imported: list[str] = field(default_factory=list)  # glossaries of [termbase] import read this time

    def to_json(self) -> dict[str, Any]:
        return {locale: fill.to_json() for locale, fill in self.locales.items()}


def pretranslate(project: Project, locales: Sequence[Locale] | None = None, *, progress: Progress = no_progress) -> PretranslateReport:
    report = PretranslateReport()
    report.memories_imported = project.import_memories()
    report.glossaries_imported = project.import_glossaries()
    segments = project.store.segments()
    for locale in locales or project.config.target_locales:
        report.locales[str(locale)] = _fill_locale(project, segments, locale, progress)
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
    recognizer = recognizer_for(project, locale)
    before = len(remaining)
    remaining = fill_from_termbase(recognizer, remaining, locale, writes)
    fill.term = before - len(remaining)

    fresh = [s for s in remaining if s.id not in existing]  # stale ones keep their old target
    fill.left = len(remaining) - len(fresh)
    provider = project.mt
    if fresh and provider.supports(project.config.source_locale, locale):
        mt_input = prepare_for_mt(recognizer, [s.source for s in fresh])
        results = _translate_in_batches(provider, mt_input.segments, mt_input.glossaries, project.config.source_locale, locale, progress)
        for segment, target in zip(fresh, results):
            if target is None:
                fill.left += 1
                continue
            writes.append(TranslationWrite(segment.id, str(locale), target, State.MT, Origin.mt(provider.name)))
            fill.mt += 1
    else:
        fill.left += len(fresh)
    store.write_translations(writes)
    log.info(
        "pretranslate %s: %d propagated, %d tm, %d fuzzy, %d mt, %d left",
        locale, fill.propagated, fill.tm, fill.fuzzy, fill.mt, fill.left,
    )
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


def _translate_in_batches(
    provider: Any, segments: list[Segment], glossaries: list[Mapping[str, str]], source: Locale, target: Locale, progress: Progress
) -> list[Segment | None]:
    """Translate in calls of at most 50 segments that share one glossary; DNT codes become text again."""
    results: list[Segment | None] = []
    for start, end, glossary in glossary_batches(glossaries, 50):
        answers = translate_segments(provider, segments[start:end], source, target, batch_size=end - start, glossary=glossary or None)
        results.extend(restore_dnt(answer) if answer is not None else None for answer in answers)
        progress(f"MT {target}", end, len(segments))
    return results
