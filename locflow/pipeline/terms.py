"""What the pipeline stages take from the project's termbase.

* :func:`fill_from_termbase`: pretranslate's term step. A segment that is
  exactly a term (a button, a menu label) gets the approved target term,
  state ``tm``, origin ``termbase``; it runs after the TM and before MT.
* :func:`prepare_for_mt`: each segment's recognised terms become its MT
  glossary, and its do-not-translate terms become codes MT cannot change
  (:func:`termbase.protect_dnt`; :func:`termbase.restore_dnt` undoes it on
  the answer as it is written, :mod:`locflow.pipeline.machine`).
* :func:`term_hints`: the hints an export gives translators, one per
  recognised term.

The recogniser comes from :func:`recognizer_for`; it is None when the
project has no terms, and every function here then does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from locflow.model import Locale, Origin, Segment, State
from locflow.store import StoredSegment, TranslationWrite
from termbase import Recognizer, TermHit, mt_glossary, protect_dnt, term_fill

__all__ = [
    "recognizer_for",
    "fill_from_termbase",
    "prepare_for_mt",
    "MTInput",
    "term_hints",
]

log = logging.getLogger(__name__)


def recognizer_for(project: Any, locale: Locale) -> Recognizer | None:
    """The project termbase's recogniser from the source locale to ``locale``; None without terms."""
    termbase = project.termbase
    if termbase.is_empty():
        return None
    return termbase.recognizer(project.config.source_locale.tag, locale.tag)


def fill_from_termbase(
    recognizer: Recognizer | None, segments: list[StoredSegment], locale: Locale, writes: list[TranslationWrite]
) -> list[StoredSegment]:
    """Fill segments that are exactly a term with its approved target term; returns the rest."""
    if recognizer is None:
        return segments
    remaining = []
    for segment in segments:
        target = term_fill(segment.source, recognizer.find_in_segment(segment.source))
        if target is None:
            remaining.append(segment)
        else:
            writes.append(TranslationWrite(segment.id, str(locale), target, State.TM, Origin.TERMBASE, 100.0))
    return remaining


@dataclass(frozen=True, slots=True)
class MTInput:
    """Segments as MT sees them (DNT terms as codes) and each one's glossary."""

    segments: list[Segment]
    glossaries: list[Mapping[str, str]]


def prepare_for_mt(recognizer: Recognizer | None, segments: Sequence[Segment]) -> MTInput:
    if recognizer is None:
        return MTInput(list(segments), [{} for _ in segments])
    protected, glossaries = [], []
    for segment in segments:
        hits = recognizer.find_in_segment(segment)
        protected.append(protect_dnt(segment, hits))
        glossaries.append(mt_glossary(hits))
    return MTInput(protected, glossaries)


def term_hints(recognizer: Recognizer | None, segment: Segment) -> tuple[Any, ...]:
    """One :class:`~locflow.exchange.TermHint` per concept recognised in ``segment``."""
    if recognizer is None:
        return ()
    from locflow.exchange import TermHint

    hints = []
    seen: set[int] = set()
    for hit in recognizer.find_in_segment(segment):
        if id(hit.concept) in seen:
            continue
        seen.add(id(hit.concept))
        note = _hint_note(hit)
        if hit.target or note:
            status = "do not translate" if hit.dnt else (hit.targets[0].status.value if hit.targets else "")
            hints.append(TermHint(hit.source_term.text, hit.target, note, status=status))
    return tuple(hints)


def _hint_note(hit: TermHit) -> str:
    """The definition, then what not to use (forbidden and deprecated target terms)."""
    avoid = [f"{t.text} ({t.status.value})" for t in (*hit.forbidden, *hit.deprecated)]
    parts = [hit.definition.strip()] if hit.definition.strip() else []
    if avoid:
        parts.append("Do not use: " + ", ".join(avoid))
    return ". ".join(part.rstrip(".") for part in parts) + ("." if parts else "")
