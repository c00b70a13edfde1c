"""The termbase's tables, in SQLAlchemy Core.

``tb_concept`` holds one concept per row, identified across re-imports by
``key`` (its file and its id, else its source term: see
:meth:`termbase.model.Concept.key`), with a ``fingerprint`` of its content so
an unchanged concept is not rewritten. ``tb_term`` holds its terms, one per
row, in file order (``position``). ``tb_source`` remembers which bytes of
which glossary file were imported last, so ``[termbase] import`` re-imports
a file only when it changed.

Every table name starts with ``tb_`` and the migration history lives in its
own version table, so the termbase can share a database with the project
store and the translation memory.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, DateTime, ForeignKey, Integer, MetaData, SmallInteger, String, Table, Text

__all__ = ["metadata", "concepts", "terms", "sources", "VERSION_TABLE"]

#: Alembic's version table for the termbase's own migration history.
VERSION_TABLE = "locflow_termbase_version"

metadata = MetaData()

#: Row ids: 64-bit everywhere except SQLite, where only INTEGER is the rowid.
RowId = BigInteger().with_variant(Integer(), "sqlite")

concepts = Table(
    "tb_concept",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("key_hash", BigInteger, nullable=False, unique=True),
    Column("key", Text, nullable=False),
    Column("origin", String(255), nullable=False, index=True),
    Column("ref", String(255), nullable=False, default=""),
    Column("subject", Text, nullable=False, default=""),
    Column("definition", Text, nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("fingerprint", String(40), nullable=False),
    Column("changed", DateTime, nullable=False),
)

terms = Table(
    "tb_term",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("concept_id", RowId, ForeignKey("tb_concept.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", SmallInteger, nullable=False),
    Column("locale", String(64), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("part_of_speech", String(64), nullable=False, default=""),
    Column("case_sensitive", Boolean, nullable=False, default=False),
    Column("dnt", Boolean, nullable=False, default=False),
    Column("note", Text, nullable=False, default=""),
)

sources = Table(
    "tb_source",
    metadata,
    Column("name", String(255), primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("imported", DateTime, nullable=False),
    Column("concepts", Integer, nullable=False),
)
