"""Localized page names for wikilinks: ``[[Functions]]`` becomes ``[[Funktionen]]`` in a German vault.

A wikilink's target is a code (translators never edit it), so a vault whose
pages are renamed per language needs the targets rewritten when building:
the option ``wikilink_pages`` maps, per locale, a page name to its localized
name. Only the page name changes; ``#Heading``, ``^block`` and ``|label`` stay.
Targets are rewritten everywhere in the built file, in translated segments
(through the codes) and in untranslated text and the skeleton (through the
offsets the extraction recorded), so a half-translated page links right too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from locflow.model import Code, Locale
from locflow.model.errors import ConfigError

__all__ = ["PageNames", "PageRewriter"]

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

    def rewriter(self, locale: Locale, targets: Sequence[tuple[int, int]]) -> PageRewriter:
        """A rewriter for one merge into ``locale``; ``targets`` are the offsets the extraction recorded."""
        pages = self.by_locale.get(locale.tag.lower()) or self.by_locale.get(locale.language.lower()) or {}
        return PageRewriter(pages, targets if pages else ())


class PageRewriter:
    """Rewrites page names while a file is written piece by piece, in the original order.

    ``original`` writes text taken from the source (it knows where it is in
    the source by the length of what went before), ``skip`` passes over source
    text that is replaced by a translation, ``code`` writes a code's markup.
    """

    def __init__(self, pages: Mapping[str, str], targets: Sequence[tuple[int, int]]) -> None:
        self.pages = pages
        self.targets = sorted(targets)
        self.position = 0

    def original(self, text: str) -> str:
        start, self.position = self.position, self.position + len(text)
        inside = [(a - start, b - start) for a, b in self.targets if start <= a and b <= self.position]
        for a, b in reversed(inside):
            text = text[:a] + self._page(text[a:b]) + text[b:]
        return text

    def skip(self, text: str) -> None:
        self.position += len(text)

    def code(self, code: Code) -> str:
        if not self.pages or code.type != "wikilink":
            return code.data
        return _CODE_TARGET.sub(lambda m: m[1] + self._page(m[2]), code.data, count=1)

    def _page(self, target: str) -> str:
        """The target with its page name localized (the part before ``#``, ``^`` or ``|``)."""
        page = _PAGE.match(target)
        if page is None or page[0] not in self.pages:
            return target
        return self.pages[page[0]] + target[page.end() :]
