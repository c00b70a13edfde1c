"""The machine-translation interface: what an engine is, and what it may say about itself.

An engine (a *provider*) translates *masked* strings: codes and personal
data are tags or tokens it cannot see through (:mod:`locflow.mt.masking`,
:mod:`locflow.privacy`). Engines are registered under the ``locflow.mt``
entry-point group and built from ``[mt.engines.NAME]`` (or the one-engine
``[mt] provider`` form) of ``locflow.toml``; credentials come from the
environment only.

Beyond the :class:`MTProvider` protocol an engine may declare, as class or
instance attributes, what the driver (:mod:`locflow.mt.driver`) uses:

* ``markup``: how codes reach it, a :class:`Markup` (XML tags by default);
* ``max_items`` / ``max_chars``: its documented limits per request;
* ``cacheable``: ``False`` for offline engines, whose answers are not kept;
* ``profile()``: what besides the text changes its answer (a model,
  formality), so the cache never mixes answers of different settings;
* ``translate_items(items, source, target)``: a structured request, one
  :class:`MTItem` per text with its own glossary and content kind (LLMs);
* ``configured()``: whether it can run (credentials set), and why not.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Protocol, runtime_checkable

from locflow.errors import ConfigError
from locflow.model import Locale

__all__ = [
    "MTProvider",
    "NoProvider",
    "Glossary",
    "Markup",
    "MTItem",
    "markup_of",
    "limits_of",
    "profile_of",
    "cacheable",
    "configured",
    "take_batch_limits",
    "reject_unknown",
]

log = logging.getLogger(__name__)

#: source term -> target term, offered to engines that support glossaries.
Glossary = Mapping[str, str]


class Markup(StrEnum):
    """How an engine sees codes and masked personal data."""

    XML = "xml"  # <g id="1">…</g>, <x id="2"/>: engines with tag handling
    TOKENS = "tokens"  # {1}…{/1}, {2/}: engines that translate plain text
    STRUCTURED = "structured"  # a JSON request, tags inside, answered as JSON (LLMs)


@dataclass(frozen=True, slots=True)
class MTItem:
    """One text of a structured request: masked text and what the engine should know about it."""

    text: str
    glossary: Glossary = field(default_factory=dict)
    kind: str = ""
    placeholders: Mapping[str, str] = field(default_factory=dict)  # tag id -> what it stands for


@runtime_checkable
class MTProvider(Protocol):
    name: ClassVar[str]

    def supports(self, source: Locale, target: Locale) -> bool: ...

    def translate(
        self, texts: Sequence[str], source: Locale, target: Locale, *, glossary: Glossary | None = None
    ) -> list[str]: ...


class NoProvider:
    """``provider = "none"``: machine translation switched off."""

    name: ClassVar[str] = "none"

    def __init__(self, **options: Any) -> None:
        if options:
            raise ConfigError(f"[mt] provider 'none' takes no options, got {', '.join(sorted(options))}")

    def supports(self, source: Locale, target: Locale) -> bool:
        return False

    def translate(self, texts: Sequence[str], source: Locale, target: Locale, *, glossary: Glossary | None = None) -> list[str]:
        return list(texts)


def markup_of(provider: Any) -> Markup:
    return Markup(getattr(provider, "markup", Markup.XML))


def limits_of(provider: Any) -> tuple[int, int]:
    """(texts, characters) one request may carry."""
    return int(getattr(provider, "max_items", 50)), int(getattr(provider, "max_chars", 10_000))


def cacheable(provider: Any) -> bool:
    """Whether answers are worth keeping (offline engines cost nothing to ask again)."""
    return bool(getattr(provider, "cacheable", True))


def profile_of(provider: Any) -> str:
    profile = getattr(provider, "profile", None)
    return str(profile()) if callable(profile) else ""


def configured(provider: Any) -> tuple[bool, str]:
    """Whether ``provider`` can run, and a reason when it cannot (never a secret)."""
    check = getattr(provider, "configured", None)
    return check() if callable(check) else (True, "")


def take_batch_limits(options: dict[str, Any], engine: str, items: int, chars: int) -> tuple[int, int]:
    """``batch_size`` and ``batch_chars`` from the options, kept within the engine's documented limits."""
    size = options.pop("batch_size", items)
    length = options.pop("batch_chars", chars)
    for key, value, limit in (("batch_size", size, items), ("batch_chars", length, chars)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= limit:
            raise ConfigError(f"engine {engine!r}: {key} must be an integer between 1 and {limit}, not {value!r}")
    return size, length


def reject_unknown(options: Mapping[str, Any], engine: str) -> None:
    if options:
        raise ConfigError(f"engine {engine!r}: unknown option(s) {', '.join(sorted(options))}")
