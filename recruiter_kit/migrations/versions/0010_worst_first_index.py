"""interview assessments: an index in the report's worst-first order, so the dashboard's
worst few need not sort every open interview of the agency

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# As `recruiter_kit.models.assessments` writes them (the queries' expressions must match).
RANKS = ("violation", "overdue", "due", "ok", "scheduled", "closed")
STATUS_RANK = "CASE {} END".format(
    " ".join(f"WHEN (status = '{status}') THEN {rank}" for rank, status in enumerate(RANKS))
)


def upgrade() -> None:
    op.create_index(
        "ix_interview_assessments_worst_first",
        "interview_assessments",
        [
            sa.text(f"({STATUS_RANK})"),
            sa.text("(next_action_by IS NULL)"),
            sa.text("substr(next_action_by, 1, 10)"),
        ],
    )
    # Statistics on the index's expressions: without them the planner guesses how many
    # interviews a status range holds (one, where a recruiter has hundreds).
    op.execute("ANALYZE interview_assessments")


def downgrade() -> None:
    op.drop_index("ix_interview_assessments_worst_first", "interview_assessments")
