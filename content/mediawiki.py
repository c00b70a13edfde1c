"""MediaWiki wikitext: help pages, manuals and Translate-extension pages.

mwparserfromhell parses the page and keeps every character
(``str(parse(text)) == text``), so each node's offset in the file is the sum
of the lengths of the nodes before it. The filter walks the parse tree line
by line and cuts the page into *blocks*: headings, paragraphs, list items,
definition terms and definitions, table captions and cells, image captions.
Each block with text becomes a unit; everything else (markup, templates,
code, comments, categories) stays in the skeleton.

Inside a block, markup becomes inline codes so translators never touch it:

* ``'''bold'''`` and ``''italic''`` are paired codes; so are HTML tags.
* ``[[Target|label]]``: ``[[Target|`` and ``]]`` are paired codes around the
  label. ``[[Target]]`` without a label is one standalone code: translators
  must not change link targets, and a localized label needs a ``|label``.
* ``[https://x label]``: the URL part is a code, the label is text.
* ``[[File:x.png|thumb|caption]]``: the caption is text, the rest a code.
* Templates are standalone codes, unless ``translatable_template_params``
  names some of their parameters (then each such value is text between codes).
* ``<ref>``, ``<nowiki>``, ``<code>``, ``<pre>``, ``<syntaxhighlight>``,
  ``<math>``..., comments, categories and magic words (``__TOC__``) are
  standalone codes, or skeleton when they stand alone on a line.

The Translate extension's ``<translate>`` tags and ``<!--T:n-->`` markers
stay in the skeleton. When a page uses ``<translate>`` (option
``translate_tags="auto"``), only the text inside those tags is extracted,
as the extension does, and an unbalanced tag is a :class:`MalformedFileError`.
A unit that follows a marker gets the key ``T:n`` (``T:n.2``, ``T:n.3`` for
further blocks before the next blank line); other units are keyed by their
section (``s3.2``: the second unit of the third section).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from content.base import SkeletonFilter, build_unit, decode_text, line_of
from locflow.model import (
    UNTRANSLATED, Code, CodeIds, CodeKind, Document, Locale, Part, Segment, Slot, SpanKind, Unit, protect,
)
from locflow.model.errors import ConfigError, MalformedFileError

__all__ = ["MediaWikiFilter"]

log = logging.getLogger(__name__)

#: Tags whose content is code, data or a citation: one standalone code, never translated.
OPAQUE_TAGS = frozenset(
    {
        "ref", "references", "nowiki", "code", "pre", "syntaxhighlight", "source", "math", "chem", "ce",
        "score", "timeline", "hiero", "graph", "templatedata", "mapframe", "maplink", "gallery", "kbd",
        "samp", "var", "tvar", "languages", "categorytree", "inputbox", "charinsert", "indicator",
    }
)
#: Tags of code blocks.
_CODE_TAGS = frozenset({"pre", "syntaxhighlight", "source"})
#: Tags that may hold whole blocks (paragraphs, lists) when they span lines.
CONTAINER_TAGS = frozenset({"div", "center", "blockquote", "poem", "section", "span", "font", "translate"})
#: Wikitext list markers, as mwparserfromhell's self-closing tags.
LIST_TAGS = frozenset({"li", "dt", "dd"})

_T_MARKER = re.compile(r"<!--T:(-?\d+)-->")
#: What mwparserfromhell leaves as text but is markup: templates it could not parse
#: (``{{PLURAL:<tvar|1>6</>|...}}``), old-style ``<tvar|x>...</>``, magic words, and
#: unbalanced tags (a stray ``</div>``, an unclosed ``<translate>`` or comment).
_TEXT_CODES = re.compile(
    r"(?P<template>\{\{(?:[^{}]|\{[^{}]*\})*\}\})|(?P<variable><tvar\|[^>]*>.*?</>)"
    r"|(?P<magic>__[A-Z]+__)|(?P<translate></?translate\b[^>]*>)|(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<tag></?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>)",
    re.S | re.I,
)
_TEXT_SPAN_KINDS = (SpanKind.URL, SpanKind.EMAIL, SpanKind.PLACEHOLDER, SpanKind.TEMPLATE)
_CATEGORY = re.compile(r"\s*category\s*:", re.I)
_FILE = re.compile(r"\s*(file|image|media)\s*:", re.I)
_IMAGE_OPTION = re.compile(
    r"\s*(thumb|thumbnail|frame|framed|frameless|border|left|right|center|centre|none|baseline|sub|super"
    r"|top|text-top|middle|bottom|text-bottom|upright(\s*=?\s*[\d.]+)?|\d*(x\d+)?\s*px"
    r"|(alt|link|page|class|lang|thumb|thumbnail|upright)\s*=.*)\s*",
    re.I | re.S,
)
_ALT_OPTION = re.compile(r"\s*alt\s*=", re.I)
_TRANSLATE_SCAN = re.compile(
    r"<!--.*?(?:-->|\Z)|<nowiki\s*/>|<nowiki\b[^>]*>.*?</nowiki\s*>|<pre\b[^>]*>.*?</pre\s*>"
    r"|(?P<open><translate\b[^>]*>)|(?P<close></translate\s*>)",
    re.S | re.I,
)


# -- the Translate extension's <translate> regions ---------------------------------


def translate_regions(text: str, path: PurePosixPath) -> list[tuple[int, int]] | None:
    """The content spans of ``<translate>`` elements, or ``None`` when the page has none.

    Tags inside comments, ``<nowiki>`` and ``<pre>`` do not count. A nested,
    stray or unclosed tag is refused with its line.
    """
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    open_end = 0
    for match in _TRANSLATE_SCAN.finditer(text):
        if match.group("open"):
            if open_at is not None:
                raise MalformedFileError("<translate> inside <translate>", path=path, line=line_of(text, match.start()))
            open_at, open_end = match.start(), match.end()
        elif match.group("close"):
            if open_at is None:
                line = line_of(text, match.start())
                raise MalformedFileError("</translate> without <translate>", path=path, line=line)
            regions.append((open_end, match.start()))
            open_at = None
    if open_at is not None:
        raise MalformedFileError("<translate> is never closed", path=path, line=line_of(text, open_at))
    return regions or None


# -- keys --------------------------------------------------------------------------


@dataclass
class _Keys:
    """Hands out unit keys: ``T:n`` after a Translate marker, else ``s<section>.<n>``.

    Sections are numbered (``s0`` before the first heading, the heading of
    section 3 is ``s3``), not named after their titles, so a translated page
    re-extracts with the same keys.
    """

    section: int = 0
    count: int = 0
    marker: str | None = None
    marker_count: int = 0
    used: set[str] = field(default_factory=set)

    def heading(self) -> str:
        self.section += 1
        self.count = 0
        return self.next(f"s{self.section}")

    def next(self, structural: str | None = None) -> str:
        if self.marker is not None:
            self.marker_count += 1
            key = f"T:{self.marker}" if self.marker_count == 1 else f"T:{self.marker}.{self.marker_count}"
        elif structural is not None:
            key = structural
        else:
            self.count += 1
            key = f"s{self.section}.{self.count}"
        while key in self.used:
            key += "+"
        self.used.add(key)
        return key

    def set_marker(self, number: str) -> None:
        """A ``<!--T:n-->`` marker names the units up to the next blank line (``-1``: not yet numbered)."""
        self.marker = None if number.startswith("-") else number
        self.marker_count = 0

    def blank_line(self) -> None:
        self.marker = None


# -- inline content: nodes to text and codes ----------------------------------------


@dataclass
class _Item:
    """A top-level piece of a line: a node, or a run of text without newlines."""

    node: Node | str
    start: int

    @property
    def source(self) -> str:
        return self.node if isinstance(self.node, str) else str(self.node)

    @property
    def end(self) -> int:
        return self.start + len(self.source)


def _template_name(name: str) -> str:
    """Template names compare like MediaWiki's titles: first letter upper, ``_`` as space."""
    name = " ".join(name.replace("_", " ").split())
    return name[:1].upper() + name[1:]


class _Inline:
    """Turns the nodes of one block into text parts and codes (one instance per unit)."""

    def __init__(self, template_params: Mapping[str, frozenset[str]]) -> None:
        self.ids = CodeIds()
        self.template_params = template_params

    def code(self, data: str, type_: str, kind: CodeKind = CodeKind.STANDALONE, code_id: str | None = None) -> Code:
        return Code(code_id or self.ids.next(), kind, data, type_)

    def pair(self, opening: str, inner: list[Part], closing: str, type_: str) -> list[Part]:
        code_id = self.ids.next()
        return [
            self.code(opening, type_, CodeKind.OPEN, code_id),
            *inner,
            self.code(closing, type_, CodeKind.CLOSE, code_id),
        ]

    def items(self, items: Sequence[_Item]) -> list[Part]:
        parts: list[Part] = []
        for item in items:
            parts.extend(self.text(item.node) if isinstance(item.node, str) else self.node(item.node))
        return parts

    def wikicode(self, code: Wikicode) -> list[Part]:
        parts: list[Part] = []
        for node in code.nodes:
            parts.extend(self.node(node))
        return parts

    def text(self, text: str) -> list[Part]:
        """Plain text; markup left in it (see ``_TEXT_CODES``), URLs and e-mails become codes."""
        parts: list[Part] = []
        pos = 0
        for match in _TEXT_CODES.finditer(text):
            parts.extend(protect(text[pos : match.start()], self.ids, _TEXT_SPAN_KINDS))
            parts.append(self.code(match.group(), match.lastgroup or "markup"))
            pos = match.end()
        parts.extend(protect(text[pos:], self.ids, _TEXT_SPAN_KINDS))
        return parts

    def node(self, node: Node) -> list[Part]:
        if isinstance(node, Text):
            return self.text(node.value)
        if isinstance(node, Tag):
            return self.tag(node)
        if isinstance(node, Wikilink):
            return self.wikilink(node)
        if isinstance(node, ExternalLink):
            return self.external_link(node)
        if isinstance(node, Template):
            return self.template(node)
        if isinstance(node, HTMLEntity):
            return [self.code(str(node), SpanKind.ENTITY)]
        if isinstance(node, Comment):
            return [self.code(str(node), "comment")]
        if isinstance(node, Argument):
            return [self.code(str(node), "argument")]
        return [self.code(str(node), "markup")]

    def tag(self, tag: Tag) -> list[Part]:
        source = str(tag)
        name = str(tag.tag).strip().lower()
        if tag.self_closing or tag.contents is None or name in OPAQUE_TAGS or name in LIST_TAGS:
            return [self.code(source, "tag" if name not in OPAQUE_TAGS else name)]
        opening, closing = _markup_lengths(tag)
        type_ = {"b": "bold", "i": "italic"}.get(name, "tag") if tag.wiki_markup else "tag"
        return self.pair(source[:opening], self.wikicode(tag.contents), source[len(source) - closing :], type_)

    def wikilink(self, link: Wikilink) -> list[Part]:
        source = str(link)
        title = str(link.title)
        if link.text is None or _CATEGORY.match(title):
            return [self.code(source, "category" if _CATEGORY.match(title) else "link")]
        label_start = 2 + len(title) + 1
        if _FILE.match(title):
            return self.file_link(link, source, label_start)
        return self.pair(source[:label_start], self.wikicode(link.text), "]]", "link")

    def file_link(self, link: Wikilink, source: str, text_start: int) -> list[Part]:
        """``[[File:x.png|thumb|alt=A chart|caption]]``: the caption (the last part, when it is
        no option) and the ``alt=`` text are text between codes; the rest is markup.

        The codes pair around all of it (type ``image``, or ``image-alt`` when
        only the alt text is there), so an image alone on its line is a unit
        of kind ``caption`` (or ``alt``) without codes.
        """
        text = str(link.text)
        pieces = _option_spans(link.text)
        texts = [(alt.end(), end) for start, end in pieces if (alt := _ALT_OPTION.match(text, start, end))]
        texts = [(start, end) for start, end in texts if text[start:end].strip()]
        caption_start, caption_end = pieces[-1]
        caption = text[caption_start:caption_end]
        has_caption = bool(caption.strip()) and not _IMAGE_OPTION.fullmatch(caption)
        if has_caption:
            texts.append((caption_start, caption_end))
        if not texts:
            return [self.code(source, "image")]
        code_id = self.ids.next()
        type_ = "image" if has_caption else "image-alt"
        parts: list[Part] = [self.code(source[: text_start + texts[0][0]], type_, CodeKind.OPEN, code_id)]
        for index, (start, end) in enumerate(texts):
            if index:
                parts.append(self.code(text[texts[index - 1][1] : start], "image"))
            parts.extend(self.wikicode(mwparserfromhell.parse(text[start:end])))
        parts.append(self.code(source[text_start + texts[-1][1] :], type_, CodeKind.CLOSE, code_id))
        return parts

    def external_link(self, link: ExternalLink) -> list[Part]:
        source = str(link)
        if link.title is None or not link.brackets or not str(link.title).strip():
            return [self.code(source, SpanKind.URL)]
        label_start = len(source) - 1 - len(str(link.title))
        return self.pair(source[:label_start], self.wikicode(link.title), "]", "link")

    def template(self, template: Template) -> list[Part]:
        """A standalone code, or codes around the values of configured parameters."""
        source = str(template)
        wanted = self.template_params.get(_template_name(str(template.name)), frozenset())
        spans: list[tuple[int, int, Wikicode]] = []
        offset = 2 + len(str(template.name))
        for param in template.params:
            offset += 1  # the "|"
            param_source = str(param)
            if str(param.name).strip() in wanted:
                value_start = offset + len(param_source) - len(str(param.value))
                spans.append((value_start, offset + len(param_source), param.value))
            offset += len(param_source)
        if not spans:
            return [self.code(source, SpanKind.TEMPLATE)]
        parts: list[Part] = []
        pos = 0
        for start, end, value in spans:
            parts.append(self.code(source[pos:start], "template-frame"))
            parts.extend(self.wikicode(value))
            pos = end
        parts.append(self.code(source[pos:], "template-frame"))
        return parts


# -- blocks: lines of top-level items ------------------------------------------------


@dataclass
class _Block:
    """A unit-to-be: its items (a slice of the page) and what kind of block it is."""

    items: list[_Item]
    kind: str
    key: str


def _lines(code: Wikicode, offset: int) -> Iterator[list[_Item]]:
    """Split top-level nodes into lines; newlines inside templates, tags or links do not count."""
    line: list[_Item] = []
    pos = offset
    for node in code.nodes:
        if isinstance(node, Text):
            pieces = node.value.split("\n")
            for i, piece in enumerate(pieces):
                if i:
                    yield line
                    line = []
                    pos += 1
                if piece:
                    line.append(_Item(piece, pos))
                    pos += len(piece)
        else:
            line.append(_Item(node, pos))
            pos += len(str(node))
    yield line


def _is_blank(line: Sequence[_Item]) -> bool:
    return all(isinstance(i.node, str) and not i.node.strip() for i in line)


def _tag_name(item: _Item) -> str | None:
    return str(item.node.tag).strip().lower() if isinstance(item.node, Tag) else None


def _marker(item: _Item) -> str | None:
    if isinstance(item.node, Comment):
        match = _T_MARKER.fullmatch(str(item.node))
        return match.group(1) if match else None
    return None


_BLOCK_KINDS = frozenset({"heading", "list", "table", "container", "template"})


def _significant(line: Sequence[_Item]) -> list[_Item]:
    return [i for i in line if not (isinstance(i.node, str) and not i.node.strip())]


class _PageWalker:
    """Cuts one region of a page into blocks, recursing into tables and container tags."""

    def __init__(self, keys: _Keys, template_params: Mapping[str, frozenset[str]]) -> None:
        self.keys = keys
        self.template_params = template_params
        self.blocks: list[_Block] = []
        self.in_broken_table = False

    def walk(self, code: Wikicode, offset: int, *, inline_start: bool = False, kind: str = "paragraph") -> None:
        """Lines with text join into paragraphs until a blank line or another kind of block.

        ``inline_start``: the first line continues markup (a table cell), so it
        is never preformatted.
        """
        paragraph: list[_Item] = []
        for index, line in enumerate(_lines(code, offset)):
            line_kind = self._line_kind(line, continues_markup=inline_start and index == 0)
            if line_kind == "text":
                if paragraph:
                    paragraph.append(_Item("\n", paragraph[-1].end))
                    if any(_marker(item) for item in line):
                        log.debug("a Translate marker inside a paragraph (offset %d) names nothing", line[0].start)
                else:
                    self._markers(line)
                paragraph.extend(line)
                continue
            self._paragraph(paragraph, kind)
            paragraph = []
            if line_kind == "blank":
                self.keys.blank_line()
                continue
            self._markers(line)
            if line_kind in _BLOCK_KINDS:
                self._block(line_kind, line)
        self._paragraph(paragraph, kind)

    # -- classification --------------------------------------------------------
    def _line_kind(self, line: Sequence[_Item], *, continues_markup: bool) -> str:
        """``blank``, ``text`` (part of a paragraph), a block kind, or ``kept`` (skeleton).

        Kept lines: preformatted ones (starting with a space), lines without
        text (a template, a category, a comment), and a table the parser could
        not read (``{|`` never closed), which MediaWiki still shows as a table.
        """
        if _is_blank(line):
            return "blank"
        first = line[0].node
        if self.in_broken_table or (isinstance(first, str) and first.startswith("{|")):
            self.in_broken_table = not (isinstance(first, str) and first.startswith("|}"))
            if isinstance(first, str) and first.startswith("{|"):
                log.warning("a table opened at offset %d is never closed; its text is not extracted", line[0].start)
            return "kept"
        if not continues_markup and isinstance(first, str) and first.startswith(" "):
            return "kept"
        block_kind = self._block_kind(line)
        if block_kind is not None:
            return block_kind
        return "text" if self._has_text(line) else "kept"

    def _markers(self, line: Sequence[_Item]) -> None:
        for item in line:
            number = _marker(item)
            if number is not None:
                self.keys.set_marker(number)

    def _block_kind(self, line: Sequence[_Item]) -> str | None:
        significant = _significant(line)
        first = significant[0]
        if isinstance(first.node, Heading):
            return "heading"
        name = _tag_name(first)
        if name in LIST_TAGS and first.node.wiki_markup:
            return "list"
        if name == "table":
            return "table"
        if name in CONTAINER_TAGS and len(significant) == 1 and "\n" in str(first.node.contents or ""):
            return "container"
        if len(significant) == 1 and isinstance(first.node, Template) and self._has_text(significant):
            return "template"
        return None

    def _has_text(self, items: Sequence[_Item]) -> bool:
        parts = _Inline(self.template_params).items(items)
        return any(isinstance(p, str) and any(ch.isalnum() for ch in p) for p in parts)

    # -- blocks ------------------------------------------------------------------
    def _block(self, kind: str, line: list[_Item]) -> None:
        if kind == "heading":
            heading = next(i for i in line if isinstance(i.node, Heading))
            title = heading.node.title
            start = heading.start + heading.node.level
            items = [_Item(node, pos) for node, pos in _children(title, start)]
            self.blocks.append(_Block(items, "heading", self.keys.heading()))
        elif kind == "list":
            self._list_item(line)
        elif kind == "table":
            table = next(i for i in line if _tag_name(i) == "table")
            self._table(table.node, table.start)
        elif kind == "template":
            self.blocks.append(_Block(_significant(line), "template", self.keys.next()))
        elif kind == "container":
            tag = _significant(line)[0]
            inner_start = _contents_start(tag.node, tag.start)
            self.walk(tag.node.contents, inner_start, inline_start=True)

    def _paragraph(self, items: list[_Item], kind: str) -> None:
        if items:
            self.blocks.append(_Block(items, kind, self.keys.next()))

    def _list_item(self, line: list[_Item]) -> None:
        """``* item``, ``# item``, ``; term : definition``: markers stay, each part is a unit."""
        content = line[line.index(_significant(line)[0]) :]
        marker = "li"
        while content and _tag_name(content[0]) in LIST_TAGS and content[0].node.wiki_markup:
            marker = _tag_name(content.pop(0))
        kinds = {"dt": "term", "dd": "definition", "li": "list-item"}
        pieces: list[tuple[str, list[_Item]]] = [(kinds[marker], [])]
        for item in content:
            if _tag_name(item) == "dd" and item.node.wiki_markup and pieces[0][0] == "term":
                pieces.append(("definition", []))
                continue
            pieces[-1][1].append(item)
        for kind, items in pieces:
            if self._has_text(items):
                self.blocks.append(_Block(items, kind, self.keys.next()))

    def _table(self, table: Tag, start: int) -> None:
        """Each cell's content is walked like a page of its own; attributes stay in the skeleton."""
        for node, pos in _children(table.contents, _contents_start(table, start)):
            name = _tag_name(_Item(node, pos))
            if name == "tr":
                self._table(node, pos)
            elif name in ("td", "th"):
                contents_start = _contents_start(node, pos)
                kind = "table-header" if name == "th" else "table-cell"
                code = node.contents
                if name == "td" and node.wiki_markup == "|" and str(code).startswith("+"):  # |+ caption
                    kind, code = "table-caption", mwparserfromhell.parse(str(code)[1:])
                    contents_start += 1
                self.walk(code, contents_start, inline_start=True, kind=kind)


def _option_spans(code: Wikicode) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each ``|``-separated part of a file link's text (pipes inside
    templates or links do not separate)."""
    spans: list[tuple[int, int]] = []
    start = offset = 0
    for node in code.nodes:
        if isinstance(node, Text):
            for match in re.finditer(r"\|", node.value):
                spans.append((start, offset + match.start()))
                start = offset + match.end()
        offset += len(str(node))
    spans.append((start, offset))
    return spans


def _children(code: Wikicode, offset: int) -> Iterator[tuple[Node, int]]:
    for node in code.nodes:
        yield node, offset
        offset += len(str(node))


def _markup_lengths(tag: Tag) -> tuple[int, int]:
    """How many characters of a tag's source stand before and after its contents.

    Bold, italic and tables close with wiki markup, table rows and cells with
    nothing, HTML tags with ``</name>`` unless the closing tag is implicit.
    """
    source = str(tag)
    if tag.wiki_markup or tag.implicit:
        closing = len(tag.closing_wiki_markup or "")
    else:
        closing = len(source) - source.rfind("</")
    return len(source) - len(str(tag.contents)) - closing, closing


def _contents_start(tag: Tag, start: int) -> int:
    """Where the contents of a tag that starts at ``start`` begin in the page."""
    return start + _markup_lengths(tag)[0]


# -- the filter --------------------------------------------------------------------


#: The kind of a unit that is all inside one pair of codes of these types: an image alone on its line.
_WRAPPER_KINDS = {"image": "caption", "image-alt": "alt"}
#: Codes that may be left out of a unit when they stand at its start or end.
_INERT_TYPES = frozenset({"comment", "category", "magic", "translate", "template-frame"})


def _trim(parts: list[Part]) -> tuple[int, list[Part], int, str]:
    """Drop inert codes and whitespace at the ends, and a code pair around everything.

    Returns the lengths dropped at the start and end, so the unit's place in
    the page can be adjusted (what is dropped stays in the skeleton), and the
    type of the outermost pair dropped (``image`` for a caption).
    """
    lead = trail = 0
    wrapper = ""
    while True:
        if parts and isinstance(parts[0], Code) and parts[0].type in _INERT_TYPES:
            lead += len(parts.pop(0).data)
        elif parts and isinstance(parts[-1], Code) and parts[-1].type in _INERT_TYPES:
            trail += len(parts.pop().data)
        elif parts and isinstance(parts[0], str) and not parts[0].strip():
            lead += len(parts.pop(0))
        elif parts and isinstance(parts[-1], str) and not parts[-1].strip():
            trail += len(parts.pop())
        elif (
            len(parts) >= 2
            and isinstance(parts[0], Code)
            and isinstance(parts[-1], Code)
            and parts[0].kind == CodeKind.OPEN
            and parts[-1].kind == CodeKind.CLOSE
            and parts[0].id == parts[-1].id
        ):
            wrapper = wrapper or parts[0].type
            lead += len(parts.pop(0).data)
            trail += len(parts.pop().data)
        else:
            return lead, parts, trail, wrapper


#: Line structure belongs to the skeleton: a translated line break becomes a space.
_ESCAPES = [
    ("\n", " "),
    ("<", "&lt;"),
    ("[[", "[<nowiki/>["),
    ("]]", "]<nowiki/>]"),
    ("{{", "{<nowiki/>{"),
    ("}}", "}<nowiki/>}"),
    ("''", "'<nowiki/>'"),
    ("~~~", "~~<nowiki/>~"),
    ("__", "_<nowiki/>_"),
]
_KIND_ESCAPES = {"cell": [("|", "&#124;"), ("!!", "!&#33;")], "image": [("|", "&#124;")]}


def _slot_escape(block: _Block, unit: Unit) -> str:
    """``cell`` in a table, ``image`` for a caption or alt text alone on its line, else none."""
    if block.kind.startswith("table"):
        return "cell"
    return "image" if unit.kind in _WRAPPER_KINDS.values() else ""


class MediaWikiFilter(SkeletonFilter):
    """Wikitext pages; see the module docstring for what is text and what is code."""

    name = "mediawiki"
    extensions = (".wiki", ".mediawiki", ".wikitext")
    options: Mapping[str, Any] = {
        #: template name -> names of parameters whose values are translated.
        "translatable_template_params": {},
        #: "auto": when the page has <translate> tags, extract only inside them; "ignore": always all.
        "translate_tags": "auto",
    }

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        if self.config["translate_tags"] not in ("auto", "ignore"):
            raise ConfigError(f"translate_tags must be 'auto' or 'ignore', not {self.config['translate_tags']!r}")
        self.template_params = {
            _template_name(name): frozenset(str(p) for p in params)
            for name, params in dict(self.config["translatable_template_params"]).items()
        }

    @classmethod
    def sniff(cls, data: bytes, path: PurePosixPath) -> bool:
        head = data[:4096]
        return bool(re.search(rb"^={2,6}[^=\n]+={2,6}\s*$", head, re.M)) and b"[[" in data

    def extract(self, data: bytes, *, path: PurePosixPath, locale: Locale) -> Document:
        text, encoding = decode_text(data, path)
        regions = translate_regions(text, path) if self.config["translate_tags"] == "auto" else None
        walker = _PageWalker(_Keys(), self.template_params)
        untranslated: Counter[str] = Counter()
        for start, end in regions or [(0, len(text))]:
            code = mwparserfromhell.parse(text[start:end])
            walker.keys.blank_line()  # a marker names units of its own <translate> section only
            walker.walk(code, start)
            untranslated.update(self._left_untranslated(code))
        units: list[Unit] = []
        skeleton: list[str | Slot] = []
        pos = 0
        for block in walker.blocks:
            unit, start, end = self._unit(block, locale)
            if unit is None:
                continue
            skeleton.append(text[pos:start])
            skeleton.append(Slot(unit.key, _slot_escape(block, unit)))
            units.append(unit)
            pos = end
        skeleton.append(text[pos:])
        meta = {"translate_regions": len(regions or []), UNTRANSLATED: dict(untranslated)}
        return Document(path, self.name, tuple(units), tuple(skeleton), encoding, meta)

    def _left_untranslated(self, code: Wikicode) -> Counter[str]:
        """Templates with text in parameters none of which are translated (see
        ``translatable_template_params``), and code blocks."""
        counts: Counter[str] = Counter()
        for template in code.filter_templates(recursive=True):
            wanted = self.template_params.get(_template_name(str(template.name)), frozenset())
            names = {str(param.name).strip() for param in template.params}
            has_text = any(any(ch.isalpha() for ch in str(param.value)) for param in template.params)
            counts["templates"] += has_text and not names & wanted
        counts["code blocks"] = sum(str(tag.tag).strip().lower() in _CODE_TAGS for tag in code.filter_tags(recursive=True))
        return counts

    def _unit(self, block: _Block, locale: Locale) -> tuple[Unit | None, int, int]:
        parts = _Inline(self.template_params).items(block.items)
        start, end = block.items[0].start, block.items[-1].end
        lead, parts, trail, wrapper = _trim(parts)
        unit = build_unit(block.key, parts, locale, kind=_WRAPPER_KINDS.get(wrapper, block.kind))
        if not any(segment.has_text() for segment in unit.segments):
            return None, start, start
        return unit, start + lead, end - trail

    def render_target(self, segment: Segment, slot: Slot) -> str:
        """A translated segment; text between an image's codes (a caption, an alt text) is
        escaped as an image option, where ``|`` would start another option."""
        out: list[str] = []
        depth = 0
        for part in segment.parts:
            if isinstance(part, Code):
                if part.type in _WRAPPER_KINDS:
                    depth += {CodeKind.OPEN: 1, CodeKind.CLOSE: -1}.get(part.kind, 0)
                out.append(part.data)
            else:
                out.append(self.escape(part, slot.escape or ("image" if depth > 0 else "")))
        return "".join(out)

    def escape(self, text: str, kind: str) -> str:
        """Keep translated text from turning into markup (links, templates, bold, cells, image options)."""
        for plain, escaped in _ESCAPES + _KIND_ESCAPES.get(kind, []):
            text = text.replace(plain, escaped)
        return text
