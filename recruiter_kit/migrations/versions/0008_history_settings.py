"""history also keeps changes to the policy, the agency's branding and user accounts, which
belong to no candidate; a user's record is named by email

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.alter_column("candidate_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column(
            "record_ref", existing_type=sa.String(length=64), type_=sa.String(length=254)
        )


def downgrade() -> None:
    # Entries about no candidate (settings, accounts) cannot go back into the old table.
    op.execute("DELETE FROM history WHERE candidate_id IS NULL")
    op.execute("UPDATE history SET record_ref = substr(record_ref, 1, 64)")
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.alter_column(
            "record_ref", existing_type=sa.String(length=254), type_=sa.String(length=64)
        )
        batch_op.alter_column("candidate_id", existing_type=sa.Integer(), nullable=False)
