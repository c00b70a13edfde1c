"""Extract: source files -> segments in the store, incrementally.

All files are parsed before the store is touched, so one malformed file
(exit 3) changes nothing. What a parsed file gives the store (its segment
records) is spooled to a temporary file meanwhile, not kept in memory, so a
help center of any size is extracted in the same memory, and the store's
write transaction lasts only as long as the writing. A file whose bytes, filter and options are as they
were at the last extract is skipped. For the others the store works out which
segments are new, changed (their translations become ``stale``), moved or
removed; documents whose file is gone are removed.

The report also says what the filters left untranslated by design (code
blocks, MediaWiki templates whose parameters are not translated...), per
filter, for the files read this run: unchanged files are not parsed again,
so they do not count.
"""

from __future__ import annotations

import logging
import pickle
import re
import tempfile
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, Any

from locflow.errors import ConfigError
from locflow.model import Document, Locale, word_count
from locflow.pipeline.progress import Progress, no_progress
from locflow.project import Project, SourceFile
from locflow.store import SegmentRecord, SyncResult

__all__ = ["extract", "ExtractReport", "segment_records", "remove_missing_documents"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ExtractReport:
    documents_new: list[str] = field(default_factory=list)
    documents_changed: list[str] = field(default_factory=list)
    documents_unchanged: list[str] = field(default_factory=list)
    documents_removed: list[str] = field(default_factory=list)
    segments: SyncResult = field(default_factory=SyncResult)
    unmatched: list[str] = field(default_factory=list)  # [[content]] globs that match no file
    #: filter name -> what it left untranslated -> count, in the files read this run
    untranslated: dict[str, Counter[str]] = field(default_factory=dict)

    def count_untranslated(self, filter_name: str, document: Document) -> None:
        """Add what the filter left untranslated in ``document`` (its ``meta``, see ``Document.left_untranslated``)."""
        left = document.left_untranslated()
        if left:
            self.untranslated.setdefault(filter_name, Counter()).update(left)

    def untranslated_line(self) -> str | None:
        """``left untranslated (files read this run): markdown 34 code blocks; mediawiki 5 templates``."""
        if not self.untranslated:
            return None
        per_filter = (
            f"{name} " + ", ".join(_counted(count, what) for what, count in counts.most_common())
            for name, counts in sorted(self.untranslated.items())
        )
        return "left untranslated (files read this run): " + "; ".join(per_filter)

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": {
                "new": self.documents_new,
                "changed": self.documents_changed,
                "unchanged": len(self.documents_unchanged),
                "removed": self.documents_removed,
            },
            "segments": self.segments.to_json(),
            "unmatched": self.unmatched,
            "untranslated": {name: dict(sorted(counts.items())) for name, counts in sorted(self.untranslated.items())},
        }

    def warnings(self) -> list[str]:
        return [f"[[content]] path {pattern!r} matches no file" for pattern in self.unmatched]


_PLURAL = re.compile(r"(\w+)s\b")


def _singular(plural: re.Match[str]) -> str:
    return plural[1]


def _counted(count: int, what: str) -> str:
    """``2 code blocks``, ``1 code block``: filters name what they count in the plural."""
    return f"{count} {what if count != 1 else _PLURAL.sub(_singular, what, count=1)}"


@dataclass(frozen=True, slots=True)
class _Parsed:
    source: SourceFile
    format: str
    fingerprint: str
    document: Document | None  # None when unchanged since the last extract


@dataclass(frozen=True, slots=True)
class _Spooled:
    """A parsed file whose segment records wait in the spool (``changed``), or an unchanged one."""

    path: str
    format: str
    fingerprint: str
    changed: bool


def segment_records(document: Document, locale: Locale | None = None) -> list[SegmentRecord]:
    """The store's view of a document: one record per segment, in order, with neighbours' hashes.

    Words are counted as sources in ``locale`` are (see :func:`locflow.model.word_count`).
    """
    flat = list(document.segments())
    hashes = [segment.content_hash() for _, _, segment in flat]
    records = []
    for position, (unit, key, segment) in enumerate(flat):
        records.append(
            SegmentRecord(
                key=key,
                unit_key=unit.key,
                position=position,
                source=segment,
                words=word_count(segment.text, locale),
                kind=unit.kind,
                note=unit.note,
                max_length=unit.max_length,
                prev_hash=hashes[position - 1] if position else None,
                next_hash=hashes[position + 1] if position + 1 < len(flat) else None,
            )
        )
    return records


def parse_source(project: Project, source: SourceFile, data: bytes | None = None) -> tuple[Any, Document]:
    """Read and extract one source file with its filter."""
    data = project.read_source(source.path) if data is None else data
    filter_ = project.filter_for(source, data)
    return filter_, filter_.extract(data, path=source.path, locale=project.config.source_locale)


def extract(
    project: Project,
    *,
    strict: bool = False,
    require_content: bool = False,
    documents: Collection[str] | None = None,
    progress: Progress = no_progress,
) -> ExtractReport:
    """Parse every source and bring the store up to date.

    A ``[[content]]`` glob that matches no file is reported (a typo must not
    look like an empty, "100% done" project); with ``strict`` it is an error,
    and with ``require_content`` (``run``) a project whose globs match nothing
    at all is one. With ``documents`` (a batch of a queued run) only those
    sources are read and no document is removed: the run removes the
    documents whose file is gone before it queues the batches.
    """
    unmatched = project.unmatched_globs() if documents is None else []
    sources = project.source_files()
    if documents is not None:
        wanted = set(documents)
        sources = [source for source in sources if str(source.path) in wanted]
    if unmatched and (strict or (require_content and not sources)):
        what = "no [[content]] path matches any file" if not sources else "[[content]] path matches no file"
        raise ConfigError(f"{what}: {', '.join(unmatched)}", path=project.config.path, line=project.config.line_holding(unmatched[0]))
    known = project.store.document_hashes()
    report = ExtractReport(unmatched=unmatched)
    with tempfile.TemporaryFile(prefix="locflow-extract-") as spool:
        parsed = [_spool(project, source, known, report, spool) for source in _progressed(sources, progress)]
        spool.seek(0)
        with project.store.transaction() as conn:
            for item in parsed:
                if not item.changed:
                    report.documents_unchanged.append(item.path)
                    continue
                (report.documents_changed if item.path in known else report.documents_new).append(item.path)
                result = project.store.sync_document(item.path, item.format, item.fingerprint, pickle.load(spool), conn)
                report.segments.add(result)
            if documents is None:
                removed, count = project.store.remove_documents_except((item.path for item in parsed), conn)
                report.documents_removed = removed
                report.segments.removed += count
    return report


def remove_missing_documents(project: Project) -> tuple[list[str], int]:
    """Remove the stored documents whose source file is gone; returns their paths and segment count."""
    return project.store.remove_documents_except(str(source.path) for source in project.source_files())


def _progressed(sources: list[SourceFile], progress: Progress) -> Iterator[SourceFile]:
    for done, source in enumerate(sources, start=1):
        yield source
        progress("extract", done, len(sources))


def _spool(
    project: Project, source: SourceFile, known: dict[str, tuple[str, str]], report: ExtractReport, spool: IO[bytes]
) -> _Spooled:
    """Parse ``source`` when it changed and append its segment records to ``spool``."""
    item = _parse_if_changed(project, source, known)
    if item.document is not None:
        report.count_untranslated(item.format, item.document)
        pickle.dump(segment_records(item.document, project.config.source_locale), spool, pickle.HIGHEST_PROTOCOL)
    return _Spooled(str(item.source.path), item.format, item.fingerprint, item.document is not None)


def _parse_if_changed(project: Project, source: SourceFile, known: dict[str, tuple[str, str]]) -> _Parsed:
    data = project.read_source(source.path)
    filter_ = project.filter_for(source, data)
    fingerprint = source.fingerprint(data, filter_.name)
    unchanged = known.get(str(source.path)) == (filter_.name, fingerprint)
    log.info(
        "%s: [[content]] %s, read by the %s filter%s",
        source.path,
        " ".join(source.spec.paths),
        filter_.name,
        " (unchanged)" if unchanged else "",
    )
    if unchanged:
        return _Parsed(source, filter_.name, fingerprint, None)
    document = filter_.extract(data, path=PurePosixPath(source.path), locale=project.config.source_locale)
    return _Parsed(source, filter_.name, fingerprint, document)

