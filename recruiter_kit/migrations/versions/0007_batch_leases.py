"""handout batches: a token naming each batch in the queue (instead of the database URL),
and a lease its consumer renews while it renders

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import recruiter_kit.models.base

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handout_batches") as batch:
        batch.add_column(sa.Column("token", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("claim", sa.String(length=32), nullable=True))
        batch.add_column(
            sa.Column("lease_until", recruiter_kit.models.base.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("handout_batches") as batch:
        batch.drop_column("lease_until")
        batch.drop_column("claim")
        batch.drop_column("token")
