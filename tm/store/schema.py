"""The TM's tables, in SQLAlchemy Core.

``tm_unit`` holds one translation per row, with the keys exact lookup uses
(hashes of the plain and the loose source, and the detail string of codes and
numbers, see :mod:`tm.normalize`): identical sources with identical codes are
one index probe away, however many variants of a sentence the TM holds.
``tm_signature`` is the narrow table fuzzy verification reads: one short
string per unit, so hundreds of candidates are fetched from a few pages.
``tm_posting`` and ``tm_gram`` are the candidate index for databases without
trigram search: every token trigram of a source with the source's length,
and how many sources have it; ``tm_index_snapshot`` holds, for a TM small
enough, all of that index and every signature in one row (:mod:`tm.store.snapshot`).
On PostgreSQL the postings are packed into runs instead, one row per gram
per write (``tm_posting_run``, :mod:`tm.store.runs`), and the posting tables stay empty.

Every table name starts with ``tm_`` and the migration history lives in its
own version table, so the TM can share a database with the project store.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)

__all__ = ["metadata", "units", "signatures", "postings", "grams", "posting_runs", "snapshots", "VERSION_TABLE"]

#: Alembic's version table for the TM's own migration history.
VERSION_TABLE = "locflow_tm_version"

metadata = MetaData()

#: Row ids: 64-bit everywhere except SQLite, where only INTEGER is the rowid.
RowId = BigInteger().with_variant(Integer(), "sqlite")

units = Table(
    "tm_unit",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("scope", BigInteger, nullable=False),
    Column("source_locale", String(64), nullable=False),
    Column("target_locale", String(64), nullable=False),
    Column("source", Text, nullable=False),
    Column("target", Text, nullable=False),
    Column("exact_hash", BigInteger, nullable=False),
    Column("loose_hash", BigInteger, nullable=False, index=True),
    Column("detail", Text, nullable=False),
    Column("loose", Text, nullable=True),
    Column("context", Text, nullable=True),
    Column("origin", String(255), nullable=False),
    Column("project", String(255), nullable=True),
    Column("created", DateTime, nullable=False),
    Column("changed", DateTime, nullable=False),
    Column("usage_count", Integer, nullable=False, default=0),
    Column("last_used", DateTime, nullable=True),
    Column("meta", Text, nullable=True),
    Column("dedup_hash", BigInteger, nullable=False, unique=True, index=True),
    Index("ix_tm_unit_exact", "exact_hash", "detail"),
)

signatures = Table(
    "tm_signature",
    metadata,
    Column("unit_id", RowId, ForeignKey("tm_unit.id", ondelete="CASCADE"), primary_key=True, autoincrement=False),
    Column("length", SmallInteger, nullable=False),
    Column("signature", Text, nullable=False),
    Column("detail", Text, nullable=False),
)

postings = Table(
    "tm_posting",
    metadata,
    Column("gram", BigInteger, primary_key=True, autoincrement=False),
    Column("length", SmallInteger, primary_key=True, autoincrement=False),
    Column("unit_id", BigInteger, primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,
)

grams = Table(
    "tm_gram",
    metadata,
    Column("gram", BigInteger, primary_key=True, autoincrement=False),
    Column("df", Integer, nullable=False),
)

#: PostgreSQL's posting index: each gram's postings of one write, packed (:mod:`tm.store.runs`).
posting_runs = Table(
    "tm_posting_run",
    metadata,
    Column("gram", BigInteger, primary_key=True, autoincrement=False),
    Column("first_unit", BigInteger, primary_key=True, autoincrement=False),
    Column("count", Integer, nullable=False),
    Column("postings", LargeBinary, nullable=False),
)

snapshots = Table(
    "tm_index_snapshot",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("last_unit", BigInteger, nullable=False),
    Column("grams", LargeBinary, nullable=False),
    Column("starts", LargeBinary, nullable=False),
    Column("postings", LargeBinary, nullable=False),
    Column("units", LargeBinary, nullable=False),
    Column("signatures", Text, nullable=False),
    Column("details", Text, nullable=False),
)
