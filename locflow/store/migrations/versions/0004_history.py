"""The localization manager's view: a history row per locale and command, and the leverage
cache of ``analyze``.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_STATES = ("new", "mt", "fuzzy", "tm", "translated", "reviewed", "approved", "stale")


def upgrade() -> None:
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("command", sa.String(32), nullable=False),
        sa.Column("locale", sa.String(35), nullable=False),
        sa.Column("words", sa.Integer, nullable=False),
        *(sa.Column(f"words_{state}", sa.Integer, nullable=False) for state in _STATES),
        sa.Column("tm_words", sa.Integer, nullable=False),
        sa.Column("mt_words", sa.Integer, nullable=False),
        sa.Column("term_words", sa.Integer, nullable=False),
        sa.Column("mt_characters", sa.Integer, nullable=False),
        sa.Column("qa_issues", sa.Integer),
        sa.Column("mqm_penalty", sa.Float),
        sa.Column("mqm_categories", sa.Text),
    )
    op.create_index("ix_history_locale_recorded", "history", ["locale", "recorded_at"])
    op.create_table(
        "leverage",
        sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("locale", sa.String(35), nullable=False),
        sa.Column("context", sa.String(80), nullable=False),
        sa.Column("tm_mark", sa.String(80), nullable=False),
        sa.Column("score", sa.Float),
        sa.PrimaryKeyConstraint("segment_id", "locale", name="pk_leverage"),
    )


def downgrade() -> None:
    op.drop_table("leverage")
    op.drop_index("ix_history_locale_recorded", "history")
    op.drop_table("history")
