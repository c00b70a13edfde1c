"""The project's translations as QA units: one :class:`~qa_checks.base.CheckedUnit` per
translated segment and locale, with its document path, content kind and length limit."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from locflow.model import Locale
from locflow.project import Project
from locflow.store import StoredSegment
from qa_checks.base import CheckedUnit

__all__ = ["project_units"]


def project_units(
    project: Project, locales: Sequence[Locale], segments: Sequence[StoredSegment] | None = None
) -> Iterator[CheckedUnit]:
    """Every stored translation of ``locales`` paired with its source segment, in document order.

    Segments without a translation are not units to check (``status`` counts them);
    stale translations are checked against the *current* source, as a reviewer would.
    ``segments``: the project's stored segments when the caller has them already (the QA gate
    checks one locale at a time and reads them once).
    """
    segments = project.store.segments() if segments is None else segments
    source_locale = project.config.source_locale
    for locale in locales:
        translations = project.store.translations(str(locale))
        for segment in segments:
            translation = translations.get(segment.id)
            if translation is None:
                continue
            yield CheckedUnit(
                key=segment.key,
                source=segment.source,
                target=translation.target,
                source_locale=source_locale,
                target_locale=locale,
                file=segment.document,
                kind=segment.kind,
                note=segment.note,
                state=translation.state.value,
                max_length=segment.max_length,
            )
