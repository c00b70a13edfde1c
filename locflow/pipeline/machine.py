"""The MT step of pretranslate: send what the project and the TM could not fill, write what comes back.

Accepted answers are written a thousand at a time and whatever is pending
when the driver returns (state ``mt``, origin ``mt:<engine>``), so an engine
that fails leaves the work done so far in the store; every answer is in the
MT cache as soon as it arrives, so even a crash loses no paid work. An answer refused by verification leaves its segment
untranslated and is recorded in ``mt_rejections`` with the reason
(``locflow mt rejected`` lists them); a later accepted answer clears it.
Do-not-translate terms the termbase held as codes become text again as
answers are written.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from locflow.model import Locale, Origin, State
from locflow.mt.base import Glossary
from locflow.mt.driver import LeftReason, MTOutcome, MTRejected, MTRequest, MTResult, MTSession
from locflow.pipeline.progress import Progress
from locflow.project import Project
from locflow.store import StoredSegment, TranslationWrite
from locflow.store.mt import MTStore, RejectionWrite
from termbase import restore_dnt

__all__ = ["DRAFTABLE", "MTFill", "fill_with_mt"]

#: The stored states a draft (TM, MT, term) may replace, besides none: a
#: translation a person confirmed meanwhile, in another process, stays.
DRAFTABLE = frozenset({State.STALE})

#: Translations written together (every answer is in the MT cache as soon as it arrives, so a
#: crash loses no paid work; a failing engine leaves the driver normally and everything is written).
WRITE_EVERY = 1000


@dataclass(slots=True)
class MTFill:
    outcome: MTOutcome = field(default_factory=MTOutcome)
    #: "document#key" of segments left because every engine that could take them failed
    unfinished: list[str] = field(default_factory=list)

    def add(self, other: MTFill) -> None:
        self.outcome.add(other.outcome)
        self.unfinished.extend(other.unfinished)


def fill_with_mt(
    project: Project,
    session: MTSession,
    segments: Sequence[StoredSegment],
    locale: Locale,
    progress: Progress,
    *,
    glossaries: Mapping[int, Glossary] | None = None,
) -> MTFill:
    """Machine-translate ``segments`` into ``locale``; ``glossaries`` gives terms per segment id."""
    if not segments:
        return MTFill()
    writer = _Writer(project, locale)
    glossaries = glossaries or {}
    requests = [MTRequest(s.id, s.source, glossaries.get(s.id), s.kind) for s in segments]
    try:
        outcome = session.translate(requests, project.config.source_locale, locale, on_batch=writer.add, progress=progress)
    finally:
        writer.flush()
    by_id: dict[Hashable, StoredSegment] = {s.id: s for s in segments}
    unfinished = [f"{by_id[key].document}#{by_id[key].key}" for key, why in outcome.left.items() if why == LeftReason.FAILED]
    return MTFill(outcome, unfinished)


class _Writer:
    """Writes accepted answers and records refused ones, a thousand at a time."""

    def __init__(self, project: Project, locale: Locale) -> None:
        self.store = project.store
        self.rejections = MTStore(project.store.engine)
        self.locale = locale
        self.writes: list[TranslationWrite] = []
        self.refused: list[RejectionWrite] = []

    def add(self, results: list[MTResult], refused: list[MTRejected]) -> None:
        tag = self.locale.tag
        self.writes.extend(
            TranslationWrite(int(r.key), tag, restore_dnt(r.target), State.MT, Origin.mt(r.engine))  # type: ignore[call-overload]
            for r in results
        )
        self.refused.extend(
            RejectionWrite(int(r.key), tag, r.engine, r.rejection.reason.value, r.rejection.detail) for r in refused  # type: ignore[call-overload]
        )
        if len(self.writes) + len(self.refused) >= WRITE_EVERY:
            self.flush()

    def flush(self) -> None:
        writes, refused, self.writes, self.refused = self.writes, self.refused, [], []
        self.store.write_translations(writes, over=DRAFTABLE)
        self.rejections.clear_rejections([w.segment_id for w in writes], self.locale.tag)
        self.rejections.record_rejections(refused)
