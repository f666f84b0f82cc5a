"""The web dashboard's screen: what needs action today, counts, and this week's interviews.

Everything is read from the stored verdicts (kept current by `services.assessments`) in a
fixed number of queries, so the dashboard costs the same at 200 candidates as at 20,000.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from recruiter_kit.calendar import zone
from recruiter_kit.enums import Status
from recruiter_kit.models import Candidate, Employer, Interview
from recruiter_kit.models.assessments import InterviewAssessment
from recruiter_kit.services.candidates import find_recruiter
from recruiter_kit.services.facts import of_recruiter
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.reports import (
    STATUS_COUNTS,
    ReportFilter,
    ReportRow,
    counted,
    rows_between,
    stream_report,
)

NEEDS_ACTION: frozenset[Status] = frozenset({Status.VIOLATION, Status.OVERDUE, Status.DUE})
# The worst of what needs action, at a glance: about a morning's nudges. A busy recruiter
# has a hundred or more; the follow-up report (linked under the table) lists them all.
NEEDS_ACTION_SHOWN = 25
WEEK_SHOWN = 100  # interviews of this week listed; a recruiter has a few dozen
AnySelect = TypeVar("AnySelect", bound="Select[*tuple[Any, ...]]")


@dataclass(frozen=True, slots=True)
class WeekInterview:
    """An interview of this week, as the dashboard lists it."""

    candidate_ref: str
    candidate: str
    interview_ref: str
    company: str
    position: str
    starts_at: datetime  # in the candidate's time zone
    status: Status


@dataclass(frozen=True, slots=True)
class Dashboard:
    """One recruiter's (or, for an admin, the agency's) day at a glance."""

    as_of: datetime  # in the agency's default time zone
    needs_action: list[ReportRow]  # violations, overdue and due, worst first as `report`
    needs_action_total: int
    counts: dict[str, int]  # interviews by status, every status listed, worst first
    this_week: list[WeekInterview]  # starting this week (Monday to Sunday), by start
    yesterday: date  # in the agency's time zone
    interviewed_yesterday: int  # interviews whose handouts the morning's batch prints


def build_dashboard(session: Session, as_of: datetime, recruiter: str | None) -> Dashboard:
    """The dashboard as of `as_of` for `recruiter`'s candidates (None: every candidate)."""
    # Read first: it also brings the stored verdicts up to date for the queries below.
    needs_action = _worst(session, as_of, recruiter)
    # Compared with a known id, both databases start from the recruiter's candidates.
    owner = None if recruiter is None else find_recruiter(session, recruiter, "dashboard").id
    counts = _counts(session, owner)
    default_timezone = load_policy(session).default_timezone
    local = as_of.astimezone(zone(default_timezone))
    monday = local.date() - timedelta(days=local.weekday())
    sunday = monday + timedelta(days=6)
    yesterday = local.date() - timedelta(days=1)
    # One query for both: yesterday is in this week, or (on a Monday) the day before it.
    # Every one of yesterday's is counted; of the week's, the first WEEK_SHOWN are listed.
    first = min(monday, yesterday)
    starting = _starting(
        session,
        first,
        sunday,
        owner,
        local,
        through=yesterday,
        enough=WEEK_SHOWN,
        counted_from=monday,
    )
    this_week = [interview for interview in starting if interview.starts_at.date() >= monday]
    return Dashboard(
        as_of=local,
        needs_action=needs_action,
        needs_action_total=sum(counts[status.value] for status in NEEDS_ACTION),
        counts=counts,
        this_week=this_week[:WEEK_SHOWN],
        yesterday=yesterday,
        interviewed_yesterday=sum(
            interview.starts_at.date() == yesterday for interview in starting
        ),
    )


def _worst(session: Session, as_of: datetime, recruiter: str | None) -> list[ReportRow]:
    """The first `NEEDS_ACTION_SHOWN` rows of the report of what needs action, worst first."""
    # The database sorts and the rows stream: only the rows shown (and the few held back
    # to put them in exact order) are read; closing the stream closes its cursor.
    # A recruiter's few hundred rows are read at once (on PostgreSQL a prepared statement
    # instead of a cursor); the agency's, thousands, stream.
    rows = stream_report(
        session,
        as_of,
        ReportFilter(statuses=NEEDS_ACTION, recruiter=recruiter),
        worst_first=True,
        at_once=recruiter is not None,
        first_rows=True,
    )
    return rows_between(rows, 0, NEEDS_ACTION_SHOWN)


def _scoped(
    query: AnySelect, owner: int | None, dialect: str, *, by_interview: bool = False
) -> AnySelect:
    query = query.where(Candidate.archived.is_(False))
    if owner is None:
        return query
    if by_interview and dialect != "postgresql":
        # Interviews of the owner's candidates: SQLite then starts from the owner's index
        # rather than from a range of every interview of the agency, with or without
        # statistics (`= owner` on the joined candidate did not, once analyzed).
        mine = select(Candidate.id).where(Candidate.recruiter_id == owner)
        return query.where(Interview.candidate_id.in_(mine))
    return of_recruiter(query, owner, dialect)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _counts(session: Session, owner: int | None) -> dict[str, int]:
    if owner is not None:
        return counted(session, _scoped(STATUS_COUNTS, owner, _dialect(session)))
    # The whole agency: every verdict counted from the status index alone, less those of
    # archived candidates' interviews (one in twenty in the demo), instead of joining every
    # interview to its candidate (20,000 candidates: SQLite 26 -> 18 ms, PostgreSQL 25 -> 19).
    table = InterviewAssessment.__table__
    counts = counted(session, select(table.c.status, func.count()).group_by(table.c.status))
    archived = counted(session, STATUS_COUNTS.where(Candidate.archived.is_(True)))
    return {status: count - archived[status] for status, count in counts.items()}


def _starting(
    session: Session,
    first: date,
    last: date,
    owner: int | None,
    local: datetime,
    *,
    through: date,
    enough: int,
    counted_from: date,
) -> list[WeekInterview]:
    """Interviews starting from day `first` to day `last`, each day in the candidate's zone,
    by start: every one up to day `through`, then only until `enough` of them start on or
    after day `counted_from`."""
    default_timezone = str(local.tzinfo)
    # A day's margin each side: a candidate's own days may be offset from the agency's.
    start = datetime.combine(first - timedelta(days=1), time(), local.tzinfo)
    end = datetime.combine(last + timedelta(days=2), time(), local.tzinfo)
    enough_after = datetime.combine(through + timedelta(days=2), time(), local.tzinfo)
    table = InterviewAssessment.__table__
    query = (
        select(
            Candidate.ref,
            Candidate.name,
            Candidate.timezone,
            Interview.ref,
            Employer.name,
            Interview.position,
            Interview.starts_at,
            table.c.status,
        )
        .join(Candidate, Interview.candidate_id == Candidate.id)
        .join(Employer, Interview.employer_id == Employer.id)
        .join(table, table.c.interview_id == Interview.id)
        .where(Interview.starts_at >= start, Interview.starts_at < end)
        .order_by(Interview.starts_at, Interview.ref)
    )
    found: list[WeekInterview] = []
    counted = 0
    # An agency's week is thousands of interviews, read in batches until enough; a
    # recruiter's is a few dozen, read at once (no server-side cursor on PostgreSQL).
    batches = {"yield_per": 200} if owner is None else {}
    rows = session.execute(
        _scoped(query, owner, _dialect(session), by_interview=True), execution_options=batches
    )
    for ref, name, timezone, interview, company, position, starts_at, status in rows:
        if starts_at >= enough_after and counted >= enough:
            break
        starts = starts_at.astimezone(zone(timezone or default_timezone))
        if first <= starts.date() <= last:
            found.append(
                WeekInterview(ref, name, interview, company, position, starts, Status(status))
            )
            counted += starts.date() >= counted_from
    rows.close()
    return found
