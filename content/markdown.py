"""Markdown: headings, paragraphs, list items, quotes, table cells and front matter.

How the filter stays byte-exact
-------------------------------
markdown-it-py (CommonMark plus GFM tables and strikethrough) tells the filter
*which* blocks are translatable and *how* their inline content is structured.
Nothing is ever re-rendered from tokens: for every block the filter finds the
block's content in the original text, so each piece of a unit knows the exact
characters it came from. The skeleton keeps everything else (code, HTML blocks,
reference definitions, container prefixes, line endings) as it was.

What a translator sees
----------------------
* A paragraph spanning several lines is one unit; each line break inside it is
  a plain space in the segment text, and the continuation prefix of the next
  line (``> ``, list indentation) is part of that break, never text. Hard line
  breaks (two trailing spaces or a backslash) are standalone codes.
* Emphasis, strong, strikethrough, links, images and matched inline HTML tags
  are paired codes; inline code, autolinks, unmatched HTML, and the spans
  :func:`locflow.model.protect` finds (placeholders, URLs, e-mails, entities,
  Hugo shortcodes, Jinja/Liquid tags) are standalone codes. Link text and image
  alt text stay translatable; ``](url "title")`` is the closing code.
* Backslash escapes become the character they stand for (``\\*`` is shown as
  ``*``); translated text is escaped again where Markdown needs it (see
  :func:`escape_inline` and :func:`escape_line_start`).
* Heading anchors (``{#install}``) and task-list boxes (``[ ]``) stay in the
  skeleton; Docusaurus/VuePress admonition lines (``:::tip[Title]``) are their
  own blocks with only the title translatable.

Because segment text is not the raw text (breaks are spaces, escapes are
resolved), the document keeps the raw characters of every segment and gap in
``Document.meta["raw"]``; :meth:`MarkdownFilter.merge` writes those for
untranslated segments and writes translated segments on one line.

Unit keys
---------
Keys are anchored to headings so that an edit in one section does not renumber
the others: a heading is ``md:h3`` (the third heading) or ``md:<id>`` when it
has an explicit anchor such as ``{#next-steps}``; the n-th block after it is
``md:h3.n`` (``md:n`` before the first heading); a table cell is
``md:h3.n.r<row>c<col>`` (row 0 is the header); a front matter field is
``md:front-matter.<path>``. Keys never depend on text, so translated files
re-extract with the same keys.
"""

from __future__ import annotations

import bisect
import json
import logging
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any, ClassVar

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_inline.image import image as image_rule
from markdown_it.rules_inline.link import link as link_rule
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from content.base import SkeletonFilter, build_unit, decode_text
from locflow.model import (
    Code,
    CodeIds,
    CodeKind,
    Document,
    Locale,
    Part,
    Segment,
    Slot,
    Unit,
    find_protected_spans,
    protect,
)
from locflow.model.errors import MalformedFileError

__all__ = ["MarkdownFilter", "escape_inline", "escape_line_start"]

log = logging.getLogger(__name__)

#: Slot escape kinds: where a unit sits decides what translated text must escape.
BLOCK = "block"  # starts a line: paragraphs, list items, quotes, setext headings
ATX = "atx"  # after "# " on a heading line
INLINE = "inline"  # inside a line: admonition titles
TABLE = "table"  # a table cell
YAML_PREFIX = "yaml-"  # front matter scalars: yaml-plain, yaml-single, yaml-double, yaml-block
TOML = "toml"  # a TOML front matter string

RAW = "raw"
REF_LABELS = "ref_labels"


# -- template tags ------------------------------------------------------------------

#: Template tags are masked before parsing, character for character (see :func:`_mask_templates`).
MASK_STATEMENT = "\ue000"  # first character of {% ... %}, {{< ... >}}, {{% ... %}}, {# ... #}
MASK_VARIABLE = "\ue002"  # first character of {{ ... }}
MASK_REST = "\ue001"
MASKS = frozenset((MASK_STATEMENT, MASK_VARIABLE, MASK_REST))
_TEMPLATE_TAG = re.compile(r"\{\{[<%].*?[>%]\}\}|\{%-?.*?-?%\}|\{#.*?#\}|\{\{-?[^{}]*?-?\}\}")


def _mask_templates(body: str) -> str:
    """Replace each template tag on a line by private-use characters of the same length.

    Hugo and Jinja expand tags before Markdown is rendered, so
    ``[Guide]({{< ref "guide" >}})`` is a link there although its destination
    has spaces. Masked, markdown-it sees the same structure; every character
    keeps its column, and codes take their data from the original text.
    """

    def mask(match: re.Match[str]) -> str:
        first = MASK_VARIABLE if match[0].startswith("{{") and match[0][2] not in "<%" else MASK_STATEMENT
        return first + MASK_REST * (len(match[0]) - 1)

    return _TEMPLATE_TAG.sub(mask, body)



# -- the parser ------------------------------------------------------------------


def _record_tail_end(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """Wrap markdown-it's link/image rule to remember where ``](url "title")`` ends.

    Tokens carry no source positions; the filter needs the end of a link's
    destination to make it one code, and re-parsing destinations by hand would
    be a second, diverging implementation of CommonMark.
    """

    def recording(state: StateInline, silent: bool) -> bool:
        matched = rule(state, silent)
        if matched and not silent:
            state.tokens[-1].meta["tail_end"] = state.pos
        return matched

    return recording


_DIRECTIVE = re.compile(
    r":{3,}[ \t]*(?P<name>[A-Za-z][\w-]*)?"
    r"(?:\[(?P<label>(?:[^\]\\\n]|\\.)*)\]|[ \t]+(?P<title>[^{\n]*?))?"
    r"[ \t]*(?:\{[^}\n]*\})?[ \t]*$"
)


def _directive_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Admonition fences (``:::note``, ``:::info[Title]``, ``:::``) as blocks of their own.

    Docusaurus and VuePress write them without blank lines around, so plain
    CommonMark would fold them into the neighbouring paragraph; joined onto
    one line in a translation they would stop working.
    """
    if state.is_code_block(start):
        return False
    pos = state.bMarks[start] + state.tShift[start]
    line = state.src[pos : state.eMarks[start]]
    match = _DIRECTIVE.match(line)
    if match is None:
        return False
    if silent:
        return True
    token = state.push("directive", "", 0)
    token.map = [start, start + 1]
    token.info = match["name"] or ""
    group = "label" if match["label"] is not None else "title"
    title = match[group] if match["name"] else None
    if title and title.strip(MD_TRIM_CHARS):
        lead = len(title) - len(title.lstrip(MD_TRIM_CHARS))
        inline = state.push("inline", "", 0)
        inline.map = [start, start + 1]
        inline.content = title.strip(MD_TRIM_CHARS)
        inline.children = []
        inline.meta["src_pos"] = pos + match.start(group) + lead
    state.line = start + 1
    return True


_TEMPLATE_LINE = re.compile(f"[ \\t]*(?:{MASK_STATEMENT}{MASK_REST}*[ \\t]*)+$")


def _template_line_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A line holding only template statements (``{% if %}``, ``{{< note >}}``) is a block of its own.

    Such lines wrap Markdown rather than belong to a sentence; keeping them
    out of paragraphs keeps them on their own lines in translations.
    """
    if state.is_code_block(start):
        return False
    if not _TEMPLATE_LINE.match(state.src, state.bMarks[start] + state.tShift[start], state.eMarks[start]):
        return False
    if not silent:
        state.push("template_line", "", 0).map = [start, start + 1]
        state.line = start + 1
    return True


@lru_cache(maxsize=2)
def _parser(directives: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.disable("text_join")  # keep escapes and entities as their own tokens, with their markup
    md.inline.ruler.at("link", _record_tail_end(link_rule))
    md.inline.ruler.at("image", _record_tail_end(image_rule))
    terminates = {"alt": ["paragraph", "reference", "blockquote", "list"]}
    md.block.ruler.before("fence", "template_line", _template_line_rule, terminates)
    if directives:
        md.block.ruler.before("fence", "directive", _directive_rule, terminates)
    return md


# -- where things are in the original text ------------------------------------------

_EOL = re.compile(r"\r\n|\r|\n")


class _Lines:
    """The original text by lines, and the normalized text markdown-it parses.

    markdown-it turns every line ending into ``\\n`` and NUL into U+FFFD, so
    line *bodies* (which also have template tags masked) keep the length of
    the original lines and ``(line, column)`` converts between them.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = [0]
        self.bodies: list[str] = []
        pos = 0
        for match in _EOL.finditer(text):
            self.bodies.append(_mask_templates(text[pos : match.start()].replace("\0", "\ufffd")))
            pos = match.end()
            self.starts.append(pos)
        self.bodies.append(_mask_templates(text[pos:].replace("\0", "\ufffd")))
        self.parse_starts: list[int] = []
        total = 0
        for body in self.bodies:
            self.parse_starts.append(total)
            total += len(body) + 1

    def parse_text(self, blank_lines: int = 0) -> str:
        """The normalized text, the first ``blank_lines`` lines (front matter) blanked with spaces.

        Spaces rather than nothing keep every offset the same as in the unblanked text.
        """
        blanked = [" " * len(body) for body in self.bodies[:blank_lines]]
        return "\n".join(blanked + self.bodies[blank_lines:])

    def offset(self, line: int, col: int) -> int:
        return self.starts[line] + col

    def line_col(self, parse_pos: int) -> tuple[int, int]:
        """(line, column) of an offset in the parsed text."""
        line = bisect.bisect_right(self.parse_starts, parse_pos) - 1
        return line, parse_pos - self.parse_starts[line]


class _Misaligned(Exception):
    """The tokens do not match the text where the filter expected them (a bug, not bad input)."""


@dataclass(slots=True)
class _Region:
    """A block's inline content as markdown-it saw it, anchored in the original text.

    ``bounds[i]`` is the offset in the original text of the boundary before
    ``content[i]`` (``bounds`` is one longer than ``content``). Characters that
    stand for more than one original character (a line break with the next
    line's prefix, ``\\|`` in a table cell) simply have wider gaps.
    """

    content: str
    bounds: list[int]
    line: int


def _single_line_region(lines: _Lines, line: int, col: int, content: str) -> _Region:
    start = lines.offset(line, col)
    if lines.bodies[line][col : col + len(content)] != content:
        raise _Misaligned(f"line {line + 1}: {content!r} not at column {col}")
    return _Region(content, [start + i for i in range(len(content) + 1)], line)


def _lines_region(lines: _Lines, first: int, content: str) -> _Region:
    """Region of a paragraph-like block: content lines are suffixes of the source lines.

    Each content line is its source line minus the container prefix and
    indentation (which markdown-it may have partly re-expanded from tabs); the
    last line is also trimmed at its end.
    """
    bounds: list[int] = []
    content_lines = content.split("\n")
    for i, content_line in enumerate(content_lines):
        body = lines.bodies[first + i]
        if i == len(content_lines) - 1:
            body = body.rstrip(MD_TRIM_CHARS)
        rest = content_line.lstrip(" \t") if i else content_line
        if not body.endswith(rest):
            raise _Misaligned(f"line {first + i + 1}: content {rest!r} is not the end of the line")
        start = lines.offset(first + i, len(body) - len(rest))
        if i:
            bounds.append(lines.offset(first + i - 1, len(lines.bodies[first + i - 1])))  # the "\n"
        bounds.extend([start] * (len(content_line) - len(rest)))  # indentation: no width of its own
        bounds.extend(start + k for k in range(len(rest)))
        if i == len(content_lines) - 1:
            bounds.append(start + len(rest))
    return _Region(content, bounds, first)


def _atx_region(lines: _Lines, line: int, content: str) -> _Region:
    body = lines.bodies[line]
    marker = re.search(r"#{1,6}", body)
    if marker is None:
        raise _Misaligned(f"line {line + 1}: no heading marker")
    col = body.find(content, marker.end())
    if col < 0:
        raise _Misaligned(f"line {line + 1}: heading text not found")
    return _single_line_region(lines, line, col, content)


def _split_row(body: str, start: int) -> list[tuple[int, int]]:
    """Cell spans of a table row, splitting like markdown-it's ``escapedSplit``."""
    cells: list[tuple[int, int]] = []
    cell_start = start
    escaped = False
    for pos in range(start, len(body)):
        ch = body[pos]
        if ch == "|" and not escaped:
            cells.append((cell_start, pos))
            cell_start = pos + 1
        escaped = ch == "\\"
    cells.append((cell_start, len(body)))
    return cells


def _cell_region(lines: _Lines, line: int, start: int, end: int) -> _Region:
    """A trimmed cell with ``\\|`` read as ``|`` (what markdown-it hands the inline parser)."""
    body = lines.bodies[line]
    text = body[start:end]
    lead = len(text) - len(text.lstrip(MD_TRIM_CHARS))
    start, end = start + lead, start + len(text.strip(MD_TRIM_CHARS)) + lead
    chars: list[str] = []
    bounds: list[int] = []
    pos = start
    while pos < end:
        bounds.append(lines.offset(line, pos))
        if body[pos] == "\\" and pos + 1 < end and body[pos + 1] == "|":
            chars.append("|")
            pos += 2
        else:
            chars.append(body[pos])
            pos += 1
    bounds.append(lines.offset(line, end))
    return _Region("".join(chars), bounds, line)


_CONTAINER_PREFIX = re.compile(r"[ \t>*+\-0-9.)]*")


def _row_regions(lines: _Lines, line: int, contents: Sequence[str]) -> list[_Region]:
    """Regions of the cells of one table row whose cell contents markdown-it gave as ``contents``."""
    body = lines.bodies[line]
    prefix_end = _CONTAINER_PREFIX.match(body).end()  # type: ignore[union-attr]
    for start in range(prefix_end + 1):
        if body[:start].strip(" \t") and body[start - 1] not in " \t>":
            continue
        spans = _split_row(body, start)
        regions = [_cell_region(lines, line, a, b) for a, b in spans]
        if regions and not regions[0].content and body[start:].lstrip(MD_TRIM_CHARS).startswith("|"):
            regions.pop(0)
        if regions and not regions[-1].content:
            regions.pop()
        count = min(len(regions), len(contents))
        if [r.content for r in regions[:count]] == list(contents[:count]) and not any(contents[count:]):
            return regions[:count]
    raise _Misaligned(f"line {line + 1}: table cells not found")


# -- inline content -> parts with their original characters --------------------------


@dataclass(eq=False, slots=True)
class _Pending:
    """A code whose id is given when the block is complete (HTML tags pair up late)."""

    kind: CodeKind
    data: str
    type: str
    partner: _Pending | None = None
    matched: bool = False
    html_name: str = ""
    label_start: int = 0


_SOFT_BREAK = re.compile(r" *\n[ \t]*")
_HARD_BREAK = re.compile(r"(?: *|\\)\n[ \t]*")
_HTML_OPEN = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?:\s[^>]*)?>\Z", re.S)
_HTML_CLOSE = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>\Z")
_VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
_PAIRED = {
    "em_open": ("em_close", "italic"),
    "strong_open": ("strong_close", "bold"),
    "s_open": ("s_close", "strike"),
}
_CLOSERS = {closer for closer, _ in _PAIRED.values()}


class _InlineReader:
    """Walks markdown-it's inline tokens over a region and produces segment parts.

    ``parts`` are one-character strings (the text a translator sees) and
    pending codes; ``bounds`` gives, for every character of the parts
    rendered, its offset in the original text, so any split of the unit maps
    back to original characters. Only ``[lo, hi)`` of the region is kept
    (heading anchors and task boxes stay outside the unit).
    """

    def __init__(self, region: _Region, text: str, lo: int = 0, hi: int | None = None) -> None:
        self.c = region.content
        self.b = region.bounds
        self.text = text
        self.lo = lo
        self.hi = len(self.c) if hi is None else hi
        self.pos = 0
        self.parts: list[str | _Pending] = []
        self.bounds: list[int] = []
        self.run: list[tuple[str, int, int, str]] = []
        self.stack: list[_Pending] = []
        self.labels: dict[int, str] = {}  # id() of a closing code -> reference label

    # -- walking -------------------------------------------------------------------
    def read(self, tokens: Sequence[Token], base: int = 0) -> None:
        skipping_autolink = False
        for token in tokens:
            if skipping_autolink:
                skipping_autolink = token.type != "link_close"
                continue
            kind = token.type
            if kind == "text":
                self._run_piece("text", self._expect(token.content), "")
            elif kind == "text_special":
                span = self._expect(token.markup)
                piece = token.info if token.content != token.markup else "text"
                self._run_piece(piece, span, token.content)
            elif kind == "softbreak":
                self._run_piece("break", self._match(_SOFT_BREAK), " ")
            elif kind == "hardbreak":
                self._hard_break(self._match(_HARD_BREAK))
            elif kind == "code_inline":
                self._code(self._code_span(token.markup), "code")
            elif kind in _PAIRED:
                self._open(self._expect(token.markup), _PAIRED[kind][1])
            elif kind in _CLOSERS:
                self._close(self._expect(token.markup))
            elif kind == "link_open" and token.markup == "autolink":
                start = self.pos
                self.pos = self.c.index(">", start) + 1
                scheme = re.match(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:", self.c[start : self.pos])
                self._code((start, self.pos), "url" if scheme else "email")
                skipping_autolink = True
            elif kind == "link_open":
                self._open(self._expect("["), "link")
            elif kind == "link_close":
                self._close_link(token.meta["tail_end"] + base)
            elif kind == "image":
                self._open(self._expect("!["), "image")
                self.read(token.children or (), base=self.pos)
                self._close_link(token.meta["tail_end"] + base)
            elif kind == "html_inline":
                self._html(self._expect(token.content))
            else:
                raise _Misaligned(f"unexpected inline token {kind}")

    def result(self) -> tuple[list[Part], list[int], dict[str, str]]:
        """Parts with code ids assigned, their character bounds, and reference labels by code id."""
        self._flush()
        if self.pos != len(self.c):
            raise _Misaligned(f"inline content not consumed: {self.c[self.pos:]!r}")
        next_id = 0
        ids: dict[int, str] = {}
        parts: list[Part] = []
        labels: dict[str, str] = {}
        for part in self.parts:
            if isinstance(part, str):
                parts.append(part)
                continue
            kind = part.kind if part.matched or part.kind == CodeKind.STANDALONE else CodeKind.STANDALONE
            if kind == CodeKind.CLOSE:
                code_id = ids[id(part.partner)]
            else:
                next_id += 1
                code_id = ids[id(part)] = str(next_id)
            parts.append(Code(code_id, kind, part.data, part.type))
            if id(part) in self.labels:
                labels[code_id] = self.labels[id(part)]
        return parts, self.bounds + [self.b[self.hi]], labels

    # -- positions -------------------------------------------------------------------
    def _expect(self, literal: str) -> tuple[int, int]:
        if not self.c.startswith(literal, self.pos):
            raise _Misaligned(f"expected {literal!r} at {self.c[self.pos:self.pos + 20]!r}")
        start = self.pos
        self.pos += len(literal)
        return start, self.pos

    def _match(self, pattern: re.Pattern[str]) -> tuple[int, int]:
        match = pattern.match(self.c, self.pos)
        if match is None:
            raise _Misaligned(f"expected {pattern.pattern!r} at {self.c[self.pos:self.pos + 20]!r}")
        self.pos = match.end()
        return match.span()

    def _code_span(self, fence: str) -> tuple[int, int]:
        start, _ = self._expect(fence)
        closing = re.compile(r"(?<!`)" + fence + r"(?!`)").search(self.c, self.pos)
        if closing is None:
            raise _Misaligned("unclosed code span")
        self.pos = closing.end()
        return start, self.pos

    # -- text runs --------------------------------------------------------------------
    def _run_piece(self, kind: str, span: tuple[int, int], norm: str) -> None:
        self.run.append((kind, span[0], span[1], norm))

    def _flush(self) -> None:
        """Emit the pending run of text, escapes, entities and soft breaks, protecting spans."""
        if not self.run:
            return
        run, self.run = self.run, []
        start = run[0][1]
        atomic = [(a, b, kind) for kind, a, b, _ in run if kind != "text"]
        spans = []
        plain = "".join(self._original(i) for i in range(start, run[-1][2]))
        for span in find_protected_spans(plain):
            a, b = start + span.start, start + span.end
            if any(_cuts(a, b, x, y) or (kind == "break" and a < y and x < b) for x, y, kind in atomic):
                continue
            spans.append((a, b, span.type))
        for kind, a, b, norm in run:
            pos = a
            while pos < b:
                inside = next(((x, y, t) for x, y, t in spans if x <= pos < y), None)
                if inside is not None:
                    if inside[0] == pos:
                        self._code(inside[:2], inside[2])
                    pos = min(b, inside[1])
                    continue
                upto = min([b] + [x for x, _, _ in spans if x > pos])
                if kind == "text":
                    for i in range(pos, upto):
                        self._char(self._original(i), i)
                else:
                    self._char(norm, pos)
                pos = upto

    def _original(self, at: int) -> str:
        """The character as written: masked template characters come from the original text."""
        ch = self.c[at]
        return self.text[self.b[at]] if ch in MASKS else ch

    def _char(self, norm: str, at: int) -> None:
        if self.lo <= at < self.hi:
            self.parts.append(norm)
            self.bounds.append(self.b[at])

    # -- codes ------------------------------------------------------------------------
    def _code(self, span: tuple[int, int], code_type: str, kind: CodeKind = CodeKind.STANDALONE) -> _Pending:
        self._flush()
        start, end = span
        if not (self.lo <= start and end <= self.hi):
            if end <= self.lo or start >= self.hi:
                return _Pending(kind, "", code_type)
            raise _Misaligned("code crosses the unit's edge")
        data = self.text[self.b[start] : self.b[end]]
        pending = _Pending(kind, data, code_type)
        self.parts.append(pending)
        self.bounds.extend(range(self.b[start], self.b[end]))
        return pending

    def _hard_break(self, span: tuple[int, int]) -> None:
        """A hard line break: a code, then a space of no width in the original.

        The space lets the segmenter see the break as whitespace ("below.<br>Most"
        can end a sentence) and reads naturally; it is never written back.
        """
        self._code(span, "linebreak")
        if self.lo <= span[1] <= self.hi and span[1] < len(self.c):
            self.parts.append(" ")
            self.bounds.append(self.b[span[1]])

    def _open(self, span: tuple[int, int], code_type: str) -> _Pending:
        pending = self._code(span, code_type, CodeKind.OPEN)
        pending.label_start = span[1]
        self.stack.append(pending)
        return pending

    def _close(self, span: tuple[int, int], code_type: str = "") -> _Pending:
        """Close the innermost Markdown pair; HTML tags left open inside it become standalone."""
        while self.stack and self.stack[-1].html_name:
            self.stack.pop()
        opener = self.stack.pop()
        closer = self._code(span, code_type or opener.type, CodeKind.CLOSE)
        opener.matched = closer.matched = True
        closer.partner = opener
        return closer

    def _close_link(self, tail_end: int) -> None:
        """Close a link or image with ``](url "title")``, ``][ref]``, ``][]`` or ``]`` as one code."""
        start, _ = self._expect("]")
        self.pos = tail_end
        closer = self._close((start, tail_end))
        if self.c[start:tail_end] in ("]", "][]"):  # shortcut or collapsed reference: text is the label
            assert closer.partner is not None
            self.labels[id(closer)] = " ".join(self.c[closer.partner.label_start : start].split())

    def _html(self, span: tuple[int, int]) -> None:
        tag = self.c[span[0] : span[1]]
        opening = _HTML_OPEN.match(tag)
        closing = _HTML_CLOSE.match(tag)
        if opening and not tag.endswith("/>") and opening[1].lower() not in _VOID_ELEMENTS:
            pending = self._code(span, "tag", CodeKind.OPEN)
            pending.html_name = opening[1].lower()
            self.stack.append(pending)
        elif closing and self.stack and self.stack[-1].html_name == closing[1].lower():
            opener = self.stack.pop()
            closer = self._code(span, "tag", CodeKind.CLOSE)
            opener.matched = closer.matched = True
            closer.partner = opener
        else:
            self._code(span, "tag")


def _cuts(a: int, b: int, x: int, y: int) -> bool:
    """True when span [a, b) cuts through span [x, y) instead of containing or missing it."""
    return a < y and x < b and not (a <= x and y <= b)


# -- units ----------------------------------------------------------------------------


def _absorb_textless(unit: Unit) -> Unit:
    """Join segments without any text (a lone shortcode, an image) to their neighbour."""
    segments, gaps = list(unit.segments), list(unit.gaps)
    i = 0
    while len(segments) > 1 and i < len(segments):
        if segments[i].has_text():
            i += 1
            continue
        keep = max(i - 1, 0)
        segments[keep] = segments[keep] + Segment((gaps[keep + 1],)) + segments[keep + 1]
        del segments[keep + 1]
        del gaps[keep + 1]
    return Unit(unit.key, tuple(segments), tuple(gaps), kind=unit.kind, note=unit.note, max_length=unit.max_length)


def _raw_pieces(unit: Unit, bounds: Sequence[int], text: str) -> list[str]:
    """The original characters of each gap and segment: gap, segment, gap, ..., gap."""
    chunks = [unit.gaps[0]]
    for segment, gap in zip(unit.segments, unit.gaps[1:]):
        chunks += [segment.render(), gap]
    pieces: list[str] = []
    pos = 0
    for chunk in chunks:
        pieces.append(text[bounds[pos] : bounds[pos + len(chunk)]])
        pos += len(chunk)
    return pieces


def _plain_text(unit: Unit, limit: int = 60) -> str:
    text = " ".join(" ".join(segment.text.split()) for segment in unit.segments)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_HEADING_ANCHOR = re.compile(r"[ \t]*\{#([^\s{}]+)[^{}]*\}\Z")
_ANCHOR_KEY = re.compile(r"[A-Za-z][\w-]*")
_TASK_BOX = re.compile(r"\[[ xX]\][ \t]+")
_MDX_STATEMENT = re.compile(r"(?:import|export)\s")


@dataclass
class _Placement:
    start: int
    end: int
    slot: Slot


@dataclass
class _Extraction:
    """One extraction run: walks the tokens, names units, records where they sit."""

    text: str
    path: PurePosixPath
    locale: Locale
    config: Mapping[str, Any]
    lines: _Lines = field(init=False)
    units: list[Unit] = field(default_factory=list)
    placements: list[_Placement] = field(default_factory=list)
    raw: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    section: str = ""
    section_title: str = ""
    headings: int = 0
    blocks: int = 0
    section_names: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.lines = _Lines(self.text)

    # -- the whole file ----------------------------------------------------------------
    def document(self, encoding: str) -> Document:
        body_start = _front_matter(self)
        env: dict[str, Any] = {}
        tokens = _parser(bool(self.config["directives"])).parse(self.lines.parse_text(body_start), env)
        self._walk(tokens)
        return Document(
            path=self.path,
            format=MarkdownFilter.name,
            units=tuple(self.units),
            skeleton=self._skeleton(),
            encoding=encoding,
            meta={RAW: self.raw, REF_LABELS: self.labels},
        )

    def _skeleton(self) -> tuple[str | Slot, ...]:
        skeleton: list[str | Slot] = []
        pos = 0
        for placement in sorted(self.placements, key=lambda p: p.start):
            if placement.start < pos:
                raise AssertionError(f"overlapping units at offset {placement.start}")
            if placement.start > pos:
                skeleton.append(self.text[pos : placement.start])
            skeleton.append(placement.slot)
            pos = placement.end
        if pos < len(self.text):
            skeleton.append(self.text[pos:])
        return tuple(skeleton)

    # -- blocks ------------------------------------------------------------------------
    def _walk(self, tokens: Sequence[Token]) -> None:
        containers: list[str] = []
        for index, token in enumerate(tokens):
            kind = token.type
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if kind in ("blockquote_open", "list_item_open"):
                containers.append(kind)
            elif kind in ("blockquote_close", "list_item_close"):
                containers.pop()
            elif kind == "heading_open" and following is not None:
                self._heading(token, following)
            elif kind == "paragraph_open" and following is not None:
                self._paragraph(following, containers)
            elif kind == "table_open":
                self._table(tokens, index)
            elif kind == "directive":
                self._directive(token, following if following is not None and following.type == "inline" else None)

    def _heading(self, token: Token, inline: Token) -> None:
        atx = token.markup.startswith("#")
        assert token.map is not None
        line = token.map[0]
        locate = _atx_region if atx else _lines_region
        region = self._region(lambda: locate(self.lines, line, inline.content), line)
        anchor = _HEADING_ANCHOR.search(inline.content)
        key = self._enter_section(anchor[1] if anchor else None)
        self.section_title = ""
        if region is None:
            return
        level = int(token.tag[1])
        unit = self._add(
            key, region, inline, kind="heading", note=f"Heading, level {level}", escape=ATX if atx else BLOCK,
            hi=anchor.start() if anchor else None,
        )
        if unit is not None:
            self.section_title = _plain_text(unit)

    def _paragraph(self, inline: Token, containers: Sequence[str]) -> None:
        key = self._next_block_key()
        assert inline.map is not None
        line = inline.map[0]
        if not containers and all(_MDX_STATEMENT.match(row) for row in inline.content.split("\n")):
            return  # MDX import/export statements: code, not prose
        region = self._region(lambda: _lines_region(self.lines, line, inline.content), line)
        if region is None:
            return
        innermost = containers[-1] if containers else ""
        lo = 0
        if innermost == "list_item_open":
            kind, what = "list-item", f"List item, level {containers.count('list_item_open')}"
            box = _TASK_BOX.match(inline.content)
            lo = box.end() if box else 0
        elif innermost == "blockquote_open":
            kind, what = "quote", "Block quote"
        else:
            kind, what = "paragraph", "Paragraph"
        self._add(key, region, inline, kind=kind, note=what, escape=BLOCK, lo=lo)

    def _table(self, tokens: Sequence[Token], start: int) -> None:
        table_key = self._next_block_key()
        header: list[str] = []
        row = -1
        index = start
        while tokens[index].type != "table_close":
            if tokens[index].type == "tr_open":
                row += 1
                cells = []
                while tokens[index].type != "tr_close":
                    if tokens[index].type == "inline":
                        cells.append(tokens[index])
                    index += 1
                header = self._table_row(table_key, row, cells, header)
            index += 1

    def _table_row(self, table_key: str, row: int, cells: Sequence[Token], header: list[str]) -> list[str]:
        assert cells and cells[0].map is not None
        line = cells[0].map[0]
        regions = self._region(lambda: _row_regions(self.lines, line, [c.content for c in cells]), line)
        for col, region in enumerate(regions or ()):
            if row == 0:
                what = f"Table header, column {col + 1}"
            else:
                name = header[col] if col < len(header) and header[col] else f"{col + 1}"
                what = f"Table cell, row {row}, column “{name}”"
            unit = self._add(f"{table_key}.r{row}c{col}", region, cells[col], kind="table-cell", note=what, escape=TABLE)
            if row == 0:
                header.append(_plain_text(unit, 30) if unit else "")
        return header

    def _directive(self, token: Token, inline: Token | None) -> None:
        if inline is None:
            return
        key = self._next_block_key()
        line, col = self.lines.line_col(inline.meta["src_pos"])
        region = self._region(lambda: _single_line_region(self.lines, line, col, inline.content), line)
        if region is not None:
            self._add(key, region, inline, kind="admonition-title", note=f"Title of a “{token.info}” admonition", escape=INLINE)

    # -- naming ------------------------------------------------------------------------
    def _enter_section(self, anchor: str | None) -> str:
        self.headings += 1
        self.blocks = 0
        name = f"h{self.headings}"
        if (
            anchor
            and _ANCHOR_KEY.fullmatch(anchor)
            and not re.fullmatch(r"h\d+|front-matter", anchor)
            and anchor not in self.section_names
        ):
            name = anchor
        self.section_names.add(name)
        self.section = f"md:{name}"
        return self.section

    def _next_block_key(self) -> str:
        self.blocks += 1
        return f"{self.section}.{self.blocks}" if self.section else f"md:{self.blocks}"

    # -- units -------------------------------------------------------------------------
    def _region(self, locate: Callable[[], Any], line: int) -> Any:
        try:
            return locate()
        except _Misaligned as exc:
            log.warning("%s:%d: block left as it is: %s", self.path, line + 1, exc)
            return None

    def _add(
        self,
        key: str,
        region: _Region,
        inline: Token,
        *,
        kind: str,
        note: str,
        escape: str,
        lo: int = 0,
        hi: int | None = None,
    ) -> Unit | None:
        reader = _InlineReader(region, self.text, lo, hi)
        try:
            reader.read(inline.children or ())
            parts, bounds, labels = reader.result()
        except (_Misaligned, KeyError, ValueError, IndexError) as exc:
            log.warning("%s:%d: block left as it is: %s", self.path, region.line + 1, exc)
            return None
        if self.section_title and kind != "heading":
            note += f", under “{self.section_title}”"
        note += f" (line {region.line + 1})"
        unit = build_unit(key, parts, self.locale, segment=bool(self.config["segment"]), kind=kind, note=note)
        unit = _absorb_textless(unit)
        if not any(segment.has_text() for segment in unit.segments):
            return None
        self._place(unit, bounds[0], bounds[-1], _raw_pieces(unit, bounds, self.text), escape)
        if labels:
            self.labels[key] = labels
        return unit

    def _place(self, unit: Unit, start: int, end: int, raw: list[str], escape: str) -> None:
        if unit.key in self.raw:
            raise AssertionError(f"duplicate unit key {unit.key}")
        self.units.append(unit)
        self.raw[unit.key] = raw
        self.placements.append(_Placement(start, end, Slot(unit.key, escape)))


# -- front matter ---------------------------------------------------------------------

_YAML_NON_STRING = re.compile(
    r"(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o[0-7_]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|\d{4}-\d\d?-\d\d?(?:[Tt ].*)?)?\Z"
)
_YAML_STYLES = {None: "plain", "'": "single", '"': "double", "|": "block", ">": "block"}


def _front_matter(extraction: _Extraction) -> int:
    """Extract the configured fields of a YAML (``---``) or TOML (``+++``) front matter.

    Returns the first line after the front matter (0 when there is none).
    """
    bodies = extraction.lines.bodies
    fence = bodies[0].rstrip(" \t") if bodies else ""
    if fence not in ("---", "+++"):
        return 0
    closers = ("---", "...") if fence == "---" else ("+++",)
    close = next((i for i in range(1, len(bodies)) if bodies[i].rstrip(" \t") in closers), None)
    if close is None:
        return 0
    fields = extraction.config["front_matter_fields"]
    fields = {fields} if isinstance(fields, str) else set(fields)
    if fence == "---":
        _yaml_front_matter(extraction, close, fields)
    else:
        _toml_front_matter(extraction, close, fields)
    return close + 1


def _yaml_front_matter(extraction: _Extraction, close: int, fields: set[str]) -> None:
    start = extraction.lines.starts[1]
    source = extraction.text[start : extraction.lines.starts[close]]
    try:
        for path, event in _yaml_values(source):
            name = _field_name(path, fields)
            if name is None or _is_non_string(event):
                continue
            begin = start + event.start_mark.index
            raw = extraction.text[begin : start + event.end_mark.index].rstrip()
            style = YAML_PREFIX + _YAML_STYLES.get(event.style, "double")
            _front_matter_unit(extraction, path, name, event.value, begin, raw, style, event.start_mark.line + 2)
    except MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark  # where the broken construct starts
        line = 2 + (mark.line if mark is not None else 0)
        raise MalformedFileError(f"invalid YAML front matter: {exc.problem or exc}", path=extraction.path, line=line) from exc
    except YAMLError as exc:
        raise MalformedFileError(f"invalid YAML front matter: {exc}", path=extraction.path, line=2) from exc


_TOML_TABLE = re.compile(r"[ \t]*\[\[?([^\[\]]+)\]\]?[ \t]*(?:#.*)?")
_TOML_STRING_PAIR = re.compile(
    r"[ \t]*(?P<key>[A-Za-z0-9_.\- \t\"]+?)[ \t]*=[ \t]*"
    r"(?P<value>\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*')[ \t]*(?:#.*)?"
)


def _toml_front_matter(extraction: _Extraction, close: int, fields: set[str]) -> None:
    """TOML front matter (Hugo): single-line string values of the configured keys."""
    lines = extraction.lines
    source = extraction.text[lines.starts[1] : lines.starts[close]]
    try:
        tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+)", str(exc))
        line = 1 + int(where[1]) if where else 2
        raise MalformedFileError(f"invalid TOML front matter: {exc}", path=extraction.path, line=line) from exc
    table: list[str | int] = []
    for number in range(1, close):
        body = extraction.text[lines.starts[number] : lines.starts[number] + len(lines.bodies[number])]
        header = _TOML_TABLE.fullmatch(body)
        if header:
            table = [part.strip().strip('"') for part in header[1].split(".")]
            continue
        pair = _TOML_STRING_PAIR.fullmatch(body)
        if pair is None:
            continue
        path = table + [part.strip().strip('"') for part in pair["key"].split(".")]
        name = _field_name(path, fields)
        if name is None:
            continue
        value = tomllib.loads("v = " + pair["value"])["v"]
        begin = lines.starts[number] + pair.start("value")
        _front_matter_unit(extraction, path, name, value, begin, pair["value"], TOML, number + 1)


@dataclass
class _YamlFrame:
    """An open YAML collection: its path, and the key or index of the value that comes next."""

    path: list[str | int]
    index: int | None = None  # sequences only
    key: str | None = None  # mappings: None until the key has been read

    def expects_key(self) -> bool:
        return self.index is None and self.key is None

    def next_path(self) -> list[str | int]:
        if self.index is not None:
            self.index += 1
            return self.path + [self.index - 1]
        key, self.key = self.key, None
        return self.path + [key or "?"]


def _yaml_values(source: str) -> Iterator[tuple[list[str | int], ScalarEvent]]:
    """Every scalar value of a YAML document with its path of keys and sequence indexes."""
    frames: list[_YamlFrame] = []
    for event in YAML(typ="safe", pure=True).parse(source):
        expects_key = bool(frames) and frames[-1].expects_key()
        if isinstance(event, ScalarEvent):
            if expects_key:
                frames[-1].key = str(event.value)
            else:
                yield (frames[-1].next_path() if frames else []), event
        elif isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            if expects_key:  # a complex key: nothing in it is a value
                frames[-1].key = "?"
                path: list[str | int] = frames[-1].path + ["?key"]
            else:
                path = frames[-1].next_path() if frames else []
            frames.append(_YamlFrame(path, index=0 if isinstance(event, SequenceStartEvent) else None))
        elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            frames.pop()


def _field_name(path: Sequence[str | int], fields: set[str]) -> str | None:
    """The configured field a value belongs to (itself or as a list item), else None."""
    keys = [p for p in path if isinstance(p, str)]
    if not keys:
        return None
    last_key = max(i for i, p in enumerate(path) if isinstance(p, str))
    if any(isinstance(p, str) for p in path[last_key + 1 :]):
        return None
    dotted = ".".join(keys)
    return dotted if dotted in fields or keys[-1] in fields else None


def _is_non_string(event: ScalarEvent) -> bool:
    if event.tag is not None and not str(event.tag).endswith(":str"):
        return True
    return event.style is None and bool(_YAML_NON_STRING.match(event.value))


def _front_matter_unit(
    extraction: _Extraction,
    path: Sequence[str | int],
    name: str,
    value: str,
    begin: int,
    raw: str,
    escape: str,
    line: int,
) -> None:
    """A unit for one front matter value; translations replace the whole scalar, re-quoted."""
    label = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    unit = build_unit(
        f"md:front-matter{label}",
        protect(value, CodeIds()),
        extraction.locale,
        segment=bool(extraction.config["segment"]),
        kind="front-matter",
        note=f"Front matter field “{name}” (line {line})",
    )
    unit = _absorb_textless(unit)
    if any(segment.has_text() for segment in unit.segments):
        extraction._place(unit, begin, begin + len(raw), [raw], escape)


def _encode_value(value: str, escape: str) -> str:
    """A front matter scalar for a translated value."""
    if escape == TOML:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    return _yaml_scalar(value, escape[len(YAML_PREFIX) :])


def _yaml_scalar(value: str, style: str) -> str:
    """A YAML scalar for ``value``, in the original style where that style can hold it."""
    if style == "single" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if style == "plain" and _is_plain_safe(value):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def _is_plain_safe(value: str) -> bool:
    return (
        bool(value)
        and value == value.strip()
        and not any(ch in value for ch in "\n\t")
        and value[0] not in "-?:,[]{}#&*!|>'\"%@`"
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
        and not _YAML_NON_STRING.match(value)
    )


# -- escaping translated text ------------------------------------------------------------

_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY_START = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ORDERED_MARKER = re.compile(r"\d{1,9}(?=[.)](?:[ \t]|\Z))")


def escape_inline(text: str, *, before: str = "", after: str = "", table: bool = False) -> str:
    """Backslash-escape what would turn translated text into Markdown syntax.

    Always escaped: `` ` `` ``*`` ``[`` ``]``. Escaped by context: ``\\`` before
    punctuation or at the end, ``_`` unless inside a word, ``<`` before a letter,
    ``/``, ``!`` or ``?`` (HTML, autolinks), ``&`` that starts an entity, ``~``
    next to another ``~``, ``!`` before ``[`` (an image), and ``|`` in table
    cells. ``before`` and ``after`` are the characters around ``text`` in the
    line (the neighbouring codes' data).
    """
    out: list[str] = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else before[-1:]
        nxt = text[i + 1] if i + 1 < len(text) else after[:1]
        if (
            ch in "`*[]"
            or (ch == "\\" and (not nxt or nxt in _ASCII_PUNCTUATION))
            or (ch == "_" and not (prev.isalnum() and nxt.isalnum()))
            or (ch == "<" and (nxt.isalpha() or nxt in "/!?"))
            or (ch == "&" and _ENTITY_START.match(text, i))
            or (ch == "~" and "~" in (prev, nxt))
            or (ch == "!" and nxt == "[")
            or (ch == "|" and table)
        ):
            out.append("\\")
        out.append(ch)
    return "".join(out)


def escape_line_start(text: str) -> str:
    """Escape what would start a block when translated text begins a line.

    Leading blanks go (four would make a code block); ``#``, ``>``, ``+``,
    ``-``, ``=``, ``~`` and ``:::`` (headings, quotes, list items, setext
    underlines, fences, admonitions) and ordered-list markers like ``1.`` get a
    backslash.
    """
    text = text.lstrip(" \t")
    marker = _ORDERED_MARKER.match(text)
    if marker:
        return text[: marker.end()] + "\\" + text[marker.end() :]
    if text[:1] in ("#", ">", "+", "-", "=", "~") or text.startswith(":::"):
        return "\\" + text
    return text


def _one_line(text: str) -> str:
    return re.sub(r"[ \t]*[\r\n]+[ \t]*", " ", text)


def _edge_char(part: Part | None, last: bool) -> str:
    if part is None:
        return ""
    data = part if isinstance(part, str) else part.data
    return data[-1:] if last else data[:1]


# -- the filter --------------------------------------------------------------------------------


class MarkdownFilter(SkeletonFilter):
    """CommonMark + GFM tables files, with YAML front matter and admonitions.

    Options: ``segment`` (split paragraphs into sentences, default True),
    ``front_matter_fields`` (front matter keys whose values are translated,
    default title, description, summary; a dotted path like ``seo.title``
    names a nested key), ``directives`` (treat ``:::`` admonition lines as
    blocks of their own, default True).
    """

    name: ClassVar[str] = "markdown"
    extensions: ClassVar[tuple[str, ...]] = (".md", ".markdown")
    options: ClassVar[Mapping[str, Any]] = {
        "segment": True,
        "front_matter_fields": ("title", "description", "summary"),
        "directives": True,
    }

    def extract(self, data: bytes, *, path: PurePosixPath, locale: Locale) -> Document:
        text, encoding = decode_text(data, path)
        return _Extraction(text, PurePosixPath(path), locale, self.config).document(encoding)

    def merge(self, document: Document, translations: Mapping[str, Segment], locale: Locale) -> bytes:
        """Write every slot from the raw characters kept at extraction, translated segments escaped.

        The base class renders segments with ``Segment.render()``; here the
        segment text is not the original text (line breaks, escapes), so the
        raw pieces in ``document.meta`` are written instead.
        """
        units = {unit.key: unit for unit in document.units}
        raw: Mapping[str, Sequence[str]] = document.meta.get(RAW, {})  # type: ignore[assignment]
        labels: Mapping[str, Mapping[str, str]] = document.meta.get(REF_LABELS, {})  # type: ignore[assignment]
        out: list[str] = []
        for piece in document.skeleton:
            if isinstance(piece, str):
                out.append(piece)
                continue
            unit = units[piece.unit_key]
            pieces = raw.get(unit.key) or _pieces_from_unit(unit)
            out.append(self._render_unit(unit, piece.escape, pieces, labels.get(unit.key, {}), translations))
        return self.finalize("".join(out), document, locale).encode(document.encoding)

    def _render_unit(
        self,
        unit: Unit,
        escape: str,
        raw: Sequence[str],
        labels: Mapping[str, str],
        translations: Mapping[str, Segment],
    ) -> str:
        targets = [translations.get(key) for key, _ in unit.items()]
        changed = [t is not None and t != s for t, s in zip(targets, unit.segments)]
        if escape.startswith(YAML_PREFIX) or escape == TOML:
            if not any(changed):
                return raw[0]
            value = unit.render({k: t for (k, _), t in zip(unit.items(), targets) if t is not None})
            return _encode_value(value, escape)
        out = [raw[0]]
        for i, segment in enumerate(unit.segments):
            if changed[i]:
                line_start = (escape == BLOCK and i == 0) or bool(re.search(r"[\r\n]", raw[2 * i]))
                out.append(self._render_translation(targets[i], escape, line_start, labels))  # type: ignore[arg-type]
            else:
                out.append(raw[2 * i + 1])
            out.append(raw[2 * i + 2])
        return "".join(out)

    def _render_translation(self, segment: Segment, escape: str, line_start: bool, labels: Mapping[str, str]) -> str:
        """A translated segment on one line, its text escaped for where it stands."""
        parts = segment.parts
        out: list[str] = []
        for index, part in enumerate(parts):
            if isinstance(part, Code):
                if part.kind == CodeKind.CLOSE and part.id in labels:
                    out.append("][" + labels[part.id] + "]")  # a reference link keeps its label
                else:
                    out.append(part.data)
                continue
            text = _one_line(part)
            if index == 0:
                text = text.lstrip()
            if index == len(parts) - 1:
                text = text.rstrip()
            before = _edge_char(parts[index - 1] if index else None, last=True)
            after = _edge_char(parts[index + 1] if index + 1 < len(parts) else None, last=False)
            text = escape_inline(text, before=before, after=after, table=escape == TABLE)
            after_break = index > 0 and isinstance(parts[index - 1], Code) and parts[index - 1].type == "linebreak"
            if (index == 0 and line_start) or after_break:
                text = escape_line_start(text)
            if escape == ATX and index == len(parts) - 1 and text.endswith("#"):
                run = len(text) - len(text.rstrip("#"))
                text = text[:-run] + "\\" + text[-run:]  # not a closing sequence
            out.append(text)
        return "".join(out)


def _pieces_from_unit(unit: Unit) -> list[str]:
    """Raw pieces for a document that lost its meta: the segments as they render."""
    pieces = [unit.gaps[0]]
    for segment, gap in zip(unit.segments, unit.gaps[1:]):
        pieces += [segment.render(), gap]
    return pieces
