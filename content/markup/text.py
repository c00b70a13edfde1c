"""Text as translators see it, and text as markup needs it written.

Inside a page, ``Terms&nbsp;&amp;&nbsp;conditions`` wrapped over two
indented lines is, to a reader, "Terms & conditions". Translators, the TM and
MT should see that readable form, while the merge must still give back the
original bytes where nothing was translated. :func:`readable_segment` makes
the readable form of an extracted segment and returns the raw text of each
of its text parts, so the merge can write the raw text for an untranslated
segment and the escaped readable text for a translated one.

The two dialects differ in which entity names they know and in how they
escape: HTML writes ``&nbsp;`` for a no-break space, XML knows only its five
predefined entities and must protect line breaks inside attribute values.
"""

from __future__ import annotations

import html
import html.entities
import re
from collections.abc import Callable
from dataclasses import dataclass

from locflow.model import Code, Segment, SpanKind

__all__ = ["Dialect", "HTML", "XML", "ESCAPE_KINDS", "escape_kind_for_quote", "readable_segment", "renumber_codes"]

_WHITESPACE_RUN = re.compile(r"[ \t\n\r\f]+")
_NUMERIC = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_XML_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _decode_html(reference: str) -> str | None:
    """The characters of an HTML character reference (``&amp;``, ``&#x2019;``), or None if unknown."""
    if reference.startswith("&#"):
        return html.unescape(reference)
    return html.entities.html5.get(reference[1:])


def _is_xml_char(code: int) -> bool:
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def _decode_xml(reference: str) -> str | None:
    """The character of an XML reference; names other than the predefined five stay unknown."""
    numeric = _NUMERIC.fullmatch(reference)
    if numeric is None:
        return _XML_PREDEFINED.get(reference[1:-1])
    hex_digits, decimal = numeric.groups()
    code = int(hex_digits, 16) if hex_digits else int(decimal)
    return chr(code) if _is_xml_char(code) else None


def _table(mapping: dict[str, str]) -> dict[int, str]:
    return {ord(char): replacement for char, replacement in mapping.items()}


_HTML_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\xa0": "&nbsp;", "\r": "&#13;"}
_XML_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_XML_BREAKS = {"\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
_BARE_UNSAFE = {" ": "&#32;", "\t": "&#9;", "\n": "&#10;", "\f": "&#12;", "\r": "&#13;", "=": "&#61;", "`": "&#96;"}

#: The slot escape kinds: element text, and attribute values by their quoting.
ESCAPE_KINDS = ("text", "attr", "attr-single", "attr-bare")

_ESCAPES: dict[bool, dict[str, dict[int, str]]] = {
    False: {
        "text": _table(_HTML_TEXT),
        "attr": _table({**_HTML_TEXT, '"': "&quot;"}),
        "attr-single": _table({**_HTML_TEXT, "'": "&#39;"}),
        "attr-bare": _table({**_HTML_TEXT, '"': "&quot;", "'": "&#39;", **_BARE_UNSAFE}),
    },
    True: {
        "text": _table(_XML_TEXT),
        "attr": _table({**_XML_TEXT, '"': "&quot;", **_XML_BREAKS}),
        "attr-single": _table({**_XML_TEXT, "'": "&apos;", **_XML_BREAKS}),
        "attr-bare": _table({**_XML_TEXT, '"': "&quot;", "'": "&apos;", **_XML_BREAKS, **_BARE_UNSAFE}),
    },
}


@dataclass(frozen=True, slots=True)
class Dialect:
    """HTML or XML: how character references are read and how text is escaped."""

    xml: bool

    def decode_reference(self, reference: str) -> str | None:
        return _decode_xml(reference) if self.xml else _decode_html(reference)

    def escape(self, text: str, kind: str) -> str:
        """Escape translated ``text`` for a slot of ``kind`` (one of :data:`ESCAPE_KINDS`)."""
        return text.translate(_ESCAPES[self.xml][kind or "text"])


HTML = Dialect(xml=False)
XML = Dialect(xml=True)


def escape_kind_for_quote(quote: str) -> str:
    """The escape kind of an attribute value written with ``quote``."""
    return {'"': "attr", "'": "attr-single"}.get(quote, "attr-bare")


def readable_segment(
    segment: Segment, decode: Callable[[str], str | None], *, collapse: bool
) -> tuple[Segment, list[str] | None]:
    """The segment as readers see it, and the raw text behind each of its text parts.

    Character references that ``decode`` knows become text (unknown ones stay
    entity codes); with ``collapse``, runs of markup whitespace become one
    space. The second value lists, for every text part of the readable
    segment in order, the raw source text it came from; it is None when
    nothing changed.
    """
    parts: list[str | Code] = []
    raws: list[str] = []
    readable: list[str] = []
    raw: list[str] = []

    def end_text() -> None:
        if readable:
            parts.append("".join(readable))
            raws.append("".join(raw))
            readable.clear()
            raw.clear()

    for part in segment.parts:
        if isinstance(part, str):
            readable.append(_WHITESPACE_RUN.sub(" ", part) if collapse else part)
            raw.append(part)
            continue
        decoded = decode(part.data) if part.type == SpanKind.ENTITY else None
        if decoded:
            readable.append(decoded)
            raw.append(part.data)
        else:
            end_text()
            parts.append(part)
    end_text()
    result = Segment(tuple(parts))
    if result == segment:
        return segment, None
    return result, raws


def renumber_codes(segments: list[Segment]) -> tuple[list[Segment], dict[str, str]]:
    """Give the codes of a unit's segments the ids 1, 2, 3... in order of appearance.

    Returns the renumbered segments and the mapping old id -> new id. Pairs
    keep sharing their id.
    """
    mapping: dict[str, str] = {}
    for segment in segments:
        for code in segment.codes:
            if code.id not in mapping:
                mapping[code.id] = str(len(mapping) + 1)
    return [segment.with_codes_renumbered(mapping) for segment in segments], mapping
