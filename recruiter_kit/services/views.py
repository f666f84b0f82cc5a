"""Read models: what a screen, a handout or a command shows, ready to render.

Every object is immutable plain data: refs instead of database ids, enums for
statuses, and every moment already in the candidate's time zone, so the command line,
the web admin and the handouts render the same thing without touching the ORM or the
rules. The follow-up verdict always comes from the report (`build_report`), so a
screen never disagrees with the report about an interview.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from recruiter_kit.calendar import zone
from recruiter_kit.enums import (
    Channel,
    CommunicationKind,
    ContactPreference,
    InterviewFormat,
    Outcome,
    Stage,
    Status,
)
from recruiter_kit.errors import ValidationError
from recruiter_kit.models import Candidate, Communication, Interview
from recruiter_kit.rules import Assessment, Finding, NextAction
from recruiter_kit.services import candidates as candidate_service
from recruiter_kit.services import interviews as interview_service
from recruiter_kit.services.candidates import CandidateFilter
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.reports import (
    ReportFilter,
    ReportRow,
    build_report,
    count_report,
    rows_between,
    status_counts,
    stream_report,
)
from recruiter_kit.services.validation import in_zone

T = TypeVar("T")
DETAILS_CHUNK = 500  # interviews loaded per query by `interview_details`


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing, and how many items the whole listing has."""

    items: tuple[T, ...]
    total: int
    offset: int = 0
    limit: int | None = None  # None: everything from `offset` on

    @property
    def has_more(self) -> bool:
        """True when items follow this page."""
        return self.offset + len(self.items) < self.total


@dataclass(frozen=True, slots=True)
class CandidateSummary:
    """A candidate as a listing shows them."""

    ref: str
    name: str
    stage: Stage
    recruiter: str | None  # the recruiter's email
    email: str | None
    phone: str | None
    timezone: str | None  # as stored: None means the agency's default
    archived: bool


@dataclass(frozen=True, slots=True)
class InterviewSummary:
    """One of a candidate's interviews and where its follow-up stands."""

    ref: str
    company: str
    position: str
    round: int
    starts_at: datetime  # in the candidate's time zone
    outcome: Outcome
    status: Status
    next_action: NextAction | None


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One recorded change of a candidate's stage or an interview's outcome."""

    at: datetime  # in the candidate's time zone
    field: str
    from_value: str | None
    to_value: str | None  # None only for a deletion, which this history does not list
    changed_by: str


@dataclass(frozen=True, slots=True)
class CandidateDetail:
    """A candidate's profile, interviews (with their follow-up status) and history."""

    profile: CandidateSummary
    zone: str  # the time zone every moment below is shown in
    mailing_address: str | None
    notes: str | None
    version: int
    as_of: datetime
    interviews: tuple[InterviewSummary, ...]
    history: tuple[HistoryLine, ...]


@dataclass(frozen=True, slots=True)
class Interviewer:
    """Someone the candidate met at an interview."""

    name: str
    title: str | None

    @property
    def label(self) -> str:
        """`Jane Smith (Hiring Manager)`, or the name alone."""
        return f"{self.name} ({self.title})" if self.title else self.name


@dataclass(frozen=True, slots=True)
class CommunicationEntry:
    """One logged communication about an interview."""

    ref: str
    interview_ref: str
    kind: CommunicationKind
    channel: Channel | None
    at: datetime  # in the candidate's time zone
    arrived_on: date | None
    summary: str | None
    body: str | None
    version: int  # for a correction made from the list (a mailed note's arrival)


def communication_entry(communication: Communication, timezone: str) -> CommunicationEntry:
    """`communication` as its interview lists it, its time in `timezone`."""
    return CommunicationEntry(
        ref=communication.ref,
        interview_ref=communication.interview.ref,
        kind=communication.kind,
        channel=communication.channel,
        at=communication.at.astimezone(zone(timezone)),
        arrived_on=communication.arrived_on,
        summary=communication.summary,
        body=communication.body,
        version=communication.version_id,
    )


def entry_fields(entry: CommunicationEntry) -> dict[str, Any]:
    """The entry's fields by name (for a read model that extends it)."""
    return {field.name: getattr(entry, field.name) for field in fields(CommunicationEntry)}


@dataclass(frozen=True, slots=True)
class InterviewDetail:
    """An interview, its communications and the rules' verdict on its follow-up."""

    ref: str
    candidate_ref: str
    candidate: str  # the candidate's name
    recruiter: str | None
    company: str
    position: str
    round: int
    format: InterviewFormat
    starts_at: datetime  # in the candidate's time zone, like every moment here
    ends_at: datetime | None
    zone: str
    interviewers: tuple[Interviewer, ...]
    decision_by: date | None
    timeline_asked: bool
    contact_preference: ContactPreference
    outcome: Outcome
    outcome_at: datetime | None
    notes: str | None
    version: int
    communications: tuple[CommunicationEntry, ...]
    as_of: datetime
    assessment: Assessment

    @property
    def status(self) -> Status:
        """Where the follow-up stands as of `as_of`."""
        return self.assessment.status

    @property
    def findings(self) -> tuple[Finding, ...]:
        """What the rules noticed, worst first."""
        return self.assessment.findings

    @property
    def next_action(self) -> NextAction | None:
        """What the candidate should do next, and by when."""
        return self.assessment.next_action


def judge_interview(session: Session, ref: str, as_of: datetime) -> ReportRow:
    """The report's row for the one interview `ref` names, judged as of `as_of`."""
    report = build_report(session, as_of, ReportFilter(interview=ref, include_archived=True))
    return report.rows[0]


def candidate_detail(session: Session, ref: str, as_of: datetime) -> CandidateDetail:
    """The candidate `ref` names, with every interview's follow-up judged as of `as_of`."""
    candidate = candidate_service.get_candidate(session, ref)
    timezone = candidate_service.candidate_timezone(session, candidate)
    report = build_report(
        session, as_of, ReportFilter(candidate=candidate.ref, include_archived=True)
    )
    verdicts = {row.interview_ref: row.assessment for row in report.rows}
    interviews = tuple(
        InterviewSummary(
            ref=interview.ref,
            company=interview.employer.name,
            position=interview.position,
            round=interview.round,
            starts_at=interview.starts_at.astimezone(zone(timezone)),
            outcome=interview.outcome,
            status=verdicts[interview.ref].status,
            next_action=verdicts[interview.ref].next_action,
        )
        for interview in candidate.interviews
    )
    history = tuple(
        HistoryLine(
            at=entry.changed_at.astimezone(zone(timezone)),
            field=entry.field,
            from_value=entry.from_value,
            to_value=entry.to_value,
            changed_by=entry.changed_by,
        )
        for entry in candidate_service.candidate_history(session, candidate)
    )
    return CandidateDetail(
        profile=_summary(candidate),
        zone=timezone,
        mailing_address=candidate.mailing_address,
        notes=candidate.notes,
        version=candidate.version_id,
        as_of=as_of,
        interviews=interviews,
        history=history,
    )


def interview_detail(session: Session, ref: str, as_of: datetime) -> InterviewDetail:
    """The interview `ref` names, its communications and its follow-up as of `as_of`."""
    interview = interview_service.get_interview(session, ref)
    timezone = candidate_service.candidate_timezone(session, interview.candidate)
    return _interview_detail(
        interview, judge_interview(session, interview.ref, as_of), timezone, as_of
    )


def interview_details(
    session: Session, rows: Sequence[ReportRow], as_of: datetime
) -> Iterator[InterviewDetail]:
    """The details of the interviews in report `rows` (judged as of `as_of`), in their order;
    an interview deleted since its row was read is left out.

    For batches (handouts): interviews are loaded a few hundred at a time, and each detail
    keeps the verdict its row carries, so nothing is judged twice.
    """
    default_timezone = load_policy(session).default_timezone
    for start in range(0, len(rows), DETAILS_CHUNK):
        chunk = rows[start : start + DETAILS_CHUNK]
        loaded = interview_service.get_interviews(session, [row.interview_ref for row in chunk])
        for row in chunk:
            interview = loaded.get(row.interview_ref)
            if interview is None:  # deleted since it was judged
                continue
            timezone = interview.candidate.timezone or default_timezone
            yield _interview_detail(interview, row, timezone, as_of)


def _interview_detail(
    interview: Interview, row: ReportRow, timezone: str, as_of: datetime
) -> InterviewDetail:
    return InterviewDetail(
        ref=interview.ref,
        candidate_ref=interview.candidate.ref,
        candidate=interview.candidate.name,
        recruiter=row.recruiter,
        company=interview.employer.name,
        position=interview.position,
        round=interview.round,
        format=interview.format,
        starts_at=row.starts_at,
        ends_at=in_zone(interview.ends_at, timezone),
        zone=timezone,
        interviewers=tuple(
            Interviewer(person.name, person.title) for person in interview.interviewers
        ),
        decision_by=interview.decision_by,
        timeline_asked=interview.timeline_asked,
        contact_preference=interview.contact_preference,
        outcome=interview.outcome,
        outcome_at=in_zone(interview.outcome_at, timezone),
        notes=interview.notes,
        version=interview.version_id,
        communications=tuple(
            communication_entry(item, timezone) for item in interview.communications
        ),
        as_of=as_of,
        assessment=row.assessment,
    )


def list_candidates(
    session: Session,
    filters: CandidateFilter | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> Page[CandidateSummary]:
    """Candidates matching `filters`, by name, one page at a time."""
    _check_page(offset, limit)
    chosen = candidate_service.list_candidates(session, filters, offset=offset, limit=limit)
    total = candidate_service.count_matching(session, filters)
    return Page(tuple(_summary(candidate) for candidate in chosen), total, offset, limit)


def list_interviews(
    session: Session,
    as_of: datetime,
    filters: ReportFilter | None = None,
    *,
    starts_from: date | None = None,
    starts_to: date | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> Page[ReportRow]:
    """Interviews matching the report's `filters` and starting between `starts_from` and
    `starts_to` (inclusive, the candidate's local dates), by start, judged as of `as_of`."""
    _check_page(offset, limit)
    if starts_from and starts_to and starts_to < starts_from:
        raise ValidationError("interview listing", "to", "is before the 'from' date")
    rows = [
        row
        for row in build_report(session, as_of, filters).rows
        if (starts_from is None or row.starts_at.date() >= starts_from)
        and (starts_to is None or row.starts_at.date() <= starts_to)
    ]
    rows.sort(key=lambda row: (row.starts_at, row.interview_ref))
    chosen = rows[offset : None if limit is None else offset + limit]
    return Page(tuple(chosen), len(rows), offset, limit)


@dataclass(frozen=True, slots=True)
class ReportPage:
    """One page of the follow-up report, and how many interviews of each status the whole
    report has."""

    as_of: datetime
    rows: Page[ReportRow]  # worst first, then the soonest next action, as `report` lists them
    counts: dict[str, int]  # every status, worst first


def report_page(
    session: Session,
    as_of: datetime,
    filters: ReportFilter | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> ReportPage:
    """The report's rows from `offset` (at most `limit`) in the table's order, with the
    counts of every row it selects: counted by the database and the page read from the
    worst-first index where it can, else each row read once and one page kept."""
    _check_page(offset, limit)
    end = None if limit is None else offset + limit
    counts = count_report(session, as_of, filters)
    if counts is not None:
        rows = stream_report(session, as_of, filters, worst_first=True, first_rows=True)
        kept = rows_between(rows, offset, end)
    else:
        counts = status_counts(())
        kept = []
        for number, row in enumerate(stream_report(session, as_of, filters, worst_first=True)):
            counts[row.verdict.status] += 1
            if number >= offset and (end is None or number < end):
                kept.append(row)
    return ReportPage(as_of, Page(tuple(kept), sum(counts.values()), offset, limit), counts)


def _summary(candidate: Candidate) -> CandidateSummary:
    return CandidateSummary(
        ref=candidate.ref,
        name=candidate.name,
        stage=candidate.stage,
        recruiter=candidate.recruiter.email if candidate.recruiter else None,
        email=candidate.email,
        phone=candidate.phone,
        timezone=candidate.timezone,
        archived=candidate.archived,
    )


def _check_page(offset: int, limit: int | None) -> None:
    if offset < 0:
        raise ValidationError("listing", "offset", "must be zero or more")
    if limit is not None and limit < 1:
        raise ValidationError("listing", "limit", "must be 1 or more")
