"""Protected spans: placeholders, URLs, e-mail addresses and entities become codes.

Filters call :func:`protect` on every run of plain text they extract, so that
``Your order {order_id} ships to {{ city }}. See https://help.example.com.``
reaches translators, the TM and MT as text with three standalone codes. The
patterns are deliberately conservative: a false placeholder only costs a code,
but a missed one can be broken by a translator, so ``50% of users`` is text
while ``%s``, ``%(count)d`` and ``%1$s`` are codes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from locflow.model.segment import Code, CodeKind, Part

__all__ = ["CodeIds", "SpanKind", "protect", "find_protected_spans", "PATTERNS"]


class CodeIds:
    """Hands out code ids that are unique within one unit ("1", "2", ...)."""

    def __init__(self, start: int = 1) -> None:
        self._next = start

    def next(self) -> str:
        value = str(self._next)
        self._next += 1
        return value


class SpanKind:
    """The ``Code.type`` values given to protected spans."""

    URL = "url"
    EMAIL = "email"
    PLACEHOLDER = "placeholder"
    TEMPLATE = "template"
    ENTITY = "entity"


_URL = r"""(?:https?|ftp)://[^\s<>"'`\]\[]+|mailto:[^\s<>"'`]+"""
_EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
# Hugo shortcodes and Jinja/Liquid statements, then double-brace variables.
_TEMPLATE = r"\{\{[<%].*?[>%]\}\}|\{%-?.*?-?%\}|\{#.*?#\}"
_DOUBLE_BRACE = r"\{\{-?\s*[^{}]*?\s*-?\}\}"
# {name}, {0}, {user.name}, {count, number}, {d, date, short}, {x!r:>10}, ${var}
_BRACE = r"\$?\{\s*[A-Za-z0-9_][\w.\-]*\s*(?:,\s*(?:number|date|time|spellout|ordinal|duration)\s*(?:,[^{}]*)?)?(?:![rsa])?(?::[^{}]*)?\}"
# printf and python-format: %s %d %1$s %(name)s %.2f %-5d %'d; no space flag ("50% of").
_PRINTF = r"%(?:\(\w+\))?(?:\d+\$)?[-+0#']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcs@]"
_ENTITY = r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"

PATTERNS: dict[str, str] = {
    SpanKind.TEMPLATE: _TEMPLATE,
    "double_brace": _DOUBLE_BRACE,
    SpanKind.URL: _URL,
    SpanKind.EMAIL: _EMAIL,
    "brace": _BRACE,
    "printf": _PRINTF,
    SpanKind.ENTITY: _ENTITY,
}

_TYPE_OF_GROUP = {
    "template": SpanKind.TEMPLATE,
    "double_brace": SpanKind.PLACEHOLDER,
    "url": SpanKind.URL,
    "email": SpanKind.EMAIL,
    "brace": SpanKind.PLACEHOLDER,
    "printf": SpanKind.PLACEHOLDER,
    "entity": SpanKind.ENTITY,
}

_ALL = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in PATTERNS.items()), re.S)

_TRAILING_URL_PUNCT = ".,;:!?'\")"


@dataclass(frozen=True, slots=True)
class ProtectedSpan:
    start: int
    end: int
    type: str


def _trim_url(url: str) -> str:
    """Drop sentence punctuation that follows a URL; keep a ')' that closes a '(' in it."""
    while url and url[-1] in _TRAILING_URL_PUNCT:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def find_protected_spans(text: str, kinds: Iterable[str] | None = None) -> list[ProtectedSpan]:
    """Return the protected spans of ``text`` in order, limited to ``kinds`` (``Code.type`` values)."""
    wanted = set(kinds) if kinds is not None else None
    spans: list[ProtectedSpan] = []
    for match in _ALL.finditer(text):
        group = match.lastgroup or ""
        span_type = _TYPE_OF_GROUP[group]
        if wanted is not None and span_type not in wanted:
            continue
        start, end = match.span()
        if span_type == SpanKind.URL:
            end = start + len(_trim_url(match.group()))
        spans.append(ProtectedSpan(start, end, span_type))
    return spans


def protect(text: str, ids: CodeIds, kinds: Iterable[str] | None = None) -> list[Part]:
    """Split ``text`` into plain strings and standalone codes for its protected spans."""
    parts: list[Part] = []
    pos = 0
    for span in find_protected_spans(text, kinds):
        if span.start > pos:
            parts.append(text[pos : span.start])
        parts.append(Code(ids.next(), CodeKind.STANDALONE, text[span.start : span.end], span.type))
        pos = span.end
    if pos < len(text):
        parts.append(text[pos:])
    return parts
