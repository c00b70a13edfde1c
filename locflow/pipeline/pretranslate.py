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
4. *machine translation*: the locale's engines (state ``mt``), see
   :mod:`locflow.pipeline.machine` and :mod:`locflow.mt.driver`; each
   segment's terms are its glossary, do-not-translate terms are held as codes.

A run works through the project in batches of documents (about
:data:`BATCH_SEGMENTS` segments each) and fills every locale of a batch
before it reads the next, so its memory does not grow with the project; a
queued run's task (:func:`pretranslate_documents`) fills one batch by the
same code. Propagation asks the store for confirmed translations of the
batch's sources in any document, and a source repeated in a later batch is
answered from the MT cache rather than sent again.

Stale segments keep their old target for the translator; only an exact
match for the new source replaces it. Confirmed translations are never
overwritten. What propagation and the TM filled is written before MT
starts; MT writes batch by batch. An engine that fails for good does not
stop the run: the report lists the segments left, and
:meth:`PretranslateReport.raise_for_service` turns that into exit 4.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from locflow.errors import ProviderError
from locflow.model import Locale, Origin, State
from locflow.mt.driver import MTSession
from locflow.pipeline.machine import DRAFTABLE, MTFill, fill_with_mt
from locflow.pipeline.batches import document_batches
from locflow.pipeline.history import record_history
from locflow.pipeline.progress import Progress, no_progress
from locflow.pipeline.terms import fill_from_termbase, prepare_for_mt, recognizer_for
from locflow.project import Project
from locflow.store import StoredSegment, StoredTranslation, TranslationWrite
from termbase import Recognizer

__all__ = ["pretranslate", "pretranslate_documents", "PretranslateReport", "LocaleFill", "BATCH_SEGMENTS", "BATCH_DOCUMENTS"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class LocaleFill:
    propagated: int = 0
    tm: int = 0
    fuzzy: int = 0
    term: int = 0
    mt: int = 0
    left: int = 0
    machine: MTFill = field(default_factory=MTFill)

    @property
    def mt_rejected(self) -> int:
        return len(self.machine.outcome.rejected)

    def add(self, other: LocaleFill) -> None:
        """Count a batch's fill in (a run fills each locale batch by batch)."""
        self.propagated += other.propagated
        self.tm += other.tm
        self.fuzzy += other.fuzzy
        self.term += other.term
        self.mt += other.mt
        self.left += other.left
        self.machine.add(other.machine)

    def to_json(self) -> dict[str, Any]:
        return {
            "propagated": self.propagated, "tm": self.tm, "fuzzy": self.fuzzy, "term": self.term, "mt": self.mt,
            "left": self.left, "mt_rejected": self.mt_rejected, "mt_run": self.machine.outcome.to_json(),
        }


@dataclass(slots=True)
class PretranslateReport:
    locales: dict[str, LocaleFill] = field(default_factory=dict)
    memories_imported: list[str] = field(default_factory=list)  # TMX files of [tm] import read this time
    glossaries_imported: list[str] = field(default_factory=list)  # glossaries of [termbase] import read this time

    def to_json(self) -> dict[str, Any]:
        return {locale: fill.to_json() for locale, fill in self.locales.items()}

    @property
    def failures(self) -> list[str]:
        """Why MT engines failed for good in this run."""
        return [failure for fill in self.locales.values() for failure in fill.machine.outcome.failures]

    @property
    def unfinished(self) -> dict[str, list[str]]:
        """locale -> segments ("document#key") left because their engines failed."""
        return {tag: fill.machine.unfinished for tag, fill in self.locales.items() if fill.machine.unfinished}

    def raise_for_service(self) -> None:
        """Exit 4 when an MT engine failed for good and segments were left for it (the rest is written)."""
        unfinished = self.unfinished
        if not unfinished:
            return
        lines = [f"MT failed: {failure}" for failure in self.failures]
        for tag, keys in unfinished.items():
            shown = ", ".join(keys[:10]) + (f", and {len(keys) - 10} more" if len(keys) > 10 else "")
            lines.append(f"{tag}: {len(keys)} segments left untranslated: {shown}")
        lines.append("what was translated before the failure is saved; run pretranslate again to finish")
        raise ProviderError("\n".join(lines))


#: Segments a batch of a run holds at most (a document bigger than that is a batch of its own):
#: the run's memory is that of one batch, whatever the size of the project. Each batch starts
#: the TM lookup's worker processes again for every locale, so batches are not made smaller.
BATCH_SEGMENTS = 20_000
#: Documents a batch holds at most (empty documents cost nothing but a place in a query's ``IN`` list).
BATCH_DOCUMENTS = 1_000


def pretranslate(
    project: Project,
    locales: Sequence[Locale] | None = None,
    *,
    progress: Progress = no_progress,
    batch_segments: int = BATCH_SEGMENTS,
) -> PretranslateReport:
    """Fill every target locale (or ``locales``), batch of documents after batch of documents.

    Each batch reads its own segments and translations and is filled for
    every locale before the next is read, so memory stays that of one batch.
    Propagation still sees confirmed translations in every document, and a
    source repeated in a later batch is answered from the MT cache, not sent
    again. The report adds up the batches.
    """
    report = PretranslateReport()
    report.memories_imported = project.import_memories()
    report.glossaries_imported = project.import_glossaries()
    chosen = list(locales or project.config.target_locales)
    session = project.mt_session()
    recognizers = {str(locale): recognizer_for(project, locale) for locale in chosen}
    counts = project.store.segment_counts()
    bars = _RunProgress(progress, sum(count for _, count in counts))
    report.locales = {str(locale): LocaleFill() for locale in chosen}
    for batch in document_batches(counts, batch_segments, documents=BATCH_DOCUMENTS):
        segments = project.store.segments_of(batch)
        for locale in chosen:
            tag = str(locale)
            fill = _fill_batch(project, session, segments, locale, recognizers[tag], bars.for_mt(tag, len(segments)))
            report.locales[tag].add(fill)
            bars.finish(tag, len(segments))
        session.forget_masked()
    for tag, fill in report.locales.items():
        log.info(
            "pretranslate %s: %d propagated, %d tm, %d fuzzy, %d term, %d mt, %d left",
            tag, fill.propagated, fill.tm, fill.fuzzy, fill.term, fill.mt, fill.left,
        )
    record_history(project, "pretranslate", locales)
    return report


def pretranslate_documents(project: Project, documents: Sequence[str], locale: Locale, *, session: MTSession | None = None) -> LocaleFill:
    """Fill one locale for some documents only (a batch of a queued run).

    The TMX files and glossaries are not imported here: the run imports them
    once before it queues the batches, so workers never import them at once.
    """
    session = session if session is not None else project.mt_session()
    segments = project.store.segments_of(documents)
    return _fill_batch(project, session, segments, locale, recognizer_for(project, locale), no_progress)


@dataclass(slots=True)
class _RunProgress:
    """One bar per locale over the project's segments; a batch's count as they are filled
    (those the project, TM and termbase filled at once, then MT's as its answers arrive)."""

    progress: Progress
    total: int
    done: dict[str, int] = field(default_factory=dict)  # locale -> segments of the finished batches

    def for_mt(self, tag: str, batch: int) -> Progress:
        before = self.done.get(tag, 0)
        return lambda _stage, sent, todo: self.progress(f"pretranslate {tag}", before + batch - todo + sent, self.total)

    def finish(self, tag: str, batch: int) -> None:
        self.done[tag] = self.done.get(tag, 0) + batch
        self.progress(f"pretranslate {tag}", self.done[tag], self.total)


def _needs_fill(segment: StoredSegment, existing: dict[int, StoredTranslation]) -> bool:
    current = existing.get(segment.id)
    return current is None or current.state in DRAFTABLE


def _fill_batch(
    project: Project,
    session: MTSession,
    segments: list[StoredSegment],
    locale: Locale,
    recognizer: Recognizer | None,
    progress: Progress,
) -> LocaleFill:
    """Fill one locale for a batch of segments: propagation, TM and termbase are written
    before MT starts, then MT writes as its answers arrive."""
    store = project.store
    existing = store.translations_of(str(locale), sorted({s.document for s in segments}))
    todo = [s for s in segments if _needs_fill(s, existing)]
    fill = LocaleFill()
    writes: list[TranslationWrite] = []
    remaining = _propagate(project, todo, locale, writes, fill)
    remaining = _fill_from_tm(project, remaining, locale, writes, fill)
    before = len(remaining)
    remaining = fill_from_termbase(recognizer, remaining, locale, writes)
    fill.term = before - len(remaining)

    fresh = [s for s in remaining if s.id not in existing]  # stale ones keep their old target
    fill.left = len(remaining) - len(fresh)
    store.write_translations(writes, over=DRAFTABLE)
    mt_input = prepare_for_mt(recognizer, [s.source for s in fresh])
    protected = [replace(segment, source=source) for segment, source in zip(fresh, mt_input.segments)]
    glossaries = {segment.id: glossary for segment, glossary in zip(fresh, mt_input.glossaries) if glossary}
    fill.machine = fill_with_mt(project, session, protected, locale, progress, glossaries=glossaries)
    fill.mt = fill.machine.outcome.translated
    fill.left += len(fresh) - fill.mt
    return fill


def _propagate(
    project: Project, segments: list[StoredSegment], locale: Locale, writes: list[TranslationWrite], fill: LocaleFill
) -> list[StoredSegment]:
    """Give a segment the confirmed translation of the same source in any document; returns the rest."""
    if not segments:
        return segments
    confirmed = project.store.done_targets(str(locale), {s.source_hash for s in segments})
    remaining = []
    for segment in segments:
        target = confirmed.get(segment.source_hash)
        if target is not None:
            writes.append(TranslationWrite(segment.id, str(locale), target, State.TM, Origin.PROPAGATED, 100.0))
            fill.propagated += 1
        else:
            remaining.append(segment)
    return remaining


def _fill_from_tm(
    project: Project, segments: list[StoredSegment], locale: Locale, writes: list[TranslationWrite], fill: LocaleFill
) -> list[StoredSegment]:
    """Use the project's TM, when it has one; returns the segments still unfilled."""
    if not segments:
        return segments
    # Matches below the fill threshold are never used: a search down to the fuzzy threshold would
    # verify fuzzy candidates for every segment only to drop them (exact-only filling is the default).
    threshold = max(project.config.fuzzy_threshold, project.config.fill_threshold)
    matches = project.leverage(segments, locale, threshold=threshold)
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
