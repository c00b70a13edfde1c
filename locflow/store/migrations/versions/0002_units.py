"""Units: a table of their own (key, position, kind, note, max length); segments point to theirs.

Existing stores are migrated in place: one unit per (document, unit key) is
created from the segments, and the unit facts leave the segments table.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.String(512), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("max_length", sa.Integer),
        sa.UniqueConstraint("document_id", "key", name="uq_units_document_key"),
    )
    op.execute(
        """
        INSERT INTO units (document_id, key, position, kind, note, max_length)
        SELECT document_id, unit_key, MIN(position), MIN(kind), MIN(note), MIN(max_length)
        FROM segments GROUP BY document_id, unit_key
        """
    )
    with op.batch_alter_table("segments") as batch:
        batch.add_column(sa.Column("unit_id", sa.Integer, nullable=True))
    op.execute(
        """
        UPDATE segments SET unit_id = (
            SELECT units.id FROM units
            WHERE units.document_id = segments.document_id AND units.key = segments.unit_key)
        """
    )
    with op.batch_alter_table("segments") as batch:
        batch.alter_column("unit_id", existing_type=sa.Integer, nullable=False)
        batch.create_foreign_key("fk_segments_unit", "units", ["unit_id"], ["id"], ondelete="CASCADE")
        batch.drop_column("unit_key")
        batch.drop_column("kind")
        batch.drop_column("note")
        batch.drop_column("max_length")


def downgrade() -> None:
    with op.batch_alter_table("segments") as batch:
        batch.add_column(sa.Column("unit_key", sa.String(512), nullable=False, server_default=""))
        batch.add_column(sa.Column("kind", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("note", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("max_length", sa.Integer))
    op.execute(
        """
        UPDATE segments SET
            unit_key = (SELECT key FROM units WHERE units.id = segments.unit_id),
            kind = (SELECT kind FROM units WHERE units.id = segments.unit_id),
            note = (SELECT note FROM units WHERE units.id = segments.unit_id),
            max_length = (SELECT max_length FROM units WHERE units.id = segments.unit_id)
        """
    )
    with op.batch_alter_table("segments") as batch:
        batch.drop_constraint("fk_segments_unit", type_="foreignkey")
        batch.drop_column("unit_id")
    op.drop_table("units")
