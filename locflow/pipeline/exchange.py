"""Export translator packages from the store, and import what translators send back.

Export selects segments per locale (``untranslated``: everything a person has
not confirmed yet, ``stale``, or ``all``), groups them by document and unit,
and hands them to :mod:`locflow.exchange` with their drafts, the previous
source of stale segments, the TM's best offers and the termbase's hints.

Import reads every file before it touches the store (a malformed or unsafe
file is exit 3 and applies nothing), then decides per segment, in this order:
not translatable -> skipped; unknown id -> rejected; wrong locale -> rejected;
source changed since export -> conflict (kept aside); no translation ->
skipped; broken codes or empty target -> rejected; same target and state as
stored -> unchanged; otherwise applied. Everything applied is written in one
transaction, and confirmed translations flow into the TM.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from locflow.errors import InputError, UsageError
from locflow.exchange import (
    ExchangeFile,
    ExchangeSegment,
    ExportDocument,
    ExportPackage,
    ExportSegment,
    ExportUnit,
    ImportReport,
    MatchOffer,
    adopt_codes,
    check_target_locale,
    duplicate_ids,
    export_files,
    read_exchange_file,
    save_files,
    source_changed,
    validate_target,
)
from locflow.exchange.validate import Rejection, RejectReason
from locflow.model import DONE_STATES, Locale, Origin, State
from locflow.pipeline.terms import recognizer_for, term_hints
from locflow.project import Project
from locflow.store import StoredSegment, StoredTranslation, TranslationWrite

__all__ = ["export_packages", "import_files", "SELECTIONS", "ExportResult"]

log = logging.getLogger(__name__)

SELECTIONS = ("untranslated", "stale", "all")


@dataclass(frozen=True, slots=True)
class ExportResult:
    locale: str
    path: Path
    documents: int
    segments: int


# -- export ----------------------------------------------------------------------------


def _selected(translation: StoredTranslation | None, selection: str) -> bool:
    if selection == "all":
        return True
    if selection == "stale":
        return translation is not None and translation.state == State.STALE
    return translation is None or translation.state not in DONE_STATES


def build_package(project: Project, locale: Locale, selection: str = "untranslated") -> ExportPackage:
    """The segments of ``locale`` to hand to translators, grouped by document and unit."""
    if selection not in SELECTIONS:
        raise UsageError(f"unknown selection {selection!r} (choose from {', '.join(SELECTIONS)})")
    project.import_memories()
    project.import_glossaries()
    translations = project.store.translations(str(locale))
    chosen = [s for s in project.store.segments() if _selected(translations.get(s.id), selection)]
    offers = project.offers(chosen, locale)
    recognizer = recognizer_for(project, locale)
    by_document: dict[str, dict[str, list[ExportSegment]]] = defaultdict(dict)
    units: dict[tuple[str, str], StoredSegment] = {}
    for segment in chosen:
        translation = translations.get(segment.id)
        units.setdefault((segment.document, segment.unit_key), segment)
        by_document[segment.document].setdefault(segment.unit_key, []).append(
            ExportSegment(
                key=segment.key,
                source=segment.source,
                target=translation.target if translation else None,
                state=translation.state if translation else State.NEW,
                matches=tuple(offers.get(segment.id, ())),
                terms=term_hints(recognizer, segment.source),
                note=segment.note,
                previous_source=translation.previous_source if translation else None,
            )
        )
    documents = []
    for path, unit_map in by_document.items():
        export_units = []
        for unit_key, segments in unit_map.items():
            first = units[(path, unit_key)]
            export_units.append(
                ExportUnit(unit_key, tuple(segments), note=first.note, kind=first.kind, max_length=first.max_length)
            )
        documents.append(ExportDocument(path, tuple(export_units)))
    return ExportPackage(
        project.config.source_locale, locale, tuple(documents), project=project.config.name or project.root.name
    )


def export_packages(
    project: Project,
    locales: Sequence[Locale],
    fmt: str,
    out_dir: Path,
    *,
    selection: str = "untranslated",
    bundle: bool = False,
    version: str = "2.0",
) -> list[ExportResult]:
    """Write translator files for ``locales`` under ``out_dir`` (nothing outside it)."""
    results: list[ExportResult] = []
    for locale in locales:
        package = build_package(project, locale, selection)
        if not package.documents:
            continue
        files = export_files(package, fmt, bundle=bundle, version=version)
        written = save_files(out_dir, [(f.path, f.data) for f in files])
        results.extend(
            ExportResult(str(locale), path, f.documents, f.segments) for path, f in zip(written, files)
        )
    return results


# -- import ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Index:
    """Stored segments by (document, key), and by key alone when the key is unique."""

    by_document: dict[tuple[str, str], StoredSegment]
    by_key: dict[str, StoredSegment | None]

    @classmethod
    def of(cls, segments: Sequence[StoredSegment]) -> _Index:
        by_key: dict[str, StoredSegment | None] = {}
        for segment in segments:
            by_key[segment.key] = None if segment.key in by_key else segment
        return cls({(s.document, s.key): s for s in segments}, by_key)

    def find(self, read: ExchangeSegment) -> StoredSegment | None:
        if read.document is not None and (read.document, read.id) in self.by_document:
            return self.by_document[(read.document, read.id)]
        return self.by_key.get(read.id)


def import_files(
    project: Project, paths: Sequence[Path], *, locale: Locale | None = None, strict: bool = False
) -> ImportReport:
    """Apply translator files to the store atomically; returns what happened to every segment.

    With ``strict``, any rejection or conflict makes the whole import fail
    (exit 3) and nothing is applied.
    """
    files = [read_exchange_file(path) for path in paths]  # all parsed before anything is applied
    index = _Index.of(project.store.segments())
    report = ImportReport()
    writes: dict[tuple[int, str], TranslationWrite] = {}
    for file in files:
        report.add_file(file)
        file_locale = _file_locale(project, file, locale)
        existing = project.store.translations(str(file_locale))
        duplicates = {r.id for r in duplicate_ids(file)}
        for rejection in duplicate_ids(file):
            report.rejected(file, rejection)
        for read in file.segments:
            if read.id in duplicates:
                continue
            write = _decide(project, file, read, file_locale, index, existing, report)
            if write is not None:
                writes[(write.segment_id, write.locale)] = write
    if strict and (report.summary().get("rejected") or report.summary().get("conflicts")):
        raise InputError(f"import refused (--strict): {report.summary()}; nothing applied")
    with project.store.transaction() as conn:
        project.store.write_translations(writes.values(), conn)
    project.remember(writes.values())
    return report


def _file_locale(project: Project, file: ExchangeFile, override: Locale | None) -> Locale:
    locale = override or file.target_locale
    if locale is None:
        raise UsageError(f"{file.path}: the file names no target locale; give one with -l")
    for target in project.config.target_locales:
        if target == locale or target in locale.fallbacks():
            return target
    targets = ", ".join(str(t) for t in project.config.target_locales)
    raise InputError(f"target locale {locale} is not a target locale of this project ({targets})", path=file.path)


def _decide(
    project: Project,
    file: ExchangeFile,
    read: ExchangeSegment,
    locale: Locale,
    index: _Index,
    existing: dict[int, StoredTranslation],
    report: ImportReport,
) -> TranslationWrite | None:
    if not read.translatable:
        return None
    stored = index.find(read)
    if stored is None:
        report.rejected(file, Rejection.of(read, RejectReason.UNKNOWN_ID, f"no segment {read.id!r} in this project"))
        return None
    rejection = check_target_locale(locale, read)
    if rejection is not None:
        report.rejected(file, rejection)
        return None
    if source_changed(stored.source, read.source):
        report.conflict(file, read, current_source=stored.source)
        return None
    if not read.has_translation:
        return None
    rejection = validate_target(stored.source, read)
    if rejection is not None:
        report.rejected(file, rejection)
        return None
    target = adopt_codes(read.target, stored.source)
    state = read.state if read.state not in (None, State.NEW) else State.TRANSLATED
    current = existing.get(stored.id)
    if current is not None and current.target == target and current.state == state:
        report.unchanged(file, read, state)
        return None
    report.applied(file, read, state)
    return TranslationWrite(stored.id, str(locale), target, state, Origin.human(Path(file.path).name))


def offers_from_matches(matches: Sequence[object]) -> list[MatchOffer]:
    """TM matches as offers for translators (best first)."""
    return [MatchOffer(m.source, m.target, float(m.score), getattr(m, "origin", "tm")) for m in matches]  # type: ignore[attr-defined]
