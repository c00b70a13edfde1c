"""The configured engines of a project, built on first use, and which ones serve a locale."""

from __future__ import annotations

import logging
from typing import Any

from locflow import plugins
from locflow.model import Locale
from locflow.mt.settings import MTSettings

__all__ = ["EngineSet", "build_engine"]

log = logging.getLogger(__name__)


def build_engine(engine: str, options: dict[str, Any]) -> Any:
    """An engine from its ``locflow.mt`` entry point; unknown names and options are ConfigErrors."""
    return plugins.load(plugins.MT_PROVIDERS, engine)(**options)


class EngineSet:
    """Engines by configured name; ``chain(locale)`` gives them in the order to try."""

    def __init__(self, settings: MTSettings, *, built: dict[str, Any] | None = None) -> None:
        self.settings = settings
        self._built: dict[str, Any] = dict(built or {})

    @classmethod
    def single(cls, provider: Any, name: str | None = None) -> EngineSet:
        """One ready-made engine (tests, ``locflow mt translate --engine``)."""
        from locflow.mt.settings import EngineSpec

        name = name or provider.name
        settings = MTSettings(engines={name: EngineSpec(name, provider.name)}, use=(name,))
        return cls(settings, built={name: provider})

    @property
    def names(self) -> list[str]:
        return list(self.settings.engines) or list(self._built)

    def engine(self, name: str) -> Any:
        if name not in self._built:
            spec = self.settings.engines[name]
            self._built[name] = build_engine(spec.engine, dict(spec.options))
        return self._built[name]

    def engine_type(self, name: str) -> str:
        spec = self.settings.engines.get(name)
        return spec.engine if spec is not None else self.engine(name).name

    def chain(self, locale: Locale) -> list[tuple[str, Any]]:
        return [(name, self.engine(name)) for name in self.settings.chain(locale)]

    def close(self) -> None:
        for engine in self._built.values():
            close = getattr(engine, "close", None)
            if callable(close):
                close()
