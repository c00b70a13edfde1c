"""The termbase's values: concepts, their terms per locale, and what recognition finds.

A :class:`Concept` is one meaning (``refund``: money given back) with its
terms in every locale (``refund`` in English, ``Rückerstattung`` preferred and
``Refund`` forbidden in German). Statuses come from TBX's
``administrativeStatus`` / ``normativeAuthorization`` (and the ``status``
column of a CSV glossary), reduced to the four that change what a
translator or a check does: preferred, admitted, deprecated (avoid: a
warning), forbidden (never: an error).

Everything here is a frozen value; the store and the file formats build them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

__all__ = [
    "TermStatus",
    "Term",
    "Concept",
    "TermHit",
    "ImportStats",
    "TermbaseStats",
    "parse_status",
    "UNKNOWN_STATUS",
]


class TermStatus(StrEnum):
    """How a term may be used; ``rank`` orders the usable ones (preferred first)."""

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    FORBIDDEN = "forbidden"

    @property
    def usable(self) -> bool:
        return self in (TermStatus.PREFERRED, TermStatus.ADMITTED)

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {TermStatus.PREFERRED: 0, TermStatus.ADMITTED: 1, TermStatus.DEPRECATED: 2, TermStatus.FORBIDDEN: 3}

#: What ``parse_status`` returns for a value it does not know (the caller logs it).
UNKNOWN_STATUS = None

# The values of TBX-Basic/Min (``preferredTerm-admn-sts``...), TBX-Default's
# ``normativeAuthorization`` (``preferredTerm``, ``legalTerm``...) and the short
# forms other tools write (``preferred``, ``obsolete``, ``forbidden``), compared
# without case, ``-admn-sts`` and a trailing ``Term``.
_STATUS_WORDS: dict[str, TermStatus] = {
    "preferred": TermStatus.PREFERRED,
    "standardized": TermStatus.PREFERRED,
    "legal": TermStatus.PREFERRED,
    "regulated": TermStatus.PREFERRED,
    "admitted": TermStatus.ADMITTED,
    "allowed": TermStatus.ADMITTED,
    "approved": TermStatus.ADMITTED,
    "deprecated": TermStatus.DEPRECATED,
    "superseded": TermStatus.DEPRECATED,
    "obsolete": TermStatus.DEPRECATED,
    "notrecommended": TermStatus.DEPRECATED,
    "forbidden": TermStatus.FORBIDDEN,
    "donotuse": TermStatus.FORBIDDEN,
    "rejected": TermStatus.FORBIDDEN,
}


@lru_cache(maxsize=1024)
def parse_status(value: str) -> TermStatus | None:
    """``preferredTerm-admn-sts``, ``supersededTerm``, ``Forbidden`` -> a status; None if unknown."""
    word = value.strip().lower().replace(" ", "").replace("_", "").replace("-", "")
    word = word.removesuffix("admnsts").removesuffix("term")
    return _STATUS_WORDS.get(word, UNKNOWN_STATUS)


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a concept in one locale.

    ``case_sensitive`` terms are recognised only with their own capitals
    (``CloudSync``, ``SSO``); ``dnt`` (do not translate) terms are product
    names and commands that stay as they are in every language.
    """

    locale: str
    text: str
    status: TermStatus = TermStatus.ADMITTED
    part_of_speech: str = ""
    case_sensitive: bool = False
    dnt: bool = False
    note: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "locale": self.locale,
            "text": self.text,
            "status": self.status.value,
            "part_of_speech": self.part_of_speech,
            "case_sensitive": self.case_sensitive,
            "dnt": self.dnt,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Concept:
    """A meaning and its terms. ``id`` is the file's concept id (may be empty)."""

    id: str
    terms: tuple[Term, ...]
    subject: str = ""
    definition: str = ""
    note: str = ""

    def terms_in(self, locale: str) -> tuple[Term, ...]:
        """The terms of ``locale`` (or of its regional variants: ``de`` finds ``de-DE``), best status first."""
        wanted = locale.lower()
        found = [t for t in self.terms if _same_language(t.locale.lower(), wanted)]
        return tuple(sorted(found, key=lambda t: t.status.rank))

    def key(self, origin: str, source_locale: str) -> str:
        """What identifies this concept across re-imports of its file: its id, else its source term."""
        if self.id:
            return f"{origin}#id:{self.id}"
        terms = self.terms_in(source_locale) or self.terms
        anchor = terms[0] if terms else Term("", "")
        return f"{origin}#term:{anchor.locale.lower()}:{anchor.text.casefold()}"

    def fingerprint(self) -> str:
        """Changes when anything stored about the concept changes (so unchanged ones are skipped)."""
        fields = [self.id, self.subject, self.definition, self.note]
        for t in self.terms:
            fields += (t.locale, t.text, t.status.value, t.part_of_speech, str(t.case_sensitive), str(t.dnt), t.note)
        return hashlib.sha1("\x1f".join(fields).encode("utf-8")).hexdigest()

    @property
    def dnt(self) -> bool:
        return any(t.dnt for t in self.terms)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "subject": self.subject,
            "definition": self.definition,
            "note": self.note,
            "terms": [t.to_json() for t in self.terms],
        }


def _same_language(tag: str, wanted: str) -> bool:
    """``de-de`` is a ``de`` term; a ``de-de`` lookup also takes plain ``de`` terms."""
    return tag == wanted or tag.startswith(wanted + "-") or wanted.startswith(tag + "-")


@dataclass(frozen=True, slots=True)
class TermHit:
    """A concept recognised in a text: where, as which source term, and what to use for it.

    ``start``/``end`` index the text the recogniser was given (for a segment,
    ``part`` is the index of the text part). ``targets`` are the usable target
    terms, preferred first; ``deprecated`` and ``forbidden`` the ones to avoid.
    A ``dnt`` hit stays as it is in every language.
    """

    start: int
    end: int
    source_term: Term
    concept: Concept
    targets: tuple[Term, ...] = ()
    deprecated: tuple[Term, ...] = ()
    forbidden: tuple[Term, ...] = ()
    part: int = 0

    @property
    def dnt(self) -> bool:
        return self.source_term.dnt or (self.concept.dnt and not self.targets)

    @property
    def target(self) -> str:
        """The term to use: the preferred target term, the source itself for DNT, else ``""``."""
        if self.targets:
            return self.targets[0].text
        return self.source_term.text if self.dnt else ""

    @property
    def definition(self) -> str:
        return self.concept.definition


@dataclass(slots=True)
class ImportStats:
    """What one import did: concepts read, added, updated, unchanged, removed (gone from the file)."""

    path: str
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    terms: int = 0
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "read": self.read,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "terms": self.terms,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class TermbaseStats:
    concepts: int
    terms: int
    locales: dict[str, int]
    statuses: dict[str, int]
    dnt: int
    sources: dict[str, int]

    def to_json(self) -> dict[str, object]:
        return {
            "concepts": self.concepts,
            "terms": self.terms,
            "locales": dict(self.locales),
            "statuses": dict(self.statuses),
            "dnt": self.dnt,
            "sources": dict(self.sources),
        }
