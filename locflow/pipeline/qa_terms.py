"""The termbase as QA sees it: the project's, or glossary files given with ``--termbase``.

:class:`QATermbase` answers the terminology checks' two questions with the
termbase's own rules (:mod:`termbase.recognize`): which concepts a source
text mentions (``find_terms``, QA's :class:`~qa_checks.Termbase` protocol) and
where a target term occurs in a translation, inflected forms included
(``locate``, :class:`~qa_checks.checks.terminology.TargetTermFinder`).
Everything is in memory, so a QA run that forks keeps working.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from locflow.model import Locale
from qa_checks import TermHit
from termbase import ConceptSource, Glossary, locate_term

__all__ = ["QATermbase", "project_termbase", "glossary_termbase"]


class QATermbase:
    """A termbase or glossary wrapped for the terminology checks."""

    def __init__(self, concepts: ConceptSource) -> None:
        self.concepts = concepts
        self._case_sensitive: set[str] = set()

    def find_terms(self, source_text: str, source_locale: Locale, target_locale: Locale) -> list[TermHit]:
        hits = []
        seen: set[int] = set()
        for hit in self.concepts.recognizer(source_locale.tag, target_locale.tag).find(source_text):
            if id(hit.concept) in seen:
                continue
            seen.add(id(hit.concept))
            self._case_sensitive.update(t.text for t in (*hit.targets, *hit.forbidden, *hit.deprecated) if t.case_sensitive)
            hits.append(
                TermHit(
                    source_text[hit.start : hit.end],
                    approved_targets=tuple(t.text for t in hit.targets),
                    forbidden_targets=tuple(t.text for t in hit.forbidden),
                    dnt=hit.dnt,
                    deprecated_targets=tuple(t.text for t in hit.deprecated),
                )
            )
        return hits

    def locate(self, text: str, term: str, locale: Locale) -> tuple[int, int] | None:
        return locate_term(text, term, locale.tag, case_sensitive=term in self._case_sensitive)


def project_termbase(project: Any) -> QATermbase | None:
    """The project's termbase (its ``[termbase] import`` files brought up to date first); None when empty."""
    project.import_glossaries()
    if project.termbase.is_empty():
        return None
    return QATermbase(project.termbase)


def glossary_termbase(paths: Sequence[str | Path], *, source_locale: Locale | None = None) -> QATermbase:
    """Glossary files (TBX, CSV, TSV) read into memory for a standalone QA run."""
    tag = source_locale.tag if source_locale is not None else "en"
    return QATermbase(Glossary.from_files(paths, source_locale=tag))
