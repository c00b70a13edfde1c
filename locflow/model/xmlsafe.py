"""Refuse hostile XML before any parser sees it.

Billion-laughs and XXE attacks both need an ``<!ENTITY`` declaration in the
document type's internal subset, so that is what is refused. A plain
``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` (common in real TMX and XHTML files) is
allowed: parsers here never load DTDs or touch the network.

Every lxml parser in locflow is built with :data:`SAFE_XML_OPTIONS`, so even
an entity that slipped past the guard would be left unexpanded. This module
does not import lxml; the options are plain keyword arguments.
"""

from __future__ import annotations

import codecs
import re
from os import PathLike

from locflow.model.errors import UnsafeXMLError

__all__ = ["SAFE_XML_OPTIONS", "check_xml_safety", "HEAD_BYTES"]

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
