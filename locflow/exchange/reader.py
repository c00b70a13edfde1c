"""Read any exchange file: the format is recognised by content, not by name.

XLIFF is recognised by its root element (the ``version`` attribute and the
namespace tell 1.x from 2.x), PO by its ``msgid`` lines. Every XML byte
goes through :func:`locflow.exchange.xmlparse.parse_xml`, so hostile XML is
refused (:class:`~locflow.model.errors.UnsafeXMLError`, exit 3) before any
content is read.
"""

from __future__ import annotations

import codecs
import re
from os import PathLike
from pathlib import Path

from locflow.exchange.base import ExchangeFile
from locflow.exchange.po_reader import read_po
from locflow.exchange.xliff12_reader import read_xliff12
from locflow.exchange.xliff2_reader import read_xliff2
from locflow.exchange.xmlparse import local_name, namespace_of, parse_xml
from locflow.model.errors import MalformedFileError

__all__ = ["read_exchange_file", "read_exchange_bytes", "sniff_format"]

_XLIFF2_NS = re.compile(r"urn:oasis:names:tc:xliff:document:2\.\d+")
_PO_KEYWORD = re.compile(rb"^[ \t]*(?:#~[ \t]*)?msg(?:id|ctxt)\b", re.M)


def read_exchange_file(path: str | PathLike[str]) -> ExchangeFile:
    """Read an XLIFF 1.2, XLIFF 2.x or PO file from disk."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise MalformedFileError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    return read_exchange_bytes(data, path)


def read_exchange_bytes(data: bytes, path: str | PathLike[str] = "<bytes>") -> ExchangeFile:
    """Read the bytes of an exchange file; ``path`` names it in errors and in the result."""
    kind = sniff_format(data)
    if kind == "po":
        return read_po(data, path)
    if kind != "xml":
        raise MalformedFileError("neither XLIFF nor PO (no XML root element, no msgid)", path=path, line=1)
    root = parse_xml(data, path)
    if local_name(root) != "xliff":
        message = f"not an XLIFF document: the root element is <{local_name(root)}>"
        raise MalformedFileError(message, path=path, line=root.sourceline)
    if _XLIFF2_NS.fullmatch(namespace_of(root)) or root.get("version", "").startswith("2"):
        return read_xliff2(root, path)
    return read_xliff12(root, path)


def sniff_format(data: bytes) -> str | None:
    """``"xml"``, ``"po"`` or ``None``, from the first bytes (UTF-8, UTF-16 with a BOM, or a legacy charset)."""
    head = data[:4096]
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom) :].decode(codec, errors="ignore").encode("utf-8")
            break
    else:
        if head[:2] in (b"<\x00", b"\x00<"):
            return "xml"
    head = head.removeprefix(codecs.BOM_UTF8)
    if head.lstrip().startswith(b"<"):
        return "xml"
    if _PO_KEYWORD.search(head):
        return "po"
    return None
