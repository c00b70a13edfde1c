"""The index snapshot: the posting lists and signatures of a small SQLite TM in one row.

Revision ID: tm0002
Revises: tm0001
"""

import sqlalchemy as sa
from alembic import op

revision = "tm0002"
down_revision = "tm0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tm_index_snapshot",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("last_unit", sa.BigInteger, nullable=False),
        sa.Column("grams", sa.LargeBinary, nullable=False),
        sa.Column("starts", sa.LargeBinary, nullable=False),
        sa.Column("postings", sa.LargeBinary, nullable=False),
        sa.Column("units", sa.LargeBinary, nullable=False),
        sa.Column("signatures", sa.Text, nullable=False),
        sa.Column("details", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("tm_index_snapshot")
