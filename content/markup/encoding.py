"""Which encoding a markup file is in, so it can be written back in the same one.

A byte order mark wins. Then an XML file says its encoding in its XML
declaration (UTF-8 when it does not). An HTML page says it in
``<meta charset="...">`` or ``<meta http-equiv="Content-Type"
content="text/html; charset=...">``; an HTML page that says nothing is read
as UTF-8 and, when it is not valid UTF-8, as windows-1252, which is what
browsers assume for such pages. Like browsers, a page labelled ISO-8859-1 or
US-ASCII that holds bytes outside its label is read as windows-1252, so a
curly quote saved by a Windows editor into a "latin-1" page is read as the
quote it is (see :func:`_western_codec`).
"""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import PurePosixPath

from content.base import decode_text
from locflow.model.errors import MalformedFileError

__all__ = ["decode_html", "decode_xml", "declared_html_charset", "declared_xml_encoding"]

log = logging.getLogger(__name__)

#: How far into a page to look for a charset declaration.
PRESCAN_BYTES = 8192

_META = re.compile(rb"<meta\b[^>]*>", re.I)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_WESTERN = frozenset({"ascii", "iso8859-1", "cp1252"})
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_UNASSIGNED_IN_1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


def declared_html_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag (or an XML declaration), if any."""
    head = data[:PRESCAN_BYTES]
    for meta in _META.finditer(head):
        found = _CHARSET.search(meta.group())
        if found:
            return found.group(1).decode("ascii")
    return declared_xml_encoding(data)


def declared_xml_encoding(data: bytes) -> str | None:
    found = _XML_DECLARATION.match(data[:PRESCAN_BYTES])
    return found.group(1).decode("ascii") if found else None


def _has_bom(data: bytes) -> bool:
    return data.startswith(_BOMS)


def _decode_with_bom(data: bytes, path: PurePosixPath | str) -> tuple[str, str]:
    """Decode by the byte order mark. A UTF-16 mark stays in the text (as U+FEFF), so the
    file is written back in its own byte order, whatever the machine's."""
    if data.startswith(codecs.BOM_UTF16_BE):
        return decode_text(data, path, "utf-16-be")
    if data.startswith(codecs.BOM_UTF16_LE):
        return decode_text(data, path, "utf-16-le")
    return decode_text(data, path)


def _codec_name(label: str, path: PurePosixPath | str) -> str:
    try:
        return codecs.lookup(label).name
    except LookupError as exc:
        raise MalformedFileError(f"unknown charset {label!r}", path=path, line=1) from exc


def decode_html(data: bytes, path: PurePosixPath | str, encoding: str | None = None) -> tuple[str, str]:
    """Decode an HTML page; return (text, encoding that writes the same bytes back)."""
    if encoding is not None:
        return decode_text(data, path, encoding)
    if _has_bom(data):
        return _decode_with_bom(data, path)
    declared = declared_html_charset(data)
    if declared is None:
        try:
            return decode_text(data, path, "utf-8")
        except MalformedFileError:
            log.info("%s: no charset declared and not UTF-8; reading it as windows-1252", path)
            return decode_text(data, path, "cp1252")
    codec = _codec_name(declared, path)
    if codec in _WESTERN:
        return decode_text(data, path, _western_codec(data, codec))
    return decode_text(data, path, codec)


def _western_codec(data: bytes, declared: str) -> str:
    """The codec for a page labelled US-ASCII, ISO-8859-1 or windows-1252.

    A page that keeps to its label is read and written with it, so that
    characters a translation adds outside the label's range become character
    references every reader understands. A page with bytes its label does not
    allow is read as browsers read it: windows-1252 (ISO-8859-1 where it uses
    the five bytes windows-1252 leaves unassigned).
    """
    if declared == "ascii" and data.isascii():
        return "ascii"
    if declared == "iso8859-1" and _C1_BYTES.search(data) is None:
        return "latin-1"
    return "latin-1" if _UNASSIGNED_IN_1252.search(data) else "cp1252"


def decode_xml(data: bytes, path: PurePosixPath | str) -> tuple[str, str]:
    """Decode an XML document by its byte order mark or XML declaration (UTF-8 by default)."""
    if _has_bom(data):
        return _decode_with_bom(data, path)
    if data[:2] in (b"<\x00", b"\x00<"):
        return decode_text(data, path, "utf-16-le" if data[0] == 0x3C else "utf-16-be")
    declared = declared_xml_encoding(data)
    return decode_text(data, path, _codec_name(declared, path) if declared else "utf-8")
