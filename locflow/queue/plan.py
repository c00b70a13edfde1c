"""How a queued run is cut into tasks, and which task follows which (pure: no database).

A run is four stages. Extract and pretranslate, QA's input, and build work on
document batches; QA works on a whole locale because the gate is decided per
locale (``[build] on_qa_error = "hold"`` publishes nothing of a failing locale):

    extract(batch) -> pretranslate(batch, locale)   for every locale
    pretranslate(batch, locale) -> qa(locale)       once every batch of the locale is pretranslated
    qa(locale) -> build(batch, locale)              for every batch

Each task queues what follows it when it finishes, so a run queued with
``--no-wait`` goes on without the process that queued it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from locflow.store.queued import TaskKey

__all__ = ["RunPlan", "STAGES", "EXTRACT", "PRETRANSLATE", "QA", "BUILD", "WHOLE_LOCALE", "NO_LOCALE"]

EXTRACT, PRETRANSLATE, QA, BUILD = "extract", "pretranslate", "qa", "build"
STAGES = (EXTRACT, PRETRANSLATE, QA, BUILD)
#: The batch of a task that covers a whole locale (QA).
WHOLE_LOCALE = -1
#: The locale of a task that is the same for every locale (extract).
NO_LOCALE = ""


@dataclass(frozen=True, slots=True)
class RunPlan:
    run_id: str
    batches: tuple[tuple[str, ...], ...]  # document paths per batch
    locales: tuple[str, ...]
    fail_on: str | None = None

    @classmethod
    def cut(cls, run_id: str, documents: Sequence[str], locales: Sequence[str], batch_size: int, fail_on: str | None = None) -> RunPlan:
        """Documents in batches of ``batch_size``, in path order."""
        paths = sorted(documents)
        batches = tuple(tuple(paths[start : start + batch_size]) for start in range(0, len(paths), batch_size))
        return cls(run_id, batches, tuple(locales), fail_on)

    def to_json(self) -> dict[str, Any]:
        return {"batches": [list(batch) for batch in self.batches], "locales": list(self.locales), "fail_on": self.fail_on}

    @classmethod
    def from_json(cls, run_id: str, data: dict[str, Any]) -> RunPlan:
        return cls(run_id, tuple(tuple(batch) for batch in data["batches"]), tuple(data["locales"]), data.get("fail_on"))

    def key(self, stage: str, locale: str = NO_LOCALE, batch: int = WHOLE_LOCALE) -> TaskKey:
        return TaskKey(self.run_id, stage, locale, batch)

    def tasks(self) -> list[TaskKey]:
        """Every task of the run, stage by stage."""
        numbers = range(len(self.batches))
        keys = [self.key(EXTRACT, NO_LOCALE, b) for b in numbers]
        keys += [self.key(PRETRANSLATE, locale, b) for b in numbers for locale in self.locales]
        keys += [self.key(QA, locale) for locale in self.locales]
        keys += [self.key(BUILD, locale, b) for locale in self.locales for b in numbers]
        return keys

    def first(self) -> list[TaskKey]:
        """The tasks queued at the start: every batch's extract."""
        return [self.key(EXTRACT, NO_LOCALE, b) for b in range(len(self.batches))]

    def after(self, done: TaskKey) -> list[TaskKey]:
        """What becomes ready when ``done`` finishes (QA: only once the whole locale is
        pretranslated, which the caller checks, see :meth:`waits_for_locale`)."""
        if done.stage == EXTRACT:
            return [self.key(PRETRANSLATE, locale, done.batch) for locale in self.locales]
        if done.stage == PRETRANSLATE:
            return [self.key(QA, done.locale)]
        if done.stage == QA:
            return [self.key(BUILD, done.locale, b) for b in range(len(self.batches))]
        return []

    @staticmethod
    def waits_for_locale(key: TaskKey) -> bool:
        """QA starts only when every batch of its locale is pretranslated."""
        return key.stage == QA
