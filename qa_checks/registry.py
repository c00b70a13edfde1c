"""Which checks exist: the built-ins plus any registered under the ``locflow.checks`` entry points.

Each entry point names a sequence of check classes (or a single class).
``qa_checks`` must not import the rest of locflow, so this reads the entry
points itself rather than going through :mod:`locflow.plugins`.
"""

from __future__ import annotations

import logging
from functools import cache
from importlib.metadata import entry_points

from locflow.model.errors import ConfigError
from qa_checks.base import iter_checks

__all__ = ["known_checks", "GROUP"]

GROUP = "locflow.checks"
log = logging.getLogger(__name__)


@cache
def known_checks() -> dict[str, type]:
    """Every available check class by id, built-ins first, in report order."""
    from qa_checks.builtin import CHECKS

    found: dict[str, type] = {}
    sources: list[tuple[str, object]] = [("builtin", CHECKS)]
    for ep in entry_points(group=GROUP):
        if ep.name == "builtin":
            continue
        try:
            sources.append((ep.name, ep.load()))
        except ImportError as exc:
            log.warning("check plugin %s could not be loaded: %s", ep.name, exc)
    for origin, checks in sources:
        for check in iter_checks([checks]):
            if check.id in found and found[check.id] is not check:
                raise ConfigError(f"check id {check.id!r} of plugin {origin!r} is already registered")
            found[check.id] = check
    return found
