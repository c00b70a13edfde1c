"""The base class of the HTML and XML manual filters: extract once, merge once.

Extraction is the same pipeline for every markup format: decode, tokenize,
build the element tree, walk it with the format's :class:`Vocabulary`, cut
the skeleton around the units. Subclasses say how to decode and check their
bytes and which vocabulary to use.

The merge extends :meth:`SkeletonFilter.merge` with the two things markup
needs: a segment that is not translated is written from its *raw* text
(entities and line breaks as they were), and codes that host translatable
content (an ``<img>`` whose ``alt`` is a unit of its own) are followed by
that content. Characters a translation brings that the file's encoding
cannot hold (a Euro sign in a windows-1252 page stays encodable, a Polish
letter does not) are written as numeric character references.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any, ClassVar

from content.base import SkeletonFilter
from content.markup.extract import count_code_blocks, extract_units, skeleton_of
from content.markup.text import Dialect
from content.markup.tokens import tokenize
from content.markup.tree import build_tree
from content.markup.vocabulary import Vocabulary
from locflow.model import UNTRANSLATED, Code, CodeKind, Document, Locale, Segment, Unit
from locflow.model.joining import join_gaps

__all__ = ["MarkupFilter"]


class MarkupFilter(SkeletonFilter):
    """Shared extract and merge of markup filters; see the module docstring."""

    options: ClassVar[Mapping[str, Any]] = {"segment": True, "set_lang": True}

    def extract_text(
        self,
        text: str,
        *,
        path: PurePosixPath,
        locale: Locale,
        encoding: str,
        dialect: Dialect,
        vocabulary: Vocabulary,
    ) -> Document:
        """The document of decoded ``text``, read in ``dialect`` with ``vocabulary``."""
        root = build_tree(tokenize(text, xml=dialect.xml), html=not dialect.xml)
        found = extract_units(
            text, root, vocabulary=vocabulary, dialect=dialect, locale=locale, segment=self.config["segment"]
        )
        meta = {
            "source_locale": locale.tag, "xml": dialect.xml, "raw": found.raw, "hosted": found.hosted,
            UNTRANSLATED: {"code blocks": count_code_blocks(root, vocabulary)},
        }
        return Document(
            path=path,
            format=self.name,
            units=tuple(found.units),
            skeleton=skeleton_of(text, found.spans),
            encoding=encoding,
            meta=meta,
        )

    # -- merge ---------------------------------------------------------------------
    def merge(self, document: Document, translations: Mapping[str, Segment], locale: Locale) -> bytes:
        renderer = _Renderer(document, translations, Dialect(xml=bool(document.meta.get("xml"))), locale)
        pieces = (piece if isinstance(piece, str) else renderer.unit(piece.unit_key, piece.escape) for piece in document.skeleton)
        text = "".join(pieces)
        if self.labels_language(document, translations, locale):
            text = self.set_language(text, document, locale)
        return text.encode(document.encoding, errors="xmlcharrefreplace")

    def labels_language(self, document: Document, translations: Mapping[str, Segment], locale: Locale) -> bool:
        """Whether the build says it is in ``locale``: when ``set_lang`` is on, the locale is not
        the source's, and something on the page is translated (a page that falls back to its
        source entirely is still in the source language, whatever locale it is built for)."""
        return (
            bool(self.config["set_lang"])
            and locale.tag != document.meta.get("source_locale")
            and document.is_translated_by(translations)
        )

    def set_language(self, text: str, document: Document, locale: Locale) -> str:
        """Write the target language (and direction) on the root element; subclasses know where."""
        return text


class _Renderer:
    """Writes units into the skeleton: raw source where untranslated, escaped translations elsewhere."""

    def __init__(
        self, document: Document, translations: Mapping[str, Segment], dialect: Dialect, locale: Locale
    ) -> None:
        self.units: dict[str, Unit] = {unit.key: unit for unit in document.units}
        self.translations = translations
        self.dialect = dialect
        self.locale = locale
        self.raw: Mapping[str, list[str]] = document.meta.get("raw", {})  # type: ignore[assignment]
        self.hosted: Mapping[str, Mapping[str, list[list[str]]]] = document.meta.get("hosted", {})  # type: ignore[assignment]

    def unit(self, key: str, escape: str) -> str:
        unit = self.units[key]
        targets = unit.targets(self.translations)
        gaps = join_gaps(unit.gaps, targets, self.locale)
        out = [gaps[0]]
        for (segment_key, source), target, gap in zip(unit.items(), targets, gaps[1:]):
            if target is None:
                out.append(self._source(key, segment_key, source))
            else:
                out.append(self._target(key, target, escape))
            out.append(gap)
        rendered = "".join(out)
        return '""' if escape == "attr-bare" and not rendered else rendered  # keep `alt= title=x` apart

    def _source(self, unit_key: str, segment_key: str, segment: Segment) -> str:
        raw = iter(self.raw.get(segment_key, ()))
        return "".join(
            next(raw, part) if isinstance(part, str) else self._code(unit_key, part) for part in segment.parts
        )

    def _target(self, unit_key: str, segment: Segment, escape: str) -> str:
        return "".join(
            self.dialect.escape(part, escape) if isinstance(part, str) else self._code(unit_key, part)
            for part in segment.parts
        )

    def _code(self, unit_key: str, code: Code) -> str:
        """A code's markup, followed by the units it hosts and the markup after each."""
        if code.kind == CodeKind.CLOSE:
            return code.data
        out = [code.data]
        for hosted_key, escape, after in self.hosted.get(unit_key, {}).get(code.id, ()):
            out.append(self.unit(hosted_key, escape))
            out.append(after)
        return "".join(out)
