"""Glossary files in and out: which reader or writer a file needs, chosen by its name and content.

``.tbx`` (and ``.xml``) files are TBX; ``.csv`` comma-separated;
``.tsv``/``.tab``/``.txt`` tab-separated. A file that starts with ``<``
is read as TBX whatever its name. Reading returns concepts and what kind of
file it was (``TBX v2 TBX-Basic (DCA)``, ``CSV``), for reports.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from locflow.model.errors import InputError, UsageError
from termbase.csvfile import TAB_SUFFIXES, read_csv, write_csv
from termbase.model import Concept
from termbase.tbx.reader import TBXReader
from termbase.tbx.writer import write_tbx

__all__ = ["GlossaryFile", "open_glossary", "write_glossary", "EXPORT_FORMATS", "export_format_of"]

EXPORT_FORMATS = ("tbx", "csv")
_TBX_SUFFIXES = (".tbx", ".xml")
_CSV_SUFFIXES = (".csv", *TAB_SUFFIXES)


@dataclass
class GlossaryFile:
    """A glossary file being read: iterate :meth:`concepts`; ``kind`` and ``warnings`` are set as it is read."""

    path: Path
    columns: Sequence[str] | None = None
    kind: str = ""
    warnings: list[str] = field(default_factory=list)

    def concepts(self) -> Iterator[Concept]:
        if _is_xml(self.path):
            reader = TBXReader(self.path)
            yield from reader.concepts()
            self.kind = reader.kind.describe() if reader.kind else "TBX"
            self.warnings.extend(reader.warnings)
            return
        self.kind = "TSV" if self.path.suffix.lower() in TAB_SUFFIXES else "CSV"
        yield from read_csv(self.path, columns=self.columns)


def open_glossary(path: str | PathLike[str], *, columns: Sequence[str] | None = None) -> GlossaryFile:
    """A reader for a TBX, CSV or TSV glossary. Raises :class:`InputError` for other files."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    if not _is_xml(path) and path.suffix.lower() not in _CSV_SUFFIXES:
        raise InputError(f"not a glossary: {path.suffix or 'no extension'} (give .tbx, .csv, .tsv or .tab files)", path=path)
    return GlossaryFile(path, columns)


def _is_xml(path: Path) -> bool:
    if path.suffix.lower() in _TBX_SUFFIXES:
        return True
    with open(path, "rb") as handle:
        head = handle.read(64)
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(codec, errors="ignore").encode("utf-8")
            break
    return head.lstrip().startswith(b"<")


def export_format_of(path: str | PathLike[str], fmt: str | None) -> str:
    """``fmt`` when given, else ``tbx`` or ``csv`` from the file name."""
    if fmt:
        if fmt not in EXPORT_FORMATS:
            raise UsageError(f"unknown glossary format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix in _TBX_SUFFIXES:
        return "tbx"
    if suffix in _CSV_SUFFIXES:
        return "csv"
    raise UsageError(f"cannot tell the format of {path}: give --format tbx or --format csv")


def write_glossary(
    path: str | PathLike[str], concepts: Iterable[Concept], fmt: str, *, source_locale: str, locales: Sequence[str]
) -> int:
    """Write a glossary atomically (beside its name, then renamed); returns the concepts written."""
    path = Path(path)
    partial = path.with_name(f".{path.stem}.partial{path.suffix}")  # same suffix: the writers read it
    try:
        if fmt == "tbx":
            written = write_tbx(partial, concepts, source_locale=source_locale)
        else:
            written = write_csv(partial, concepts, locales=locales)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return written
