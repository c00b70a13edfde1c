"""What ``locflow mt`` shows: the configured engines, a test translation, the cache, refused answers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from locflow.errors import UsageError
from locflow.model import CodeIds, Locale, Segment, protect
from locflow.mt.base import configured, markup_of
from locflow.mt.driver import MTRejected, MTRequest, MTResult, MTSession
from locflow.mt.engines import EngineSet
from locflow.mt.masking import render
from locflow.privacy import mask_personal_data
from locflow.store.mt import CacheStat, MTStore, StoredRejection

__all__ = ["EngineInfo", "Trial", "engine_overview", "try_translation", "cache_stats", "clear_cache", "rejected_answers"]


@dataclass(frozen=True, slots=True)
class EngineInfo:
    name: str
    engine: str
    locales: tuple[str, ...]  # target locales it serves, in the order of preference it has for them
    configured: bool
    reason: str  # why it is not configured (a missing variable, a missing package)
    url: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "engine": self.engine, "locales": list(self.locales), "configured": self.configured,
            "reason": self.reason, "url": self.url,
        }


def engine_overview(project: Any) -> list[EngineInfo]:
    """Every configured engine: its type, the target locales it serves (first choice or fallback), and
    whether it can run (credentials present), without contacting it."""
    settings = project.config.mt
    infos = []
    for name in project.mt.names:
        engine = project.mt.engine(name)
        serves = tuple(
            f"{locale.tag}" + ("" if chain[0] == name else f" (fallback {chain.index(name) + 1})")
            for locale in project.config.target_locales
            if name in (chain := settings.chain(locale))
        )
        ok, reason = configured(engine)
        options = getattr(engine, "http_options", None)
        infos.append(EngineInfo(name, project.mt.engine_type(name), serves, ok, reason, getattr(options, "url", None)))
    return infos


@dataclass(slots=True)
class Trial:
    locale: str
    source: str
    target: str | None = None
    engine: str | None = None
    cached: bool = False
    sent: str = ""  # what left the machine (masked), for the engine that answered or was tried first
    masked: Counter[str] = field(default_factory=Counter)
    problem: str | None = None  # why there is no translation

    def to_json(self) -> dict[str, Any]:
        return {
            "locale": self.locale, "source": self.source, "target": self.target, "engine": self.engine,
            "cached": self.cached, "sent": self.sent, "masked": dict(self.masked), "problem": self.problem,
        }


def try_translation(project: Any, text: str, locale: Locale, *, engine: str | None = None, use_cache: bool = True) -> Trial:
    """Translate one text as pretranslate would (masking, cache, verification), with one engine or the
    locale's chain; nothing is written but the cache."""
    segment = Segment(tuple(protect(text, CodeIds())))
    session: MTSession = project.mt_session(cache=use_cache)
    if engine is not None:
        if engine not in project.mt.names:
            raise UsageError(f"no engine {engine!r} configured (configured: {', '.join(project.mt.names)})")
        session.engines = EngineSet.single(project.mt.engine(engine), name=engine)
    trial = Trial(locale.tag, text)
    answers: list[MTResult] = []
    refused: list[MTRejected] = []
    outcome = session.translate(
        [MTRequest(0, segment)], project.config.source_locale, locale, on_batch=lambda r, j: (answers.extend(r), refused.extend(j))
    )
    trial.masked = outcome.masked
    chain = session.engines.chain(locale)
    used = answers[0].engine if answers else refused[0].engine if refused else (chain[0][0] if chain else None)
    if used is not None:
        masked = mask_personal_data(segment, session.finder, project.config.source_locale) if session.finder else None
        trial.sent = render(masked.segment if masked else segment, markup_of(session.engines.engine(used)))
    if answers:
        trial.target, trial.engine, trial.cached = answers[0].target.render(), answers[0].engine, answers[0].cached
    elif refused:
        trial.engine, trial.problem = refused[0].engine, f"answer refused: {refused[0].rejection}"
    else:
        why = "; ".join(outcome.failures) or f"no configured engine supports {project.config.source_locale} -> {locale}"
        trial.problem = why
    return trial


def cache_stats(project: Any) -> list[CacheStat]:
    return MTStore(project.store.engine).stats()


def clear_cache(project: Any, *, engine: str | None = None, locale: Locale | None = None) -> int:
    return MTStore(project.store.engine).clear(engine=engine, target=locale.tag if locale else None)


def rejected_answers(project: Any, locale: Locale | None = None) -> list[StoredRejection]:
    return MTStore(project.store.engine).rejections(locale.tag if locale else None)
