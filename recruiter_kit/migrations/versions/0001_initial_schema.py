"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import recruiter_kit.models.base

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "employers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employers")),
        sa.UniqueConstraint("name", name=op.f("uq_employers_name")),
        sa.UniqueConstraint("ref", name=op.f("uq_employers_ref")),
    )
    op.create_table(
        "policy_settings",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_policy_settings")),
    )
    op.create_table(
        "ref_counters",
        sa.Column("prefix", sa.String(length=8), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", name=op.f("pk_ref_counters")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "admin",
                "recruiter",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", recruiter_kit.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=64), nullable=True),
        sa.Column("mailing_address", sa.Text(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("recruiter_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column(
            "stage",
            sa.Enum(
                "sourced",
                "submitted",
                "screening",
                "interviewing",
                "final_round",
                "offer",
                "placed",
                "rejected",
                "withdrawn",
                name="stage",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", recruiter_kit.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", recruiter_kit.models.base.UTCDateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recruiter_id"],
            ["users.id"],
            name=op.f("fk_candidates_recruiter_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidates")),
        sa.UniqueConstraint("ref", name=op.f("uq_candidates_ref")),
    )
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_candidates_recruiter_id"), ["recruiter_id"], unique=False
        )

    op.create_table(
        "employer_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_employer_contacts_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_contacts")),
        sa.UniqueConstraint("employer_id", "name", name=op.f("uq_employer_contacts_employer_id")),
    )
    op.create_table(
        "interviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("starts_at", recruiter_kit.models.base.UTCDateTime(), nullable=False),
        sa.Column("ends_at", recruiter_kit.models.base.UTCDateTime(), nullable=True),
        sa.Column(
            "format",
            sa.Enum(
                "onsite",
                "video",
                "phone",
                name="interview_format",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("decision_by", sa.Date(), nullable=True),
        sa.Column("timeline_asked", sa.Boolean(), nullable=False),
        sa.Column(
            "contact_preference",
            sa.Enum(
                "email",
                "phone",
                "none",
                name="contact_preference",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "outcome",
            sa.Enum(
                "pending",
                "advanced",
                "offer",
                "rejected",
                "withdrawn",
                name="outcome",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("outcome_at", recruiter_kit.models.base.UTCDateTime(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_interviews_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employers.id"], name=op.f("fk_interviews_employer_id_employers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interviews")),
        sa.UniqueConstraint("ref", name=op.f("uq_interviews_ref")),
    )
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interviews_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_interviews_employer_id"), ["employer_id"], unique=False
        )

    op.create_table(
        "communications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "thank_you_email",
                "thank_you_note",
                "follow_up",
                "employer_contact",
                "rejection_thank_you",
                name="communication_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "channel",
            sa.Enum(
                "email",
                "phone",
                "mail",
                "in_person",
                "other",
                name="channel",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("at", recruiter_kit.models.base.UTCDateTime(), nullable=False),
        sa.Column("arrived_on", sa.Date(), nullable=True),
        sa.Column("summary", sa.String(length=500), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_communications_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_communications")),
        sa.UniqueConstraint("ref", name=op.f("uq_communications_ref")),
    )
    with op.batch_alter_table("communications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_communications_interview_at", ["interview_id", "at"], unique=False
        )

    op.create_table(
        "history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("from_value", sa.String(length=32), nullable=True),
        sa.Column("to_value", sa.String(length=32), nullable=False),
        sa.Column("changed_by", sa.String(length=254), nullable=False),
        sa.Column("changed_at", recruiter_kit.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_history_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_history_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history")),
    )
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_history_candidate_id"), ["candidate_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_history_interview_id"), ["interview_id"], unique=False)

    op.create_table(
        "interview_interviewers",
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["employer_contacts.id"],
            name=op.f("fk_interview_interviewers_contact_id_employer_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_interview_interviewers_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "interview_id", "contact_id", name=op.f("pk_interview_interviewers")
        ),
    )


def downgrade() -> None:
    op.drop_table("interview_interviewers")
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_history_interview_id"))
        batch_op.drop_index(batch_op.f("ix_history_candidate_id"))

    op.drop_table("history")
    with op.batch_alter_table("communications", schema=None) as batch_op:
        batch_op.drop_index("ix_communications_interview_at")

    op.drop_table("communications")
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interviews_employer_id"))
        batch_op.drop_index(batch_op.f("ix_interviews_candidate_id"))

    op.drop_table("interviews")
    op.drop_table("employer_contacts")
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidates_recruiter_id"))

    op.drop_table("candidates")
    op.drop_table("users")
    op.drop_table("ref_counters")
    op.drop_table("policy_settings")
    op.drop_table("employers")
