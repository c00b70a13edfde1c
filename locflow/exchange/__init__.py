"""Translator exchange: XLIFF 1.2, XLIFF 2.0/2.1 and PO out and back in.

Pure functions on model values and bytes; the project store selects what
to export and applies what comes back. Writing::

    data = write_xliff2(ExportPackage(Locale("en"), Locale("de"), documents))

Reading (format and locales detected from the content)::

    file = read_exchange_file("de/help/faq.md.xlf")
    for read in file.segments:
        if source_changed(current_source, read.source): ...      # conflict
        elif (rejection := validate_target(current_source, read)): ...

See ``docs/exchange.md`` for the mapping of every format.
"""

from __future__ import annotations

import importlib
from typing import Any

#: where each public name is defined: a module is imported when one of its names is first used,
#: so that reading a PO file (``locflow.exchange.po_table``) does not load the XML writers
_WHERE = {
    "EXTENSIONS": "locflow.exchange.paths",
    "ExchangeFile": "locflow.exchange.base",
    "ExchangeSegment": "locflow.exchange.base",
    "ExportDocument": "locflow.exchange.base",
    "ExportFile": "locflow.exchange.export",
    "ExportPackage": "locflow.exchange.base",
    "ExportSegment": "locflow.exchange.base",
    "ExportUnit": "locflow.exchange.base",
    "FORMATS": "locflow.exchange.base",
    "FileSummary": "locflow.exchange.report",
    "ImportReport": "locflow.exchange.report",
    "MatchOffer": "locflow.exchange.base",
    "NOT_TRANSLATABLE": "locflow.exchange.base",
    "Outcome": "locflow.exchange.report",
    "RejectReason": "locflow.exchange.validate",
    "Rejection": "locflow.exchange.validate",
    "ReportEntry": "locflow.exchange.report",
    "TermHint": "locflow.exchange.base",
    "adopt_codes": "locflow.exchange.validate",
    "bundle_file_name": "locflow.exchange.paths",
    "check_codes": "locflow.exchange.validate",
    "check_target_locale": "locflow.exchange.validate",
    "document_file_name": "locflow.exchange.paths",
    "duplicate_ids": "locflow.exchange.validate",
    "export_files": "locflow.exchange.export",
    "read_exchange_bytes": "locflow.exchange.reader",
    "read_exchange_file": "locflow.exchange.reader",
    "render_json": "locflow.exchange.report",
    "render_table": "locflow.exchange.report",
    "safe_output_path": "locflow.exchange.paths",
    "save_files": "locflow.exchange.paths",
    "sniff_format": "locflow.exchange.reader",
    "source_changed": "locflow.exchange.validate",
    "target_fingerprint": "locflow.exchange.validate",
    "validate_target": "locflow.exchange.validate",
    "write_exchange": "locflow.exchange.export",
    "write_po": "locflow.exchange.po_writer",
    "write_xliff12": "locflow.exchange.xliff12_writer",
    "write_xliff2": "locflow.exchange.xliff2_writer",
}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use (PEP 562)."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "FORMATS",
    "EXTENSIONS",
    "NOT_TRANSLATABLE",
    "ExchangeFile",
    "ExchangeSegment",
    "ExportDocument",
    "ExportFile",
    "ExportPackage",
    "ExportSegment",
    "ExportUnit",
    "FileSummary",
    "ImportReport",
    "MatchOffer",
    "Outcome",
    "RejectReason",
    "Rejection",
    "ReportEntry",
    "TermHint",
    "adopt_codes",
    "bundle_file_name",
    "check_codes",
    "check_target_locale",
    "document_file_name",
    "duplicate_ids",
    "export_files",
    "read_exchange_bytes",
    "read_exchange_file",
    "render_json",
    "render_table",
    "safe_output_path",
    "save_files",
    "sniff_format",
    "source_changed",
    "target_fingerprint",
    "validate_target",
    "write_exchange",
    "write_po",
    "write_xliff12",
    "write_xliff2",
]
