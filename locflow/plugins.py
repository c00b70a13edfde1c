"""Plugin registries: filters, MT providers and QA checks, all through entry points.

Built-ins register in ``pyproject.toml`` under the same groups a third-party
package would use (``locflow.filters``, ``locflow.mt``, ``locflow.checks``), so
nothing here special-cases them. An unknown name is a configuration error that
lists the known ones.
"""

from __future__ import annotations

import logging
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from locflow.errors import UnknownPluginError

__all__ = ["FILTERS", "MT_PROVIDERS", "CHECKS", "available", "load"]

log = logging.getLogger(__name__)

FILTERS = "locflow.filters"
MT_PROVIDERS = "locflow.mt"
CHECKS = "locflow.checks"


@cache
def _entry_points(group: str) -> dict[str, EntryPoint]:
    return {ep.name: ep for ep in entry_points(group=group)}


def _is_missing_module(exc: ModuleNotFoundError, ep: EntryPoint) -> bool:
    return exc.name is not None and ep.module.startswith(exc.name)


@cache
def _load(group: str, name: str) -> Any:
    return _entry_points(group)[name].load()


def available(group: str) -> dict[str, Any]:
    """Every loadable plugin of ``group``, by name (a declared module that is absent is skipped)."""
    found: dict[str, Any] = {}
    for name, ep in sorted(_entry_points(group).items()):
        try:
            found[name] = _load(group, name)
        except ModuleNotFoundError as exc:
            if not _is_missing_module(exc, ep):
                raise
            log.debug("plugin %s:%s not installed (%s)", group, name, exc)
    return found


def load(group: str, name: str) -> Any:
    """The plugin ``name`` of ``group``; :class:`UnknownPluginError` lists the known names."""
    plugins = available(group)
    if name not in plugins:
        kind = {FILTERS: "format", MT_PROVIDERS: "MT provider", CHECKS: "check set", "locflow.pii": "personal-data detector"}.get(group, group)
        raise UnknownPluginError(f"unknown {kind} {name!r}; known: {', '.join(sorted(plugins)) or 'none'}")
    return plugins[name]
