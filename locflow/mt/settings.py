"""The ``[mt]`` configuration as values: engines, fallback order, routes, budget, privacy.

Read and checked by :mod:`locflow.config` (every mistake names file, line
and key); used by :class:`locflow.mt.engines.EngineSet` and the driver.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from locflow.model import Locale
from locflow.privacy.detect import PrivacySettings

__all__ = ["EngineSpec", "MTSettings", "DEFAULT_CONCURRENCY"]

DEFAULT_CONCURRENCY = 4


@dataclass(frozen=True, slots=True)
class EngineSpec:
    """``[mt.engines.NAME]``: a configured engine (``engine`` is its ``locflow.mt`` entry point)."""

    name: str
    engine: str
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MTSettings:
    engines: Mapping[str, EngineSpec] = field(default_factory=dict)
    use: tuple[str, ...] = ()
    routes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    max_chars: int | None = None
    concurrency: int = DEFAULT_CONCURRENCY
    cache: bool = True
    privacy: PrivacySettings = field(default_factory=PrivacySettings)

    @classmethod
    def single(cls, provider: str, options: Mapping[str, Any] | None = None) -> MTSettings:
        """The one-engine form, ``[mt] provider = "..."``: the engine is named after its provider."""
        return cls(engines={provider: EngineSpec(provider, provider, dict(options or {}))}, use=(provider,))

    def chain(self, locale: Locale) -> tuple[str, ...]:
        """The engines to try for ``locale``, in order: its route (or its language's), else ``use``."""
        for candidate in locale.fallbacks():
            if candidate.tag in self.routes:
                return self.routes[candidate.tag]
        return self.use
