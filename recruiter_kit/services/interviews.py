"""Interviews, their outcomes, and the communications logged against them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from recruiter_kit.calendar import zone
from recruiter_kit.enums import (
    Channel,
    CommunicationKind,
    ContactPreference,
    InterviewFormat,
    Outcome,
)
from recruiter_kit.errors import (
    DuplicateError,
    ValidationError,
)
from recruiter_kit.models import Communication, Employer, EmployerContact, Interview, utcnow
from recruiter_kit.services.candidates import candidate_timezone, get_candidate
from recruiter_kit.services.history import record_change, record_creation
from recruiter_kit.services.refs import allocate_ref, resolve_ref
from recruiter_kit.services.validation import (
    check_arrival,
    check_channel,
    check_communication_time,
    check_day,
    check_decision_by,
    check_email,
    check_interview_end,
    check_moment,
    check_outcome_at,
    check_round,
    check_text,
    check_version,
    max_length,
)


@dataclass(frozen=True, slots=True)
class Interviewer:
    """A person the candidate met at the interview."""

    name: str
    title: str | None = None
    email: str | None = None


def get_or_create_employer(session: Session, name: str) -> Employer:
    """The employer called `name`, created (with a generated ref) if new."""
    employer = session.scalar(select(Employer).where(Employer.name == name))
    if employer is None:
        employer = Employer(ref=allocate_ref(session, Employer), name=name)
        session.add(employer)
        session.flush()
    return employer


def add_interview(
    session: Session,
    *,
    candidate_ref: str,
    company: str,
    position: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    ref: str | None = None,
    round: int = 1,
    format: InterviewFormat = InterviewFormat.ONSITE,
    interviewers: tuple[Interviewer, ...] = (),
    decision_by: date | None = None,
    timeline_asked: bool = False,
    contact_preference: ContactPreference = ContactPreference.NONE,
    notes: str | None = None,
    changed_by: str,
) -> Interview:
    """Schedule (or record) an interview for a candidate."""
    label = f"interview {ref}" if ref else f"new interview of candidate {candidate_ref}"
    candidate = get_candidate(session, candidate_ref)
    if ref is not None:
        ref = check_text(ref, label, "ref", max_length=max_length(Interview.ref), required=True)
        if session.scalar(select(Interview.id).where(Interview.ref == ref)) is not None:
            raise DuplicateError(f"interview {ref}: an interview with this ref already exists")
    company = check_text(
        company, label, "company", max_length=max_length(Employer.name), required=True
    )
    position = check_text(
        position, label, "position", max_length=max_length(Interview.position), required=True
    )
    starts_at = check_moment(starts_at, label, "starts_at")
    ends_at = None if ends_at is None else check_moment(ends_at, label, "ends_at")
    check_interview_end(starts_at, ends_at, label)
    check_round(round, label)
    if decision_by is not None:
        local_start = starts_at.astimezone(zone(candidate_timezone(session, candidate)))
        check_decision_by(check_day(decision_by, label, "decision_by"), local_start, label)
    notes = check_text(
        notes, label, "notes", max_length=max_length(Interview.notes), multiline=True
    )
    people = tuple(check_interviewer(person, label) for person in interviewers)
    employer = get_or_create_employer(session, company)
    interview = Interview(
        ref=ref or allocate_ref(session, Interview),
        candidate=candidate,
        employer=employer,
        position=position,
        round=round,
        starts_at=starts_at,
        ends_at=ends_at,
        format=format,
        decision_by=decision_by,
        timeline_asked=timeline_asked,
        contact_preference=contact_preference,
        outcome=Outcome.PENDING,
        notes=notes,
        interviewers=[employer_contact(session, employer, person) for person in people],
    )
    session.add(interview)
    session.flush()
    record_change(
        session,
        candidate_id=candidate.id,
        interview_id=interview.id,
        field="outcome",
        from_value=None,
        to_value=Outcome.PENDING.value,
        changed_by=changed_by,
    )
    return interview


def check_interviewer(person: Interviewer, record: str) -> Interviewer:
    """`person` with each part checked like any text (the email as an address)."""
    name = check_text(
        person.name,
        record,
        "interviewers",
        max_length=max_length(EmployerContact.name),
        required=True,
    )
    title = check_text(
        person.title, record, "interviewers", max_length=max_length(EmployerContact.title)
    )
    email = check_text(
        person.email, record, "interviewers", max_length=max_length(EmployerContact.email)
    )
    return Interviewer(
        name=name, title=title, email=check_email(email, record, "interviewers") if email else None
    )


def employer_contact(session: Session, employer: Employer, person: Interviewer) -> EmployerContact:
    """The person called `person.name` at `employer` (created if new), title and email updated."""
    contact = session.scalar(
        select(EmployerContact).where(
            EmployerContact.employer_id == employer.id, EmployerContact.name == person.name
        )
    )
    if contact is None:
        contact = EmployerContact(employer=employer, name=person.name)
        session.add(contact)
    contact.title = person.title or contact.title
    contact.email = person.email or contact.email
    return contact


_WITH_DETAILS = (
    selectinload(Interview.candidate),
    selectinload(Interview.employer),
    selectinload(Interview.interviewers),
    selectinload(Interview.communications),
)


def get_interview(session: Session, ref: str) -> Interview:
    """The interview `ref` names (see `resolve_ref`), with its candidate, employer and log."""
    return session.scalars(
        select(Interview)
        .where(Interview.ref == resolve_ref(session, Interview, ref))
        .options(*_WITH_DETAILS)
    ).one()


def get_interviews(session: Session, refs: Sequence[str]) -> dict[str, Interview]:
    """The interviews with exactly these stored refs, by ref, loaded like `get_interview`."""
    query = select(Interview).where(Interview.ref.in_(refs)).options(*_WITH_DETAILS)
    return {interview.ref: interview for interview in session.scalars(query)}


def set_outcome(
    session: Session,
    ref: str,
    outcome: Outcome,
    *,
    at: datetime | None = None,
    changed_by: str,
    expected_version: int | None = None,
) -> Interview:
    """Record the employer's decision (or the candidate's withdrawal) and log the change."""
    interview = get_interview(session, ref)
    check_version(f"interview {ref}", interview.version_id, expected_version)
    if interview.outcome == outcome:
        return interview
    moment = utcnow() if at is None else check_moment(at, f"interview {ref}", "outcome_at")
    if outcome.is_final:
        check_outcome_at(moment, interview.starts_at, f"interview {ref}")
    previous = interview.outcome
    interview.outcome = outcome
    interview.outcome_at = moment if outcome.is_final else None
    session.flush()
    record_change(
        session,
        candidate_id=interview.candidate_id,
        interview_id=interview.id,
        field="outcome",
        from_value=previous.value,
        to_value=outcome.value,
        changed_by=changed_by,
    )
    return interview


def log_communication(
    session: Session,
    interview_ref: str,
    kind: CommunicationKind,
    *,
    at: datetime,
    channel: Channel | None = None,
    arrived_on: date | None = None,
    summary: str | None = None,
    body: str | None = None,
    changed_by: str | None = None,
) -> Communication:
    """Record a communication about an interview (a thank-you, a follow-up, a reply...).

    With `changed_by`, who logged it is kept in the history.
    """
    interview = get_interview(session, interview_ref)
    label = f"interview {interview_ref}"
    channel = check_channel(kind, channel, label)
    if channel is None:
        raise ValidationError(label, "channel", f"a {kind.value} needs a channel (email, phone…)")
    at = check_moment(at, label, "at")
    check_communication_time(kind, at, interview.starts_at, label)
    if arrived_on is not None:
        check_arrival(kind, at, check_day(arrived_on, label, "arrived_on"), label)
    summary = check_text(summary, label, "summary", max_length=max_length(Communication.summary))
    body = check_text(
        body, label, "body", max_length=max_length(Communication.body), multiline=True
    )
    communication = Communication(
        ref=allocate_ref(session, Communication),
        interview=interview,
        kind=kind,
        channel=channel,
        at=at,
        arrived_on=arrived_on,
        summary=summary,
        body=body,
    )
    session.add(communication)
    session.flush()
    if changed_by is not None:
        record_creation(
            session, communication, communication_content(communication), changed_by=changed_by
        )
    return communication


def communication_content(communication: Communication) -> dict[str, Any]:
    """Everything a communication holds, as the history keeps it."""
    return {
        "ref": communication.ref,
        "interview": communication.interview.ref,
        "kind": communication.kind,
        "channel": communication.channel,
        "at": communication.at,
        "arrived_on": communication.arrived_on,
        "summary": communication.summary,
        "body": communication.body,
    }
