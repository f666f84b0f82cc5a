"""history keeps every correction and deletion; communications get optimistic locking

Revision ID: 0003
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.add_column(sa.Column("record_kind", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("record_ref", sa.String(length=64), nullable=True))
        # Corrected notes and a deleted record's content do not fit in 32 characters.
        batch_op.alter_column(
            "from_value", existing_type=sa.String(length=32), type_=sa.Text(), nullable=True
        )
        batch_op.alter_column(
            "to_value", existing_type=sa.String(length=32), type_=sa.Text(), nullable=True
        )
        batch_op.create_index(batch_op.f("ix_history_changed_at"), ["changed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_history_changed_by"), ["changed_by"], unique=False)
    with op.batch_alter_table("communications", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("version_id", sa.Integer(), server_default="1", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("communications", schema=None) as batch_op:
        batch_op.drop_column("version_id")
    # Deletions (no new value) and long values cannot go back into the old columns.
    op.execute("DELETE FROM history WHERE to_value IS NULL OR record_kind = 'communication'")
    op.execute(
        "UPDATE history SET from_value = substr(from_value, 1, 32), "
        "to_value = substr(to_value, 1, 32)"
    )
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_history_changed_by"))
        batch_op.drop_index(batch_op.f("ix_history_changed_at"))
        batch_op.alter_column(
            "to_value", existing_type=sa.Text(), type_=sa.String(length=32), nullable=False
        )
        batch_op.alter_column(
            "from_value", existing_type=sa.Text(), type_=sa.String(length=32), nullable=True
        )
        batch_op.drop_column("record_ref")
        batch_op.drop_column("record_kind")
