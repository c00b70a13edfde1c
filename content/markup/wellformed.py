"""Refuse XML that is hostile or not well-formed, before anything is extracted.

The tokenizer cuts any text; it does not judge it. For XML formats (XHTML,
DITA, DocBook, Mallard) lxml judges first, with entity expansion, DTD
loading and network access off (:mod:`locflow.model.xmlsafe`), so a broken
file is rejected with its line number instead of being half-extracted.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from lxml import etree

from locflow.model.errors import MalformedFileError
from locflow.model.xmlsafe import SAFE_XML_OPTIONS, check_xml_safety

__all__ = ["check_xml", "parse_xml"]


def parse_xml(data: bytes, path: PurePosixPath | str) -> etree._Element:
    """Parse ``data`` safely; raise UnsafeXMLError or MalformedFileError (with the line)."""
    check_xml_safety(data, path)
    parser = etree.XMLParser(**SAFE_XML_OPTIONS)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise MalformedFileError(f"not well-formed XML: {exc.msg}", path=path, line=exc.lineno) from exc


def check_xml(data: bytes, path: PurePosixPath | str) -> None:
    """Like :func:`parse_xml`, for callers that only need the verdict."""
    parse_xml(data, path)
