"""Escaping translated text so it cannot change the Markdown structure.

Segments keep text unescaped (``\\*`` reads ``*``), so text written back must
be escaped again where Markdown would read it as syntax. Untranslated text is
never escaped: it is written from the original characters.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from locflow.model import find_protected_spans

__all__ = ["ENTITY_START", "escape_inline", "escape_line_start", "one_line"]

_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
#: the only characters :func:`escape_inline` ever escapes, so the only ones it looks at
_PUNCTUATION = re.compile("[" + re.escape("".join(sorted(_ASCII_PUNCTUATION))) + "]")
ENTITY_START = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ORDERED_MARKER = re.compile(r"\d{1,9}(?=[.)](?:[ \t]|\Z))")
_BLOCK_START = re.compile(r":::|!!!|\?\?\?|:(?:[ \t]|\Z)")


def escape_inline(
    text: str, *, before: str = "", after: str = "", table: bool = False, dialects: Collection[str] = ()
) -> str:
    """Backslash-escape what would turn translated text into Markdown syntax or a code.

    Always escaped: `` ` `` ``*`` ``[`` ``]``, and ``|`` in table cells (elsewhere
    an escaped pipe would *lower* the column count of a line and could turn a
    heading over a ``---`` underline into a table header). Escaped by context: ``\\`` before
    punctuation or at the end, ``_`` unless inside a word, ``<`` before a
    letter, ``/``, ``!`` or ``?`` (HTML, autolinks), ``~`` next to another
    ``~``, ``!`` before ``[`` (an image), and the first character of anything
    :func:`~locflow.model.find_protected_spans` would read as a placeholder,
    template tag or entity (``{name}``, ``%s``, ``&amp;``): typed as text, it
    stays text when the file is read again. ``before`` and ``after`` are the
    characters around ``text`` in the line (the neighbouring codes' data).

    With ``dialects`` (see :data:`content.markdown.parser.DIALECTS`) also:
    ``=`` next to ``=`` (highlights), ``%`` next to ``%`` (comments), every
    ``$`` (math), ``^`` after a blank before a word (block ids), and ``{``
    before a name (MyST roles).
    """
    if not _PUNCTUATION.search(text):
        return text  # only ASCII punctuation is ever escaped: the common case, a plain sentence
    protected = {span.start for span in find_protected_spans(text) if text[span.start] in _ASCII_PUNCTUATION}
    out: list[str] = []
    written = 0
    for match in _PUNCTUATION.finditer(text):
        i = match.start()
        ch = text[i]
        prev = text[i - 1] if i else before[-1:]
        nxt = text[i + 1] if i + 1 < len(text) else after[:1]
        if (
            ch in "`*[]"
            or (ch == "|" and table)
            or i in protected
            or (ch == "\\" and (not nxt or nxt in _ASCII_PUNCTUATION))
            or (ch == "_" and not (prev.isalnum() and nxt.isalnum()))
            or (ch == "<" and (nxt.isalpha() or nxt in "/!?"))
            or (ch == "&" and ENTITY_START.match(text, i))
            or (ch == "~" and "~" in (prev, nxt))
            or (ch == "!" and nxt == "[")
            or (dialects and _dialect_syntax(ch, prev, nxt, dialects))
        ):
            out += (text[written:i], "\\")
            written = i
    if not out:
        return text
    out.append(text[written:])
    return "".join(out)


def _dialect_syntax(ch: str, prev: str, nxt: str, dialects: Collection[str]) -> bool:
    """True when ``ch`` would start or end a dialect construct between ``prev`` and ``nxt``."""
    return (
        (ch == "=" and "=" in (prev, nxt) and "highlights" in dialects)
        or (ch == "%" and "%" in (prev, nxt) and "comments" in dialects)
        or (ch == "$" and "math" in dialects)
        or (ch == "^" and prev in ("", " ", "\t") and (nxt.isalnum() or nxt == "-") and "block-ids" in dialects)
        or (ch == "{" and (nxt.isalnum() or nxt in "_-+:") and "myst" in dialects)
    )


def escape_line_start(text: str) -> str:
    """Escape what would start a block when translated text begins a line.

    Leading blanks go (four would make a code block); ``#``, ``>``, ``+``,
    ``-``, ``=``, ``~``, ``:::``, ``!!!``, ``???``, ``%`` and ``:`` before a
    blank (headings, quotes, list items, setext underlines, fences,
    admonitions, MyST comments, definitions) and ordered-list markers like
    ``1.`` get a backslash.
    """
    text = text.lstrip(" \t")
    marker = _ORDERED_MARKER.match(text)
    if marker:
        return text[: marker.end()] + "\\" + text[marker.end() :]
    if text[:1] in ("#", ">", "+", "-", "=", "~", "%") or _BLOCK_START.match(text):
        return "\\" + text
    return text


def one_line(text: str) -> str:
    """Translated text on one line: line breaks (and blanks around them) become a space."""
    return re.sub(r"[ \t]*[\r\n]+[ \t]*", " ", text)
