"""XML for catalogs: a safe lxml parse, plus where each element's content is in the text.

lxml tells what the elements are but not their character offsets; a small
tokenizer over the decoded text finds each element's start tag and content,
in document order, so the two can be walked side by side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from lxml import etree

from content.base import decode_text
from content.catalog_formats.base import bom_codec
from locflow.model.errors import MalformedFileError
from locflow.model.xmlsafe import SAFE_XML_OPTIONS, check_xml_safety

__all__ = ["RawElement", "decode_xml", "parse_xml", "raw_elements", "paired_elements", "local_name"]

_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>"
    r"|<(?P<close>/)?(?P<name>[^\s/>!?]+)(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(?P<empty>/)?>",
    re.S,
)
_DECLARED = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass
class RawElement:
    """Offsets of one element in the decoded text."""

    name: str
    start: int
    content_start: int
    content_end: int = -1


def decode_xml(data: bytes, path: PurePosixPath) -> tuple[str, str]:
    """Decode as the BOM or the XML declaration says (UTF-8 by default)."""
    declared = _DECLARED.match(data)
    return decode_text(data, path, bom_codec(data) or (declared.group(1).decode() if declared else "utf-8"))


def parse_xml(data: bytes, path: PurePosixPath) -> etree._Element:
    """Parse after refusing entity declarations; entities stay unresolved, no DTD, no network."""
    check_xml_safety(data, path)
    parser = etree.XMLParser(**SAFE_XML_OPTIONS, strip_cdata=False, remove_comments=False, remove_pis=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise MalformedFileError(f"not well-formed XML: {exc.msg}", path=path, line=exc.lineno) from exc


def raw_elements(text: str) -> list[RawElement]:
    """Every element in document order (start-tag order), with its content's offsets."""
    elements: list[RawElement] = []
    stack: list[RawElement] = []
    for match in _TOKEN.finditer(text):
        name = match.group("name")
        if name is None:
            continue
        if match.group("close"):
            if stack:
                stack.pop().content_end = match.start()
            continue
        element = RawElement(name, match.start(), match.end())
        elements.append(element)
        if match.group("empty"):
            element.content_end = match.end()
        else:
            stack.append(element)
    return elements


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def paired_elements(root: etree._Element, text: str, path: PurePosixPath) -> dict[etree._Element, RawElement]:
    """Each lxml element with its place in ``text``; the two walks must agree."""
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    raw = raw_elements(text)
    if len(raw) != len(elements) or any(local_name(e.tag) != local_name(r.name) for e, r in zip(elements, raw)):
        raise MalformedFileError("could not locate the elements of the file", path=path)
    return dict(zip(elements, raw))
