"""UI string catalogs: Java .properties, Android strings.xml, iOS .strings, RESX, ARB, PHP arrays.

Each format lives in :mod:`content.catalog_formats`; a format *parses* the file
(through translate-toolkit's storage classes where they exist) into
:class:`~content.catalog_formats.base.Entry` objects: a resource key, the
decoded source value, a note, and where the value stands in the original text.

Translate-toolkit re-serializes files when it writes them (whitespace,
escaping and quoting change), so it is only used to read. Merging splices
values into the original text: an untranslated value is written back exactly
as it was (``\\u00e9`` stays ``\\u00e9``), a translated value is escaped the
way the format wants it (``\\'`` in Android, ``\\"`` in .strings, ``&amp;`` in
RESX...). Source-as-target therefore gives back the original bytes.

The format is picked by extension; ``.xml`` files must have a ``<resources>``
root (Android).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from content.base import SkeletonFilter, build_unit, line_of
from content.catalog_formats import FORMATS, format_for
from locflow.model import CodeIds, Document, Locale, Segment, Slot, Unit
from locflow.model.errors import MalformedFileError

__all__ = ["CatalogFilter"]


class CatalogFilter(SkeletonFilter):
    """Key/value UI string catalogs, merged back byte for byte."""

    name = "catalog"
    extensions = tuple(sorted({ext for fmt in FORMATS for ext in fmt.extensions}))
    sniff_only = True  # among .xml files, only Android's <resources> are catalogs
    options: Mapping[str, Any] = {}

    @classmethod
    def sniff(cls, data: bytes, path: PurePosixPath) -> bool:
        fmt = format_for(path)
        return fmt is not None and fmt.sniff(data)

    def extract(self, data: bytes, *, path: PurePosixPath, locale: Locale) -> Document:
        fmt = format_for(path, data, required=True)
        text, encoding = fmt.decode(data, path)
        units: list[Unit] = []
        skeleton: list[str | Slot] = []
        raw: dict[str, str] = {}
        seen: set[str] = set()
        pos = 0
        for entry in fmt.entries(text, data, path):
            if entry.key in seen:
                raise MalformedFileError(f"duplicate key {entry.key!r}", path=path, line=line_of(text, entry.start))
            seen.add(entry.key)
            unit = build_unit(entry.key, fmt.parts(entry, CodeIds()), locale, kind=entry.kind, note=entry.note)
            if not unit.segments:
                continue
            skeleton.append(text[pos : entry.start])
            skeleton.append(Slot(entry.key, entry.escape))
            raw[entry.key] = text[entry.start : entry.end]
            units.append(unit)
            pos = entry.end
        skeleton.append(text[pos:])
        meta = {"catalog_format": fmt.name, "raw": raw}
        return Document(path, self.name, tuple(units), tuple(skeleton), encoding, meta)

    def merge(self, document: Document, translations: Mapping[str, Segment], locale: Locale) -> bytes:
        fmt = next(fmt for fmt in FORMATS if fmt.name == document.meta["catalog_format"])
        raw = document.meta["raw"]
        units = {unit.key: unit for unit in document.units}
        out: list[str] = []
        translated = False
        for piece in document.skeleton:
            if isinstance(piece, str):
                out.append(piece)
                continue
            unit = units[piece.unit_key]
            if all(translations.get(key, source) == source for key, source in unit.items()):
                out.append(raw[unit.key])
            else:
                out.append(fmt.render(unit.joined_parts(translations, locale), piece.escape))
                translated = True
        text = "".join(out)
        return (fmt.localize(text, locale) if translated else text).encode(document.encoding)

