"""handout batches (printed in the background, their progress and PDF kept); interviews
indexed by start (the dashboard's week)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import recruiter_kit.models.base

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handout_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("created_at", recruiter_kit.models.base.UTCDateTime(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("selection", sa.Text(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("finished_at", recruiter_kit.models.base.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handout_batches")),
    )
    op.create_index(
        op.f("ix_handout_batches_created_by"), "handout_batches", ["created_by"], unique=False
    )
    op.create_index(op.f("ix_interviews_starts_at"), "interviews", ["starts_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_interviews_starts_at"), table_name="interviews")
    op.drop_index(op.f("ix_handout_batches_created_by"), table_name="handout_batches")
    op.drop_table("handout_batches")
