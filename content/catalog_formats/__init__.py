"""The catalog formats :class:`content.catalog.CatalogFilter` reads, one module each."""

from __future__ import annotations

from pathlib import PurePosixPath

from content.catalog_formats.android import AndroidFormat
from content.catalog_formats.applestrings import AppleStringsFormat
from content.catalog_formats.arb import ArbFormat
from content.catalog_formats.base import CatalogFormat, Entry
from content.catalog_formats.php import PhpFormat
from content.catalog_formats.properties import PropertiesFormat
from content.catalog_formats.resx import ResxFormat
from locflow.model.errors import MalformedFileError

__all__ = ["FORMATS", "CatalogFormat", "Entry", "format_for"]

FORMATS: tuple[CatalogFormat, ...] = (
    PropertiesFormat(),
    AndroidFormat(),
    AppleStringsFormat(),
    ResxFormat(),
    ArbFormat(),
    PhpFormat(),
)


def format_for(path: PurePosixPath, data: bytes | None = None, *, required: bool = False) -> CatalogFormat | None:
    """The format of a file by its extension (and content, for ``.xml``)."""
    suffix = PurePosixPath(path).suffix.lower()
    for fmt in FORMATS:
        if suffix in fmt.extensions and (data is None or fmt.sniff(data)):
            return fmt
    if required:
        raise MalformedFileError(f"not a catalog file locflow reads ({suffix or 'no extension'})", path=path)
    return None
