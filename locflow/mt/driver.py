"""The MT driver: segments in, verified translations out, each paid for once.

For one target locale, :meth:`MTSession.translate`

1. masks personal data in every segment (:mod:`locflow.privacy`), counting
   what it masked per kind;
2. asks the locale's engines in order (its ``[mt.routes]`` entry, else
   ``[mt] use``); an engine that does not support the pair, or fails for
   good, hands what is left to the next one;
3. renders each segment the way the engine reads codes (XML tags, tokens,
   or structured items) and sends identical texts once (same text, glossary
   and, for structured engines, content kind);
4. takes answers from the cache first (keyed by the *masked* text, so no
   personal data is stored and the same masked sentence is never paid for
   twice), keeps to the per-run character budget (``[mt] max_chars``), and
   sends the rest in batches within the engine's limits, several at a time
   (``[mt] concurrency``); retries and backoff live in :mod:`locflow.mt.http`;
5. verifies every answer (:mod:`locflow.mt.verify`) before it becomes a
   translation; a refused answer leaves its segment untranslated with the
   reason.

Results reach the caller batch by batch (``on_batch``, in the calling
thread), so what was translated is written even if an engine fails later.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from locflow.errors import ProviderError
from locflow.model import Locale, Segment
from locflow.mt.base import Glossary, Markup, cacheable, limits_of, markup_of, profile_of
from locflow.mt.engines import EngineSet
from locflow.mt.jobs import Job, send, split_into_requests, tag_descriptions
from locflow.mt.masking import parse, render
from locflow.mt.verify import Rejection, verify_answer
from locflow.privacy import MaskedSegment, PIIFinder, mask_personal_data, restore_personal_data

__all__ = [
    "MTRequest",
    "MTResult",
    "MTRejected",
    "MTOutcome",
    "EngineUsage",
    "LeftReason",
    "AnswerCache",
    "MTSession",
    "translate_segments",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MTRequest:
    """A segment to translate; ``key`` is the caller's (a segment id); glossary and kind are optional."""

    key: Hashable
    source: Segment
    glossary: Glossary | None = None
    kind: str = ""


@dataclass(frozen=True, slots=True)
class MTResult:
    key: Hashable
    target: Segment
    engine: str
    cached: bool = False


@dataclass(frozen=True, slots=True)
class MTRejected:
    key: Hashable
    engine: str
    rejection: Rejection


class LeftReason(StrEnum):
    BUDGET = "budget"  # [mt] max_chars reached
    FAILED = "engine-failed"  # every engine that could take it failed
    UNSUPPORTED = "no-engine"  # no configured engine supports the pair


@dataclass(slots=True)
class EngineUsage:
    requests: int = 0
    characters: int = 0  # characters of the texts in answered requests
    translated: int = 0  # segments accepted from this engine
    cached: int = 0  # ... of which answered from the cache

    def to_json(self) -> dict[str, int]:
        return {"requests": self.requests, "characters": self.characters, "translated": self.translated, "cached": self.cached}

    def add(self, other: EngineUsage) -> None:
        self.requests += other.requests
        self.characters += other.characters
        self.translated += other.translated
        self.cached += other.cached


@dataclass(slots=True)
class MTOutcome:
    """What happened to one locale's requests."""

    translated: int = 0
    rejected: list[MTRejected] = field(default_factory=list)
    left: dict[Hashable, LeftReason] = field(default_factory=dict)
    usage: dict[str, EngineUsage] = field(default_factory=dict)
    masked: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)  # why engines failed for good

    def to_json(self) -> dict[str, Any]:
        return {
            "translated": self.translated,
            "rejected": dict(Counter(r.rejection.reason.value for r in self.rejected)),
            "left": dict(Counter(reason.value for reason in self.left.values())),
            "engines": {name: usage.to_json() for name, usage in self.usage.items()},
            "masked": dict(sorted(self.masked.items())),
            "failures": list(self.failures),
        }

    def add(self, other: MTOutcome) -> None:
        """Count ``other`` in too: a run in batches reports one outcome per locale."""
        self.translated += other.translated
        self.rejected.extend(other.rejected)
        self.left.update(other.left)
        for name, usage in other.usage.items():
            self.usage.setdefault(name, EngineUsage()).add(usage)
        self.masked.update(other.masked)
        self.failures.extend(other.failures)


class AnswerCache(Protocol):
    """Where verified answers are kept (the project store's ``mt_cache`` table)."""

    def get(self, engine: str, profile: str, source: Locale, target: Locale, keys: Sequence[str]) -> dict[str, str]: ...

    def put(self, engine: str, profile: str, source: Locale, target: Locale, entries: Sequence[tuple[str, str, str]]) -> None: ...


OnBatch = Callable[[list[MTResult], list[MTRejected]], None]
Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class _Locale:
    """The state of one :meth:`MTSession.translate` call."""

    requests: Sequence[MTRequest]
    masked: list[Segment]
    source: Locale
    target: Locale
    outcome: MTOutcome
    on_batch: OnBatch
    progress: Progress
    pending: set[int] = field(default_factory=set)
    done: int = 0


class MTSession:
    """One run's MT: the engines, the cache, the character budget and which engines failed."""

    def __init__(
        self,
        engines: EngineSet,
        *,
        finder: PIIFinder | None = None,
        cache: AnswerCache | None = None,
        max_chars: int | None = None,
        concurrency: int = 4,
    ) -> None:
        self.engines = engines
        self.finder = finder
        self.cache = cache
        self.max_chars = max_chars
        self.concurrency = max(1, concurrency)
        self.sent_chars = 0
        self._failed: set[tuple[str, str]] = set()
        self._masked: dict[tuple[Segment, str], MaskedSegment] = {}  # the same source for every target locale

    def translate(
        self,
        requests: Sequence[MTRequest],
        source: Locale,
        target: Locale,
        *,
        on_batch: OnBatch | None = None,
        progress: Progress | None = None,
    ) -> MTOutcome:
        outcome = MTOutcome()
        state = _Locale(
            requests, [], source, target, outcome, on_batch or (lambda *_: None), progress or (lambda *_: None),
            pending=set(range(len(requests))),
        )
        for request in requests:
            state.masked.append(self._mask(request.source, source, outcome))
        failed_before = False  # an engine for this locale failed in an earlier call of this run
        for name, engine in self.engines.chain(target):
            if not state.pending:
                break
            if (name, target.tag) in self._failed:
                failed_before = True
            elif self._supports(name, engine, state):
                self._run_engine(name, engine, state)
        reason = LeftReason.FAILED if outcome.failures or failed_before else LeftReason.UNSUPPORTED
        for index in sorted(state.pending):
            outcome.left[requests[index].key] = reason
        return outcome

    def forget_masked(self) -> None:
        """Drop the masked sources kept for the next target locales.

        A run in batches calls this once every locale of a batch is done, so
        the session keeps one batch's sources, never the whole project's.
        """
        self._masked.clear()

    def _mask(self, segment: Segment, locale: Locale, outcome: MTOutcome) -> Segment:
        if self.finder is None:
            return segment
        key = (segment, locale.tag)
        masked = self._masked.get(key)
        if masked is None:
            masked = self._masked[key] = mask_personal_data(segment, self.finder, locale)
        outcome.masked.update(masked.kinds)
        return masked.segment

    def _supports(self, name: str, engine: Any, state: _Locale) -> bool:
        try:
            return bool(engine.supports(state.source, state.target))
        except ProviderError as exc:
            self._fail(name, state, exc)
            return False

    def _fail(self, name: str, state: _Locale, exc: ProviderError) -> None:
        self._failed.add((name, state.target.tag))
        state.outcome.failures.append(f"{name} ({state.target}): {exc}")
        log.warning("MT engine %s failed for %s: %s", name, state.target, exc)

    # -- one engine ------------------------------------------------------------------
    def _run_engine(self, name: str, engine: Any, state: _Locale) -> None:
        markup = markup_of(engine)
        jobs = self._jobs(state, markup)
        usage = state.outcome.usage.setdefault(name, EngineUsage())
        keep = cacheable(engine) and self.cache is not None
        profile = f"{engine.name}:{profile_of(engine)}"
        if keep:
            jobs = self._from_cache(name, profile, jobs, state, markup, usage)
        sendable = self._within_budget(jobs, state)
        requests = list(split_into_requests(sendable, *limits_of(engine), by_glossary=markup != Markup.STRUCTURED))
        self._send_all(name, engine, requests, state, usage, profile if keep else None)

    def _send_all(self, name: str, engine: Any, batches: list[list[Job]], state: _Locale, usage: EngineUsage, profile: str | None) -> None:
        """Send the batches ``concurrency`` at a time; answers are cached under ``profile`` (when given)."""
        markup = markup_of(engine)
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            # All batches are queued at once: the workers keep `concurrency` requests in flight while
            # this thread verifies and hands over answers; a failure cancels what has not started.
            running = {pool.submit(send, engine, batch, state.source, state.target, markup): batch for batch in batches}
            for future in as_completed(running):
                if future.cancelled():
                    continue
                batch = running[future]
                try:
                    answers = future.result()
                except ProviderError as exc:
                    if (name, state.target.tag) not in self._failed:
                        self._fail(name, state, exc)
                    for other in running:
                        other.cancel()  # what is left goes to the next engine
                    continue
                usage.requests += 1
                usage.characters += sum(len(job.text) for job in batch)
                entries = self._settle_batch(name, batch, answers, state, markup, usage, cached=False)
                if profile is not None and entries:
                    self.cache.put(name, profile, state.source, state.target, entries)  # type: ignore[union-attr]

    def _jobs(self, state: _Locale, markup: Markup) -> list[Job]:
        jobs: dict[tuple[str, str, str], Job] = {}
        for index in sorted(state.pending):
            request, masked = state.requests[index], state.masked[index]
            glossary = dict(request.glossary or {})
            kind = request.kind if markup == Markup.STRUCTURED else ""
            text = render(masked, markup)
            key = (text, json.dumps(sorted(glossary.items())) if glossary else "", kind)
            if key not in jobs:
                placeholders = tag_descriptions(masked) if markup == Markup.STRUCTURED else {}
                jobs[key] = Job(text, glossary, kind, placeholders)
            jobs[key].indexes.append(index)
        return list(jobs.values())

    def _from_cache(self, name: str, profile: str, jobs: list[Job], state: _Locale, markup: Markup, usage: EngineUsage) -> list[Job]:
        assert self.cache is not None
        found = self.cache.get(name, profile, state.source, state.target, [job.cache_key for job in jobs])
        hits = [job for job in jobs if job.cache_key in found]
        if hits:
            self._settle_batch(name, hits, [found[job.cache_key] for job in hits], state, markup, usage, cached=True)
        return [job for job in jobs if job.cache_key not in found]

    def _within_budget(self, jobs: list[Job], state: _Locale) -> list[Job]:
        if self.max_chars is None:
            return jobs
        sendable = []
        for job in jobs:
            if self.sent_chars + len(job.text) > self.max_chars:
                for index in job.indexes:
                    state.outcome.left[state.requests[index].key] = LeftReason.BUDGET
                    state.pending.discard(index)
                continue
            self.sent_chars += len(job.text)
            sendable.append(job)
        return sendable

    def _settle_batch(
        self, name: str, batch: list[Job], answers: list[str], state: _Locale, markup: Markup, usage: EngineUsage, *, cached: bool
    ) -> list[tuple[str, str, str]]:
        """Verify a batch's answers, hand results to the caller; return what is worth caching."""
        results: list[MTResult] = []
        rejected: list[MTRejected] = []
        keep: list[tuple[str, str, str]] = []
        for job, answer in zip(batch, answers):
            first = state.masked[job.indexes[0]]
            # a cached answer was verified against this very text when it was stored
            verdict = parse(answer, first.codes, markup) if cached else verify_answer(first, answer, markup)
            for index in job.indexes:
                key = state.requests[index].key
                state.pending.discard(index)
                if isinstance(verdict, Rejection):
                    rejected.append(MTRejected(key, name, verdict))
                    continue
                target = verdict if index == job.indexes[0] else parse(answer, state.masked[index].codes, markup)
                results.append(MTResult(key, restore_personal_data(target), name, cached))
            if not isinstance(verdict, Rejection):
                keep.append((job.cache_key, job.text, answer))
        usage.translated += len(results)
        usage.cached += len(results) if cached else 0
        state.outcome.translated += len(results)
        state.outcome.rejected.extend(rejected)
        state.done += len(results) + len(rejected)
        state.on_batch(results, rejected)
        state.progress(f"MT {state.target}", state.done, len(state.requests))
        return keep


def translate_segments(
    provider: Any,
    segments: Sequence[Segment],
    source: Locale,
    target: Locale,
    *,
    glossary: Glossary | None = None,
    finder: PIIFinder | None = None,
) -> list[Segment | None]:
    """Translate segments through one engine, no cache: one result per input, ``None`` where refused.

    Raises :class:`ProviderError` when the engine fails.
    """
    session = MTSession(EngineSet.single(provider), finder=finder)
    results: dict[Hashable, Segment] = {}

    def collect(batch: list[MTResult], _rejected: list[MTRejected]) -> None:
        results.update((result.key, result.target) for result in batch)

    requests = [MTRequest(index, segment, glossary) for index, segment in enumerate(segments)]
    outcome = session.translate(requests, source, target, on_batch=collect)
    if outcome.failures:
        raise ProviderError(outcome.failures[0])
    return [results.get(index) for index in range(len(segments))]
