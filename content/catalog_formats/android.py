"""Android string resources (``res/values/strings.xml``).

``<string>``, each ``<item>`` of ``<plurals>`` (key ``name[one]``) and of
``<string-array>`` (key ``name[0]``) are units; ``translatable="false"``
resources are not. Values are read by translate-toolkit's
``AndroidResourceUnit`` (Android's escapes ``\\'``, ``\\n``, ``\\@`` and quoting
resolved); the comments before a resource are its note.

A translated value is escaped the Android way (``\\'``, ``\\"``, ``\\n``, leading
``\\@``; surrounding or doubled spaces are quoted), XML-escaped, or written
inside ``<![CDATA[...]]>`` when the source value was. Inline tags (``<b>``,
``<xliff:g>``) are codes and are written back as they were.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath
from xml.parsers.expat import ErrorString, ExpatError

from lxml import etree
from translate.storage.aresource import AndroidResourceUnit

from content.catalog_formats.base import CatalogFormat, Entry
from content.catalog_formats.xmlscan import RawElement, decode_xml, paired_elements, parse_xml
from locflow.model import Part
from locflow.model.errors import MalformedFileError

__all__ = ["AndroidFormat"]

_PROLOG = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.S)
_CDATA = re.compile(r"\s*<!\[CDATA\[(.*)\]\]>\s*", re.S)
_XML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


class AndroidFormat(CatalogFormat):
    name = "android"
    extensions = (".xml",)

    def sniff(self, data: bytes) -> bool:
        head = _PROLOG.sub(b"", data[:65536].lstrip(b"\xef\xbb\xbf"))
        return head.lstrip().startswith(b"<resources")

    def decode(self, data: bytes, path: PurePosixPath) -> tuple[str, str]:
        return decode_xml(data, path)

    def entries(self, text: str, data: bytes, path: PurePosixPath) -> list[Entry]:
        root = parse_xml(data, path)
        if etree.QName(root).localname != "resources":
            raise MalformedFileError("not an Android resource file (the root is not <resources>)", path=path)
        places = paired_elements(root, text, path)
        entries: list[Entry] = []
        for element in root:
            if not isinstance(element.tag, str) or element.get("translatable") == "false":
                continue
            name = element.get("name", "")
            if element.get("product"):
                name += "@" + element.get("product")
            note = AndroidResourceUnit(None, xmlelement=element).getnotes().strip()
            if element.tag == "string":
                entries.append(_entry(name, element, places[element], text, note, "string", path))
            elif element.tag in ("plurals", "string-array"):
                items = [item for item in element if item.tag == "item"]
                for index, item in enumerate(items):
                    label = item.get("quantity") if element.tag == "plurals" else str(index)
                    kind = "plural" if element.tag == "plurals" else "array-item"
                    entries.append(_entry(f"{name}[{label}]", item, places[item], text, note, kind, path))
        return entries

    def escape(self, text: str, kind: str) -> str:
        escaped = AndroidResourceUnit.escape(text, quote_wrapping_whitespaces=False)
        if kind == "cdata":
            return escaped.replace("]]>", "]]]]><![CDATA[>")
        return "".join(_XML_ESCAPES.get(ch, ch) for ch in escaped)

    def render(self, parts: Sequence[Part], kind: str) -> str:
        value = super().render(parts, kind)
        plain = "".join(p if isinstance(p, str) else p.data for p in parts)
        if plain[:1].isspace() or plain[-1:].isspace():
            value = f'"{value}"'  # Android drops unquoted surrounding whitespace
        return f"<![CDATA[{value}]]>" if kind == "cdata" else value


def _entry(
    key: str, element: etree._Element, place: RawElement, text: str, note: str, kind: str, path: PurePosixPath
) -> Entry:
    raw = text[place.content_start : place.content_end]
    if _CDATA.fullmatch(raw) and raw.count("<![CDATA[") == 1:
        mode, markup = "cdata", "html"
    else:
        mode, markup = "xml", "xml" if len(element) else ""
    source = _value(element, key, path)
    return Entry(key, place.content_start, place.content_end, source, note, kind, mode, markup)


def _value(element: etree._Element, key: str, path: PurePosixPath) -> str:
    """The resource's value with Android's escapes resolved, as translate-toolkit reads it.

    translate-toolkit serializes an element with inline markup and parses it again with
    expat, whose XML name rules are older than libxml2's: a name lxml accepted (one with
    U+F900 in it, say) makes expat fail, and that failure is the file's, not a crash.
    """
    try:
        return AndroidResourceUnit(None, xmlelement=element).source
    except ExpatError as exc:
        # expat's own position is in the re-serialized element, not in the file: left out
        named = f" {key!r}" if key else ""
        message = f"cannot read the <{element.tag}> value{named}: {ErrorString(exc.code)}"
        raise MalformedFileError(message, path=path, line=element.sourceline) from exc
