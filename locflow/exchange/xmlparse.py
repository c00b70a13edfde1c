"""Parsing exchange XML safely, and the small element helpers the readers share.

Every XLIFF byte goes through :func:`parse_xml`: the shared guard
(:func:`locflow.model.xmlsafe.check_xml_safety`) refuses a document type
that declares entities (billion laughs, XXE) before lxml sees the file, the
parser never loads a DTD, resolves an entity or touches the network, and an
entity *reference* that survives parsing (declared in an external DTD that
was not loaded) is refused too rather than silently dropped.
"""

from __future__ import annotations

from os import PathLike

from lxml import etree

from locflow.model.errors import MalformedFileError
from locflow.model.xmlsafe import HEAD_BYTES, SAFE_XML_OPTIONS, check_xml_safety, refuse_entity_references

__all__ = ["parse_xml", "local_name", "namespace_of", "is_element"]


def parse_xml(data: bytes, path: str | PathLike[str]) -> etree._Element:
    """Parse ``data`` into its root element or raise ``UnsafeXMLError`` / ``MalformedFileError``."""
    check_xml_safety(data[:HEAD_BYTES], path)
    parser = etree.XMLParser(**SAFE_XML_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise MalformedFileError(f"not well-formed XML: {exc.msg}", path=path, line=exc.lineno) from exc
    refuse_entity_references(root, path)
    return root


def is_element(node: etree._Element) -> bool:
    """False for comments and processing instructions, whose ``tag`` is not a string."""
    return isinstance(node.tag, str)


def local_name(node: etree._Element) -> str:
    """The tag without its namespace (``"trans-unit"`` whatever the prefix)."""
    return node.tag.rpartition("}")[2] if isinstance(node.tag, str) else ""


def namespace_of(node: etree._Element) -> str:
    tag = node.tag if isinstance(node.tag, str) else ""
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""
