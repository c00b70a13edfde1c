"""Markdown inside a value (a FAQ answer) as one unit with inline codes.

markdown-it-py does the parsing; this module maps its tokens back onto the
exact characters of the value, so that:

* every paragraph, list item, heading and table cell becomes segments, and
  what lies between them (list markers, blank lines, fenced code, HTML
  blocks, link definitions) stays in the unit's gaps, untouched;
* emphasis, strikethrough, inline code, autolinks and inline HTML become
  codes; a link becomes an opening code ``[`` and a closing code
  ``](target "title")``, so the link text is translated and the target is not;
  an image likewise (``![``, its alternative text, ``](src "title")``);
* placeholders, bare URLs and e-mails in the text are protected as usual.

Tokens are matched to the source with a cursor over each inline block's
raw content; anything the cursor cannot account for (an unusual
construct) makes that block plain protected text rather than a wrong code.
The full Markdown filter (``content.markdown``) handles whole documents;
this is the small inline part that values embedded in data files need.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from locflow.model import Code, CodeIds, CodeKind, Locale, Part, Unit
from markdown_it import MarkdownIt
from markdown_it.token import Token

from content.splice import join_units, make_unit
from content.textcodes import Pattern, code_text

__all__ = ["markdown_unit"]

log = logging.getLogger(__name__)

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)\n")
_SOFT_BREAK = re.compile(r" ?\n")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)", re.S)
_PAIRED = {"strong": "bold", "em": "italic", "s": "strike"}


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def markdown_unit(
    key: str,
    text: str,
    locale: Locale,
    *,
    segment: bool = True,
    kind: str = "",
    note: str = "",
    patterns: Sequence[Pattern] = (),
) -> Unit:
    """The unit for a Markdown ``text``: segments per sentence of each block, markup as codes or gaps."""
    lines = _Lines(text)
    ids = CodeIds()
    runs = []
    cursor = 0
    for token in _parser().parse(text):
        if token.type != "inline" or token.map is None or not token.content:
            continue
        located = lines.locate(token.content, token.map[0], cursor)
        if located is None:
            log.debug("could not place Markdown block at line %s; left untranslated", token.map[0] + 1)
            continue
        parts = _inline_parts(token, located, text, ids, patterns)
        start, end = located.start, located.end
        run = make_unit(key, parts, locale, segment=segment)
        runs.append((start, end, run))
        cursor = end
    return join_units(key, text, runs, kind=kind, note=note)


# -- where an inline block's content stands in the source ------------------------------


@dataclass(frozen=True, slots=True)
class _Located:
    """An inline block's content mapped onto the source: content line k starts at ``starts[k]``."""

    content: str
    line_offsets: tuple[int, ...]  # offset of each content line within ``content``
    starts: tuple[int, ...]  # source offset of each content line

    @property
    def start(self) -> int:
        return self.starts[0]

    @property
    def end(self) -> int:
        return self.source(len(self.content))

    def source(self, offset: int) -> int:
        """The source offset of a content offset."""
        line = 0
        while line + 1 < len(self.line_offsets) and self.line_offsets[line + 1] <= offset:
            line += 1
        return self.starts[line] + offset - self.line_offsets[line]


class _Lines:
    """The source split into lines, for finding where content lines stand."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.bounds: list[tuple[int, int]] = []
        pos = 0
        for match in re.finditer(r"\r\n|\n|\r", text):
            self.bounds.append((pos, match.start()))
            pos = match.end()
        self.bounds.append((pos, len(text)))

    def locate(self, content: str, first_line: int, cursor: int) -> _Located | None:
        line_offsets: list[int] = []
        starts: list[int] = []
        offset = 0
        for k, piece in enumerate(content.split("\n")):
            if first_line + k >= len(self.bounds):
                return None
            line_start, line_end = self.bounds[first_line + k]
            column = self._find(piece, line_start, line_end, max(cursor, line_start))
            if column is None:
                return None
            line_offsets.append(offset)
            starts.append(column)
            offset += len(piece) + 1
        return _Located(content, tuple(line_offsets), tuple(starts))

    def _find(self, piece: str, line_start: int, line_end: int, search_from: int) -> int | None:
        line = self.text[line_start:line_end]
        stripped = piece.rstrip()
        tail = len(line.rstrip()) - len(stripped)
        if tail >= 0 and line_start + tail >= search_from and line[tail:].startswith(stripped):
            return line_start + tail
        found = self.text.find(piece, search_from, line_end)
        return found if found >= 0 else None


# -- tokens to parts -------------------------------------------------------------------


def _inline_parts(token: Token, located: _Located, text: str, ids: CodeIds, patterns: Sequence[Pattern]) -> list[Part]:
    """The parts of one inline block; plain protected text if the tokens cannot be placed."""
    try:
        pieces = list(_walk(token.children or [], located.content, ids))
    except _Unplaced:
        pieces = [("text", 0, len(located.content), None)]
    parts: list[Part] = []
    for kind, start, end, code in pieces:
        source = text[located.source(start) : located.source(end)]
        if kind == "text":
            parts.extend(code_text(source, ids, patterns))
        else:
            assert code is not None
            parts.append(Code(code.id, code.kind, source, code.type, code.disp))
    return parts


class _Unplaced(Exception):
    """A token did not match the source at the cursor."""


@dataclass(frozen=True, slots=True)
class _CodeInfo:
    id: str
    kind: CodeKind
    type: str
    disp: str = ""


def _walk(
    children: Sequence[Token], content: str, ids: CodeIds, pos: int = 0, end: int | None = None
) -> Iterator[tuple[str, int, int, _CodeInfo | None]]:
    """(kind, start, end, code) pieces of ``content[pos:end]``, in content coordinates; kind is
    ``text`` or ``code``."""
    end = len(content) if end is None else end
    open_ids: list[str] = []
    skip_until_close = False
    for token in children:
        if skip_until_close:
            skip_until_close = token.type != "link_close"
            continue
        if token.type == "image":
            pos = yield from _image(token, content, pos, ids)
            continue
        start = pos
        kind, pos, code = _place(token, content, pos, ids, open_ids)
        if token.type == "link_open" and token.markup == "autolink":
            skip_until_close = True
        if pos > start or code is not None:
            yield kind, start, pos, code
    if pos != end:
        raise _Unplaced(f"{end - pos} characters left over")


def _image(token: Token, content: str, pos: int, ids: CodeIds) -> Iterator[tuple[str, int, int, _CodeInfo | None]]:
    """An image as a link is: ``![`` and ``](src "title")`` are codes, the alternative text between
    them is text (markdown-it parses it as inline content of its own). Returns the end."""
    if not content.startswith("![", pos):
        raise _Unplaced("image")
    bracket = _matching_bracket(content, pos + 1)
    code_id = ids.next()
    yield "code", pos, pos + 2, _CodeInfo(code_id, CodeKind.OPEN, "image")
    yield from _walk(token.children or [], content, ids, pos + 2, bracket)
    tail_end = _link_tail_end(content, bracket)
    yield "code", bracket, tail_end, _CodeInfo(code_id, CodeKind.CLOSE, "image")
    return tail_end


def _place(token: Token, content: str, pos: int, ids: CodeIds, open_ids: list[str]) -> tuple[str, int, _CodeInfo | None]:
    """Match one token at ``pos``: (kind, new position, code info)."""
    kind = token.type
    base = kind.rsplit("_", 1)[0]
    if kind == "text":
        return "text", _match_text(content, pos, token.content), None
    if kind == "softbreak":  # the spaces before it belong to no text token
        match = _SOFT_BREAK.match(content, pos)
        if not match:
            raise _Unplaced("soft break")
        return "text", match.end(), None
    if kind == "hardbreak":
        match = _HARD_BREAK.match(content, pos)
        if not match:
            raise _Unplaced("hard break")
        return "code", match.end(), _CodeInfo(ids.next(), CodeKind.STANDALONE, "break")
    if base in _PAIRED and kind.endswith("_open"):
        open_ids.append(ids.next())
        return "code", _expect(content, pos, token.markup), _CodeInfo(open_ids[-1], CodeKind.OPEN, _PAIRED[base])
    if base in _PAIRED and kind.endswith("_close"):
        return "code", _expect(content, pos, token.markup), _CodeInfo(_pop(open_ids), CodeKind.CLOSE, _PAIRED[base])
    if kind == "code_inline":
        match = _CODE_SPAN.match(content, pos)
        if not match:
            raise _Unplaced("code span")
        return "code", match.end(), _CodeInfo(ids.next(), CodeKind.STANDALONE, "code")
    if kind == "link_open" and token.markup == "autolink":
        end = content.find(">", pos)
        if not content.startswith("<", pos) or end < 0:
            raise _Unplaced("autolink")
        return "code", end + 1, _CodeInfo(ids.next(), CodeKind.STANDALONE, "url")
    if kind == "link_open":
        open_ids.append(ids.next())
        href = str(token.attrs.get("href", ""))
        return "code", _expect(content, pos, "["), _CodeInfo(open_ids[-1], CodeKind.OPEN, "link", href)
    if kind == "link_close":
        if not content.startswith("]", pos):
            raise _Unplaced("link end")
        return "code", _link_tail_end(content, pos), _CodeInfo(_pop(open_ids), CodeKind.CLOSE, "link")
    if kind == "html_inline":
        return "code", _expect(content, pos, token.content), _CodeInfo(ids.next(), CodeKind.STANDALONE, "tag")
    raise _Unplaced(f"token {kind}")


def _pop(open_ids: list[str]) -> str:
    if not open_ids:
        raise _Unplaced("closing code without opening")
    return open_ids.pop()


def _expect(content: str, pos: int, literal: str) -> int:
    if not content.startswith(literal, pos):
        raise _Unplaced(f"expected {literal!r}")
    return pos + len(literal)


def _match_text(content: str, pos: int, expected: str) -> int:
    """Advance over the source of a text token, allowing backslash escapes and entity references."""
    i = 0
    while i < len(expected):
        entity = _ENTITY.match(content, pos) if content.startswith("&", pos) else None
        if entity and expected.startswith(html.unescape(entity.group()), i):
            i += len(html.unescape(entity.group()))
            pos = entity.end()
        elif pos < len(content) and content[pos] == expected[i]:
            pos += 1
            i += 1
        elif content.startswith("\\", pos) and content[pos + 1 : pos + 2] == expected[i]:
            pos += 2
            i += 1
        else:
            raise _Unplaced(f"text {expected[i:]!r}")
    return pos


def _matching_bracket(content: str, pos: int) -> int:
    """The offset of the ``]`` closing the ``[`` at ``pos``."""
    depth = 0
    i = pos
    while i < len(content):
        ch = content[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise _Unplaced("unclosed bracket")


def _link_tail_end(content: str, pos: int) -> int:
    """End of ``](target "title")``, ``][ref]`` or ``]`` starting at the ``]`` at ``pos``."""
    after = pos + 1
    if content.startswith("(", after):
        depth = 0
        i = after
        while i < len(content):
            ch = content[i]
            if ch == "\\":
                i += 2
                continue
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            elif ch in "\"'" and depth == 1:
                close = content.find(ch, i + 1)
                i = close if close > 0 else i
            i += 1
        raise _Unplaced("unclosed link target")
    if content.startswith("[", after):
        close = content.find("]", after)
        if close < 0:
            raise _Unplaced("unclosed link reference")
        return close + 1
    return after
