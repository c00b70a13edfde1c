"""Localized page names for wikilinks: ``[[Functions]]`` becomes ``[[Funktionen]]`` in a German vault.

A wikilink's target is a code (translators never edit it), so a vault whose
pages are renamed per language needs the targets rewritten when building:
the option ``wikilink_pages`` maps, per locale, a page name to its localized
name. Only the page name changes; ``#Heading``, ``^block`` and ``|label`` stay.
Targets are rewritten everywhere in the built file, in translated segments
(through the codes) and in untranslated text and the skeleton (through the
offsets the extraction recorded, see :mod:`content.markdown.rewrite`), so a
half-translated page links right too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from content.markdown.rewrite import Replacement
from locflow.model import Code, Locale
from locflow.model.errors import ConfigError

__all__ = ["PageNames", "LocalPages"]

_PAGE = re.compile(r"[^#^|\]]+")
_CODE_TARGET = re.compile(r"(!?\[\[)([^#^|\]]+)")


class PageNames:
    """The ``wikilink_pages`` option: ``{locale: {page: localized page}}``."""

    def __init__(self, option: Any) -> None:
        if not isinstance(option, Mapping) or not all(
            isinstance(pages, Mapping) and all(isinstance(k, str) and isinstance(v, str) for k, v in pages.items())
            for pages in option.values()
        ):
            raise ConfigError("markdown option wikilink_pages: expected a table of page names per locale")
        self.by_locale = {str(tag).lower(): dict(pages) for tag, pages in option.items()}

    def for_locale(self, locale: Locale) -> LocalPages:
        """The page names of one locale's vault (none when the option names no such locale)."""
        return LocalPages(self.by_locale.get(locale.tag.lower()) or self.by_locale.get(locale.language.lower()) or {})


class LocalPages:
    """One locale's page names: wikilink targets in the source text and in codes, localized."""

    def __init__(self, pages: Mapping[str, str]) -> None:
        self.pages = pages

    def replacements(self, targets: Sequence[tuple[int, int]]) -> list[Replacement]:
        """A replacement for each wikilink target the extraction recorded (offsets in the source)."""
        return [Replacement(start, end, self.localize) for start, end in targets] if self.pages else []

    def code(self, code: Code) -> str:
        """A code's markup, a wikilink's page name localized."""
        if not self.pages or code.type != "wikilink":
            return code.data
        return _CODE_TARGET.sub(lambda m: m[1] + self.localize(m[2]), code.data, count=1)

    def localize(self, target: str) -> str:
        """The target with its page name localized (the part before ``#``, ``^`` or ``|``)."""
        page = _PAGE.match(target)
        if page is None or page[0] not in self.pages:
            return target
        return self.pages[page[0]] + target[page.end() :]
