"""Tables: users, candidates, employers and their people, interviews, communications,
the stage/outcome history, policy and agency settings and the counters behind generated refs."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recruiter_kit.enums import (
    Channel,
    CommunicationKind,
    ContactPreference,
    InterviewFormat,
    Outcome,
    Role,
    Stage,
)
from recruiter_kit.models.base import Base, UTCDateTime, utcnow

REF_LENGTH = 64


def _enum(enum: type[StrEnum], name: str) -> Enum:
    # Stored as text with a CHECK constraint: portable, and new values need no type migration.
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    )


def new_session_token() -> str:
    """A fresh random token that web sessions of one account carry."""
    return secrets.token_urlsafe(32)


class User(Base):
    """A recruiter or administrator of the agency (a web-admin account)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(_enum(Role, "role"), default=Role.RECRUITER)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Part of every web sign-in; replacing it ends all of the account's sessions.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)

    candidates: Mapped[list[Candidate]] = relationship(back_populates="recruiter")


class Candidate(Base):
    """A person the agency coaches through interviews."""

    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(REF_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(64))
    mailing_address: Mapped[str | None] = mapped_column(Text)
    timezone: Mapped[str | None] = mapped_column(String(64))
    recruiter_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str | None] = mapped_column(Text)
    stage: Mapped[Stage] = mapped_column(_enum(Stage, "stage"), default=Stage.SOURCED)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    recruiter: Mapped[User | None] = relationship(back_populates="candidates")
    interviews: Mapped[list[Interview]] = relationship(
        back_populates="candidate", order_by="Interview.starts_at", cascade="all, delete-orphan"
    )

    # Optimistic locking: an UPDATE from a stale read fails instead of overwriting.
    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012


class Employer(Base):
    """A company candidates interview with."""

    __tablename__ = "employers"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(REF_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    contacts: Mapped[list[EmployerContact]] = relationship(
        back_populates="employer", cascade="all, delete-orphan"
    )


class EmployerContact(Base):
    """A person at an employer: someone a candidate met or writes to."""

    __tablename__ = "employer_contacts"
    __table_args__ = (UniqueConstraint("employer_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))

    employer: Mapped[Employer] = relationship(back_populates="contacts")


interview_interviewers = Table(
    "interview_interviewers",
    Base.metadata,
    Column("interview_id", ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True),
    Column("contact_id", ForeignKey("employer_contacts.id", ondelete="CASCADE"), primary_key=True),
)


class Interview(Base):
    """One interview of a candidate with an employer, and its outcome."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(REF_LENGTH), unique=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"), index=True)
    position: Mapped[str] = mapped_column(String(200))
    round: Mapped[int] = mapped_column(Integer, default=1)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    format: Mapped[InterviewFormat] = mapped_column(
        _enum(InterviewFormat, "interview_format"), default=InterviewFormat.ONSITE
    )
    decision_by: Mapped[date | None] = mapped_column(Date)
    timeline_asked: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_preference: Mapped[ContactPreference] = mapped_column(
        _enum(ContactPreference, "contact_preference"), default=ContactPreference.NONE
    )
    outcome: Mapped[Outcome] = mapped_column(_enum(Outcome, "outcome"), default=Outcome.PENDING)
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str | None] = mapped_column(Text)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    candidate: Mapped[Candidate] = relationship(back_populates="interviews")
    employer: Mapped[Employer] = relationship()
    interviewers: Mapped[list[EmployerContact]] = relationship(
        secondary=interview_interviewers, order_by="EmployerContact.name"
    )
    communications: Mapped[list[Communication]] = relationship(
        back_populates="interview", order_by="Communication.at", cascade="all, delete-orphan"
    )

    # Optimistic locking: an UPDATE from a stale read fails instead of overwriting.
    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012


class Communication(Base):
    """Something the candidate sent, or heard from the employer, about an interview."""

    __tablename__ = "communications"
    __table_args__ = (Index("ix_communications_interview_at", "interview_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(REF_LENGTH), unique=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    kind: Mapped[CommunicationKind] = mapped_column(_enum(CommunicationKind, "communication_kind"))
    channel: Mapped[Channel | None] = mapped_column(_enum(Channel, "channel"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    arrived_on: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str | None] = mapped_column(String(500))
    body: Mapped[str | None] = mapped_column(Text)
    version_id: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    interview: Mapped[Interview] = relationship(back_populates="communications")

    # Optimistic locking: an UPDATE from a stale read fails instead of overwriting.
    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012


class HistoryEntry(Base):
    """One change to a candidate, an interview or a communication (append-only).

    Stage and outcome changes, corrections of any field (old and new value as text), and
    deletions (`field` is DELETED and `from_value` keeps the record's content as JSON); also
    changes to the policy, the agency's branding and user accounts (no candidate).
    `record_kind` and `record_ref` name the record changed; entries written before they
    existed leave them empty (the interview if there is one, else the candidate).
    """

    __tablename__ = "history"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for the policy, the agency's branding and user accounts.
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    record_kind: Mapped[str | None] = mapped_column(String(16))
    record_ref: Mapped[str | None] = mapped_column(String(254))  # a ref, or a user's email
    field: Mapped[str] = mapped_column(String(64))
    from_value: Mapped[str | None] = mapped_column(Text)
    to_value: Mapped[str | None] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(254), index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class SignInFailure(Base):
    """One failed web sign-in, kept for a while to throttle guessing (by account and address)."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300))  # "account:<email>" or "address:<ip>"
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PolicySetting(Base):
    """One policy setting that differs from the built-in default (stored as text)."""

    __tablename__ = "policy_settings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str | None] = mapped_column(String(200))


class AgencySetting(Base):
    """One branding setting of the agency (name, logo, colour...), stored as text."""

    __tablename__ = "agency_settings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))


class RefCounter(Base):
    """The last number handed out for generated refs of one prefix (C-, I-, ...)."""

    __tablename__ = "ref_counters"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)
