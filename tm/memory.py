"""The translation memory: one object for the pipeline and the CLI to talk to.

Every translation a person approved is remembered (:meth:`TranslationMemory.add`),
found again for new segments with an honest score (:meth:`~TranslationMemory.lookup`,
:meth:`~TranslationMemory.lookup_many`) and exchanged with other tools as TMX
(:meth:`~TranslationMemory.import_tmx`, :meth:`~TranslationMemory.export_tmx`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from os import PathLike
from pathlib import Path
from types import TracebackType

from sqlalchemy import Engine

from locflow.model import Locale, Segment
from locflow.model.dblocks import retrying
from tm.batching import batches
from tm.entries import prepare, scope_of, skip_reason
from tm.lookup import SearchSettings, lookup_batch
from tm.model import ImportStats, ScrubStats, TMContext, TMEntry, TMMatch, TMStats
from tm.parallel import can_split, lookup_in_processes
from tm.scoring import Query
from tm.store import TMStore, UnitWriter
from tm.importer import FileResult, import_file
from tm.tmx import write_tmx

__all__ = ["TranslationMemory", "DEFAULT_THRESHOLD", "DELETE"]

log = logging.getLogger(__name__)

#: The lowest fuzzy score offered unless ``[tm] fuzzy_threshold`` says otherwise.
DEFAULT_THRESHOLD = 75.0
#: What a scrub review returns for a unit to delete.
DELETE = "delete"
#: Segments looked up per database round trip in :meth:`TranslationMemory.lookup_many`.
_LOOKUP_BATCH = 200


def _now() -> datetime:
    """UTC, naive, to the second: what TMX dates can carry, so exports re-import unchanged."""
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


class TranslationMemory:
    """A translation memory stored in SQL (SQLite file or a shared PostgreSQL).

    Open one with :meth:`open`; it can share the project store's engine (its
    tables start with ``tm_`` and it has its own migration history).
    """

    def __init__(self, store: TMStore, *, settings: SearchSettings | None = None) -> None:
        self.store = store
        self.settings = settings or SearchSettings()

    @classmethod
    def open(cls, url_or_engine: str | Engine, *, settings: SearchSettings | None = None) -> TranslationMemory:
        """Open (creating or migrating the tables) the TM at an SQLAlchemy URL or engine."""
        return cls(TMStore.open(url_or_engine), settings=settings)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------
    def add(self, entries: Iterable[TMEntry], *, origin: str, project: str | None = None) -> ImportStats:
        """Remember translations, in one transaction; entries already known only bump ``changed``.

        ``origin`` (``human:<file>``, ``tmx:<file>``...) and ``project`` apply
        to entries that do not carry their own.
        """
        return self._write(entries, origin=origin, project=project, path="")

    def import_tmx(
        self,
        path: str | PathLike[str],
        progress: Callable[[int], None] | None = None,
        *,
        project: str | None = None,
        parallel: bool | None = None,
    ) -> ImportStats:
        """Import a TMX file, all of it or nothing (a malformed file raises and changes nothing).

        ``progress`` is called with the number of units written so far. Big
        files are parsed in a second process while this one writes
        (``parallel`` forces or forbids that; see :mod:`tm.importer`).
        """
        path = Path(path)

        def write_all() -> tuple[FileResult, UnitWriter]:
            with self.store.writer() as writer:
                found = import_file(
                    path, writer, origin=f"tmx:{path.name}", project=project, now=_now(), progress=progress, parallel=parallel
                )
            return found, writer

        found, writer = retrying(write_all, what=f"importing {path}")
        log.info("%s: %d units read, %d added, %d known", path, found.read, writer.added, writer.updated)
        if writer.added:
            self.store.refresh_snapshot()
        return ImportStats(
            path=str(path),
            read=found.read,
            added=writer.added,
            updated=writer.updated,
            skipped=sum(found.skipped.values()),
            skipped_reasons=dict(found.skipped),
        )

    def _write(self, entries: Iterable[TMEntry], *, origin: str, project: str | None, path: str) -> ImportStats:
        now = _now()
        skipped: dict[str, int] = {}
        kept = []
        for entry in entries:
            reason = skip_reason(entry)
            if reason is None:
                kept.append(prepare(entry, origin=origin, project=project, now=now))
            else:
                skipped[reason] = skipped.get(reason, 0) + 1
        read = len(kept) + sum(skipped.values())

        def write_all() -> UnitWriter:
            with self.store.writer() as writer:
                writer.write_all(kept)
            return writer

        writer = retrying(write_all, what="adding to the TM")
        return ImportStats(
            path=path,
            read=read,
            added=writer.added,
            updated=writer.updated,
            skipped=sum(skipped.values()),
            skipped_reasons=skipped,
        )

    def scrub(self, review: Callable[[TMEntry], TMEntry | str | None], *, dry_run: bool = False) -> ScrubStats:
        """Rewrite or delete units, in one transaction: ``review`` sees each entry and returns
        ``None`` (keep it), :data:`DELETE`, or the entry to store instead.

        The TM does not decide what must go (``locflow tm scrub`` finds
        personal data); it only makes the change complete: the old unit, its
        signature and postings leave, the new one is indexed like any other.
        """
        scanned, deleted, replacements = 0, [], []
        locale = functools.lru_cache(maxsize=None)(Locale)
        for row in self.store.iter_units():
            scanned += 1
            verdict = review(row.to_entry(locale))
            if verdict is None:
                continue
            deleted.append(row.id)
            if verdict != DELETE:
                replacements.append(verdict)
        if dry_run or not deleted:
            return ScrubStats(scanned, len(replacements), len(deleted) - len(replacements))
        now = _now()
        with self.store.writer() as writer:
            writer.remove(deleted)
            for entry in replacements:
                if skip_reason(entry) is None:  # type: ignore[arg-type]
                    writer.write(prepare(entry, origin=entry.origin or "scrub", project=entry.project, now=now))  # type: ignore[union-attr]
        self.store.refresh_snapshot()
        log.info("scrub: %d units rewritten, %d deleted", len(replacements), len(deleted) - len(replacements))
        return ScrubStats(scanned, len(replacements), len(deleted) - len(replacements))

    def record_usage(self, matches: Iterable[TMMatch | int]) -> None:
        """Count that these matches were used (by match or unit id)."""
        ids = [m.unit_id if isinstance(m, TMMatch) else int(m) for m in matches]
        self.store.record_usage([i for i in ids if i], _now())

    # -- reading -------------------------------------------------------------------
    def lookup(
        self,
        segment: Segment,
        source: Locale,
        target: Locale,
        *,
        context: TMContext | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 5,
    ) -> list[TMMatch]:
        """The best matches for one segment, best first (see :mod:`tm.scoring` for the scores)."""
        return self.lookup_many([segment], source, target, contexts=[context], threshold=threshold, limit=limit)[0]

    def lookup_many(
        self,
        segments: Sequence[Segment],
        source: Locale,
        target: Locale,
        *,
        contexts: Sequence[TMContext | None] | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 5,
        progress: Callable[[int], None] | None = None,
    ) -> list[list[TMMatch]]:
        """:meth:`lookup` for many segments at once; the answer lists follow ``segments``.

        Repeated segments are looked up once, exact keys for a whole batch in
        one query, so thousands of segments cost little more than their
        fuzzy searches; big jobs on a SQLite file use every core
        (:mod:`tm.parallel`).
        """
        source, target = Locale.parse(source), Locale.parse(target)
        if contexts is not None and len(contexts) != len(segments):
            raise ValueError("contexts must be as many as segments")
        unique: dict[tuple[Segment, TMContext | None], int] = {}
        positions: list[int] = []
        for index, segment in enumerate(segments):
            identity = (segment, contexts[index] if contexts is not None else None)
            positions.append(unique.setdefault(identity, len(unique)))
        settings = self.settings.for_size(self.store.size_bound())
        options = {"threshold": threshold, "limit": limit, "settings": settings}
        if len(unique) >= settings.parallel_from:
            self.store.refresh_snapshot(if_missing=True)  # a big job pays for it once, the next ones read it
        if can_split(self.store.engine, len(unique), settings):
            answers = lookup_in_processes(self.store.engine, list(unique), source, target, progress=progress, **options)
            return [answers[position] for position in positions]
        scope = scope_of(source, target)
        queries = [Query.of(segment, scope, context) for segment, context in unique]
        answers = []
        with self.store.reader() as reader:
            for batch in batches(queries, _LOOKUP_BATCH):
                answers.extend(lookup_batch(reader, batch, source, target, **options))
                if progress is not None:
                    progress(len(answers))
        return [answers[position] for position in positions]

    def export_tmx(
        self,
        path: str | PathLike[str],
        source: Locale | str | None = None,
        target: Locale | str | None = None,
    ) -> int:
        """Write the memory (or one locale pair of it) as TMX 1.4b; returns the units written."""
        source_tag = Locale.parse(source).tag if source is not None else None
        target_tag = Locale.parse(target).tag if target is not None else None
        if source_tag is None:
            tags = {pair.source_locale for pair in self.stats().pairs}
            header_source = tags.pop() if len(tags) == 1 else None
        else:
            header_source = source_tag
        rows = self.store.iter_units(source_tag, target_tag)
        locale = functools.lru_cache(maxsize=None)(Locale)
        return write_tmx(path, (row.to_entry(locale) for row in rows), source_language=header_source)

    def stats(self) -> TMStats:
        return self.store.stats()
