"""Refuse hostile XML before any parser sees it.

Billion-laughs and XXE attacks both need an ``<!ENTITY`` declaration in the
document type's internal subset, so that is what is refused. A plain
``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` (common in real TMX and XHTML files) is
allowed: parsers here never load DTDs or touch the network.

Every lxml parser in locflow is built with :data:`SAFE_XML_OPTIONS`, so even
an entity that slipped past the guard would be left unexpanded. An entity
*reference* that survives parsing (declared in an external DTD, which is never
loaded) would otherwise be dropped silently by readers that take an element's
text: :func:`refuse_entity_references` refuses it instead. The options are
plain keyword arguments; lxml is imported only by that function.
"""

from __future__ import annotations

import codecs
import re
from os import PathLike
from typing import Any

from locflow.model.errors import UnsafeXMLError

__all__ = ["SAFE_XML_OPTIONS", "check_xml_safety", "refuse_entity_references", "HEAD_BYTES"]

#: Keyword arguments for ``lxml.etree.XMLParser`` and ``lxml.etree.iterparse``.
SAFE_XML_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
}

#: How much of a file's start to pass to :func:`check_xml_safety` when streaming.
HEAD_BYTES = 1 << 20

_DOCTYPE = re.compile(r"<!DOCTYPE\b", re.I)
_ENTITY_DECL = re.compile(r"<!ENTITY\b", re.I)


def _decode_head(head: bytes) -> str:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return head.decode(codec, errors="replace")
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", errors="replace")
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", errors="replace")
    return head.decode("latin-1")


def check_xml_safety(head: bytes, path: str | PathLike[str] | None = None) -> None:
    """Raise :class:`UnsafeXMLError` if the document type declares entities.

    ``head`` is the whole document or at least its first :data:`HEAD_BYTES`.
    """
    text = _decode_head(head)
    doctype = _DOCTYPE.search(text)
    if doctype is None:
        return
    line = text.count("\n", 0, doctype.start()) + 1
    entity = _ENTITY_DECL.search(text, doctype.end())
    root = text.find("]>", doctype.end())
    subset_open = text.find("[", doctype.end(), text.find(">", doctype.end()) + 1 or None)
    if entity is not None and (root < 0 or entity.start() < root):
        raise UnsafeXMLError(
            "refused: the document type declares entities (entity expansion and external "
            "entities are never processed)",
            path=path,
            line=text.count("\n", 0, entity.start()) + 1,
        )
    if subset_open >= 0 and root < 0 and len(head) >= HEAD_BYTES:
        raise UnsafeXMLError("refused: the document type's internal subset is too large", path=path, line=line)


def refuse_entity_references(element: Any, path: str | PathLike[str] | None = None) -> None:
    """Raise :class:`UnsafeXMLError` if ``element`` (an lxml element) holds an unexpanded entity reference.

    Such a reference names an entity of an external DTD (``<!DOCTYPE tmx SYSTEM
    "http://...">`` then ``&e;``): its text was never fetched, and reading the
    element's text would lose it without a word.
    """
    from lxml import etree

    for entity in element.iter(etree.Entity):
        raise UnsafeXMLError(
            f"refused: entity reference &{entity.name}; (entities are never expanded)",
            path=path,
            line=entity.sourceline,
        )
