"""Interviews read as the rules' facts, streamed in interview ref order in two queries.

One query reads the interviews (with their candidate, employer and recruiter), another the
communications, both ordered by interview ref; walking them side by side pairs each
interview with its communications, so any number of interviews costs two statements and
constant memory.

The heavy columns are read raw and converted here: SQLAlchemy's per-value processors for
enums and UTCDateTime cost more than the rules themselves. `raw_column` keeps the SQL as it is
(no CAST); SQLite then hands over text and PostgreSQL native dates and datetimes, and the
converters below accept both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Select, String, any_, func, select, type_coerce
from sqlalchemy.orm import Session

from recruiter_kit.enums import Channel, CommunicationKind, ContactPreference, Outcome
from recruiter_kit.models import Candidate, Communication, Employer, Interview, User
from recruiter_kit.rules import CandidateFacts, CommunicationFacts, InterviewFacts

AnySelect = TypeVar("AnySelect", bound="Select[*tuple[Any, ...]]")
Scope = Callable[[AnySelect], AnySelect]
# Rows fetched a batch at a time (a server-side cursor on PostgreSQL), not all at once.
STREAMED = {"stream_results": True, "yield_per": 2000}


class InterviewRecord(NamedTuple):
    """One interview's facts and what a report shows beside them."""

    interview_id: int
    candidate: CandidateFacts  # time zone already defaulted to the policy's
    interview: InterviewFacts
    recruiter: str | None
    company: str
    position: str


def of_recruiter(query: AnySelect, recruiter_id: int, dialect: str) -> AnySelect:
    """Keep the interviews of `recruiter_id`'s candidates (a select joining Interview and
    Candidate)."""
    query = query.where(Candidate.recruiter_id == recruiter_id)
    if dialect == "postgresql":
        # Their ids as an array, computed first: PostgreSQL then reads their interviews
        # through the candidate index. From the join alone it expected thousands and hashed
        # every interview of the agency (a recruiter's dashboard: 10 ms of SQL, now 7).
        mine = select(Candidate.id).where(Candidate.recruiter_id == recruiter_id)
        query = query.where(Interview.candidate_id == any_(func.array(mine.scalar_subquery())))
    return query


def raw_column(column: Any) -> Any:
    """`column` read as the driver hands it over, without SQLAlchemy's conversion."""
    return type_coerce(column, String)


def raw_moment(value: str | datetime) -> datetime:
    """A moment read by `raw_column`, as an aware UTC datetime."""
    if isinstance(value, str):  # SQLite: naive UTC text; parsing an offset beats .replace()
        return datetime.fromisoformat(value + "+00:00")
    return value.replace(tzinfo=UTC)


def _utc(value: str | datetime | None) -> datetime | None:
    return None if value is None else raw_moment(value)


def _day(value: str | date | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


_KINDS = {kind.value: kind for kind in CommunicationKind}
_CHANNELS: dict[str | None, Channel | None] = {channel.value: channel for channel in Channel}
_CHANNELS[None] = None
_PREFERENCES = {preference.value: preference for preference in ContactPreference}
_OUTCOMES = {outcome.value: outcome for outcome in Outcome}


def stream_interview_records(
    session: Session, scope: Scope[Any], default_timezone: str
) -> Iterator[InterviewRecord]:
    """Every interview `scope` keeps (a filter over a select joining Interview and
    Candidate), in interview ref order, with its communications."""
    interviews = (
        select(
            Interview.id,
            Candidate.ref,
            Candidate.name,
            Candidate.timezone,
            User.email,
            Interview.ref,
            raw_column(Interview.starts_at),
            raw_column(Interview.ends_at),
            raw_column(Interview.decision_by),
            Interview.timeline_asked,
            raw_column(Interview.contact_preference),
            raw_column(Interview.outcome),
            raw_column(Interview.outcome_at),
            Employer.name,
            Interview.position,
        )
        .join(Candidate, Interview.candidate_id == Candidate.id)
        .join(Employer, Interview.employer_id == Employer.id)
        .outerjoin(User, Candidate.recruiter_id == User.id)
        .order_by(Interview.ref)
    )
    communications = (
        select(
            Communication.interview_id,
            raw_column(Communication.kind),
            raw_column(Communication.at),
            raw_column(Communication.channel),
            raw_column(Communication.arrived_on),
        )
        .join(Interview, Communication.interview_id == Interview.id)
        .join(Candidate, Interview.candidate_id == Candidate.id)
        .order_by(Interview.ref, Communication.at, Communication.id)
    )
    connection = session.connection()
    logged = iter(connection.execute(scope(communications), execution_options=STREAMED))
    pending = next(logged, None)
    candidates: dict[tuple[str, str, str | None], CandidateFacts] = {}
    for row in connection.execute(scope(interviews), execution_options=STREAMED):
        interview_id = row[0]
        found: list[CommunicationFacts] = []
        # Both queries list interviews in the same order, so this interview's
        # communications, if any, are the next ones.
        while pending is not None and pending[0] == interview_id:
            found.append(
                CommunicationFacts(
                    _KINDS[pending[1]],
                    raw_moment(pending[2]),
                    _CHANNELS[pending[3]],
                    _day(pending[4]),
                )
            )
            pending = next(logged, None)
        key = (row[1], row[2], row[3])
        candidate = candidates.get(key)
        if candidate is None:  # a candidate's interviews are usually neighbours
            candidates.clear()
            candidate = candidates[key] = CandidateFacts(row[1], row[2], row[3] or default_timezone)
        facts = InterviewFacts(
            ref=row[5],
            starts_at=raw_moment(row[6]),
            ends_at=_utc(row[7]),
            decision_by=_day(row[8]),
            timeline_asked=bool(row[9]),
            contact_preference=_PREFERENCES[row[10]],
            outcome=_OUTCOMES[row[11]],
            outcome_at=_utc(row[12]),
            communications=tuple(found),
        )
        yield InterviewRecord(interview_id, candidate, facts, row[4], row[13], row[14])
