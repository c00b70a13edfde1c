"""HTML help pages: ``.html``, ``.htm`` and ``.xhtml``.

Block elements are units (``<p>``, ``<h2>``, ``<li>``, ``<td>``, ``<title>``,
``<button>``, a ``<div>`` with text of its own...); inline elements are codes
inside their sentences; ``alt``, ``title``, ``placeholder`` and ``aria-label``
attributes, button values and the page description and keywords are units
of their own. Scripts, styles, ``<pre>`` and ``<code>``, comments and
anything marked ``translate="no"`` or ``class="notranslate"`` are kept as
they are. Unknown elements are treated as inline, as browsers display them.

Pages are HTML, not XML: unclosed ``<p>`` and ``<li>``, upper-case tags,
unquoted attributes and stray end tags are read the way browsers read them
and written back untouched. ``.xhtml`` files are XML: they are checked with
lxml first (entity declarations refused) and tokenized as XML. An HTML page
whose document type declares entities is refused too: HTML has no such thing,
so it is an XML attack (billion laughs, external entities) or a misnamed file.

Building sets ``lang`` (and ``xml:lang`` where present) on ``<html>`` to the
target locale, and ``dir="rtl"`` for right-to-left locales; the ``set_lang``
option turns that off. See ``docs/html.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath
from typing import Any, ClassVar

from content.markup.encoding import decode_html, decode_xml
from content.markup.filter import MarkupFilter
from content.markup.language import set_root_attributes
from content.markup.text import HTML, XML
from content.markup.tokens import Attribute
from content.markup.tree import Element
from content.markup.vocabulary import Vocabulary
from content.markup.wellformed import check_xml
from locflow.model import Document, Locale
from locflow.model.xmlsafe import HEAD_BYTES, check_xml_safety

__all__ = ["HtmlFilter", "HtmlVocabulary"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


class HtmlVocabulary(Vocabulary):
    """HTML elements by role. Anything not listed as a block is inline, like in browsers."""

    blocks: ClassVar[frozenset[str]] = _words(
        """html head body title meta link base address article aside blockquote center details dialog dd dir
        div dl dt fieldset figcaption figure footer form frameset frame h1 h2 h3 h4 h5 h6 header hgroup hr li
        listing main menu nav noframes noscript ol p pre search section table caption colgroup col thead tbody
        tfoot tr td th ul summary legend option optgroup select datalist button label textarea template"""
    )
    opaque = _words("script style pre code textarea svg math iframe noembed noframes xmp plaintext listing")
    preserve_space = _words("pre textarea listing")
    code_blocks = _words("pre listing xmp")
    kinds = {
        "title": "title",
        **{f"h{level}": "heading" for level in range(1, 7)},
        "p": "paragraph",
        "li": "list-item",
        "dt": "term",
        "dd": "list-item",
        "td": "table-cell",
        "th": "table-cell",
        "caption": "caption",
        "figcaption": "caption",
        "button": "button",
        "summary": "button",
        "option": "option",
        "optgroup": "option",
        "label": "label",
        "legend": "label",
        "blockquote": "quote",
    }
    code_types = {
        "b": "bold",
        "strong": "bold",
        "i": "italic",
        "em": "italic",
        "u": "underline",
        "a": "link",
        "img": "image",
        "br": "linebreak",
        "code": "code",
        "kbd": "code",
        "samp": "code",
        "tt": "code",
        "var": "code",
        "script": "script",
        "style": "script",
    }
    attributes = {
        "alt": "alt",
        "title": "tooltip",
        "placeholder": "placeholder",
        "aria-label": "label",
        "aria-description": "label",
    }
    #: ``<input type=...>`` whose ``value`` is a button label.
    button_inputs: ClassVar[frozenset[str]] = _words("submit button reset")
    #: ``<meta name=...>`` / ``<meta property=...>`` whose ``content`` is text to translate.
    text_metas: ClassVar[frozenset[str]] = _words(
        "description keywords og:title og:description og:site_name twitter:title twitter:description"
    )

    def is_inline_name(self, key: str) -> bool:
        return key not in self.blocks

    def is_excluded(self, element: Element) -> bool:
        if super().is_excluded(element):
            return True
        return "notranslate" in (element.attribute("class") or "").split()

    def translatable_attributes(self, element: Element) -> Iterator[tuple[str, Attribute, str]]:
        yield from super().translatable_attributes(element)
        extra = self._element_attribute(element)
        if extra is not None:
            name, kind = extra
            attribute = element.attributes.get(name)
            if attribute is not None and attribute.value is not None:
                yield name, attribute, kind

    def _element_attribute(self, element: Element) -> tuple[str, str] | None:
        """The one element-specific translatable attribute, if ``element`` has one."""
        if element.key == "input" and (element.attribute("type") or "").strip().lower() in self.button_inputs:
            return "value", "button"
        if element.key in ("option", "optgroup", "track"):
            return "label", "label"
        if element.key == "meta":
            about = element.attribute("name") or element.attribute("property") or ""
            if about.strip().lower() in self.text_metas:
                return "content", "meta"
        return None


_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.I | re.S)


class HtmlFilter(MarkupFilter):
    """HTML and XHTML pages; see the module docstring. Options: ``segment``, ``set_lang``, ``encoding``."""

    name: ClassVar[str] = "html"
    extensions: ClassVar[tuple[str, ...]] = (".html", ".htm", ".xhtml")
    options: ClassVar[Mapping[str, Any]] = {**MarkupFilter.options, "encoding": None}
    vocabulary: ClassVar[Vocabulary] = HtmlVocabulary()

    @classmethod
    def sniff(cls, data: bytes, path: PurePosixPath) -> bool:
        return _HTML_START.match(data[:4096]) is not None

    def extract(self, data: bytes, *, path: PurePosixPath, locale: Locale) -> Document:
        if path.suffix.lower() == ".xhtml":
            check_xml(data, path)
            text, encoding = decode_xml(data, path)
            dialect = XML
        else:
            check_xml_safety(data[:HEAD_BYTES], path)
            text, encoding = decode_html(data, path, self.config["encoding"])
            dialect = HTML
        return self.extract_text(
            text, path=path, locale=locale, encoding=encoding, dialect=dialect, vocabulary=self.vocabulary
        )

    def set_language(self, text: str, document: Document, locale: Locale) -> str:
        """``lang`` (and ``xml:lang``, ``dir``) on ``<html>``: added when missing, replaced when present."""
        direction = "rtl" if locale.is_rtl else "ltr"
        add = {"lang": locale.tag, **({"dir": "rtl"} if locale.is_rtl else {})}
        values = {"lang": locale.tag, "xml:lang": locale.tag, "dir": direction}
        return set_root_attributes(text, xml=bool(document.meta.get("xml")), root="html", values=values, add=add)
