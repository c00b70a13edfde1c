"""What the MT driver sends: one job per distinct text, cut into requests within an engine's limits.

The driver makes one :class:`Job` of the requests that render to the same
text (with the same glossary and, for structured engines, content kind);
:func:`split_into_requests` cuts jobs into requests of at most ``max_items`` texts and
``max_chars`` characters (a text longer than that goes alone), keeping one
glossary per request for engines that take one per call; :func:`send` makes
one request in a worker thread.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from locflow.errors import ProviderError
from locflow.model import CodeKind, Locale, Segment
from locflow.mt.base import Markup, MTItem
from locflow.privacy.masker import PII_PREFIX

__all__ = ["Job", "split_into_requests", "send", "tag_descriptions"]


@dataclass(slots=True)
class Job:
    """One text to send: identical requests share it."""

    text: str
    glossary: dict[str, str]
    kind: str
    placeholders: dict[str, str]
    indexes: list[int] = field(default_factory=list)
    cache_key: str = ""

    def __post_init__(self) -> None:
        identity = json.dumps([self.text, sorted(self.glossary.items()), self.kind], ensure_ascii=False)
        self.cache_key = hashlib.sha256(identity.encode("utf-8")).hexdigest()


def send(engine: Any, batch: list[Job], source: Locale, target: Locale, markup: Markup) -> list[str]:
    """One request (in a worker thread); the answer count is checked here."""
    if markup == Markup.STRUCTURED and hasattr(engine, "translate_items"):
        items = [MTItem(job.text, job.glossary, job.kind, job.placeholders) for job in batch]
        answers = engine.translate_items(items, source, target)
    else:
        glossary = batch[0].glossary or None
        answers = engine.translate([job.text for job in batch], source, target, glossary=glossary)
    if len(answers) != len(batch):
        raise ProviderError(f"MT engine {engine.name!r} returned {len(answers)} texts for {len(batch)}")
    return [answer if isinstance(answer, str) else "" for answer in answers]


def split_into_requests(jobs: list[Job], max_items: int, max_chars: int, *, by_glossary: bool) -> Iterator[list[Job]]:
    """Cut jobs into requests within the engine's limits; a glossary applies to a whole request."""
    groups: dict[str, list[Job]] = {}
    for job in jobs:
        groups.setdefault(json.dumps(sorted(job.glossary.items())) if by_glossary else "", []).append(job)
    for group in groups.values():
        batch: list[Job] = []
        size = 0
        for job in group:
            if batch and (len(batch) >= max_items or size + len(job.text) > max_chars):
                yield batch
                batch, size = [], 0
            batch.append(job)
            size += len(job.text)
        if batch:
            yield batch


_TYPE_NAMES = {"url": "link", "email": "e-mail address", "placeholder": "placeholder", "template": "template code"}


def tag_descriptions(segment: Segment) -> dict[str, str]:
    """What each standalone tag stands for, in words (never the data itself)."""
    out: dict[str, str] = {}
    for code in segment.codes:
        if code.kind != CodeKind.STANDALONE:
            continue
        if code.type.startswith(PII_PREFIX):
            out[code.id] = f"masked {code.type[len(PII_PREFIX):]} (personal data)"
        else:
            out[code.id] = _TYPE_NAMES.get(code.type, code.type or "inline code")
    return out
