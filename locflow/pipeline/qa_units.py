"""The project's translations as QA units: one :class:`~qa_checks.base.CheckedUnit` per
translated segment and locale, with its document path, content kind and length limit, and
one per segment left untranslated because its MT answer was refused (``mt-refused``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from locflow.model import Locale, Segment
from locflow.project import Project
from locflow.store import StoredSegment
from qa_checks.base import CheckedUnit

__all__ = ["project_units"]


def project_units(
    project: Project, locales: Sequence[Locale], segments: Sequence[StoredSegment] | None = None
) -> Iterator[CheckedUnit]:
    """Every stored translation of ``locales`` paired with its source segment, in document order.

    Segments without a translation are not units to check (``status`` counts them),
    unless MT was refused for them: the unit then carries the reason;
    stale translations are checked against the *current* source, as a reviewer would.
    ``segments``: the project's stored segments when the caller has them already (the QA gate
    checks one locale at a time and reads them once).
    """
    segments = project.store.segments() if segments is None else segments
    source_locale = project.config.source_locale
    for locale in locales:
        translations = project.store.translations(str(locale))
        refused = _refused(project, locale)
        for segment in segments:
            translation = translations.get(segment.id)
            why_refused = refused.get((segment.document, segment.key), "")
            if translation is None and not why_refused:
                continue
            yield CheckedUnit(
                key=segment.key,
                source=segment.source,
                target=translation.target if translation is not None else Segment(),
                source_locale=source_locale,
                target_locale=locale,
                file=segment.document,
                kind=segment.kind,
                note=segment.note,
                state=translation.state.value if translation is not None else "new",
                max_length=segment.max_length,
                refused=why_refused if translation is None else "",
            )


def _refused(project: Project, locale: Locale) -> dict[tuple[str, str], str]:
    """Why MT answers for ``locale`` were refused, by (document, segment key)."""
    from locflow.store.mt import MTStore

    return {
        (row.document, row.key): f"{row.engine}: {row.reason}" + (f" ({row.detail})" if row.detail else "")
        for row in MTStore(project.store.engine).rejections(str(locale))
    }
