"""The termbase as one object: a stored :class:`Termbase`, or a :class:`Glossary` read from files.

Both hand out :class:`~termbase.recognize.Recognizer` objects per locale pair,
built once from their concepts and kept until the concepts change::

    with Termbase.open("sqlite:///.locflow/locflow.db", source_locale="en") as termbase:
        termbase.import_file("glossary/acme.tbx")
        for hit in termbase.recognizer("en", "de").find("Delete your accounts"):
            print(hit.source_term.text, "->", hit.target)

A :class:`Glossary` holds the concepts of some glossary files in memory, for
``locflow qa FILE --termbase glossary.tbx`` outside a project.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from os import PathLike
from pathlib import Path
from types import TracebackType

from sqlalchemy import Engine

from termbase.files import export_format_of, open_glossary, write_glossary
from termbase.model import Concept, ImportStats, TermbaseStats, TermHit
from termbase.recognize import Recognizer
from termbase.store import TermStore

__all__ = ["Termbase", "Glossary", "ConceptSource"]

log = logging.getLogger(__name__)


class ConceptSource:
    """Concepts, and recognisers built from them per (source, target) locale pair."""

    def __init__(self, source_locale: str) -> None:
        self.source_locale = source_locale
        self._recognizers: dict[tuple[str, str | None], Recognizer] = {}
        self._loaded: list[Concept] | None = None

    def concepts(self) -> list[Concept]:
        if self._loaded is None:
            self._loaded = list(self._read_concepts())
        return self._loaded

    def _read_concepts(self) -> Iterable[Concept]:
        raise NotImplementedError

    def _changed(self) -> None:
        self._loaded = None
        self._recognizers.clear()

    def is_empty(self) -> bool:
        return not self.concepts()

    def recognizer(self, source: str | None = None, target: str | None = None) -> Recognizer:
        """The recogniser of ``source`` terms (default: the termbase's source locale) with ``target`` terms."""
        key = (source or self.source_locale, target)
        found = self._recognizers.get(key)
        if found is None:
            found = self._recognizers[key] = Recognizer(self.concepts(), key[0], target)
        return found

    def lookup(self, text: str, targets: Sequence[str], *, source: str | None = None) -> dict[str, list[TermHit]]:
        """The concepts ``text`` mentions, with their terms in each target locale."""
        return {target: self.recognizer(source, target).find(text) for target in targets}

    def locales(self) -> list[str]:
        """Every locale the concepts have terms in, the source locale first."""
        tags = {term.locale for concept in self.concepts() for term in concept.terms}
        source = self.source_locale.lower().split("-")[0]
        return sorted(tags, key=lambda tag: (tag.lower().split("-")[0] != source, tag.lower()))

    def export(self, path: str | PathLike[str], fmt: str | None = None, *, locales: Sequence[str] | None = None) -> int:
        """Write the concepts as TBX v3 TBX-Basic or CSV (``fmt``, else from the file name)."""
        chosen = list(locales) if locales else self.locales()
        wanted = {tag.lower() for tag in chosen}
        concepts = (
            Concept(c.id, tuple(t for t in c.terms if t.locale.lower() in wanted), c.subject, c.definition, c.note)
            for c in self.concepts()
        )
        return write_glossary(
            path,
            (c for c in concepts if c.terms),
            export_format_of(path, fmt),
            source_locale=self.source_locale,
            locales=chosen,
        )


class Glossary(ConceptSource):
    """The concepts of glossary files, in memory (nothing is stored)."""

    def __init__(self, concepts: Iterable[Concept], *, source_locale: str = "en") -> None:
        super().__init__(source_locale)
        self._loaded = list(concepts)

    def _read_concepts(self) -> Iterable[Concept]:
        return self._loaded or []

    @classmethod
    def from_files(
        cls, paths: Iterable[str | PathLike[str]], *, source_locale: str = "en", columns: Sequence[str] | None = None
    ) -> Glossary:
        """Read TBX/CSV/TSV glossaries; raises :class:`InputError` (exit 3) for a bad file."""
        concepts: list[Concept] = []
        for path in paths:
            concepts.extend(open_glossary(path, columns=columns).concepts())
        return cls(concepts, source_locale=source_locale)


class Termbase(ConceptSource):
    """A termbase stored in SQL (the project store's database, or its own ``[termbase] url``)."""

    def __init__(self, store: TermStore, *, source_locale: str = "en") -> None:
        super().__init__(source_locale)
        self.store = store

    @classmethod
    def open(cls, url_or_engine: str | Engine, *, source_locale: str = "en") -> Termbase:
        """Open (creating or migrating its tables) the termbase at an SQLAlchemy URL or engine."""
        return cls(TermStore.open(url_or_engine), source_locale=source_locale)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Termbase:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def _read_concepts(self) -> Iterable[Concept]:
        return self.store.concepts()

    def import_file(
        self, path: str | PathLike[str], *, columns: Sequence[str] | None = None, origin: str | None = None
    ) -> ImportStats:
        """Import a TBX/CSV/TSV glossary, all of it or nothing.

        Concepts are matched to those of earlier imports of the same file
        (``origin``, default the file name) by id, else by source term: they
        are updated, not duplicated, and concepts the file no longer has are
        removed. A malformed or hostile file raises (exit 3) and changes nothing.
        """
        path = Path(path)
        glossary = open_glossary(path, columns=columns)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        stats = self.store.import_concepts(
            glossary.concepts(), origin=origin or path.name, source_locale=self.source_locale, digest=digest, path=str(path)
        )
        stats.warnings.extend(glossary.warnings)
        log.info("%s (%s): %s", path, glossary.kind, stats.to_json())
        self._changed()
        return stats

    def needs_import(self, path: str | PathLike[str], *, origin: str | None = None) -> bool:
        """True when the file's bytes differ from those imported last under its origin."""
        path = Path(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        return self.store.source_digest(origin or path.name) != digest

    def stats(self) -> TermbaseStats:
        return self.store.stats()
