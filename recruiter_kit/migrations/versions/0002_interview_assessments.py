"""interview assessments: each interview's stored verdict and how long it holds

Revision ID: 0002
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import recruiter_kit.models.base

revision = "0002"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Verdicts are judged on first read (or first write), so the upgrade itself is quick.
    op.create_table(
        "interview_assessments",
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("next_action", sa.Text(), nullable=True),
        sa.Column("next_action_by", sa.String(length=40), nullable=True),
        sa.Column("valid_from", recruiter_kit.models.base.UTCDateTime(), nullable=True),
        sa.Column("next_change_at", recruiter_kit.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_interview_assessments_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interview_id", name=op.f("pk_interview_assessments")),
    )
    for column in ("status", "valid_from", "next_change_at"):
        op.create_index(
            op.f(f"ix_interview_assessments_{column}"), "interview_assessments", [column]
        )
    op.create_table(
        "assessment_basis",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_assessment_basis")),
    )


def downgrade() -> None:
    op.drop_table("assessment_basis")
    for column in ("status", "valid_from", "next_change_at"):
        op.drop_index(op.f(f"ix_interview_assessments_{column}"), "interview_assessments")
    op.drop_table("interview_assessments")
