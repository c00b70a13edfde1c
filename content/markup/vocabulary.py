"""What the elements of a markup format mean for translation.

A :class:`Vocabulary` answers the few questions the extractor asks about an
element. Everything that is not *inline* is a boundary: text directly
inside it (a ``<p>``, a ``<td>``, a DITA ``<cmd>``, even a ``<div>`` or the
text between ``<html>`` and ``<head>``) is a unit of its own. Inline
elements become codes inside their paragraph's segments. *Opaque* elements
are never translated and kept byte for byte; *objects* are inline elements
kept as one code whose inner text is translated as units of their own
(footnotes, images with alternative text, index entries). Subclasses fill
in the sets; the methods are there for formats where an attribute changes
the answer (a DITA ``<image placement="break">`` is a block).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import ClassVar

from content.markup.tokens import Attribute
from content.markup.tree import Element

__all__ = ["Vocabulary"]

_ANCHOR_ID = re.compile(r"[\w.:-]+")


class Vocabulary:
    #: Elements that become codes inside a segment.
    inline: ClassVar[frozenset[str]] = frozenset()
    #: Elements whose content is never translated (code blocks, scripts, metadata).
    opaque: ClassVar[frozenset[str]] = frozenset()
    #: Inline elements kept as one code; the blocks inside them are translated apart.
    objects: ClassVar[frozenset[str]] = frozenset()
    #: Code blocks (``<pre>``, DITA ``<codeblock>``): never translated, and counted in extract's report.
    code_blocks: ClassVar[frozenset[str]] = frozenset()
    #: Elements whose whitespace is significant: their text is not collapsed for translators.
    preserve_space: ClassVar[frozenset[str]] = frozenset()
    #: Unit kind (for QA length rules) by element; ``default_kind`` otherwise.
    kinds: ClassVar[Mapping[str, str]] = {}
    default_kind: ClassVar[str] = "text"
    #: ``Code.type`` by inline element; ``"tag"`` otherwise.
    code_types: ClassVar[Mapping[str, str]] = {}
    #: Translatable attributes on any element, and their unit kinds.
    attributes: ClassVar[Mapping[str, str]] = {}
    #: Attributes whose unique value anchors the keys of an element and its content.
    id_attributes: ClassVar[tuple[str, ...]] = ("id",)

    def is_inline(self, element: Element) -> bool:
        return self.is_inline_name(element.key)

    def is_inline_name(self, key: str) -> bool:
        """Whether elements named ``key`` are inline (also asked of stray end tags)."""
        return key in self.inline

    def is_opaque(self, element: Element) -> bool:
        """Content not to be translated: an opaque element, or one marked not to be translated."""
        return element.key in self.opaque or self.is_excluded(element)

    def is_excluded(self, element: Element) -> bool:
        """Marked not to be translated at all, attributes included (``translate="no"``)."""
        return self.translate_flag(element) == "no"

    def translate_flag(self, element: Element) -> str | None:
        """The value of a ``translate`` attribute (HTML, DITA, or ITS ``its:translate``)."""
        for name, attribute in element.attributes.items():
            if name.rpartition(":")[2] == "translate" and attribute.value is not None:
                return attribute.value.strip().lower()
        return None

    def is_object(self, element: Element) -> bool:
        return element.key in self.objects

    def preserves_space(self, element: Element) -> bool:
        if element.key in self.preserve_space:
            return True
        return (element.attribute("xml:space") or "").strip() == "preserve"

    def kind_of(self, element: Element) -> str:
        return self.kinds.get(element.key, self.default_kind)

    def code_type(self, element: Element) -> str:
        return self.code_types.get(element.key, "tag")

    def translatable_attributes(self, element: Element) -> Iterator[tuple[str, Attribute, str]]:
        """(name, attribute, unit kind) for each attribute of ``element`` to translate."""
        for name, kind in self.attributes.items():
            attribute = element.attributes.get(name)
            if attribute is not None and attribute.value is not None:
                yield name, attribute, kind

    def anchor_id(self, element: Element) -> str | None:
        """The element's id, if it is usable in a key (uniqueness is checked by the caller)."""
        for name in self.id_attributes:
            value = element.attribute(name)
            if value and _ANCHOR_ID.fullmatch(value):
                return value
        return None
