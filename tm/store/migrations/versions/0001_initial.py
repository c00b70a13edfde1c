"""The first TM schema: units, signatures, the posting index, pg_trgm on PostgreSQL.

Revision ID: tm0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "tm0001"
down_revision = None
branch_labels = None
depends_on = None

RowId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "tm_unit",
        sa.Column("id", RowId, primary_key=True, autoincrement=True),
        sa.Column("scope", sa.BigInteger, nullable=False),
        sa.Column("source_locale", sa.String(64), nullable=False),
        sa.Column("target_locale", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("exact_hash", sa.BigInteger, nullable=False),
        sa.Column("loose_hash", sa.BigInteger, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("loose", sa.Text, nullable=True),
        sa.Column("context", sa.Text, nullable=True),
        sa.Column("origin", sa.String(255), nullable=False),
        sa.Column("project", sa.String(255), nullable=True),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("changed", sa.DateTime, nullable=False),
        sa.Column("usage_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_used", sa.DateTime, nullable=True),
        sa.Column("meta", sa.Text, nullable=True),
        sa.Column("dedup_hash", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_tm_unit_exact", "tm_unit", ["exact_hash", "detail"])
    op.create_index("ix_tm_unit_loose_hash", "tm_unit", ["loose_hash"])
    op.create_index("ix_tm_unit_dedup_hash", "tm_unit", ["dedup_hash"], unique=True)
    op.create_table(
        "tm_signature",
        sa.Column("unit_id", RowId, sa.ForeignKey("tm_unit.id", ondelete="CASCADE"), primary_key=True, autoincrement=False),
        sa.Column("length", sa.SmallInteger, nullable=False),
        sa.Column("signature", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_table(
        "tm_posting",
        sa.Column("gram", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("length", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("unit_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "tm_gram",
        sa.Column("gram", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("df", sa.Integer, nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_tm_unit_loose_trgm ON tm_unit USING gin (loose gin_trgm_ops)")


def downgrade() -> None:
    for table in ("tm_gram", "tm_posting", "tm_signature", "tm_unit"):
        op.drop_table(table)
