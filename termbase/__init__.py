"""Terminology: concepts and terms, TBX and CSV in and out, recognition in segments.

::

    from termbase import Termbase
    with Termbase.open("sqlite:///.locflow/locflow.db", source_locale="en") as termbase:
        termbase.import_file("glossary/acme.tbx")
        for hit in termbase.recognizer("en", "de").find("Delete your accounts"):
            print(hit.source_term.text, "->", hit.target)

Modules, in the order an import and a lookup meet them: :mod:`termbase.files`
(which format), :mod:`termbase.tbx` and :mod:`termbase.csvfile` (the formats),
:mod:`termbase.store` (the only SQL), :mod:`termbase.words` and
:mod:`termbase.recognize` (finding terms), :mod:`termbase.segments` (DNT
protection, term pre-fill, MT glossaries), :mod:`termbase.extract`
(candidate terms for a new glossary).
"""

from termbase.base import ConceptSource, Glossary, Termbase
from termbase.model import Concept, ImportStats, Term, TermbaseStats, TermHit, TermStatus, parse_status
from termbase.recognize import Recognizer, TargetFinder, locate_term
from termbase.segments import DNT_CODE_TYPE, mt_glossary, protect_dnt, restore_dnt, term_fill

__all__ = [
    "Concept",
    "ConceptSource",
    "DNT_CODE_TYPE",
    "Glossary",
    "ImportStats",
    "Recognizer",
    "TargetFinder",
    "Term",
    "TermHit",
    "TermStatus",
    "Termbase",
    "TermbaseStats",
    "locate_term",
    "mt_glossary",
    "parse_status",
    "protect_dnt",
    "restore_dnt",
    "term_fill",
]
