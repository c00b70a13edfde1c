"""Exported packages: what each segment's target and state were when a package left.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("package", sa.String(64), nullable=False, unique=True),
        sa.Column("locale", sa.String(35), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("review_state", sa.String(16)),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "exported_segments",
        sa.Column("export_id", sa.Integer, sa.ForeignKey("exports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("target_hash", sa.String(40), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("applied", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("export_id", "segment_id", "target_hash", name="pk_exported_segments"),
    )
    op.create_index("ix_exported_segments_segment", "exported_segments", ["segment_id"])


def downgrade() -> None:
    op.drop_index("ix_exported_segments_segment", "exported_segments")
    op.drop_table("exported_segments")
    op.drop_table("exports")
