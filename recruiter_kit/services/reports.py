"""The follow-up report: every interview judged by the rules as of a moment.

Loading is done in a fixed number of column-only queries (candidates, interviews,
communications, policy), whatever the size of the agency, and the rules run on
plain immutable facts.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, String, select, type_coerce
from sqlalchemy.orm import Session

from recruiter_kit.calendar import BusinessCalendar, zone
from recruiter_kit.enums import (
    Channel,
    CommunicationKind,
    ContactPreference,
    Outcome,
    Severity,
    Status,
)
from recruiter_kit.models import Candidate, Communication, Employer, Interview, User
from recruiter_kit.policy import Policy
from recruiter_kit.rules import (
    Assessment,
    CandidateFacts,
    CommunicationFacts,
    InterviewFacts,
    assess_interview,
)
from recruiter_kit.services.bulk import paused_gc
from recruiter_kit.services.candidates import find_recruiter
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.refs import resolve_ref
from recruiter_kit.services.validation import check_int, check_moment

# Worst first: the order rows are listed in and `--fail-on` compares by.
STATUS_ORDER: tuple[Status, ...] = (
    Status.VIOLATION,
    Status.OVERDUE,
    Status.DUE,
    Status.OK,
    Status.SCHEDULED,
    Status.CLOSED,
)
AnySelect = TypeVar("AnySelect", bound="Select[*tuple[Any, ...]]")
_STATUS_RANK = {status: rank for rank, status in enumerate(STATUS_ORDER)}
FAIL_ON_LEVELS: tuple[Status, ...] = (Status.VIOLATION, Status.OVERDUE, Status.DUE)
DUE_WITHIN_MAX_DAYS = 3660  # about ten years: the horizon stays a real date


@dataclass(frozen=True, slots=True)
class ReportFilter:
    """Which interviews a report includes."""

    statuses: frozenset[Status] = frozenset()  # empty: all
    recruiter: str | None = None  # the recruiter's email
    candidate: str | None = None  # a candidate ref
    interview: str | None = None  # an interview ref
    due_within_days: int | None = None  # something due or overdue by today + N days
    include_archived: bool = False  # archived candidates named by ref are always included


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One interview and the rules' verdict on it."""

    candidate_ref: str
    interview_ref: str
    candidate: str
    recruiter: str | None
    company: str
    position: str
    starts_at: datetime  # in the candidate's time zone
    assessment: Assessment

    @property
    def status(self) -> Status:
        """The interview's follow-up status."""
        return self.assessment.status


@dataclass(frozen=True, slots=True)
class Report:
    """Every selected interview's verdict as of one moment."""

    as_of: datetime
    rows: list[ReportRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many interviews have each status (every status listed, worst first)."""
        counts = dict.fromkeys((status.value for status in STATUS_ORDER), 0)
        for row in self.rows:
            counts[row.status.value] += 1
        return counts

    def fails_on(self, level: Status) -> bool:
        """True when any interview's status is `level` or worse."""
        limit = _STATUS_RANK[level]
        return any(_STATUS_RANK[row.status] <= limit for row in self.rows)


def build_report(session: Session, as_of: datetime, filters: ReportFilter | None = None) -> Report:
    """Judge every selected interview as of `as_of` (an aware datetime in the accepted range)."""
    check_moment(as_of, None, "as_of")
    filters = _resolve_references(session, filters or ReportFilter())
    with paused_gc():
        return _build(session, as_of, filters)


def _build(session: Session, as_of: datetime, filters: ReportFilter) -> Report:
    policy = load_policy(session)
    calendar = BusinessCalendar.for_policy(policy)
    candidates = _load_candidates(session, filters, policy)
    communications = _load_communications(session, filters)
    interviews = _load_interviews(session, filters, communications)

    rows = []
    for candidate_id, facts, company, position in interviews:
        candidate, recruiter = candidates[candidate_id]
        assessment = assess_interview(candidate, facts, policy, calendar, as_of)
        row = ReportRow(
            candidate_ref=candidate.ref,
            interview_ref=facts.ref,
            candidate=candidate.name,
            recruiter=recruiter,
            company=company,
            position=position,
            starts_at=facts.starts_at.astimezone(
                zone(candidate.timezone or policy.default_timezone)
            ),
            assessment=assessment,
        )
        if _selected(row, filters, as_of):
            rows.append(row)
    rows.sort(key=_row_order)
    return Report(as_of=as_of, rows=rows)


def _resolve_references(session: Session, filters: ReportFilter) -> ReportFilter:
    if filters.due_within_days is not None:
        check_int(
            filters.due_within_days,
            "report filter",
            "due_within",
            minimum=0,
            maximum=DUE_WITHIN_MAX_DAYS,
        )
    # A typo in a filter should say so, not produce a reassuringly empty report.
    if filters.recruiter:
        find_recruiter(session, filters.recruiter, "report filter")
    return dataclasses.replace(
        filters,
        candidate=filters.candidate and resolve_ref(session, Candidate, filters.candidate),
        interview=filters.interview and resolve_ref(session, Interview, filters.interview),
    )


def _candidate_scope(query: AnySelect, filters: ReportFilter) -> AnySelect:
    # Naming a candidate or an interview asks for it, archived or not.
    named = bool(filters.candidate or filters.interview)
    if not (filters.include_archived or named):
        query = query.where(Candidate.archived.is_(False))
    if filters.candidate:
        query = query.where(Candidate.ref == filters.candidate)
    if filters.interview:
        interview = select(Interview.candidate_id).where(Interview.ref == filters.interview)
        query = query.where(Candidate.id.in_(interview.scalar_subquery()))
    if filters.recruiter:
        recruiter = select(User.id).where(User.email == filters.recruiter.strip().lower())
        query = query.where(Candidate.recruiter_id.in_(recruiter.scalar_subquery()))
    return query


def _load_candidates(
    session: Session, filters: ReportFilter, policy: Policy
) -> dict[int, tuple[CandidateFacts, str | None]]:
    query = select(
        Candidate.id, Candidate.ref, Candidate.name, Candidate.timezone, User.email
    ).outerjoin(User, Candidate.recruiter_id == User.id)
    return {
        id_: (CandidateFacts(ref, name, timezone or policy.default_timezone), email)
        for id_, ref, name, timezone, email in session.connection().execute(
            _candidate_scope(query, filters)
        )
    }


# The report reads every interview and communication (hundreds of thousands of rows), so
# the heavy columns are read raw and converted here: SQLAlchemy's per-value processors
# for enums and UTCDateTime cost more than the rules themselves. `_raw` keeps the SQL
# as it is (no CAST); SQLite then hands over text and PostgreSQL native dates and
# datetimes, and the converters below accept both.
def _raw(column: Any) -> Any:
    return type_coerce(column, String)


def _moment(value: str | datetime) -> datetime:
    if isinstance(value, str):  # SQLite: naive UTC text; parsing an offset beats .replace()
        return datetime.fromisoformat(value + "+00:00")
    return value.replace(tzinfo=UTC)


def _utc(value: str | datetime | None) -> datetime | None:
    return None if value is None else _moment(value)


def _day(value: str | date | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


_KINDS = {kind.value: kind for kind in CommunicationKind}
_CHANNELS: dict[str | None, Channel | None] = {channel.value: channel for channel in Channel}
_CHANNELS[None] = None
_PREFERENCES = {preference.value: preference for preference in ContactPreference}
_OUTCOMES = {outcome.value: outcome for outcome in Outcome}


def _load_interviews(
    session: Session,
    filters: ReportFilter,
    communications: dict[int, list[CommunicationFacts]],
) -> list[tuple[int, InterviewFacts, str, str]]:
    query = (
        select(
            Interview.id,
            Interview.candidate_id,
            Interview.ref,
            _raw(Interview.starts_at),
            _raw(Interview.ends_at),
            _raw(Interview.decision_by),
            Interview.timeline_asked,
            _raw(Interview.contact_preference),
            _raw(Interview.outcome),
            _raw(Interview.outcome_at),
            Employer.name,
            Interview.position,
        )
        .join(Candidate, Interview.candidate_id == Candidate.id)
        .join(Employer, Interview.employer_id == Employer.id)
    )
    rows = []
    no_communications: list[CommunicationFacts] = []
    for row in session.connection().execute(_candidate_scope(query, filters)).all():
        facts = InterviewFacts(
            ref=row[2],
            starts_at=_moment(row[3]),
            ends_at=_utc(row[4]),
            decision_by=_day(row[5]),
            timeline_asked=bool(row[6]),
            contact_preference=_PREFERENCES[row[7]],
            outcome=_OUTCOMES[row[8]],
            outcome_at=_utc(row[9]),
            communications=tuple(communications.get(row[0], no_communications)),
        )
        rows.append((row[1], facts, row[10], row[11]))
    return rows


def _load_communications(
    session: Session, filters: ReportFilter
) -> dict[int, list[CommunicationFacts]]:
    query = (
        select(
            Communication.interview_id,
            _raw(Communication.kind),
            _raw(Communication.at),
            _raw(Communication.channel),
            _raw(Communication.arrived_on),
        )
        .join(Interview, Communication.interview_id == Interview.id)
        .join(Candidate, Interview.candidate_id == Candidate.id)
        .order_by(Communication.interview_id, Communication.at, Communication.id)
    )
    by_interview: dict[int, list[CommunicationFacts]] = defaultdict(list)
    rows = session.connection().execute(_candidate_scope(query, filters)).all()
    for interview_id, kind, at, channel, arrived_on in rows:
        by_interview[interview_id].append(
            CommunicationFacts(_KINDS[kind], _moment(at), _CHANNELS[channel], _day(arrived_on))
        )
    return by_interview


def _selected(row: ReportRow, filters: ReportFilter, as_of: datetime) -> bool:
    if filters.interview and row.interview_ref != filters.interview:
        return False
    if filters.statuses and row.status not in filters.statuses:
        return False
    if filters.due_within_days is not None:
        # Days count in the candidate's time zone, like every date the rules use.
        today = as_of.astimezone(row.starts_at.tzinfo).date()
        horizon = today + timedelta(days=filters.due_within_days)
        return any(
            finding.due is not None and _as_date(finding.due, row) <= horizon
            for finding in row.assessment.findings
            if finding.severity in (Severity.DUE, Severity.OVERDUE)
        )
    return True


def _as_date(moment: date | datetime, row: ReportRow) -> date:
    if isinstance(moment, datetime):
        return moment.astimezone(row.starts_at.tzinfo).date()
    return moment


def _row_order(row: ReportRow) -> tuple[Any, ...]:
    # Worst first, then the soonest next action (none last), then by candidate.
    action = row.assessment.next_action
    due = math.inf if action is None or action.by is None else _deadline(action.by, row)
    return (_STATUS_RANK[row.status], due, row.candidate.lower(), row.candidate_ref, row.starts_at)


def _deadline(moment: date | datetime, row: ReportRow) -> float:
    # A date-only deadline lasts all day, in the candidate's time zone.
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time.max, tzinfo=row.starts_at.tzinfo)
    return moment.timestamp()


def _iso(moment: date | datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report in the documented JSON shape."""
    with paused_gc():
        return {
            "as_of": report.as_of.isoformat(),
            "counts": report.counts(),
            "interviews": [_row_to_dict(row) for row in report.rows],
        }


def _row_to_dict(row: ReportRow) -> dict[str, Any]:
    action = row.assessment.next_action
    return {
        "candidate_ref": row.candidate_ref,
        "interview_ref": row.interview_ref,
        "candidate": row.candidate,
        "recruiter": row.recruiter,
        "company": row.company,
        "position": row.position,
        "starts_at": row.starts_at.isoformat(),
        "status": row.status.value,
        "findings": [
            {
                "code": finding.code,
                "severity": finding.severity.value,
                "message": finding.message,
                "due": _iso(finding.due),
            }
            for finding in row.assessment.findings
        ],
        "next_action": None if action is None else {"action": action.action, "by": _iso(action.by)},
    }


REPORT_CSV_COLUMNS = (
    "candidate_ref",
    "interview_ref",
    "candidate",
    "recruiter",
    "company",
    "position",
    "starts_at",
    "status",
    "finding_codes",
    "findings",
    "next_action",
    "next_action_by",
)


def report_csv_rows(report: Report) -> Iterable[list[Any]]:
    """One list of cells per interview, in `REPORT_CSV_COLUMNS` order (not yet made safe)."""
    for row in report.rows:
        action = row.assessment.next_action
        findings = row.assessment.findings
        yield [
            row.candidate_ref,
            row.interview_ref,
            row.candidate,
            row.recruiter,
            row.company,
            row.position,
            row.starts_at.isoformat(),
            row.status.value,
            " ".join(finding.code for finding in findings),
            " | ".join(finding.message for finding in findings),
            action.action if action else None,
            _iso(action.by) if action else None,
        ]
