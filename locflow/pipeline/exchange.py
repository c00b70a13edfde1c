"""Export translator and reviewer packages from the store.

Export selects segments per locale (``untranslated``: everything a person has
not confirmed yet, ``stale``, or ``all``), groups them by document and unit,
and hands them to :mod:`locflow.exchange` with their drafts, the previous
source of stale segments, the TM's best offers and the termbase's hints. A
review package holds the translations a reviewer is to raise to ``reviewed``
(or ``approved``).

Every export is recorded in the store's export log under a package id the
files carry, so that :mod:`locflow.pipeline.importing` can tell what a
translator changed from what came back untouched.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from locflow.errors import UsageError
from locflow.exchange import (
    ExportDocument,
    ExportPackage,
    ExportSegment,
    ExportUnit,
    MatchOffer,
    export_files,
    save_files,
    target_fingerprint,
)
from locflow.model import DONE_STATES, Locale, State
from locflow.pipeline.importing import import_files
from locflow.pipeline.terms import recognizer_for, term_hints
from locflow.project import Project
from locflow.store import ExportedSegment, StoredSegment, StoredTranslation, new_package_id

__all__ = ["export_packages", "import_files", "SELECTIONS", "REVIEW_STATES", "ExportResult"]

log = logging.getLogger(__name__)

SELECTIONS = ("untranslated", "stale", "all")
#: The states a review package can raise translations to.
REVIEW_STATES = (State.REVIEWED, State.APPROVED)


@dataclass(frozen=True, slots=True)
class ExportResult:
    locale: str
    path: Path
    documents: int
    segments: int
    package: str = ""


def _selected(translation: StoredTranslation | None, selection: str) -> bool:
    if selection == "all":
        return True
    if selection == "stale":
        return translation is not None and translation.state == State.STALE
    return translation is None or translation.state not in DONE_STATES


def _to_review(translation: StoredTranslation | None, review_state: State) -> bool:
    """Translations a reviewer raising to ``review_state`` has to look at."""
    return translation is not None and translation.state in DONE_STATES and translation.state.rank < review_state.rank


def build_package(
    project: Project, locale: Locale, selection: str = "untranslated", *, review_state: State | None = None
) -> ExportPackage:
    """The segments of ``locale`` to hand to translators (or, with ``review_state``, to a
    reviewer), grouped by document and unit."""
    if selection not in SELECTIONS:
        raise UsageError(f"unknown selection {selection!r} (choose from {', '.join(SELECTIONS)})")
    project.import_memories()
    project.import_glossaries()
    translations = project.store.translations(str(locale))
    if review_state is not None:
        chosen = [s for s in project.store.segments() if _to_review(translations.get(s.id), review_state)]
        offers: dict[int, list[MatchOffer]] = {}
    else:
        chosen = [s for s in project.store.segments() if _selected(translations.get(s.id), selection)]
        offers = project.offers(chosen, locale)
    documents = _documents(chosen, translations, offers, recognizer_for(project, locale))
    return ExportPackage(
        project.config.source_locale,
        locale,
        documents,
        project=project.config.name or project.root.name,
        package_id=new_package_id(),
        review_state=review_state,
    )


def _documents(
    chosen: Sequence[StoredSegment],
    translations: dict[int, StoredTranslation],
    offers: dict[int, list[MatchOffer]],
    recognizer: Any,
) -> tuple[ExportDocument, ...]:
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
    return tuple(documents)


def export_packages(
    project: Project,
    locales: Sequence[Locale],
    fmt: str,
    out_dir: Path,
    *,
    selection: str = "untranslated",
    bundle: bool = False,
    version: str = "2.0",
    review_state: State | None = None,
) -> list[ExportResult]:
    """Write translator files (or, with ``review_state``, reviewer files) for ``locales``
    under ``out_dir`` (nothing outside it), and record each package in the export log."""
    results: list[ExportResult] = []
    for locale in locales:
        package = build_package(project, locale, selection, review_state=review_state)
        files = export_files(package, fmt, bundle=bundle, version=version)
        if not files:
            continue
        _record(project, package, fmt)
        written = save_files(out_dir, [(f.path, f.data) for f in files])
        results.extend(
            ExportResult(str(locale), path, len(f.documents), f.segments, package.package_id) for path, f in zip(written, files)
        )
    return results


def _record(project: Project, package: ExportPackage, fmt: str) -> None:
    keys = {(document.path, segment.key): segment for document in package.documents for unit in document.units for segment in unit.segments}
    segments = [
        ExportedSegment(stored.id, target_fingerprint(keys[(stored.document, stored.key)].target), keys[(stored.document, stored.key)].state)
        for stored in project.store.segments()
        if (stored.document, stored.key) in keys
    ]
    project.store.exports.record(
        package.package_id, str(package.target_locale), fmt, segments, kind=package.kind, review_state=package.review_state
    )


def offers_from_matches(matches: Sequence[object]) -> list[MatchOffer]:
    """TM matches as offers for translators (best first)."""
    return [MatchOffer(m.source, m.target, float(m.score), getattr(m, "origin", "tm")) for m in matches]  # type: ignore[attr-defined]
