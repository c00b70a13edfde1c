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

from locflow.exchange.base import (
    FORMATS,
    NOT_TRANSLATABLE,
    ExchangeFile,
    ExchangeSegment,
    ExportDocument,
    ExportPackage,
    ExportSegment,
    ExportUnit,
    MatchOffer,
    TermHint,
)
from locflow.exchange.export import ExportFile, export_files, write_exchange
from locflow.exchange.paths import EXTENSIONS, bundle_file_name, document_file_name, safe_output_path, save_files
from locflow.exchange.po_writer import write_po
from locflow.exchange.reader import read_exchange_bytes, read_exchange_file, sniff_format
from locflow.exchange.report import FileSummary, ImportReport, Outcome, ReportEntry, render_json, render_table
from locflow.exchange.validate import (
    RejectReason,
    Rejection,
    adopt_codes,
    check_codes,
    check_target_locale,
    duplicate_ids,
    source_changed,
    target_fingerprint,
    validate_target,
)
from locflow.exchange.xliff12_writer import write_xliff12
from locflow.exchange.xliff2_writer import write_xliff2

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
