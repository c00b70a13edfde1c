"""The Markdown format filter: extract with :class:`~content.markdown.blocks.Extraction`, merge here."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, ClassVar

from content.base import SkeletonFilter, decode_text
from content.markdown.blocks import ATX, BLOCK, DIALECTS, RAW, REF_LABELS, TABLE, TITLES, WIKILINKS, Extraction
from content.markdown.escape import escape_inline, escape_line_start, one_line
from content.markdown.frontmatter import TOML, YAML_PREFIX, encode_value
from content.markdown.parser import detect_dialects
from content.markdown.rewrite import CodePiece, Replacement, SourceRewriter
from content.markdown.titles import TITLE, render_title
from content.markdown.wikilinks import PageNames
from locflow.model.errors import ConfigError
from locflow.model import Code, CodeKind, Document, Locale, Part, Segment, Unit
from locflow.model.joining import join_gaps

__all__ = ["MarkdownFilter"]


class MarkdownFilter(SkeletonFilter):
    """CommonMark + GFM tables files, with YAML front matter and the dialects of help centers.

    Options: ``segment`` (split paragraphs into sentences, default True),
    ``front_matter_fields`` (front matter keys whose values are translated,
    default title, description, summary; a dotted path like ``seo.title``
    names a nested key), ``directives`` (treat ``:::`` admonition lines as
    blocks of their own, default True), ``dialects`` (``auto`` or a list of
    :data:`~content.markdown.parser.DIALECTS`), ``wikilink_pages`` (per
    locale, the page name of each page in the localized vault).
    """

    name: ClassVar[str] = "markdown"
    extensions: ClassVar[tuple[str, ...]] = (".md", ".markdown")
    options: ClassVar[Mapping[str, Any]] = {
        "segment": True,
        "front_matter_fields": ("title", "description", "summary"),
        "directives": True,
        "dialects": "auto",
        "wikilink_pages": {},
    }

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        try:
            detect_dialects("", self.config.get("dialects", "auto"))
        except ValueError as exc:
            raise ConfigError(f"{self.name} option dialects: {exc}") from exc
        self.page_names = PageNames(self.config.get("wikilink_pages", {}))

    def extract(self, data: bytes, *, path: PurePosixPath, locale: Locale) -> Document:
        text, encoding = decode_text(data, path)
        return Extraction(text, PurePosixPath(path), locale, self.config).document(self.name, encoding)

    def merge(self, document: Document, translations: Mapping[str, Segment], locale: Locale) -> bytes:
        """Write every slot from the raw characters kept at extraction, translated segments escaped.

        The base class renders segments with ``Segment.render()``; here the
        segment text is not the original text (line breaks, escapes), so the
        raw pieces in ``document.meta`` are written instead.
        """
        units = {unit.key: unit for unit in document.units}
        raw: Mapping[str, Sequence[str]] = document.meta.get(RAW, {})  # type: ignore[assignment]
        labels: Mapping[str, Mapping[str, str]] = document.meta.get(REF_LABELS, {})  # type: ignore[assignment]
        dialects = frozenset(document.meta.get(DIALECTS, ()))  # type: ignore[arg-type]
        source = self._source_rewriter(document, units, translations, locale)
        out: list[str] = []
        for piece in document.skeleton:
            if isinstance(piece, str):
                out.append(source.original(piece))
                continue
            unit = units[piece.unit_key]
            pieces = raw.get(unit.key) or _pieces_from_unit(unit)
            context = SlotContext(piece.escape, labels.get(unit.key, {}), dialects, source, unit.key)
            out.append(self._render_unit(unit, pieces, context, translations, locale))
        return self.finalize("".join(out), document, locale).encode(document.encoding)

    def _source_rewriter(
        self, document: Document, units: Mapping[str, Unit], translations: Mapping[str, Segment], locale: Locale
    ) -> SourceRewriter:
        """What changes inside copied text: wikilink page names, and link titles inside their links' codes."""
        pages = self.page_names.for_locale(locale)
        replacements = pages.replacements(document.meta.get(WIKILINKS, ()))  # type: ignore[arg-type]
        in_codes: dict[tuple[str, str, CodeKind], CodePiece] = {}
        for key, start, end, host, code_id, code_offset, opener in document.meta.get(TITLES, ()):  # type: ignore[attr-defined]

            def write(raw: str, unit: Unit = units[key], opener: str = opener) -> str:
                return render_title(unit, raw, translations, locale, opener)

            replacements.append(Replacement(start, end, write))
            in_codes[(host, code_id, CodeKind.CLOSE)] = CodePiece(code_offset, code_offset + end - start, write)
        return SourceRewriter(replacements, in_codes, pages.code)

    def _render_unit(
        self,
        unit: Unit,
        raw: Sequence[str],
        context: SlotContext,
        translations: Mapping[str, Segment],
        locale: Locale,
    ) -> str:
        targets = unit.targets(translations)
        escape = context.escape
        if escape.startswith(YAML_PREFIX) or escape == TOML:  # a front matter value: re-encoded whole
            context.source.skip(raw[0])
            if not any(targets):
                return raw[0]
            return encode_value(unit.render(translations, locale), escape)
        if escape.startswith(TITLE):  # a reference definition's title
            context.source.skip(raw[0])
            return render_title(unit, raw[0], translations, locale, escape.removeprefix(TITLE))
        gaps = join_gaps(raw[0::2], targets, locale)
        out = [context.source.original(raw[0])]
        for i, target in enumerate(targets):
            if target is not None:
                context.source.skip(raw[2 * i + 1])
                line_start = (escape == BLOCK and i == 0) or bool(re.search(r"[\r\n]", raw[2 * i]))
                out.append(self._render_translation(target, line_start, context))
            else:
                out.append(context.source.original(raw[2 * i + 1]))
            out.append(_gap(raw[2 * i + 2], gaps[i + 1], context.source))
        return "".join(out)

    def _render_translation(self, segment: Segment, line_start: bool, context: SlotContext) -> str:
        """A translated segment on one line, its text escaped for where it stands."""
        parts = segment.parts
        escape = context.escape
        out: list[str] = []
        for index, part in enumerate(parts):
            if isinstance(part, Code):
                if part.kind == CodeKind.CLOSE and part.id in context.labels:
                    out.append("][" + context.labels[part.id] + "]")  # a reference link keeps its label
                else:
                    out.append(context.source.code(part, context.unit_key))
                continue
            text = one_line(part)
            if index == 0:
                text = text.lstrip()
            if index == len(parts) - 1:
                text = text.rstrip()
            before = _edge_char(parts[index - 1] if index else None, last=True)
            after = _edge_char(parts[index + 1] if index + 1 < len(parts) else None, last=False)
            text = escape_inline(text, before=before, after=after, table=escape == TABLE, dialects=context.dialects)
            after_break = index > 0 and isinstance(parts[index - 1], Code) and parts[index - 1].type == "linebreak"
            if (index == 0 and line_start) or after_break:
                text = escape_line_start(text)
            if escape == ATX and index == len(parts) - 1 and text.endswith("#"):
                run = len(text) - len(text.rstrip("#"))
                text = text[:-run] + "\\" + text[-run:]  # not a closing sequence
            out.append(text)
        return "".join(out)


@dataclass(frozen=True, slots=True)
class SlotContext:
    """What writing one slot needs: its escape kind, reference labels, dialects, the rewriter
    of copied text (page names, titles) and the unit's key (whose codes hold titles)."""

    escape: str
    labels: Mapping[str, str]
    dialects: frozenset[str]
    source: SourceRewriter
    unit_key: str


def _gap(raw: str, joined: str, source: SourceRewriter) -> str:
    """A gap between segments: its raw characters, or what joining the translations made of them."""
    if joined == raw:
        return source.original(raw)
    source.skip(raw)
    return joined


def _pieces_from_unit(unit: Unit) -> list[str]:
    """Raw pieces for a document that lost its meta: the segments as they render."""
    pieces = [unit.gaps[0]]
    for segment, gap in zip(unit.segments, unit.gaps[1:]):
        pieces += [segment.render(), gap]
    return pieces


def _edge_char(part: Part | None, last: bool) -> str:
    """The last (or first) character of a neighbouring part, for context-dependent escaping."""
    if part is None:
        return ""
    data = part if isinstance(part, str) else part.data
    return data[-1:] if last else data[:1]
