"""Masking: what an MT engine sees instead of a segment's codes.

Two renderings, chosen by the engine's :class:`~locflow.mt.base.Markup`:

* XML tags, for engines with tag handling (and LLMs): :func:`mask` writes
  ``<g id="1">`` ... ``</g>`` for a paired code and ``<x id="2"/>`` for a
  standalone one and escapes ``<``, ``>`` and ``&`` in the text;
  :func:`unmask` maps the answer back onto the original codes;
* tokens, for engines that translate plain text: the segment's tagged form
  (``{1}`` ... ``{/1}``, ``{2/}``, literal braces doubled), read back with
  :meth:`~locflow.model.Segment.from_tagged`.

The engine never sees the original markup, URLs or e-mail addresses (they
are codes), nor personal data (masked as codes of type ``pii:*`` first, see
:mod:`locflow.privacy`). Each pair round-trips: ``unmask(mask(s), s.codes) == s``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape, unescape

from locflow.model import Code, CodeKind, Part, Segment
from locflow.mt.base import Markup

__all__ = ["mask", "unmask", "render", "parse", "MaskError", "LEFTOVER_MARKUP"]

#: Our tags as engines give them back: XML serializers may switch quotes or add spaces.
_TAG = re.compile(r"""<g\s+id\s*=\s*["']([^"']+)["']\s*>|</g\s*>|<x\s+id\s*=\s*["']([^"']+)["']\s*/>""")
#: Something that looks like one of our tags or tokens, left in the text of a parsed answer.
LEFTOVER_MARKUP = {
    Markup.XML: re.compile(r"</?\s*[gx]\b[^>]*>|</?\s*[gx]\s+id\b"),
    Markup.TOKENS: re.compile(r"\{/?\s*[\w.-]+\s*/?\}"),
}
LEFTOVER_MARKUP[Markup.STRUCTURED] = LEFTOVER_MARKUP[Markup.XML]


class MaskError(ValueError):
    """The engine's answer cannot be mapped back (unknown or unbalanced tags)."""


def render(segment: Segment, markup: Markup) -> str:
    """The text an engine with ``markup`` is sent for ``segment``."""
    return segment.tagged() if markup == Markup.TOKENS else mask(segment)


def parse(text: str, codes: Sequence[Code], markup: Markup) -> Segment:
    """The segment an engine's answer stands for; :class:`MaskError` when it cannot be read."""
    if markup != Markup.TOKENS:
        return unmask(text, codes)
    try:
        return Segment.from_tagged(text, codes)
    except ValueError as exc:
        raise MaskError(str(exc)) from None


def mask(segment: Segment) -> str:
    out: list[str] = []
    for part in segment.parts:
        if isinstance(part, str):
            out.append(escape(part, quote=False))
        elif part.kind == CodeKind.OPEN:
            out.append(f'<g id="{part.id}">')
        elif part.kind == CodeKind.CLOSE:
            out.append("</g>")
        else:
            out.append(f'<x id="{part.id}"/>')
    return "".join(out)


def unmask(text: str, codes: Sequence[Code]) -> Segment:
    """Rebuild a segment from an engine's answer; tags refer to ``codes`` by id."""
    by_key = {(c.id, c.kind): c for c in codes}
    parts: list[Part] = []
    open_ids: list[str] = []
    pos = 0
    for match in _TAG.finditer(text):
        parts.append(unescape(text[pos : match.start()]))
        pos = match.end()
        paired, standalone = match.group(1), match.group(2)
        if standalone is not None:
            parts.append(_lookup(by_key, standalone, CodeKind.STANDALONE))
        elif paired is not None:
            open_ids.append(paired)
            parts.append(_lookup(by_key, paired, CodeKind.OPEN))
        else:
            if not open_ids:
                raise MaskError("closing tag without an opening one")
            parts.append(_lookup(by_key, open_ids.pop(), CodeKind.CLOSE))
    if open_ids:
        raise MaskError(f"tag {open_ids[-1]} is not closed")
    parts.append(unescape(text[pos:]))
    return Segment(tuple(parts))


def _lookup(by_key: dict[tuple[str, CodeKind], Code], code_id: str, kind: CodeKind) -> Code:
    try:
        return by_key[(code_id, kind)]
    except KeyError:
        raise MaskError(f"unknown {kind.value} code {code_id!r}") from None
