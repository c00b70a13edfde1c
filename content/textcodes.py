"""Inline codes for plain strings of structured formats (chatbot responses, i18n values).

:func:`locflow.model.protect` already knows placeholders, URLs, e-mails and
entities. The strings of chatbot and i18n files carry a few more things a
translator must not break: markup tags (HTML in a response, SSML
``<speak>``, react-i18next's ``<1>...</1>``), i18next nesting ``$t(key)``,
Rails interpolation ``%{count}`` and ICU ``plural``/``select`` messages. This
module turns them into codes too, then lets :func:`protect` handle the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from locflow.model import Code, CodeIds, CodeKind, Part, protect

__all__ = ["TAG", "I18NEXT_NESTING", "RUBY_INTERPOLATION", "code_text", "icu_parts"]

#: An HTML/SSML/XML tag, or react-i18next's numbered ``<0>``, ``</0>``, ``<1/>``.
TAG = ("tag", re.compile(r"</?[A-Za-z][\w:.\-]*(?:\s+[^<>]*?)?/?>|</?\d+/?>"))
#: i18next nesting: ``$t(key)``, ``$t(key, {"count": 2})``.
I18NEXT_NESTING = ("placeholder", re.compile(r"\$t\((?:[^()]|\([^()]*\))*\)"))
#: Ruby on Rails (and Polyglot.js) interpolation ``%{name}``.
RUBY_INTERPOLATION = ("placeholder", re.compile(r"%\{[A-Za-z_][\w.]*\}"))

Pattern = tuple[str, re.Pattern[str]]


def code_text(text: str, ids: CodeIds, patterns: Sequence[Pattern] = ()) -> list[Part]:
    """Split ``text`` into strings and standalone codes: ``patterns`` first, then :func:`protect`."""
    if not patterns:
        return protect(text, ids)
    spans = _spans(text, patterns)
    parts: list[Part] = []
    pos = 0
    for start, end, code_type in spans:
        if start > pos:
            parts.extend(protect(text[pos:start], ids))
        parts.append(Code(ids.next(), CodeKind.STANDALONE, text[start:end], code_type))
        pos = end
    if pos < len(text):
        parts.extend(protect(text[pos:], ids))
    return parts


def _spans(text: str, patterns: Sequence[Pattern]) -> list[tuple[int, int, str]]:
    """Non-overlapping matches of all patterns, the earliest (then longest) winning."""
    found = sorted(
        ((m.start(), -m.end(), code_type) for code_type, regex in patterns for m in regex.finditer(text)),
    )
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for start, neg_end, code_type in found:
        if start >= pos and -neg_end > start:
            spans.append((start, -neg_end, code_type))
            pos = -neg_end
    return spans


# -- ICU MessageFormat -------------------------------------------------------------

_ICU_HEAD = re.compile(r"\{\s*[\w.]+\s*,\s*(?:plural|select|selectordinal)\s*,\s*(?:offset:\d+\s*)?")
_ICU_SELECTOR = re.compile(r"\s*(=?[\w\-]+)\s*\{")


def icu_parts(text: str, ids: CodeIds, patterns: Sequence[Pattern] = ()) -> list[Part]:
    """Code an ICU message: the ``{n, plural, one {`` scaffolding becomes codes, the variants stay text.

    ``{count, plural, one {# file} other {# files}}`` reaches a translator as
    ``# file`` and ``# files`` between codes, so each variant is translated
    and no brace can be lost. Text that is not well-formed ICU is coded with
    :func:`code_text` as a whole.
    """
    parsed = _icu_message(text, 0, ids, patterns, top=True) if _ICU_HEAD.search(text) else None
    if parsed is None:
        return code_text(text, ids, patterns)
    return _merge_adjacent_codes(parsed[0], ids)


def _icu_message(text: str, pos: int, ids: CodeIds, patterns: Sequence[Pattern], *, top: bool, in_plural: bool = False):
    """Parse a message up to an unmatched ``}`` (or the end at top level): (parts, end) or None."""
    parts: list[Part] = []
    literal_start = pos
    depth = 0
    while pos < len(text):
        ch = text[pos]
        head = _ICU_HEAD.match(text, pos) if ch == "{" else None
        if head:
            parts.extend(_literal(text[literal_start:pos], ids, patterns, in_plural))
            inner = _icu_options(text, head, ids, patterns)
            if inner is None:
                return None
            parts.extend(inner[0])
            pos = literal_start = inner[1]
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                if top:
                    return None
                parts.extend(_literal(text[literal_start:pos], ids, patterns, in_plural))
                return parts, pos
            depth -= 1
        pos += 1
    if not top:
        return None
    parts.extend(_literal(text[literal_start:], ids, patterns, in_plural))
    return parts, pos


def _icu_options(text: str, head: re.Match[str], ids: CodeIds, patterns: Sequence[Pattern]):
    """Parse ``one {...} other {...}}`` after a plural/select head: (parts, end) or None."""
    is_plural = "select," not in re.sub(r"\s", "", head.group())
    parts: list[Part] = []
    code_start = head.start()
    pos = head.end()
    while True:
        selector = _ICU_SELECTOR.match(text, pos)
        if not selector:
            break
        parts.append(Code(ids.next(), CodeKind.STANDALONE, text[code_start : selector.end()], "icu"))
        inner = _icu_message(text, selector.end(), ids, patterns, top=False, in_plural=is_plural)
        if inner is None:
            return None
        parts.extend(inner[0])
        code_start = inner[1]  # at the option's closing brace
        pos = inner[1] + 1
    close = re.compile(r"\s*\}").match(text, pos)
    if not parts or not close:
        return None
    parts.append(Code(ids.next(), CodeKind.STANDALONE, text[code_start : close.end()], "icu"))
    return parts, close.end()


def _literal(text: str, ids: CodeIds, patterns: Sequence[Pattern], in_plural: bool) -> list[Part]:
    """Code a stretch of message text; inside a plural variant ``#`` is the number."""
    if not in_plural or "#" not in text:
        return code_text(text, ids, patterns)
    parts: list[Part] = []
    for i, piece in enumerate(text.split("#")):
        if i:
            parts.append(Code(ids.next(), CodeKind.STANDALONE, "#", "placeholder"))
        parts.extend(code_text(piece, ids, patterns))
    return parts


def _merge_adjacent_codes(parts: list[Part], ids: CodeIds) -> list[Part]:
    """Join neighbouring ICU codes (``}}`` then ``{``) into one, so ids stay few and stable."""
    out: list[Part] = []
    for part in parts:
        previous = out[-1] if out else None
        if (
            isinstance(part, Code)
            and isinstance(previous, Code)
            and part.type == previous.type == "icu"
        ):
            out[-1] = Code(previous.id, CodeKind.STANDALONE, previous.data + part.data, "icu")
        else:
            out.append(part)
    return out
