"""Turn an export package into files: one per document, or one bundle.

The project side selects what to export and builds the
:class:`~locflow.exchange.base.ExportPackage`; this module picks the writer
and the file names, and leaves writing to :func:`~locflow.exchange.paths.save_files`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from locflow.exchange.base import FORMATS, ExportPackage
from locflow.exchange.paths import bundle_file_name, document_file_name
from locflow.exchange.po_writer import write_po
from locflow.exchange.xliff12_writer import write_xliff12
from locflow.exchange.xliff2_writer import write_xliff2
from locflow.model.errors import UsageError

__all__ = ["ExportFile", "write_exchange", "export_files"]


@dataclass(frozen=True, slots=True)
class ExportFile:
    """One file to write: its path relative to the output directory, and its bytes."""

    path: PurePosixPath
    data: bytes
    documents: tuple[str, ...]
    segments: int


def write_exchange(package: ExportPackage, format: str, *, version: str = "2.0") -> bytes:
    """The package in ``format`` (``xliff12``, ``xliff2`` with ``version`` 2.0 or 2.1, ``po``)."""
    if format == "xliff12":
        return write_xliff12(package)
    if format == "xliff2":
        return write_xliff2(package, version=version)
    if format == "po":
        return write_po(package)
    raise UsageError(f"unknown exchange format {format!r} (known: {', '.join(FORMATS)})")


def export_files(
    package: ExportPackage, format: str, *, bundle: bool = False, version: str = "2.0"
) -> list[ExportFile]:
    """The files of an export; documents with nothing to translate get no file.

    With ``bundle`` every document goes into one file (several ``<file>``
    elements in XLIFF, ``msgctxt`` prefixed with the document path in PO).
    """
    documents = tuple(document for document in package.documents if document.segment_count())
    if not documents:
        return []
    if bundle:
        whole = replace(package, documents=documents)
        name = bundle_file_name(package.project, package.target_locale, format)
        data = write_exchange(whole, format, version=version)
        return [ExportFile(name, data, tuple(document.path for document in documents), whole.segment_count())]
    return [
        ExportFile(
            document_file_name(document.path, package.target_locale, format),
            write_exchange(replace(package, documents=(document,)), format, version=version),
            (document.path,),
            document.segment_count(),
        )
        for document in documents
    ]
