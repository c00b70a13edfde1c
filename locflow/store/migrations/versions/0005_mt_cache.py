"""MT: a cache of verified answers (by masked text) and the answers refused, per segment and locale.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mt_cache",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("engine", sa.String(64), nullable=False),
        sa.Column("profile", sa.String(255), nullable=False),
        sa.Column("source_locale", sa.String(35), nullable=False),
        sa.Column("target_locale", sa.String(35), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("characters", sa.Integer, nullable=False),
        sa.Column("hits", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("engine", "profile", "source_locale", "target_locale", "key", name="uq_mt_cache_entry"),
    )
    op.create_table(
        "mt_rejections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("locale", sa.String(35), nullable=False),
        sa.Column("engine", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("segment_id", "locale", name="uq_mt_rejections_segment_locale"),
    )


def downgrade() -> None:
    op.drop_table("mt_rejections")
    op.drop_table("mt_cache")
