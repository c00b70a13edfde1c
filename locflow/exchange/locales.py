"""Locale tags as exchange files write them (``de-DE``, ``de_DE``, ``EN-US``...)."""

from __future__ import annotations

from collections.abc import Iterable

from locflow.model import Locale, LocaleError

__all__ = ["parse_locale", "common_locale", "same_locale_family"]


def parse_locale(tag: str | None) -> Locale | None:
    """The locale a tag names, or ``None`` for an empty or unknown tag."""
    if not tag or not tag.strip():
        return None
    try:
        return Locale(tag)
    except LocaleError:
        return None


def common_locale(tags: Iterable[str | None]) -> Locale | None:
    """The one locale all non-empty ``tags`` name, or ``None`` when they disagree or none parses."""
    found = {parse_locale(tag) for tag in tags if tag and tag.strip()}
    if len(found) == 1:
        return found.pop()
    return None


def same_locale_family(expected: Locale, found: Locale) -> bool:
    """True when ``found`` is ``expected`` or one is the other's fallback (``de`` and ``de-DE``)."""
    return found == expected or expected in found.fallbacks() or found in expected.fallbacks()
