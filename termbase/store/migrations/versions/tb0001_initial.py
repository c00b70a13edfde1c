"""The first termbase schema: concepts, their terms, the glossary files imported.

Revision ID: tb0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "tb0001"
down_revision = None
branch_labels = None
depends_on = None

RowId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "tb_concept",
        sa.Column("id", RowId, primary_key=True, autoincrement=True),
        sa.Column("key_hash", sa.BigInteger, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("origin", sa.String(255), nullable=False),
        sa.Column("ref", sa.String(255), nullable=False, server_default=""),
        sa.Column("subject", sa.Text, nullable=False, server_default=""),
        sa.Column("definition", sa.Text, nullable=False, server_default=""),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("fingerprint", sa.String(40), nullable=False),
        sa.Column("changed", sa.DateTime, nullable=False),
    )
    op.create_index("ix_tb_concept_key_hash", "tb_concept", ["key_hash"], unique=True)
    op.create_index("ix_tb_concept_origin", "tb_concept", ["origin"])
    op.create_table(
        "tb_term",
        sa.Column("id", RowId, primary_key=True, autoincrement=True),
        sa.Column("concept_id", RowId, sa.ForeignKey("tb_concept.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.SmallInteger, nullable=False),
        sa.Column("locale", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("part_of_speech", sa.String(64), nullable=False, server_default=""),
        sa.Column("case_sensitive", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("dnt", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_tb_term_concept_id", "tb_term", ["concept_id"])
    op.create_index("ix_tb_term_locale", "tb_term", ["locale"])
    op.create_table(
        "tb_source",
        sa.Column("name", sa.String(255), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("imported", sa.DateTime, nullable=False),
        sa.Column("concepts", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("tb_source", "tb_term", "tb_concept"):
        op.drop_table(table)
