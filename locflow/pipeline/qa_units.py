"""The project's translations as QA units: one :class:`~qa_checks.base.CheckedUnit` per
translated segment and locale, with its document path, content kind and length limit, and
one per segment left untranslated because its MT answer was refused (``mt-refused``).

:func:`project_units` gives them all at once; :func:`project_parts` cuts them into parts
of a few thousand segments, read from the store one batch of documents at a time, for
:func:`qa_checks.parts.run_in_parts`, so that checking a project takes about the same
memory whatever its size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial

from locflow.model import Locale, Segment
from locflow.pipeline.batches import document_batches
from locflow.project import Project
from locflow.store import StoredSegment, StoredTranslation
from qa_checks.base import CheckedUnit
from qa_checks.parts import Part

__all__ = ["project_units", "project_parts", "PART_SEGMENTS"]

#: segments per part of a checked project (times the locales checked: units); a part's units,
#: columns and findings then take some tens of megabytes
PART_SEGMENTS = 2000

#: why MT answers were refused, by (document, segment key)
_Refused = dict[tuple[str, str], str]


def project_units(
    project: Project, locales: Sequence[Locale], segments: Sequence[StoredSegment] | None = None
) -> Iterator[CheckedUnit]:
    """Every stored translation of ``locales`` paired with its source segment, in document order.

    Segments without a translation are not units to check (``status`` counts them),
    unless MT was refused for them: the unit then carries the reason;
    stale translations are checked against the *current* source, as a reviewer would.
    ``segments``: the project's stored segments when the caller has them already.
    """
    segments = project.store.segments() if segments is None else segments
    for locale in locales:
        translations = project.store.translations(str(locale))
        for _, unit in _units(project, locale, segments, translations, _refused(project, locale)):
            yield unit


def project_parts(project: Project, locales: Sequence[Locale], *, part_segments: int = PART_SEGMENTS) -> list[Callable[[], Part]]:
    """The units of :func:`project_units`, in parts: each part reads a batch of whole
    documents (about ``part_segments`` segments) in every locale from the store.

    A unit's number in the run is its locale's position times the number of segments,
    plus its segment's position in document order: the order of :func:`project_units`.
    """
    batches = _document_batches(project.store.segment_counts(), part_segments)
    total = sum(count for _, count, _ in batches) + 1
    refused = [_refused(project, locale) for locale in locales]
    return [partial(_read_part, project, locales, refused, paths, first, total) for paths, _, first in batches]


def _document_batches(counts: Sequence[tuple[str, int]], size: int) -> list[tuple[list[str], int, int]]:
    """(paths, segments, position of the first segment) of consecutive documents holding
    about ``size`` segments (a larger document is a batch of its own)."""
    held = dict(counts)
    batches: list[tuple[list[str], int, int]] = []
    first = 0
    for paths in document_batches(counts, size):
        segments = sum(held[path] for path in paths)
        batches.append((paths, segments, first))
        first += segments
    return batches


def _read_part(project: Project, locales: Sequence[Locale], refused: Sequence[_Refused], paths: list[str], first: int, total: int) -> Part:
    """The units of these documents in every locale, with their numbers in the run."""
    segments = project.store.segments_of(paths)
    units: list[CheckedUnit] = []
    at: list[int] = []
    for number, locale in enumerate(locales):
        translations = project.store.translations_of(str(locale), paths)
        for index, unit in _units(project, locale, segments, translations, refused[number]):
            units.append(unit)
            at.append(number * total + first + index)
    return units, at


def _units(
    project: Project,
    locale: Locale,
    segments: Sequence[StoredSegment],
    translations: dict[int, StoredTranslation],
    refused: _Refused,
) -> Iterator[tuple[int, CheckedUnit]]:
    """The units of ``segments`` in ``locale``, each with its segment's index."""
    source_locale = project.config.source_locale
    for index, segment in enumerate(segments):
        translation = translations.get(segment.id)
        why_refused = refused.get((segment.document, segment.key), "")
        if translation is None and not why_refused:
            continue
        yield index, CheckedUnit(
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


def _refused(project: Project, locale: Locale) -> _Refused:
    """Why MT answers for ``locale`` were refused, by (document, segment key)."""
    from locflow.store.mt import MTStore

    return {
        (row.document, row.key): f"{row.engine}: {row.reason}" + (f" ({row.detail})" if row.detail else "")
        for row in MTStore(project.store.engine).rejections(str(locale))
    }
