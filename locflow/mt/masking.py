"""Masking: what an MT provider sees instead of a segment's codes.

:func:`mask` writes a segment as text with XML-like tags in place of codes
(``<g id="1">`` ... ``</g>`` for a paired code, ``<x id="2"/>`` for a
standalone one) and escapes ``<``, ``>`` and ``&`` in the text, so a provider
that handles XML/HTML tags keeps them in place and never sees the original
markup, URLs or e-mail addresses (they are codes). :func:`unmask` maps a
translated string back onto the original codes. The pair round-trips:
``unmask(mask(s), s.codes) == s``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape, unescape

from locflow.model import Code, CodeKind, Part, Segment

__all__ = ["mask", "unmask", "MaskError"]

_TAG = re.compile(r'<g id="([^"]+)">|</g>|<x id="([^"]+)"\s*/>')


class MaskError(ValueError):
    """The provider's answer cannot be mapped back (unknown or unbalanced tags)."""


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
    """Rebuild a segment from a provider's answer; tags refer to ``codes`` by id."""
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
