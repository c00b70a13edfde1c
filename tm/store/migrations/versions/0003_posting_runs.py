"""PostgreSQL: fuzzy candidates from packed posting runs, as SQLite's posting index, not pg_trgm.

pg_trgm ranked candidates one query per segment over the whole table: a
2,872-segment job against 100,000 units took 644 s where SQLite's posting
index took 2 s. ``tm_posting_run`` holds the same postings as SQLite's
``tm_posting`` (``unit_id << 12 | length`` per source having the gram),
packed as little-endian int64 arrays, one row per gram per write: a lookup
reads a gram's postings with one index probe. Units stored before get their
postings here; the trigram index goes (it only cost writes from now on).

Revision ID: tm0003
Revises: tm0002
"""

import sqlalchemy as sa
from alembic import op

revision = "tm0003"
down_revision = "tm0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tm_posting_run",
        sa.Column("gram", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("first_unit", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("postings", sa.LargeBinary, nullable=False),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_tm_unit_loose_trgm")
        op.execute("ALTER TABLE tm_posting_run ALTER COLUMN postings SET STORAGE EXTERNAL")  # read often: no decompression
        from tm.store.runs import index_existing_units

        index_existing_units(bind)


def downgrade() -> None:
    op.drop_table("tm_posting_run")
