"""``locflow term extract``: candidate terms from the project's source segments, as a CSV to review.

The project's segments are read per document; :func:`termbase.extract.extract_terms`
ranks the candidates (terms the termbase already has are left out) and
:func:`termbase.extract.write_candidates` writes a CSV with a column per
project locale, ready to be filled in and imported with ``locflow term import``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from locflow.project import Project
from termbase.extract import Candidate, extract_terms, write_candidates

__all__ = ["extract_project_terms", "ExtractedTerms"]


@dataclass(frozen=True, slots=True)
class ExtractedTerms:
    path: Path
    candidates: list[Candidate]
    segments: int


def extract_project_terms(project: Project, output: Path, *, min_count: int = 3, limit: int = 200) -> ExtractedTerms:
    """Rank candidate terms in the project's source text and write them to ``output`` (CSV)."""
    source = project.config.source_locale
    project.import_glossaries()  # what the glossaries hold is not proposed again
    segments = project.store.segments()
    known = [term.text for concept in project.termbase.concepts() for term in concept.terms_in(source.tag)]
    # codes (markup, placeholders, inline code) end a phrase: the text parts are read apart
    texts = ((segment.document, "\n".join(segment.source.iter_text())) for segment in segments)
    candidates = extract_terms(texts, source.tag, min_count=min_count, limit=limit, known=known)
    targets = [locale.tag for locale in project.config.target_locales]
    write_candidates(output, candidates, source=source.tag, targets=targets)
    return ExtractedTerms(output, candidates, len(segments))
