"""The termbase's storage: the only part of ``termbase`` that speaks SQL.

:class:`TermStore` opens (or is given) an SQLAlchemy engine, brings the
termbase schema to its newest revision with Alembic (its own history, in its
own version table), writes the concepts of an import in one transaction (a
file that fails half-way leaves nothing behind) and reads them back.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from itertools import groupby
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, delete, event, func, insert, select, update
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from locflow.model.dblocks import SQLITE_TIMEOUT, hold_write_lock, migrate_once, retrying
from locflow.model.errors import StoreError, StoreUnavailableError
from termbase.model import Concept, ImportStats, Term, TermbaseStats, TermStatus
from termbase.store.schema import VERSION_TABLE, concepts, sources, terms

__all__ = ["TermStore"]

log = logging.getLogger(__name__)

_MIGRATIONS = Path(__file__).parent / "migrations"
_BATCH = 2000
#: The name of the termbase's write lock (:mod:`locflow.model.dblocks`).
LOCK = "locflow_termbase"


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def _hash64(key: str) -> int:
    """A signed 64-bit hash of a concept key (the unique index is on it, keys may be long)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def _make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    database = url.split("///", 1)[1] if "///" in url else ""
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_TIMEOUT})
    event.listen(engine, "connect", _sqlite_settings)
    return engine


def _sqlite_settings(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class TermStore:
    """The termbase's tables in one database, migrated on open."""

    def __init__(self, engine: Engine, *, owns_engine: bool = False) -> None:
        self.engine = engine
        self._owns_engine = owns_engine

    @classmethod
    def open(cls, url_or_engine: str | Engine) -> TermStore:
        """Open the database (an SQLAlchemy URL or engine) and migrate the termbase schema.

        A server that cannot be reached is :class:`StoreUnavailableError` (exit 4);
        any other database failure :class:`StoreError`.
        """
        owns = isinstance(url_or_engine, str)
        try:
            engine = _make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
            try:
                engine.connect().close()
            except (OperationalError, InterfaceError) as exc:
                where = engine.url.render_as_string()
                raise StoreUnavailableError(f"cannot reach the termbase ({where}): {exc.orig}") from exc
            store = cls(engine, owns_engine=owns)
            store.migrate()
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"cannot open the termbase: {exc}") from exc
        return store

    def migrate(self) -> None:
        """Bring the termbase schema to the newest revision (a no-op when it is there), one process at a time."""
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        head = ScriptDirectory.from_config(config).get_current_head()

        def is_current(connection: Connection) -> bool:
            context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
            return context.get_current_revision() == head

        def upgrade(connection: Connection) -> None:
            log.info("migrating the termbase schema to %s", head)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

        migrate_once(self.engine, LOCK, is_current=is_current, upgrade=upgrade)

    def close(self) -> None:
        if self._owns_engine:
            self.engine.dispose()

    # -- writing -----------------------------------------------------------------------
    def import_concepts(
        self, found: Iterable[Concept], *, origin: str, source_locale: str, digest: str = "", path: str = ""
    ) -> ImportStats:
        """Write a file's concepts in one transaction: new ones added, changed ones updated,
        unchanged ones left alone, and the origin's concepts the file no longer has removed.

        If reading ``found`` raises, nothing of the file is kept.
        """
        concepts_read = list(found)  # read before the transaction: it may be run again (retrying)
        now = _now()

        def write() -> ImportStats:
            stats = ImportStats(path=path or origin)
            with self.engine.begin() as connection:
                hold_write_lock(connection, LOCK)
                _write_concepts(connection, concepts_read, stats, origin=origin, source_locale=source_locale, digest=digest, now=now)
            return stats

        return retrying(write, what=f"importing {path or origin}")

    def source_digest(self, name: str) -> str | None:
        """The digest of the bytes of glossary ``name`` imported last, or None."""
        with self.engine.connect() as connection:
            return connection.execute(select(sources.c.digest).where(sources.c.name == name)).scalar()

    # -- reading -----------------------------------------------------------------------
    def concepts(self) -> Iterator[Concept]:
        """Every concept with its terms, in the order they were added."""
        query = (
            select(concepts.c.id, concepts.c.ref, concepts.c.subject, concepts.c.definition, concepts.c.note, *_TERM_COLUMNS)
            .join(terms, terms.c.concept_id == concepts.c.id)
            .order_by(concepts.c.id, terms.c.position)
        )
        with self.engine.connect() as connection:
            rows = connection.execution_options(yield_per=5000).execute(query)
            for _, group in groupby(rows, key=lambda row: row.id):
                members = list(group)
                first = members[0]
                yield Concept(first.ref, tuple(_term_of(row) for row in members), first.subject, first.definition, first.note)

    def stats(self) -> TermbaseStats:
        with self.engine.connect() as connection:
            concept_count = connection.execute(select(func.count()).select_from(concepts)).scalar_one()
            term_count = connection.execute(select(func.count()).select_from(terms)).scalar_one()
            by_locale = connection.execute(select(terms.c.locale, func.count()).group_by(terms.c.locale)).all()
            by_status = connection.execute(select(terms.c.status, func.count()).group_by(terms.c.status)).all()
            dnt = connection.execute(select(func.count()).select_from(terms).where(terms.c.dnt.is_(True))).scalar_one()
            by_origin = connection.execute(select(concepts.c.origin, func.count()).group_by(concepts.c.origin)).all()
        return TermbaseStats(
            concepts=concept_count,
            terms=term_count,
            locales=dict(sorted(by_locale)),
            statuses=dict(sorted(by_status)),
            dnt=dnt,
            sources=dict(sorted(by_origin)),
        )


def _write_concepts(
    connection: Connection, found: list[Concept], stats: ImportStats, *, origin: str, source_locale: str, digest: str, now: datetime
) -> None:
    """Apply a file's concepts to what ``origin`` has stored (see :meth:`TermStore.import_concepts`), counting in ``stats``."""
    known = {
        row.key_hash: (row.id, row.fingerprint)
        for row in connection.execute(
            select(concepts.c.id, concepts.c.key_hash, concepts.c.fingerprint).where(concepts.c.origin == origin)
        )
    }
    seen: set[int] = set()
    keys: Counter[str] = Counter()
    fresh: list[tuple[dict[str, object], Concept]] = []
    for concept in found:
        stats.read += 1
        if not concept.terms:
            continue
        stats.terms += len(concept.terms)
        key = concept.key(origin, source_locale)
        keys[key] += 1
        if keys[key] > 1:  # the same id (or id-less source term) twice in one file
            key = f"{key}#{keys[key]}"
        key_hash = _hash64(key)
        seen.add(key_hash)
        row = _concept_row(concept, key, key_hash, origin, now)
        if key_hash not in known:
            fresh.append((row, concept))
            if len(fresh) >= _BATCH:
                stats.added += _insert(connection, fresh)
                fresh = []
        elif known[key_hash][1] != row["fingerprint"]:
            _replace(connection, known[key_hash][0], row, concept)
            stats.updated += 1
        else:
            stats.unchanged += 1
    stats.added += _insert(connection, fresh)
    gone = [concept_id for key_hash, (concept_id, _) in known.items() if key_hash not in seen]
    for start in range(0, len(gone), _BATCH):
        batch = gone[start : start + _BATCH]
        connection.execute(delete(terms).where(terms.c.concept_id.in_(batch)))
        connection.execute(delete(concepts).where(concepts.c.id.in_(batch)))
    stats.removed = len(gone)
    if digest:
        _record_source(connection, origin, digest, stats.read, now)


_TERM_COLUMNS = (
    terms.c.locale,
    terms.c.text,
    terms.c.status,
    terms.c.part_of_speech,
    terms.c.case_sensitive,
    terms.c.dnt,
    terms.c.note.label("term_note"),
)


def _term_of(row) -> Term:  # type: ignore[no-untyped-def]
    return Term(row.locale, row.text, TermStatus(row.status), row.part_of_speech, bool(row.case_sensitive), bool(row.dnt), row.term_note)


def _concept_row(concept: Concept, key: str, key_hash: int, origin: str, now: datetime) -> dict[str, object]:
    return {
        "key_hash": key_hash,
        "key": key,
        "origin": origin,
        "ref": concept.id[:255],
        "subject": concept.subject,
        "definition": concept.definition,
        "note": concept.note,
        "fingerprint": concept.fingerprint(),
        "changed": now,
    }


def _term_rows(concept_id: int, concept: Concept) -> list[dict[str, object]]:
    return [
        {
            "concept_id": concept_id,
            "position": position,
            "locale": term.locale,
            "text": term.text,
            "status": term.status.value,
            "part_of_speech": term.part_of_speech[:64],
            "case_sensitive": term.case_sensitive,
            "dnt": term.dnt,
            "note": term.note,
        }
        for position, term in enumerate(concept.terms)
    ]


def _insert(connection: Connection, fresh: list[tuple[dict[str, object], Concept]]) -> int:
    """Insert new concepts and their terms; the ids come back in the order the rows went in."""
    if not fresh:
        return 0
    statement = insert(concepts).returning(concepts.c.id, sort_by_parameter_order=True)
    ids = connection.execute(statement, [row for row, _ in fresh]).scalars().all()
    rows = [row for concept_id, (_, concept) in zip(ids, fresh) for row in _term_rows(concept_id, concept)]
    if rows:
        connection.execute(insert(terms), rows)
    return len(fresh)


def _replace(connection: Connection, concept_id: int, row: dict[str, object], concept: Concept) -> None:
    connection.execute(update(concepts).where(concepts.c.id == concept_id).values(**row))
    connection.execute(delete(terms).where(terms.c.concept_id == concept_id))
    rows = _term_rows(concept_id, concept)
    if rows:
        connection.execute(insert(terms), rows)


def _record_source(connection: Connection, name: str, digest: str, count: int, now: datetime) -> None:
    values = {"digest": digest, "imported": now, "concepts": count}
    done = connection.execute(update(sources).where(sources.c.name == name).values(**values)).rowcount
    if not done:
        connection.execute(insert(sources).values(name=name, **values))
