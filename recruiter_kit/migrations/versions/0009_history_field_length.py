"""history's field names grow to 64 characters: policy settings are named by their key,
and the longest (rejection_thank_you_business_days) has 33

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.alter_column(
            "field", existing_type=sa.String(length=32), type_=sa.String(length=64)
        )


def downgrade() -> None:
    op.execute("UPDATE history SET field = substr(field, 1, 32)")
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.alter_column(
            "field", existing_type=sa.String(length=64), type_=sa.String(length=32)
        )
