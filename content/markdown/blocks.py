"""Extraction: which blocks of a Markdown file become units, under which keys.

:class:`Extraction` walks markdown-it's block tokens, locates each translatable
block in the original text (:mod:`content.markdown.source`), reads its inline
content (:mod:`content.markdown.inline`), splits it into sentences with
:func:`content.base.build_unit`, and records the raw characters of every
segment and gap so that merging can write untranslated text exactly as it was.
Link and image titles become units of their own (:mod:`content.markdown.titles`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from markdown_it.token import Token

from content.base import build_unit, line_of
from content.markdown.frontmatter import FrontMatterValue, read_front_matter
from content.markdown.inline import InlineReader, LinkTitle
from content.markdown.parser import DEFINITIONS, detect_dialects, markdown_parser
from content.markdown.source import (
    Lines,
    Misaligned,
    Region,
    atx_region,
    lines_region,
    row_regions,
    single_line_region,
)
from content.markdown.titles import TITLE, definition_title, title_value
from locflow.model import UNTRANSLATED, CodeIds, Document, Locale, Segment, Slot, Unit, protect

__all__ = [
    "ATX", "BLOCK", "DIALECTS", "INLINE", "RAW", "REF_LABELS", "TABLE", "TITLES", "WIKILINKS", "Extraction",
    "absorb_textless",
]

log = logging.getLogger(__name__)

#: Slot escape kinds: where a unit sits decides what its translated text must escape.
BLOCK = "block"  # starts a line: paragraphs, list items, quotes, setext headings
ATX = "atx"  # after "# " on a heading line
INLINE = "inline"  # inside a line: admonition titles
TABLE = "table"  # a table cell
# front matter values use the styles of content.markdown.frontmatter (yaml-..., toml)

#: Keys of ``Document.meta``: raw pieces per unit, the labels of shortcut reference links,
#: the dialects the file was read with, where the wikilink targets are (offsets in the text),
#: and the titles inside links' codes, each ``[title unit key, start, end, unit key of the
#: link, code id, offset in the code's data, opening quote]``.
RAW = "raw"
REF_LABELS = "ref_labels"
DIALECTS = "dialects"
WIKILINKS = "wikilinks"
TITLES = "titles"

#: Block tokens that contain blocks: a paragraph's kind and note come from the innermost one.
_CONTAINERS = {
    "blockquote_open": ("quote", "Block quote"),
    "list_item_open": ("list-item", "List item"),
    "callout_open": ("callout", "Callout “{name}”"),
    "admonition_open": ("admonition", "Admonition “{name}”"),
    "tab_open": ("tab", "Content tab “{name}”"),
    "footnote_reference_open": ("footnote", "Footnote [^{name}]"),
    "dd_open": ("definition", "Definition"),
    "myst_directive_open": ("directive", "Directive “{name}”"),
}
#: Openers of a title line and the translator's note for it.
_TITLES = {
    "callout_title_open": "Title of a “{name}” callout",
    "admonition_title_open": "Title of a “{name}” admonition",
    "tab_title_open": "Title of a content tab",
    "myst_directive_title_open": "Argument of a “{name}” directive",
}


def absorb_textless(unit: Unit) -> Unit:
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


_MARKUP = re.compile(r"<!--.*?(?:-->|\Z)|<[^>]*>", re.S)


def _left_untranslated(tokens: Sequence[Token]) -> dict[str, int]:
    """Blocks kept as they are: code blocks, and HTML blocks that hold text (``<div>Note...</div>``)."""
    code = sum(token.type in ("fence", "code_block") for token in tokens)
    html = sum(token.type == "html_block" and any(c.isalnum() for c in _MARKUP.sub("", token.content)) for token in tokens)
    return {"code blocks": code, "HTML blocks with text": html}


def _plain_text(unit: Unit, limit: int = 60) -> str:
    """The unit's text on one line, shortened for a translator's note."""
    text = " ".join(" ".join(segment.text.split()) for segment in unit.segments)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_HEADING_ANCHOR = re.compile(r"[ \t]*\{#([^\s{}]+)[^{}]*\}\Z")
_ANCHOR_KEY = re.compile(r"[A-Za-z][\w-]*")
_TASK_BOX = re.compile(r"\[[ xX]\][ \t]+(?=\S)")
#: An admonition line with a quoted title, read as mdit-py-plugins' admon reads it.
_QUOTED_TITLE = re.compile(r'(?:!!!|\?\?\?\+?)[ \t]*[^"\s](?:[^"]*[^"\s])?\s+"(.*)"[^\s"]*[ \t]*\Z')
_BLOCK_ID_END = re.compile(r"[ \t]+\^[A-Za-z0-9][A-Za-z0-9-]*[ \t]*\Z")


def _container_name(token: Token) -> str:
    """The type of a callout, admonition or directive, the title of a tab, a footnote's label."""
    if token.type == "admonition_open":
        return str(token.meta.get("tag", ""))
    if token.type == "footnote_reference_open":
        return str(token.meta.get("label", ""))
    return token.info


def _paragraph_kind(containers: Sequence[Token]) -> tuple[str, str]:
    """A paragraph's unit kind and note, from the container it is in."""
    if not containers:
        return "paragraph", "Paragraph"
    innermost = containers[-1]
    kind, what = _CONTAINERS[innermost.type]
    if kind == "list-item":
        what += f", level {sum(c.type == 'list_item_open' for c in containers)}"
    return kind, what.format(name=_container_name(innermost))


def _quoted_title_region(lines: Lines, line: int, content: str) -> Region:
    """An admonition's ``"Title"``: only a quoted title is text (``!!! note`` alone shows a default)."""
    body = lines.bodies[line]
    match = _QUOTED_TITLE.search(body)
    if match is None or match[1] != content:
        raise Misaligned(f"line {line + 1}: no quoted title {content!r}")
    return single_line_region(lines, line, match.start(1), content)
_MDX_STATEMENT = re.compile(r"(?:import|export)\s")


@dataclass
class _Placement:
    """Where a unit's slot replaces the original characters ``text[start:end]``."""

    start: int
    end: int
    slot: Slot


@dataclass
class Extraction:
    """One extraction run: walks the tokens, names units, records where they sit."""

    text: str
    path: PurePosixPath
    locale: Locale
    config: Mapping[str, Any]
    lines: Lines = field(init=False)
    units: list[Unit] = field(default_factory=list)
    placements: list[_Placement] = field(default_factory=list)
    raw: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    section: str = ""
    section_title: str = ""
    headings: int = 0
    blocks: int = 0
    section_names: set[str] = field(default_factory=set)
    dialects: frozenset[str] = frozenset()
    wikilinks: list[tuple[int, int]] = field(default_factory=list)
    titles: list[list[Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lines = Lines(self.text)

    # -- the whole file ----------------------------------------------------------------
    def document(self, format_name: str, encoding: str) -> Document:
        values, body_start = read_front_matter(self.lines, self.config["front_matter_fields"], self.path)
        for value in values:
            self._front_matter_value(value)
        body = self.lines.parse_text(body_start)
        self.dialects = dialects = detect_dialects(body, self.config["dialects"])
        env: dict[str, Any] = {}
        tokens = markdown_parser(bool(self.config["directives"]), dialects).parse(body, env)
        self._walk(tokens)
        self._definitions(body, env.get(DEFINITIONS, ()))
        meta = {
            RAW: self.raw, REF_LABELS: self.labels, DIALECTS: sorted(dialects), WIKILINKS: self.wikilinks,
            TITLES: self.titles, UNTRANSLATED: _left_untranslated(tokens),
        }
        return Document(
            path=self.path, format=format_name, units=tuple(self.units), skeleton=self._skeleton(), encoding=encoding, meta=meta
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
        containers: list[Token] = []
        for index, token in enumerate(tokens):
            kind = token.type
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if kind in _CONTAINERS:
                containers.append(token)
            elif kind.removesuffix("_close") + "_open" in _CONTAINERS and token.nesting == -1:
                containers.pop()
            elif following is None or following.type != "inline":
                if kind == "table_open":
                    self._table(tokens, index)
            elif kind == "heading_open":
                self._heading(token, following)
            elif kind == "paragraph_open":
                self._paragraph(following, containers)
            elif kind in _TITLES:
                self._title(token, following, containers[-1] if containers else None)
            elif kind == "dt_open":
                self._term(following)
            elif kind == "directive":
                self._directive(token, following)

    def _heading(self, token: Token, inline: Token) -> None:
        atx = token.markup.startswith("#")
        assert token.map is not None
        line, end = token.map
        if atx:
            region = self._region(lambda: atx_region(self.lines, line, inline.content), line)
        else:  # setext: the text lines, then the underline
            region = self._region(lambda: lines_region(self.lines, line, inline.content, end - 1), line)
        anchor = _HEADING_ANCHOR.search(inline.content)
        key = self._enter_section(anchor[1] if anchor else None)
        self.section_title = ""
        if region is None:
            return
        note = f"Heading, level {token.tag[1]}"
        hi = anchor.start() if anchor else None
        # a heading is one title: "1. Read the documentation" is not two sentences
        unit = self._add(key, region, inline, kind="heading", note=note, escape=ATX if atx else BLOCK, hi=hi, segment=False)
        if unit is not None:
            self.section_title = _plain_text(unit)

    def _paragraph(self, inline: Token, containers: Sequence[Token]) -> None:
        key = self._next_block_key()
        assert inline.map is not None
        line, end = inline.map
        if not containers and all(_MDX_STATEMENT.match(row) for row in inline.content.split("\n")):
            return  # MDX import/export statements: code, not prose
        region = self._region(lambda: lines_region(self.lines, line, inline.content, end), line)
        if region is None:
            return
        kind, what = _paragraph_kind(containers)
        lo = 0
        if kind == "list-item" and "tasklists" not in self.dialects:
            box = _TASK_BOX.match(inline.content)
            lo = box.end() if box else 0
        self._add(key, region, inline, kind=kind, note=what, escape=BLOCK, lo=lo)

    def _title(self, opening: Token, inline: Token, container: Token | None) -> None:
        """The title of a callout, admonition, content tab or MyST directive: one unit on its line."""
        assert inline.map is not None
        line = inline.map[0]
        if opening.type == "admonition_title_open" and not _QUOTED_TITLE.search(self.lines.bodies[line]):
            return  # "!!! note" shows a default title: nothing written to translate
        key = self._next_block_key()
        region = self._region(lambda: self._title_region(opening, inline), line)
        if region is None:
            return
        what = _TITLES[opening.type].format(name=_container_name(container) if container is not None else "")
        kind = opening.type.removesuffix("_title_open").replace("_", "-") + "-title"
        self._add(key, region, inline, kind=kind, note=what, escape=INLINE)

    def _title_region(self, opening: Token, inline: Token) -> Region:
        assert inline.map is not None
        line = inline.map[0]
        if "src_pos" in inline.meta:
            row, col = self.lines.line_col(inline.meta["src_pos"])
            return single_line_region(self.lines, row, col, inline.content)
        if opening.type == "admonition_title_open":
            return _quoted_title_region(self.lines, line, inline.content)
        return lines_region(self.lines, line, inline.content, line + 1)

    def _term(self, inline: Token) -> None:
        key = self._next_block_key()
        assert inline.map is not None
        line = inline.map[0]
        region = self._region(lambda: lines_region(self.lines, line, inline.content, line + 1), line)
        if region is not None:
            self._add(key, region, inline, kind="term", note="Term of a definition list", escape=BLOCK)

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
        regions = self._region(lambda: row_regions(self.lines, line, [c.content for c in cells]), line)
        for col, region in enumerate(regions or ()):
            if row == 0:
                what = f"Table header, column {col + 1}"
            else:
                name = header[col] if col < len(header) and header[col] else f"{col + 1}"
                what = f"Table cell, row {row}, column “{name}”"
            key = f"{table_key}.r{row}c{col}"
            unit = self._add(key, region, cells[col], kind="table-cell", note=what, escape=TABLE)
            if row == 0:
                header.append(_plain_text(unit, 30) if unit else "")
        return header

    def _directive(self, token: Token, inline: Token | None) -> None:
        if inline is None:
            return
        key = self._next_block_key()
        line, col = self.lines.line_col(inline.meta["src_pos"])
        region = self._region(lambda: single_line_region(self.lines, line, col, inline.content), line)
        if region is not None:
            note = f"Title of a “{token.info}” admonition"
            self._add(key, region, inline, kind="admonition-title", note=note, escape=INLINE)

    def _front_matter_value(self, value: FrontMatterValue) -> None:
        """A unit for a front matter value; its one raw piece is the whole scalar."""
        unit = build_unit(
            f"md:front-matter{value.label}",
            protect(value.value, CodeIds()),
            self.locale,
            segment=bool(self.config["segment"]),
            kind="front-matter",
            note=f"Front matter field “{value.field}” (line {value.line})",
        )
        unit = absorb_textless(unit)
        if any(segment.has_text() for segment in unit.segments):
            self._place(unit, value.start, value.start + len(value.raw), [value.raw], value.style)

    def _definitions(self, body: str, definitions: Sequence[tuple[list[tuple[int, int]], str]]) -> None:
        """A unit for the title of each link reference definition, in its slot in the skeleton."""
        for spans, title in definitions:
            positions = [pos for start, end in spans for pos in range(start, min(end, len(body)))]
            string = "".join(body[pos] for pos in positions)
            found = definition_title(string, title)
            if found is None:
                continue
            label, span = found
            first, last = positions[span.start], positions[span.end - 1] + 1
            if last - first != span.end - span.start or "\n" in string[span.start : span.end]:
                continue  # broken over lines: left as it is
            start = self.lines.offset(*self.lines.line_col(first))
            end = start + last - first
            note = f"Title of the link reference [{label}] (a tooltip), line {line_of(self.text, start)}"
            unit = self._title_unit(f"md:ref[{label}].title", self.text[start:end], note)
            if unit is not None:
                self._place(unit, start, end, [self.text[start:end]], TITLE + span.opener)

    def _link_titles(self, host: Unit | None, key: str, titles: Sequence[LinkTitle]) -> None:
        """A unit for each title of a block's links and images.

        The title sits inside the code that closes its link: the merge writes
        it there (``meta[TITLES]``). A block without a unit of its own (only an
        image) is skeleton, and its titles get slots there.
        """
        for number, title in enumerate(titles, start=1):
            raw = self.text[title.start : title.end]
            what = "an image" if title.code_type == "image" else "a link"
            note = f"Title of {what} (a tooltip), line {line_of(self.text, title.start)}"
            unit = self._title_unit(f"{key}.title{number}", raw, note)
            if unit is None:
                continue
            if host is None:
                self._place(unit, title.start, title.end, [raw], TITLE + title.opener)
                continue
            self._register(unit, [raw])
            self.titles.append([unit.key, title.start, title.end, host.key, title.code_id, title.code_offset, title.opener])

    def _title_unit(self, key: str, raw: str, note: str) -> Unit | None:
        """The unit of a title's raw characters; None when it has nothing to translate."""
        parts = protect(title_value(raw), CodeIds())
        unit = absorb_textless(build_unit(key, parts, self.locale, segment=bool(self.config["segment"]), kind="tooltip", note=note))
        return unit if any(segment.has_text() for segment in unit.segments) else None

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
        except Misaligned as exc:
            log.warning("%s:%d: block left as it is: %s", self.path, line + 1, exc)
            return None

    def _add(
        self,
        key: str,
        region: Region,
        inline: Token,
        *,
        kind: str,
        note: str,
        escape: str,
        lo: int = 0,
        hi: int | None = None,
        segment: bool = True,
    ) -> Unit | None:
        end = len(region.content) if hi is None else hi
        block_id = _BLOCK_ID_END.search(region.content, 0, end) if "block-ids" in self.dialects else None
        if block_id is not None:  # an Obsidian block id ends its block: it stays there, in the skeleton
            hi = block_id.start()
        reader = InlineReader(region, self.text, lo, hi)
        try:
            reader.read(inline.children or ())
            parts, bounds, labels = reader.result()
        except (Misaligned, KeyError, ValueError, IndexError) as exc:
            log.warning("%s:%d: block left as it is: %s", self.path, region.line + 1, exc)
            return None
        self.wikilinks.extend(reader.wikilink_targets)
        if self.section_title and kind != "heading":
            note += f", under “{self.section_title}”"
        note += f" (line {region.line + 1})"
        segment = segment and bool(self.config["segment"])
        unit = absorb_textless(build_unit(key, parts, self.locale, segment=segment, kind=kind, note=note))
        host = unit if any(segment.has_text() for segment in unit.segments) else None
        if host is not None:
            self._place(host, bounds[0], bounds[-1], _raw_pieces(host, bounds, self.text), escape)
            if labels:
                self.labels[key] = labels
        self._link_titles(host, key, reader.titles_found())
        return host

    def _place(self, unit: Unit, start: int, end: int, raw: list[str], escape: str) -> None:
        self._register(unit, raw)
        self.placements.append(_Placement(start, end, Slot(unit.key, escape)))

    def _register(self, unit: Unit, raw: list[str]) -> None:
        if unit.key in self.raw:
            raise AssertionError(f"duplicate unit key {unit.key}")
        self.units.append(unit)
        self.raw[unit.key] = raw


