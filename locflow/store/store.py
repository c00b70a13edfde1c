"""The project store: documents, segments, translations and runs in SQL.

The only module of the pipeline that speaks SQLAlchemy. It opens any
SQLAlchemy URL (embedded SQLite by default, PostgreSQL for teams), brings the
schema to the latest Alembic revision, and offers the operations the pipeline
stages need, each in a transaction of its own or in one the caller holds.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic import command as alembic_command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, Select, create_engine, delete, event, func, insert, select, update
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from locflow.errors import StoreError, StoreUnavailableError
from locflow.model.dblocks import SQLITE_TIMEOUT, migrate_once
from locflow.model import Segment, State
from locflow.store.exports import ExportLog
from locflow.store.history import HistoryLog
from locflow.store.progress import ProgressFigures
from locflow.store.schema import documents, runs, segments, translations, units
from locflow.store.writing import LOCK, write_transaction

if TYPE_CHECKING:
    from locflow.store.leverage import Leverage
    from locflow.store.queued import QueuedRuns

__all__ = [
    "ProjectStore",
    "SegmentRecord",
    "StoredSegment",
    "StoredTranslation",
    "TranslationWrite",
    "SyncResult",
    "create_store_engine",
    "connect_or_unavailable",
]

log = logging.getLogger(__name__)
_MIGRATIONS = Path(__file__).with_name("migrations")
#: Prefix of the temporary keys rows are parked on while keys are reassigned (never a real key).
_PARKED = "\u2400parked:"
_VERSION_TABLE = "locflow_store_version"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def create_store_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    try:
        if url.startswith("sqlite"):
            database = url.split("///", 1)[-1]
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": SQLITE_TIMEOUT})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StoreError(f"cannot open store {url!r}: {exc}") from exc


@contextmanager
def connect_or_unavailable(engine: Engine, what: str) -> Iterator[Connection]:
    """A connection; a server that cannot be reached is :class:`StoreUnavailableError` (exit 4).

    Only the act of connecting is classified this way: an error inside the
    connection's work is the caller's to report.
    """
    try:
        conn = engine.connect()
    except (OperationalError, InterfaceError) as exc:
        raise StoreUnavailableError(f"cannot reach {what} ({engine.url.render_as_string()}): {exc.orig}") from exc
    with conn:
        yield conn


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# -- values exchanged with the pipeline ------------------------------------------------


@dataclass(frozen=True, slots=True)
class SegmentRecord:
    """A segment as extract hands it to the store."""

    key: str
    unit_key: str
    position: int
    source: Segment
    words: int
    kind: str = ""
    note: str = ""
    max_length: int | None = None
    prev_hash: str | None = None
    next_hash: str | None = None

    @property
    def source_hash(self) -> str:
        return self.source.content_hash()


@dataclass(frozen=True, slots=True)
class StoredSegment:
    id: int
    document: str
    key: str
    unit_key: str
    position: int
    source: Segment
    source_hash: str
    words: int
    kind: str
    note: str
    max_length: int | None
    prev_hash: str | None
    next_hash: str | None


@dataclass(frozen=True, slots=True)
class StoredTranslation:
    segment_id: int
    locale: str
    target: Segment
    state: State
    origin: str
    score: float | None
    previous_source: Segment | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class TranslationWrite:
    """A translation to insert or replace for (segment_id, locale)."""

    segment_id: int
    locale: str
    target: Segment
    state: State
    origin: str
    score: float | None = None


@dataclass(slots=True)
class SyncResult:
    """What extract changed in one document (counts of segments)."""

    new: int = 0
    changed: int = 0
    moved: int = 0
    unchanged: int = 0
    removed: int = 0
    stale: int = 0  # translations marked stale

    def add(self, other: SyncResult) -> None:
        for name in ("new", "changed", "moved", "unchanged", "removed", "stale"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_json(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in ("new", "changed", "moved", "unchanged", "removed", "stale")}


@dataclass(slots=True)
class _Plan:
    """How the rows of one document map onto the freshly extracted records."""

    reuse: dict[int, SegmentRecord] = field(default_factory=dict)  # old row id -> record
    changed_rows: set[int] = field(default_factory=set)
    inserts: list[SegmentRecord] = field(default_factory=list)
    deletes: list[int] = field(default_factory=list)


class ProjectStore:
    """Open with :meth:`open`; every public method runs in its own transaction
    unless a connection from :meth:`transaction` is passed as ``conn``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> ProjectStore:
        store = cls(create_store_engine(url))
        if migrate:
            store.migrate()
        return store

    def close(self) -> None:
        self.engine.dispose()

    @property
    def exports(self) -> ExportLog:
        """The log of exported packages (see :mod:`locflow.store.exports`)."""
        return ExportLog(self.engine)

    @property
    def progress(self) -> ProgressFigures:
        """Words per locale, state, origin and document (see :mod:`locflow.store.progress`)."""
        return ProgressFigures(self.engine)

    @property
    def history(self) -> HistoryLog:
        """A summary row per locale and command (see :mod:`locflow.store.history`)."""
        return HistoryLog(self.engine)

    @property
    def queued(self) -> QueuedRuns:
        """Runs queued for workers and their tasks (see :mod:`locflow.store.queued`)."""
        from locflow.store.queued import QueuedRuns

        return QueuedRuns(self.engine)

    @property
    def leverage(self) -> Leverage:
        """The leverage cache and analysis groups (see :mod:`locflow.store.leverage`)."""
        from locflow.store.leverage import Leverage

        return Leverage(self.engine)

    def migrate(self) -> None:
        """Bring the schema to the latest Alembic revision, one process at a time (:func:`migrate_once`).

        On SQLite, foreign keys are off while migrating: a batch ``ALTER``
        rebuilds a table, and dropping the old copy must not cascade into
        the rows that reference it.
        """
        config = AlembicConfig()
        config.set_main_option("script_location", str(_MIGRATIONS))
        head = ScriptDirectory.from_config(config).get_current_head()

        def is_current(conn: Connection) -> bool:
            return MigrationContext.configure(conn, opts={"version_table": _VERSION_TABLE}).get_current_revision() == head

        def upgrade(conn: Connection) -> None:
            config.attributes["connection"] = conn
            alembic_command.upgrade(config, "head")

        try:
            with connect_or_unavailable(self.engine, "the project store"):
                pass
            migrate_once(self.engine, LOCK, is_current=is_current, upgrade=upgrade, connect=self._migration_connection)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot migrate the project store: {exc}") from exc

    @contextmanager
    def _migration_connection(self) -> Iterator[Connection]:
        """A connection with, on SQLite, foreign keys off while it migrates (a PRAGMA a transaction ignores)."""
        sqlite = self.engine.dialect.name == "sqlite"
        with self.engine.connect() as conn:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.commit()
            yield conn
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction: it holds the store's write lock (:mod:`locflow.store.writing`) until it ends."""
        try:
            with write_transaction(self.engine) as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"store error: {exc}") from exc

    @contextmanager
    def _conn(self, conn: Connection | None, *, write: bool = False) -> Iterator[Connection]:
        """``conn``, else a transaction of its own: a write transaction when ``write``, else a plain read."""
        if conn is not None:
            yield conn
        elif write:
            with self.transaction() as own:
                yield own
        else:
            try:
                with self.engine.connect() as own:
                    yield own
            except SQLAlchemyError as exc:
                raise StoreError(f"store error: {exc}") from exc

    # -- documents and segments ---------------------------------------------------------
    def document_hashes(self, conn: Connection | None = None) -> dict[str, tuple[str, str]]:
        """path -> (format, file hash) of every stored document."""
        with self._conn(conn) as c:
            rows = c.execute(select(documents.c.path, documents.c.format, documents.c.file_hash))
            return {row.path: (row.format, row.file_hash) for row in rows}

    def sync_document(
        self, path: str, fmt: str, file_hash: str, records: Sequence[SegmentRecord], conn: Connection | None = None
    ) -> SyncResult:
        """Make the stored segments of ``path`` equal ``records``.

        Unchanged segments keep their translations; a segment whose source moved
        to another key takes its translations along; a segment whose source
        changed under the same key keeps its translations marked ``stale``
        (the old source is kept beside them); segments gone are removed.
        """
        with self._conn(conn, write=True) as c:
            doc_id = self._document_id(c, path, fmt, file_hash)
            unit_ids = self._sync_units(c, doc_id, records)
            old = {row.id: row for row in c.execute(select(segments).where(segments.c.document_id == doc_id))}
            plan, result = _plan_sync(old, records)
            self._apply_plan(c, doc_id, unit_ids, plan)
            result.stale = self._mark_stale(c, plan.changed_rows, old)
            c.execute(delete(units).where(units.c.document_id == doc_id, units.c.id.not_in(set(unit_ids.values()))))
            return result

    def _sync_units(self, c: Connection, doc_id: int, records: Sequence[SegmentRecord]) -> dict[str, int]:
        """Insert or update the document's units (facts from their first segment); key -> id."""
        wanted: dict[str, dict[str, Any]] = {}
        for record in records:
            wanted.setdefault(record.unit_key, _unit_values(record))
        existing = {row.key: row.id for row in c.execute(select(units.c.key, units.c.id).where(units.c.document_id == doc_id))}
        for key, values in wanted.items():
            if key in existing:
                c.execute(update(units).where(units.c.id == existing[key]).values(**values))
        new = [{"document_id": doc_id, "key": key, **values} for key, values in wanted.items() if key not in existing]
        if new:
            c.execute(insert(units), new)
            existing = {row.key: row.id for row in c.execute(select(units.c.key, units.c.id).where(units.c.document_id == doc_id))}
        return {key: existing[key] for key in wanted}

    def _document_id(self, c: Connection, path: str, fmt: str, file_hash: str) -> int:
        row = c.execute(select(documents.c.id).where(documents.c.path == path)).first()
        values = {"format": fmt, "file_hash": file_hash, "extracted_at": _now()}
        if row is None:
            return c.execute(insert(documents).values(path=path, **values)).inserted_primary_key[0]
        c.execute(update(documents).where(documents.c.id == row.id).values(**values))
        return row.id

    def _apply_plan(self, c: Connection, doc_id: int, unit_ids: dict[str, int], plan: _Plan) -> None:
        if plan.deletes:
            c.execute(delete(segments).where(segments.c.id.in_(plan.deletes)))
        # Park reused rows on temporary keys first: moves may swap keys between rows.
        for row_id in plan.reuse:
            c.execute(update(segments).where(segments.c.id == row_id).values(key=f"{_PARKED}{row_id}"))
        for row_id, record in plan.reuse.items():
            c.execute(update(segments).where(segments.c.id == row_id).values(**_segment_values(record, unit_ids)))
        if plan.inserts:
            c.execute(insert(segments), [{"document_id": doc_id, **_segment_values(r, unit_ids)} for r in plan.inserts])

    def _mark_stale(self, c: Connection, row_ids: set[int], old: dict[int, Any]) -> int:
        stale = 0
        for row_id in row_ids:
            result = c.execute(
                update(translations)
                .where(translations.c.segment_id == row_id)
                .values(state=State.STALE.value, previous_source=old[row_id].source, updated_at=_now())
            )
            stale += result.rowcount or 0
        return stale

    def remove_documents_except(self, keep: Iterable[str], conn: Connection | None = None) -> tuple[list[str], int]:
        """Delete documents whose path is not in ``keep``; return their paths and segment count."""
        keep = set(keep)
        with self._conn(conn, write=True) as c:
            gone = [(row.id, row.path) for row in c.execute(select(documents.c.id, documents.c.path)) if row.path not in keep]
            if not gone:
                return [], 0
            ids = [doc_id for doc_id, _ in gone]
            count = c.execute(select(func.count()).select_from(segments).where(segments.c.document_id.in_(ids))).scalar_one()
            c.execute(delete(translations).where(translations.c.segment_id.in_(
                select(segments.c.id).where(segments.c.document_id.in_(ids)))))
            c.execute(delete(segments).where(segments.c.document_id.in_(ids)))
            c.execute(delete(units).where(units.c.document_id.in_(ids)))
            c.execute(delete(documents).where(documents.c.id.in_(ids)))
            return sorted(path for _, path in gone), count

    def segments(self, document: str | None = None, conn: Connection | None = None) -> list[StoredSegment]:
        """Stored segments in document order (by path, then position)."""
        query = segment_query().order_by(documents.c.path, segments.c.position)
        if document is not None:
            query = query.where(documents.c.path == document)
        with self._conn(conn) as c:
            return [stored_segment(row) for row in c.execute(query)]

    def segments_of(self, paths: Iterable[str], conn: Connection | None = None) -> list[StoredSegment]:
        """The stored segments of these documents, in document order (a batch of a run)."""
        found: list[StoredSegment] = []
        with self._conn(conn) as c:
            for chunk in _chunks(sorted(set(paths))):
                query = segment_query().where(documents.c.path.in_(chunk)).order_by(documents.c.path, segments.c.position)
                found.extend(stored_segment(row) for row in c.execute(query))
        return found

    def segment_counts(self, conn: Connection | None = None) -> list[tuple[str, int]]:
        """(path, number of segments) of every stored document, sorted by path: what cuts a
        project into batches of documents of about the same size."""
        query = (
            select(documents.c.path, func.count(segments.c.id))
            .select_from(documents)
            .outerjoin(segments, segments.c.document_id == documents.c.id)
            .group_by(documents.c.id, documents.c.path)
            .order_by(documents.c.path)
        )
        with self._conn(conn) as c:
            return [(path, count) for path, count in c.execute(query)]

    def documents(self, conn: Connection | None = None) -> list[tuple[str, str]]:
        """(path, format) of every stored document, sorted by path."""
        with self._conn(conn) as c:
            return [(r.path, r.format) for r in c.execute(select(documents.c.path, documents.c.format).order_by(documents.c.path))]

    # -- translations ----------------------------------------------------------------
    def translations(self, locale: str, document: str | None = None, conn: Connection | None = None) -> dict[int, StoredTranslation]:
        """segment id -> translation for ``locale`` (optionally one document's)."""
        query = select(translations).where(translations.c.locale == locale)
        if document is not None:
            query = query.join(segments, segments.c.id == translations.c.segment_id).join(
                documents, documents.c.id == segments.c.document_id
            ).where(documents.c.path == document)
        with self._conn(conn) as c:
            return {row.segment_id: _stored_translation(row) for row in c.execute(query)}

    def translations_of(self, locale: str, paths: Iterable[str], conn: Connection | None = None) -> dict[int, StoredTranslation]:
        """segment id -> translation for ``locale`` in these documents (a batch's).

        The documents' segment ids are a subquery, so the (segment, locale) index finds each
        translation: a join from the locale's index would go over all its translations."""
        batch = select(segments.c.id).join(documents, documents.c.id == segments.c.document_id).where(documents.c.path.in_(list(paths)))
        query = select(translations).where(translations.c.locale == locale, translations.c.segment_id.in_(batch))
        with self._conn(conn) as c:
            return {row.segment_id: _stored_translation(row) for row in c.execute(query)}

    def published_targets(
        self, locale: str, paths: Sequence[str], states: Iterable[State], conn: Connection | None = None
    ) -> dict[tuple[str, str, str], Segment]:
        """(document, segment key, source hash) -> target of ``locale`` in ``states``, for the documents ``paths``.

        One query per batch of documents: a build reads what it merges as it goes, so its memory
        does not grow with the project.
        """
        wanted = [state.value for state in states]
        found: dict[tuple[str, str, str], Segment] = {}
        with self._conn(conn) as c:
            for chunk in _chunks(paths):
                query = (
                    select(documents.c.path, segments.c.key, segments.c.source_hash, translations.c.target)
                    .join(segments, segments.c.id == translations.c.segment_id)
                    .join(documents, documents.c.id == segments.c.document_id)
                    .where(translations.c.locale == locale, translations.c.state.in_(wanted), documents.c.path.in_(chunk))
                )
                for row in c.execute(query):
                    found[(row.path, row.key, row.source_hash)] = Segment.loads(row.target)
        return found

    def write_translations(
        self, writes: Iterable[TranslationWrite], conn: Connection | None = None, *, over: Collection[State] | None = None
    ) -> int:
        """Insert or replace translations; returns how many rows were written.

        With ``over``, a stored translation is replaced only while its state
        is one of those: a draft never replaces a translation that another
        process (an ``import`` beside ``pretranslate``) confirmed after the
        drafts were planned. The rows are read under the store's write lock,
        so nothing can change between the check and the write.
        """
        writes = list(writes)
        if not writes:
            return 0
        with self._conn(conn, write=True) as c:
            keys = {(w.segment_id, w.locale) for w in writes}
            existing = {
                (row.segment_id, row.locale): (row.id, row.state)
                for row in c.execute(
                    select(translations.c.id, translations.c.segment_id, translations.c.locale, translations.c.state).where(
                        translations.c.segment_id.in_({k[0] for k in keys})
                    )
                )
                if (row.segment_id, row.locale) in keys
            }
            if over is not None:
                allowed = {State(state).value for state in over}
                writes = [w for w in writes if (w.segment_id, w.locale) not in existing or existing[(w.segment_id, w.locale)][1] in allowed]
            now = _now()
            inserts, updates = [], []
            for w in writes:
                values = {
                    "target": w.target.dumps(),
                    "state": w.state.value,
                    "origin": w.origin,
                    "score": w.score,
                    "previous_source": None,
                    "updated_at": now,
                }
                row_id = existing.get((w.segment_id, w.locale), (None, None))[0]
                if row_id is None:
                    inserts.append({"segment_id": w.segment_id, "locale": w.locale, **values})
                else:
                    updates.append((row_id, values))
            if inserts:
                c.execute(insert(translations), inserts)
            for row_id, values in updates:
                c.execute(update(translations).where(translations.c.id == row_id).values(**values))
            return len(writes)

    def delete_translations(self, locale: str, states: Iterable[State], document: str | None = None, conn: Connection | None = None) -> int:
        """Remove the translations of ``locale`` in ``states`` (optionally of one document); returns how many."""
        query = delete(translations).where(translations.c.locale == locale, translations.c.state.in_([s.value for s in states]))
        if document is not None:
            in_document = select(segments.c.id).join(documents, documents.c.id == segments.c.document_id).where(documents.c.path == document)
            query = query.where(translations.c.segment_id.in_(in_document))
        with self._conn(conn, write=True) as c:
            return c.execute(query).rowcount or 0

    def done_targets(
        self, locale: str, source_hashes: Collection[str] | None = None, conn: Connection | None = None
    ) -> dict[str, Segment]:
        """source hash -> a confirmed target (translated/reviewed/approved) in ``locale``.

        The most trusted, then most recent, translation wins; used to propagate
        a translation to every repetition of its source. With ``source_hashes``,
        only those sources are looked for, in any document: a batch of
        pretranslate asks for its own sources, so propagation still crosses
        batches while memory stays that of one batch.
        """
        done = [State.TRANSLATED.value, State.REVIEWED.value, State.APPROVED.value]
        query = (
            select(segments.c.source_hash, translations.c.target, translations.c.state, translations.c.updated_at)
            .join(segments, segments.c.id == translations.c.segment_id)
            .where(translations.c.locale == locale, translations.c.state.in_(done))
        )
        if source_hashes is None:
            queries = [query]
        else:
            queries = [query.where(segments.c.source_hash.in_(chunk)) for chunk in _chunks(sorted(source_hashes))]
        best: dict[str, tuple[int, datetime, str]] = {}
        with self._conn(conn) as c:
            for one in queries:
                for row in c.execute(one):
                    rank = (State(row.state).rank, row.updated_at)
                    if row.source_hash not in best or rank > best[row.source_hash][:2]:
                        best[row.source_hash] = (*rank, row.target)
        return {h: Segment.loads(v[2]) for h, v in best.items()}

    def state_counts(self, conn: Connection | None = None) -> dict[str, dict[str, tuple[int, int]]]:
        """locale -> state -> (segments, words), for states with a stored translation."""
        query = (
            select(translations.c.locale, translations.c.state, func.count(), func.sum(segments.c.words))
            .join(segments, segments.c.id == translations.c.segment_id)
            .group_by(translations.c.locale, translations.c.state)
        )
        out: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
        with self._conn(conn) as c:
            for locale, state, count, words in c.execute(query):
                out[locale][state] = (count, int(words or 0))
        return dict(out)

    def totals(self, conn: Connection | None = None) -> tuple[int, int, int]:
        """(documents, segments, words) in the project."""
        with self._conn(conn) as c:
            docs = c.execute(select(func.count()).select_from(documents)).scalar_one()
            segs, words = c.execute(select(func.count(), func.sum(segments.c.words))).one()
            return docs, segs, int(words or 0)

    # -- runs --------------------------------------------------------------------------
    @contextmanager
    def run(self, command_name: str) -> Iterator[dict[str, Any]]:
        """Record a pipeline run; the caller fills the yielded summary dict."""
        with self.transaction() as c:
            run_id = c.execute(
                insert(runs).values(command=command_name, started_at=_now(), status="running")
            ).inserted_primary_key[0]
        summary: dict[str, Any] = {}
        status = "failed"
        try:
            yield summary
            status = "ok"
        finally:
            with self.transaction() as c:
                c.execute(
                    update(runs)
                    .where(runs.c.id == run_id)
                    .values(finished_at=_now(), status=status, summary=json.dumps(summary, default=str))
                )

    def last_runs(self, limit: int = 10, conn: Connection | None = None) -> list[dict[str, Any]]:
        with self._conn(conn) as c:
            rows = c.execute(select(runs).order_by(runs.c.id.desc()).limit(limit))
            return [dict(row._mapping) for row in rows]


# -- helpers -----------------------------------------------------------------------


def _chunks(values: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """``values`` in slices of ``size``: an ``IN (...)`` list stays within every database's limits."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _segment_values(record: SegmentRecord, unit_ids: dict[str, int]) -> dict[str, Any]:
    return {
        "key": record.key,
        "unit_id": unit_ids[record.unit_key],
        "position": record.position,
        "source": record.source.dumps(),
        "source_text": record.source.text,
        "source_hash": record.source_hash,
        "words": record.words,
        "prev_hash": record.prev_hash,
        "next_hash": record.next_hash,
    }


def _unit_values(record: SegmentRecord) -> dict[str, Any]:
    return {"position": record.position, "kind": record.kind, "note": record.note, "max_length": record.max_length}


def _plan_sync(old: dict[int, Any], records: Sequence[SegmentRecord]) -> tuple[_Plan, SyncResult]:
    """Decide, for each new record, whether it is unchanged, moved, changed or new."""
    plan, result = _Plan(), SyncResult()
    old_by_key = {row.key: row for row in old.values()}
    pending: list[SegmentRecord] = []
    for record in records:
        row = old_by_key.get(record.key)
        if row is not None and row.source_hash == record.source_hash:
            plan.reuse[row.id] = record
            result.unchanged += 1
        else:
            pending.append(record)
    pool: dict[str, list[int]] = defaultdict(list)
    for row in old.values():
        if row.id not in plan.reuse:
            pool[row.source_hash].append(row.id)
    unmatched: list[SegmentRecord] = []
    for record in pending:
        if pool.get(record.source_hash):
            plan.reuse[pool[record.source_hash].pop(0)] = record
            result.moved += 1
        else:
            unmatched.append(record)
    for record in unmatched:
        row = old_by_key.get(record.key)
        if row is not None and row.id not in plan.reuse:
            plan.reuse[row.id] = record
            plan.changed_rows.add(row.id)
            result.changed += 1
        else:
            plan.inserts.append(record)
            result.new += 1
    plan.deletes = [row_id for row_id in old if row_id not in plan.reuse]
    result.removed = len(plan.deletes)
    return plan, result


def segment_query() -> Select[Any]:
    """Segments with what a :class:`StoredSegment` needs of their document and unit (read
    them with :func:`stored_segment`)."""
    return (
        select(
            segments,
            documents.c.path,
            units.c.key.label("unit_key"),
            units.c.kind,
            units.c.note,
            units.c.max_length,
        )
        .join(documents, documents.c.id == segments.c.document_id)
        .join(units, units.c.id == segments.c.unit_id)
    )


def stored_segment(row: Any) -> StoredSegment:
    return StoredSegment(
        id=row.id,
        document=row.path,
        key=row.key,
        unit_key=row.unit_key,
        position=row.position,
        source=Segment.loads(row.source),
        source_hash=row.source_hash,
        words=row.words,
        kind=row.kind,
        note=row.note,
        max_length=row.max_length,
        prev_hash=row.prev_hash,
        next_hash=row.next_hash,
    )


def _stored_translation(row: Any) -> StoredTranslation:
    return StoredTranslation(
        segment_id=row.segment_id,
        locale=row.locale,
        target=Segment.loads(row.target),
        state=State(row.state),
        origin=row.origin,
        score=row.score,
        previous_source=Segment.loads(row.previous_source) if row.previous_source else None,
        updated_at=row.updated_at,
    )
