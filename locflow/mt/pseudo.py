"""Pseudo-translation: an offline "MT provider" that makes untranslated text obvious.

``Save the file`` becomes ``⟦Šàvé ţĥé ƒîļé ····⟧``: accented look-alikes show
where text was not run through localization, the brackets show truncation,
and the padding (about 30%) shows layouts that cannot take longer text. The
brackets and dots are markup in no format locflow writes (``[`` and ``~`` are
in Markdown and wikitext), so filters never need to escape them.
Tags from masking are left exactly as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar

from locflow.errors import ConfigError
from locflow.model import Locale, Segment
from locflow.mt.base import Glossary, Markup

__all__ = ["PseudoProvider", "pseudo_text", "pseudo_segment"]

_ACCENTS = str.maketrans(
    "abcdeghiklnorstuwyzABCDEGHIKLNORSTUWYZ",
    "àƀçðéĝĥîķļñöŕšţûŵýžÀßÇÐÉĜĤÎĶĻÑÖŔŠŢÛŴÝŽ",
)
OPEN, CLOSE, PAD = "\u27e6", "\u27e7", "\u00b7"
_TAG_OR_ENTITY = re.compile(r"(<[^>]+>|&[a-z]+;|&#\d+;)")


def pseudo_text(text: str, *, expand: float = 0.3) -> str:
    """Accent the letters of ``text`` outside tags and entities; no brackets or padding."""
    return "".join(
        piece if _TAG_OR_ENTITY.fullmatch(piece) else piece.translate(_ACCENTS)
        for piece in _TAG_OR_ENTITY.split(text)
    )


_END_PUNCTUATION = re.compile(r"[.!?:;…。！？：；]+$")


def _split_end(text: str) -> tuple[str, str]:
    """Split off the final punctuation, which stays outside the brackets (QA compares it)."""
    match = _END_PUNCTUATION.search(text)
    return (text[: match.start()], match.group()) if match else (text, "")


def _padding(text: str, expand: float) -> str:
    visible = len(_TAG_OR_ENTITY.sub("", text))
    return PAD * max(1, round(visible * expand)) if visible else ""


def pseudo_segment(segment: Segment, *, expand: float = 0.3) -> Segment:
    """Pseudo-translate a segment's text parts, keeping codes; used by ``build --pseudo``."""
    if not any(ch.isalpha() for ch in segment.text):
        return segment
    parts = list(segment.map_text(lambda t: t.translate(_ACCENTS)).parts)
    end = ""
    if parts and isinstance(parts[-1], str):
        parts[-1], end = _split_end(parts[-1])
    return Segment((OPEN, *parts, " " + _padding(segment.text, expand) + CLOSE + end))


class PseudoProvider:
    name: ClassVar[str] = "pseudo"
    markup: ClassVar[Markup] = Markup.XML
    cacheable: ClassVar[bool] = False  # offline and free: nothing to save
    max_items: ClassVar[int] = 500
    max_chars: ClassVar[int] = 100_000

    def __init__(self, expand: float = 0.3, **options: Any) -> None:
        if options:
            raise ConfigError(f"[mt] unknown option(s) for provider 'pseudo': {', '.join(sorted(options))}")
        if not 0 <= float(expand) <= 3:
            raise ConfigError("[mt] expand must be between 0 and 3")
        self.expand = float(expand)

    def supports(self, source: Locale, target: Locale) -> bool:
        return True

    def profile(self) -> str:
        return f"expand={self.expand}"

    def translate(self, texts: Sequence[str], source: Locale, target: Locale, *, glossary: Glossary | None = None) -> list[str]:
        out = []
        for text in texts:
            if not any(ch.isalpha() for ch in _TAG_OR_ENTITY.sub("", text)):
                out.append(text)
                continue
            body, end = _split_end(text)
            out.append(OPEN + pseudo_text(body) + " " + _padding(text, self.expand) + CLOSE + end)
        return out
