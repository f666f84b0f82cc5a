"""What the rules read and what they produce: plain, immutable data (no ORM, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from recruiter_kit.enums import (
    Channel,
    CommunicationKind,
    ContactPreference,
    Outcome,
    Severity,
    Status,
)


@dataclass(frozen=True, slots=True)
class CommunicationFacts:
    """One logged communication, as the rules see it."""

    kind: CommunicationKind
    at: datetime  # aware
    channel: Channel | None = None
    arrived_on: date | None = None  # handwritten notes: the day it reached the interviewer


@dataclass(frozen=True, slots=True)
class InterviewFacts:
    """One interview and everything logged about it."""

    ref: str
    starts_at: datetime  # aware
    ends_at: datetime | None = None
    decision_by: date | None = None
    timeline_asked: bool = False
    contact_preference: ContactPreference = ContactPreference.NONE
    outcome: Outcome = Outcome.PENDING
    outcome_at: datetime | None = None
    communications: tuple[CommunicationFacts, ...] = ()


@dataclass(frozen=True, slots=True)
class CandidateFacts:
    """The candidate an interview belongs to (the rules need only the time zone)."""

    ref: str
    name: str
    timezone: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a rule noticed about an interview's follow-up."""

    code: str
    severity: Severity
    message: str
    due: date | datetime | None = None


@dataclass(frozen=True, slots=True)
class NextAction:
    """What the candidate should do next, and by when (if there is a deadline)."""

    action: str
    by: date | datetime | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """The rules' verdict on one interview as of a moment."""

    status: Status
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    next_action: NextAction | None = None
