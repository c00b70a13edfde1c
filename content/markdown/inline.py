"""Inline tokens -> segment parts that remember their original characters.

:class:`InlineReader` walks markdown-it's inline tokens over a :class:`Region`
with a cursor, so every token is matched against the characters it came from.
Text becomes one-character parts (what a translator reads: escapes resolved,
line breaks as spaces); markup becomes codes whose data is the original text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from content.markdown.parser import MASKS
from content.markdown.source import Misaligned, Region
from content.markdown.titles import TitleSpan, inline_title
from locflow.model import Code, CodeKind, Part, find_protected_spans

__all__ = ["InlineReader", "LinkTitle"]


@dataclass(frozen=True, slots=True)
class LinkTitle:
    """A link's or image's title: in the code ``code_id`` (of type ``link`` or ``image``) at
    ``code_offset``, and at ``[start, end)`` in the original text."""

    code_id: str
    code_type: str
    start: int
    end: int
    code_offset: int
    opener: str


@dataclass(eq=False, slots=True)
class _Pending:
    """A code whose id is given when the block is complete (HTML tags pair up late)."""

    kind: CodeKind
    data: str
    type: str
    partner: _Pending | None = None
    matched: bool = False
    html_name: str = ""  # lower-case tag name of an opening HTML tag
    label_start: int = 0  # links and images: where the link text starts
    title: str = ""  # links and images: the title markdown-it read


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
    "mark_open": ("mark_close", "highlight"),
}
#: Dialect tokens that are one standalone code, with the code type; their text is ``content``.
_WHOLE = {"wikilink": "wikilink", "comment": "comment", "block_id": "block-id"}
_MATH = {"math_inline": "$", "math_inline_double": "$$"}
_CLOSERS = {closer for closer, _ in _PAIRED.values()}


class InlineReader:
    """Walks markdown-it's inline tokens over a region and produces segment parts.

    ``parts`` are one-character strings (the text a translator sees) and
    pending codes; ``bounds`` gives, for every character of the parts
    rendered, its offset in the original text, so any split of the unit maps
    back to original characters. Only ``[lo, hi)`` of the region is kept
    (heading anchors and task boxes stay outside the unit).
    """

    def __init__(self, region: Region, text: str, lo: int = 0, hi: int | None = None) -> None:
        self.content = region.content
        self.offsets = region.bounds  # original offset of each boundary of content
        self.text = text
        self.lo = lo
        self.hi = len(self.content) if hi is None else hi
        self.pos = 0
        self.parts: list[str | _Pending] = []
        self.bounds: list[int] = []
        self.run: list[tuple[str, int, int, str]] = []
        self.stack: list[_Pending] = []
        self.labels: dict[int, str] = {}  # id() of a closing code -> reference label
        self.titles: list[tuple[_Pending, TitleSpan, int]] = []  # closing code, its title, where the code starts
        self.wikilink_targets: list[tuple[int, int]] = []  # original offsets of each wikilink's target
        self.code_ids: dict[int, str] = {}  # id() of a code's pending -> its code id, once assigned

    # -- walking -------------------------------------------------------------------
    def read(self, tokens: Sequence[Token], base: int = 0) -> None:
        """Consume ``tokens`` from the cursor on; ``base`` offsets positions recorded by a nested parse.

        markdown-it parses an image's alt text on its own, so the ends recorded
        for links inside it count from the start of the alt text.
        """
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
                self.pos = self.content.index(">", start) + 1
                scheme = re.match(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:", self.content[start : self.pos])
                self._code((start, self.pos), "url" if scheme else "email")
                skipping_autolink = True
            elif kind == "link_open":
                self._open(self._expect("["), "link").title = str(token.attrs.get("title", ""))
            elif kind == "link_close":
                self._close_link(token.meta["tail_end"] + base)
            elif kind == "image":
                self._open(self._expect("!["), "image").title = str(token.attrs.get("title", ""))
                self.read(token.children or (), base=self.pos)
                self._close_link(token.meta["tail_end"] + base)
            elif kind == "html_inline":
                self._html(self._expect(token.content))
            elif kind in _WHOLE:
                self._wikilink_target(token)
                self._code(self._expect(token.content), _WHOLE[kind])
            elif kind == "wikilink_open":
                self._wikilink_target(token)
                self._open(self._expect(token.markup), "wikilink")
            elif kind == "wikilink_close":
                self._close(self._expect("]]"))
            elif kind == "footnote_ref":
                self._code(self._expect(f"[^{token.meta['label']}]"), "footnote")
            elif kind in _MATH:
                self._code(self._expect(_MATH[kind] + token.content + _MATH[kind]), "math")
            elif kind == "myst_role":
                self._code(self._role_span(token.meta["name"], token.content), "role")
            else:
                raise Misaligned(f"unexpected inline token {kind}")

    def result(self) -> tuple[list[Part], list[int], dict[str, str]]:
        """Parts with code ids assigned, their character bounds, and reference labels by code id.

        :meth:`titles_found` then gives the titles of the links in the unit.
        """
        self._flush()
        if self.pos != len(self.content):
            raise Misaligned(f"inline content not consumed: {self.content[self.pos:]!r}")
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
            self.code_ids[id(part)] = code_id
            if id(part) in self.labels:
                labels[code_id] = self.labels[id(part)]
        return parts, self.bounds + [self.offsets[self.hi]], labels

    def titles_found(self) -> list[LinkTitle]:
        """The titles of the unit's links and images, where they are in the original text.

        A title that does not stand as it is on one line of the original (one
        broken over a quote's lines) is left as it is.
        """
        found = []
        for closer, span, code_start in self.titles:
            start, end = self.offsets[span.start], self.offsets[span.end]
            if id(closer) not in self.code_ids or end - start != span.end - span.start:
                continue
            code_offset = start - self.offsets[code_start]
            found.append(LinkTitle(self.code_ids[id(closer)], closer.type, start, end, code_offset, span.opener))
        return found

    # -- positions -------------------------------------------------------------------
    def _expect(self, literal: str) -> tuple[int, int]:
        if not self.content.startswith(literal, self.pos):
            raise Misaligned(f"expected {literal!r} at {self.content[self.pos:self.pos + 20]!r}")
        start = self.pos
        self.pos += len(literal)
        return start, self.pos

    def _match(self, pattern: re.Pattern[str]) -> tuple[int, int]:
        match = pattern.match(self.content, self.pos)
        if match is None:
            raise Misaligned(f"expected {pattern.pattern!r} at {self.content[self.pos:self.pos + 20]!r}")
        self.pos = match.end()
        return match.span()

    def _code_span(self, fence: str) -> tuple[int, int]:
        start, _ = self._expect(fence)
        closing = re.compile(r"(?<!`)" + fence + r"(?!`)").search(self.content, self.pos)
        if closing is None:
            raise Misaligned("unclosed code span")
        self.pos = closing.end()
        return start, self.pos

    def _role_span(self, name: str, content: str) -> tuple[int, int]:
        """A MyST role: ``{name}``, a run of backticks, ``content``, as many backticks.

        Measured the way mdit-py-plugins reads it (the first run of as many
        backticks closes it), which is not quite CommonMark's code span.
        """
        start, _ = self._expect("{" + name + "}")
        ticks = re.match(r"`*", self.content[self.pos :])
        assert ticks is not None
        self.pos += 2 * len(ticks[0]) + len(content)
        if not ticks[0] or self.pos > len(self.content):
            raise Misaligned("a role without its content")
        return start, self.pos

    def _wikilink_target(self, token: Token) -> None:
        """Remember where a wikilink's page name is in the original text (for localized page names)."""
        target = token.meta.get("target")
        if target is None:
            return
        at = self.content.find(target, self.pos)
        if at >= 0 and self.lo <= at and at + len(target) <= self.hi:
            self.wikilink_targets.append((self.offsets[at], self.offsets[at + len(target)]))

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
            fitted = _fit(start + span.start, start + span.end, atomic)
            if fitted is not None:
                spans.append((*fitted, span.type))
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
        ch = self.content[at]
        return self.text[self.offsets[at]] if ch in MASKS else ch

    def _char(self, norm: str, at: int) -> None:
        if self.lo <= at < self.hi:
            self.parts.append(norm)
            self.bounds.append(self.offsets[at])

    # -- codes ------------------------------------------------------------------------
    def _code(self, span: tuple[int, int], code_type: str, kind: CodeKind = CodeKind.STANDALONE) -> _Pending:
        self._flush()
        start, end = span
        if not (self.lo <= start and end <= self.hi):
            if end <= self.lo or start >= self.hi:
                return _Pending(kind, "", code_type)
            raise Misaligned("code crosses the unit's edge")
        data = self.text[self.offsets[start] : self.offsets[end]]
        pending = _Pending(kind, data, code_type)
        self.parts.append(pending)
        self.bounds.extend(range(self.offsets[start], self.offsets[end]))
        return pending

    def _hard_break(self, span: tuple[int, int]) -> None:
        """A hard line break: a code, then a space of no width in the original.

        The space lets the segmenter see the break as whitespace ("below.<br>Most"
        can end a sentence) and reads naturally; it is never written back.
        """
        self._code(span, "linebreak")
        if self.lo <= span[1] <= self.hi and span[1] < len(self.content):
            self.parts.append(" ")
            self.bounds.append(self.offsets[span[1]])

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
        assert closer.partner is not None
        span = inline_title(self.content, start, tail_end, closer.partner.title)
        if span is not None:
            self.titles.append((closer, span, start))
        if self.content[start:tail_end] in ("]", "][]"):  # shortcut or collapsed reference: text is the label
            assert closer.partner is not None
            self.labels[id(closer)] = " ".join(self.content[closer.partner.label_start : start].split())

    def _html(self, span: tuple[int, int]) -> None:
        tag = self.content[span[0] : span[1]]
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


def _fit(a: int, b: int, atomic: Sequence[tuple[int, int, str]]) -> tuple[int, int] | None:
    """A protected span [a, b) made to respect escapes, entities and line breaks, or None.

    A span may contain such a piece whole; one that ends inside a piece
    (``http://x\\]``) ends before it instead; one that starts inside a piece
    (``\\{name}``: the brace is escaped) or spans a line break is no code.
    """
    for x, y, kind in atomic:
        if not (a < y and x < b):
            continue
        if kind == "break" or x < a:
            return None
        if b < y:  # the span ends inside the piece
            b = x
    return (a, b) if a < b else None
