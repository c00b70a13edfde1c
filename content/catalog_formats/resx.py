""".NET ``.resx`` resources: ``<data name="Key"><value>Text</value><comment>Note</comment></data>``.

String resources are units (key = ``name``, note = ``<comment>``); resources
with a ``type`` or ``mimetype`` (images, serialized objects) and designer
metadata (names starting with ``>>``) are not. Values are read by
translate-toolkit's ``RESXUnit``; translations are XML-escaped.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from lxml import etree
from translate.storage.resx import RESXUnit

from content.catalog_formats.base import CatalogFormat, Entry
from content.catalog_formats.xmlscan import decode_xml, paired_elements, parse_xml
from locflow.model.errors import MalformedFileError

__all__ = ["ResxFormat"]

_XML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


class ResxFormat(CatalogFormat):
    name = "resx"
    extensions = (".resx",)

    def decode(self, data: bytes, path: PurePosixPath) -> tuple[str, str]:
        return decode_xml(data, path)

    def entries(self, text: str, data: bytes, path: PurePosixPath) -> list[Entry]:
        root = parse_xml(data, path)
        if etree.QName(root).localname != "root":
            raise MalformedFileError("not a RESX file (the root is not <root>)", path=path)
        places = paired_elements(root, text, path)
        entries = []
        for data_element in root.iterchildren("data"):
            value = data_element.find("value")
            name = data_element.get("name", "")
            if value is None or data_element.get("type") or data_element.get("mimetype") or name.startswith(">>"):
                continue
            unit = RESXUnit.createfromxmlElement(data_element)
            place = places[value]
            note = unit.getnotes().strip()
            entries.append(Entry(name, place.content_start, place.content_end, unit.source or "", note))
        return entries

    def escape(self, text: str, kind: str) -> str:
        return "".join(_XML_ESCAPES.get(ch, ch) for ch in text)
