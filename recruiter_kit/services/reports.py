"""The follow-up report: every interview judged by the rules as of a moment.

Reports read the stored verdicts (`recruiter_kit.services.assessments`), judging again in
bulk only those whose next change has passed, so asking who needs a nudge reads the indexed
rows of open interviews, not years of history. `from_scratch=True` judges every interview
again instead; both give the same answer for any moment. Either way a report is a fixed
number of statements, whatever the size of the agency, and `stream_report` hands rows out
one at a time, in constant memory: by interview ref, or in the table's order (worst first,
then soonest due), which the database sorts by status and the deadline's day and a short
window of rows puts in exact order.
"""

from __future__ import annotations

import dataclasses
import heapq
import json
import math
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from json.encoder import encode_basestring
from typing import IO, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recruiter_kit.calendar import zone
from recruiter_kit.enums import STATUS_ORDER, Severity, Status
from recruiter_kit.models import Candidate, Employer, Interview, InterviewAssessment, User
from recruiter_kit.models.assessments import DEADLINE_DAY, NO_DEADLINE, STATUS_RANK
from recruiter_kit.policy import Policy
from recruiter_kit.rules import Assessment
from recruiter_kit.services.assessments import (
    StoredVerdict,
    bring_up_to_date,
    decode_assessment,
    encode_assessment,
    judged_records,
)
from recruiter_kit.services.bulk import paused_gc
from recruiter_kit.services.candidates import find_recruiter
from recruiter_kit.services.facts import (
    STREAMED,
    AnySelect,
    InterviewRecord,
    of_recruiter,
    raw_column,
    raw_moment,
)
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.refs import resolve_ref
from recruiter_kit.services.spreadsheet import write_csv
from recruiter_kit.services.validation import check_int, check_moment

# Each status's place worst first (STATUS_ORDER): the order rows are listed in and
# `--fail-on` compares by.
_STATUS_RANK: dict[str, int] = {status.value: rank for rank, status in enumerate(STATUS_ORDER)}
FAIL_ON_LEVELS: tuple[Status, ...] = (Status.VIOLATION, Status.OVERDUE, Status.DUE)
DUE_WITHIN_MAX_DAYS = 3660  # about ten years: the horizon stays a real date
# Interviews whose follow-up still needs attention or may yet: all but closed.
OPEN_STATUSES: frozenset[Status] = frozenset(STATUS_ORDER) - {Status.CLOSED}


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
class _ResolvedFilter(ReportFilter):
    """A filter whose refs were checked, with the recruiter's id looked up once: comparing
    with a known id lets both databases start from that recruiter's candidates instead of
    every verdict in the agency."""

    recruiter_id: int | None = None
    dialect: str = ""  # the database's: the recruiter's scope is written for it


# A code in the stored findings: inside a JSON string a quote is always escaped, so this
# matches the `code` keys only.
_FINDING_CODE = re.compile(r'"code": "([A-Z0-9_]+)"')


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One interview and the rules' verdict on it (kept in its stored form)."""

    candidate_ref: str
    interview_ref: str
    candidate: str
    recruiter: str | None
    company: str
    position: str
    starts_at: datetime  # in the candidate's time zone
    verdict: StoredVerdict

    @property
    def status(self) -> Status:
        """The interview's follow-up status."""
        return Status(self.verdict.status)

    @property
    def finding_codes(self) -> list[str]:
        """The findings' codes, worst first (read without decoding the whole verdict)."""
        return _FINDING_CODE.findall(self.verdict.findings)

    @property
    def assessment(self) -> Assessment:
        """The verdict: findings worst first, and the next action."""
        return decode_assessment(self.verdict, str(self.starts_at.tzinfo))


@dataclass(frozen=True, slots=True)
class Report:
    """Every selected interview's verdict as of one moment."""

    as_of: datetime
    rows: list[ReportRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many interviews have each status (every status listed, worst first)."""
        return status_counts(self.rows)

    def fails_on(self, level: Status) -> bool:
        """True when any interview's status is `level` or worse."""
        return fails_on(self.counts(), level)


def status_counts(rows: Iterable[ReportRow]) -> dict[str, int]:
    """How many of `rows` have each status (every status listed, worst first)."""
    counts = dict.fromkeys((status.value for status in STATUS_ORDER), 0)
    for row in rows:
        counts[row.verdict.status] += 1
    return counts


def fails_on(counts: dict[str, int], level: Status) -> bool:
    """True when `counts` (as from `status_counts`) has any status `level` or worse."""
    return any(counts[status.value] for status in STATUS_ORDER[: _STATUS_RANK[level] + 1])


def build_report(
    session: Session,
    as_of: datetime,
    filters: ReportFilter | None = None,
    *,
    from_scratch: bool = False,
) -> Report:
    """Judge every selected interview as of `as_of` (an aware datetime in the accepted
    range), worst first."""
    rows = stream_report(session, as_of, filters, from_scratch=from_scratch, worst_first=True)
    with paused_gc():
        return Report(as_of=as_of, rows=list(rows))


def stream_report(
    session: Session,
    as_of: datetime,
    filters: ReportFilter | None = None,
    *,
    from_scratch: bool = False,
    worst_first: bool = False,
    at_once: bool = False,
    first_rows: bool = False,
) -> Iterator[ReportRow]:
    """The selected interviews' rows one at a time: by interview ref, or with `worst_first`
    in the table's order (worst first, then the soonest next action).

    Filters are checked and stored verdicts brought up to date before this returns; the
    rows are read (or judged, `from_scratch`) as they are taken. Stored verdicts stream in
    constant memory in either order; judged from scratch, the table's order sorts them all.
    `at_once` reads the stored rows in one go instead (no server-side cursor on PostgreSQL,
    a statement it can prepare): for a selection known to be small, such as a recruiter's.
    `first_rows` says the caller takes only the first rows (the dashboard's worst few), so
    PostgreSQL plans the whole agency's cursor to start at once rather than to read
    everything (a recruiter's or a candidate's rows are read from their own).
    """
    check_moment(as_of, None, "as_of")
    filters = _resolve_references(session, filters or ReportFilter())
    policy = load_policy(session)
    if from_scratch or not bring_up_to_date(session, as_of, policy):
        judged = _judged_rows(session, as_of, filters, policy)
        return iter(sorted(judged, key=_row_order)) if worst_first else judged
    rows = _stored_rows(
        session,
        as_of,
        filters,
        policy,
        worst_first=worst_first,
        at_once=at_once,
        first_rows=first_rows,
    )
    return _in_table_order(rows) if worst_first else rows


def rows_between(rows: Iterator[ReportRow], start: int, stop: int | None) -> list[ReportRow]:
    """Rows `start` to `stop` (not included) of a report's stream, which is then closed
    (with it the database cursor, when it has one)."""
    try:
        return list(islice(rows, start, stop))
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def count_report(
    session: Session, as_of: datetime, filters: ReportFilter | None = None
) -> dict[str, int] | None:
    """How many interviews of each status the report as of `as_of` selects (every status,
    worst first), counted by the database from the stored verdicts; None when only its rows
    can tell (a `due_within` filter, judged row by row; verdicts that could not be stored)."""
    check_moment(as_of, None, "as_of")
    resolved = _resolve_references(session, filters or ReportFilter())
    if resolved.due_within_days is not None or not bring_up_to_date(
        session, as_of, load_policy(session)
    ):
        return None
    query = STATUS_COUNTS
    if resolved.statuses:
        query = query.where(InterviewAssessment.status.in_(sorted(resolved.statuses)))
    return counted(session, _scope(query, resolved))


# How many stored verdicts have each status, of interviews joined to their candidates (for
# the report's scopes): rows of (status, count).
STATUS_COUNTS = (
    select(InterviewAssessment.status, func.count())
    .join(Interview, InterviewAssessment.interview_id == Interview.id)
    .join(Candidate, Interview.candidate_id == Candidate.id)
    .group_by(InterviewAssessment.status)
)


def counted(session: Session, query: AnySelect) -> dict[str, int]:
    """Every status's count (worst first, none left out) from a query of (status, count)
    rows such as `STATUS_COUNTS`."""
    counts = status_counts(())
    for status, count in session.execute(query):
        counts[status] = count
    return counts


def _judged_rows(
    session: Session, as_of: datetime, filters: _ResolvedFilter, policy: Policy
) -> Iterator[ReportRow]:
    def scope(query: AnySelect) -> AnySelect:
        return _scope(query, filters)

    for record, assessment in judged_records(session, scope, as_of, policy):
        row = _judged_row(record, assessment, policy)
        if (not filters.statuses or row.status in filters.statuses) and _due_within(
            row, filters, as_of
        ):
            yield row


def judge_interviews(
    session: Session, refs: Collection[str], as_of: datetime, policy: Policy | None = None
) -> dict[str, ReportRow]:
    """The report's rows of the interviews `refs` names (exact refs, archived or not; one
    that does not exist is left out), judged from scratch as of `as_of`, by ref.

    For batches that keep only refs and read a few interviews at a time: no stored verdict
    is read or written, so it holds for any moment and needs only a read transaction.
    """
    policy = policy or load_policy(session)
    wanted = sorted(refs)

    def scope(query: AnySelect) -> AnySelect:
        return query.where(Interview.ref.in_(wanted))

    return {
        record.interview.ref: _judged_row(record, assessment, policy)
        for record, assessment in judged_records(session, scope, as_of, policy)
    }


def _judged_row(record: InterviewRecord, assessment: Assessment, policy: Policy) -> ReportRow:
    candidate = record.candidate
    return ReportRow(
        candidate_ref=candidate.ref,
        interview_ref=record.interview.ref,
        candidate=candidate.name,
        recruiter=record.recruiter,
        company=record.company,
        position=record.position,
        starts_at=record.interview.starts_at.astimezone(
            zone(candidate.timezone or policy.default_timezone)
        ),
        verdict=encode_assessment(assessment),
    )


def _stored_rows(
    session: Session,
    as_of: datetime,
    filters: _ResolvedFilter,
    policy: Policy,
    *,
    worst_first: bool,
    at_once: bool = False,
    first_rows: bool = False,
) -> Iterator[ReportRow]:
    table = InterviewAssessment.__table__
    query = (
        select(
            Candidate.ref,
            Interview.ref,
            Candidate.name,
            Candidate.timezone,
            User.email,
            Employer.name,
            Interview.position,
            raw_column(Interview.starts_at),
            table.c.status,
            table.c.findings,
            table.c.next_action,
            table.c.next_action_by,
        )
        .select_from(table)
        .join(Interview, table.c.interview_id == Interview.id)
        .join(Candidate, Interview.candidate_id == Candidate.id)
        .join(Employer, Interview.employer_id == Employer.id)
        .outerjoin(User, Candidate.recruiter_id == User.id)
    )
    if worst_first:
        query = query.order_by(*_table_order_by(session))
    else:
        query = query.order_by(Interview.ref)
    # Only the whole agency's rows are read off the worst-first index: a recruiter's few
    # hundred are best read from their candidates, and SQLite would walk the agency's index.
    off_the_index = worst_first and not (
        filters.recruiter_id or filters.candidate or filters.interview
    )
    if filters.statuses:
        query = query.where(table.c.status.in_(sorted(filters.statuses)))
        if off_the_index:
            # Implied by the statuses: bounds a walk of the worst-first index to them.
            ranks = [_STATUS_RANK[status.value] for status in filters.statuses]
            query = query.where(STATUS_RANK.between(min(ranks), max(ranks)))
    default_timezone = policy.default_timezone
    connection = session.connection()
    # One candidate's or one interview's rows (their pages) are a few: read at once, without
    # a server-side cursor's extra round trips on PostgreSQL (where a cursor's statement is
    # also planned again every time, not prepared).
    few = at_once or bool(filters.candidate or filters.interview)
    if connection.dialect.name == "postgresql" and not few:
        # PostgreSQL plans a cursor for its first tenth of rows: for the rows by ref it then
        # walked every interview in the agency by ref, looking for the open ones (1 s over
        # 400,000). When every row is read, plan for all of them; when only the first few
        # are (the agency's 25 worst of thousands), for those: the worst-first index then
        # gives them without sorting the rest.
        fraction = "0.01" if first_rows and off_the_index else "1.0"
        connection.exec_driver_sql(f"SET LOCAL cursor_tuple_fraction = {fraction}")
    records = connection.execute(_scope(query, filters), execution_options={} if few else STREAMED)
    try:
        for record in records:
            row = ReportRow(
                candidate_ref=record[0],
                interview_ref=record[1],
                candidate=record[2],
                recruiter=record[4],
                company=record[5],
                position=record[6],
                starts_at=raw_moment(record[7]).astimezone(zone(record[3] or default_timezone)),
                verdict=StoredVerdict(record[8], record[9], record[10], record[11]),
            )
            if _due_within(row, filters, as_of):
                yield row
    finally:
        # A reader that stops early (the dashboard's first rows) closes the cursor; not
        # once the connection itself is closed (a CLI whose reader went away, at exit).
        if not connection.closed:
            records.close()


def _resolve_references(session: Session, filters: ReportFilter) -> _ResolvedFilter:
    if filters.due_within_days is not None:
        check_int(
            filters.due_within_days,
            "report filter",
            "due_within",
            minimum=0,
            maximum=DUE_WITHIN_MAX_DAYS,
        )
    # A typo in a filter should say so, not produce a reassuringly empty report.
    recruiter_id = None
    if filters.recruiter:
        recruiter_id = find_recruiter(session, filters.recruiter, "report filter").id
    fields = {
        field.name: getattr(filters, field.name) for field in dataclasses.fields(ReportFilter)
    }
    fields.update(
        candidate=filters.candidate and resolve_ref(session, Candidate, filters.candidate),
        interview=filters.interview and resolve_ref(session, Interview, filters.interview),
    )
    dialect = session.get_bind().dialect.name
    return _ResolvedFilter(**fields, recruiter_id=recruiter_id, dialect=dialect)


def _scope(query: AnySelect, filters: _ResolvedFilter) -> AnySelect:
    """Keep the interviews `filters` select (a select joining Interview and Candidate)."""
    # Naming a candidate or an interview asks for it, archived or not.
    named = bool(filters.candidate or filters.interview)
    if not (filters.include_archived or named):
        query = query.where(Candidate.archived.is_(False))
    if filters.candidate:
        query = query.where(Candidate.ref == filters.candidate)
    if filters.interview:
        query = query.where(Interview.ref == filters.interview)
    if filters.recruiter_id is not None:
        query = of_recruiter(query, filters.recruiter_id, filters.dialect)
    return query


def _due_within(row: ReportRow, filters: ReportFilter, as_of: datetime) -> bool:
    if filters.due_within_days is None:
        return True
    # Days count in the candidate's time zone, like every date the rules use.
    today = as_of.astimezone(row.starts_at.tzinfo).date()
    horizon = today + timedelta(days=filters.due_within_days)
    return any(
        finding.due is not None and _as_date(finding.due, row) <= horizon
        for finding in row.assessment.findings
        if finding.severity in (Severity.DUE, Severity.OVERDUE)
    )


def _as_date(moment: date | datetime, row: ReportRow) -> date:
    if isinstance(moment, datetime):
        return moment.astimezone(row.starts_at.tzinfo).date()
    return moment


def _row_order(row: ReportRow) -> tuple[Any, ...]:
    # Worst first, then the soonest next action (none last), then by candidate and start.
    # Only refs and moments break ties, so the database can sort by the same key.
    by = row.verdict.next_action_by
    due = math.inf if by is None else _deadline(by, row)
    rank = _STATUS_RANK[row.verdict.status]
    return (rank, due, row.candidate_ref, row.starts_at, row.interview_ref)


def _table_order_by(session: Session) -> tuple[Any, ...]:
    """The table's order as far as SQL can sort it: status, then the next action's day
    (its first ten characters, the candidate's local date), then as `_row_order`; the
    first three as the worst-first index holds them."""
    refs: list[Any] = [Candidate.ref, Interview.ref]
    if session.get_bind().dialect.name == "postgresql":  # code point order, as Python compares
        refs = [ref.collate("C") for ref in refs]
    return (STATUS_RANK, NO_DEADLINE, DEADLINE_DAY, refs[0], Interview.starts_at, refs[1])


def _in_table_order(rows: Iterable[ReportRow]) -> Iterator[ReportRow]:
    """Rows in `_row_order`, from rows sorted by `_table_order_by`, holding back only a
    window of about two days of deadlines.

    A deadline on local day D falls at or after D 00:00 UTC - 14 h (the earliest zone), so
    once rows of day D arrive, every held row due before D 00:00 UTC - 1 day is final.
    """
    try:
        held: list[tuple[tuple[Any, ...], int, ReportRow]] = []
        group: tuple[int, bool] | None = None
        for number, row in enumerate(rows):
            by = row.verdict.next_action_by
            row_group = (_STATUS_RANK[row.verdict.status], by is None)
            if row_group != group:
                while held:
                    yield heapq.heappop(held)[2]
                group = row_group
            if by is None:  # no deadline: the database's order is already exact
                yield row
                continue
            final_before = _day_start_utc(by) - _WINDOW
            while held and held[0][0][1] < final_before:
                yield heapq.heappop(held)[2]
            heapq.heappush(held, (_row_order(row), number, row))
        while held:
            yield heapq.heappop(held)[2]
    finally:
        # A reader that stops early (the dashboard) closes the source, and its cursor.
        close = getattr(rows, "close", None)
        if close is not None:
            close()


_WINDOW = 86_400.0  # seconds: more than the 14 h the earliest zone is ahead of UTC


def _day_start_utc(stored: str) -> float:
    day = date.fromisoformat(stored[:10])
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()


def _deadline(stored: str, row: ReportRow) -> float:
    # A date-only deadline lasts all day, in the candidate's time zone.
    if len(stored) == 10:
        end_of_day = datetime.combine(date.fromisoformat(stored), time.max, row.starts_at.tzinfo)
        return end_of_day.timestamp()
    return datetime.fromisoformat(stored).timestamp()


def _text(value: str | None) -> str:
    """`value` as a JSON string (or null), exactly as json.dumps(ensure_ascii=False) writes it."""
    return "null" if value is None else encode_basestring(value)


def row_json(row: ReportRow) -> str:
    """One interview in the documented JSON shape, as compact JSON text.

    Written field by field (the C string encoder, no dict per row) with json.dumps's own
    separators; the findings are copied as stored, already JSON.
    """
    verdict = row.verdict
    action = "null"
    if verdict.next_action is not None:
        action = (
            f'{{"action": {_text(verdict.next_action)}, "by": {_text(verdict.next_action_by)}}}'
        )
    return (
        f'{{"candidate_ref": {_text(row.candidate_ref)}, '
        f'"interview_ref": {_text(row.interview_ref)}, '
        f'"candidate": {_text(row.candidate)}, '
        f'"recruiter": {_text(row.recruiter)}, '
        f'"company": {_text(row.company)}, '
        f'"position": {_text(row.position)}, '
        f'"starts_at": "{row.starts_at.isoformat()}", '
        f'"status": "{verdict.status}", '
        f'"findings": {verdict.findings}, '
        f'"next_action": {action}}}'
    )


def write_report_json(
    as_of: datetime, rows: Iterable[ReportRow], out: IO[str], *, indent: int | None = None
) -> dict[str, int]:
    """Write the report as one JSON document, each row as it comes; return the counts.

    The counts come last, so no row has to be held back to count them first.
    """
    counts = status_counts(())
    out.write(f'{{"as_of": {json.dumps(as_of.isoformat())}, "interviews": [')
    separator = ""
    for row in rows:
        counts[row.verdict.status] += 1
        text = row_json(row)
        if indent is not None:
            text = json.dumps(json.loads(text), indent=indent, ensure_ascii=False)
            text = "\n" + "\n".join(" " * indent + line for line in text.splitlines())
        out.write(separator + text)
        separator = ","
        if indent is None:
            separator += " "
    out.write(f'], "counts": {json.dumps(counts)}}}\n')
    return counts


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report in the documented JSON shape."""
    with paused_gc():
        return {
            "as_of": report.as_of.isoformat(),
            "interviews": [json.loads(row_json(row)) for row in report.rows],
            "counts": report.counts(),
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


def report_csv_rows(rows: Report | Iterable[ReportRow]) -> Iterator[list[Any]]:
    """One list of cells per interview, in `REPORT_CSV_COLUMNS` order (not yet made safe)."""
    for row in rows.rows if isinstance(rows, Report) else rows:
        verdict = row.verdict
        findings = json.loads(verdict.findings)
        yield [
            row.candidate_ref,
            row.interview_ref,
            row.candidate,
            row.recruiter,
            row.company,
            row.position,
            row.starts_at.isoformat(),
            verdict.status,
            " ".join(finding["code"] for finding in findings),
            " | ".join(finding["message"] for finding in findings),
            verdict.next_action,
            verdict.next_action_by,
        ]


def write_report(
    session: Session,
    as_of: datetime,
    filters: ReportFilter,
    output_format: str,
    out: IO[str],
    *,
    indent: int | None = None,
    from_scratch: bool = False,
) -> dict[str, int]:
    """Write the report as `report --format json|csv` prints it (rows by interview ref, each
    as it is read) to `out`; return how many interviews had each status.

    The command line and the web admin's downloads both write through here, so a download
    is byte for byte what the command prints.
    """
    rows = stream_report(session, as_of, filters, from_scratch=from_scratch)
    if output_format == "json":
        return write_report_json(as_of, rows, out, indent=indent)
    counts = status_counts(())

    def counted() -> Iterator[ReportRow]:
        for row in rows:
            counts[row.verdict.status] += 1
            yield row

    write_csv(REPORT_CSV_COLUMNS, report_csv_rows(counted()), out)
    return counts
