import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from recruiter_kit.enums import Channel, CommunicationKind, ContactPreference, Outcome, Status
from recruiter_kit.services import interviews as interview_service
from recruiter_kit.services.assessments import StoredVerdict
from recruiter_kit.services.candidates import add_candidate, set_archived
from recruiter_kit.services.reports import (
    REPORT_CSV_COLUMNS,
    ReportFilter,
    ReportRow,
    _in_table_order,
    _row_order,
    build_report,
    report_csv_rows,
    report_to_dict,
    row_json,
    stream_report,
)
from recruiter_kit.services.users import add_user

CHICAGO = ZoneInfo("America/Chicago")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=CHICAGO)
AS_OF = datetime(2026, 3, 4, 12, 0, tzinfo=CHICAGO)  # Wednesday


def _agency(session, candidates, start=MONDAY, first=0):
    """`candidates` candidates, each with a silent interview and one thanked promptly."""
    if first == 0:
        add_user(session, "kd@agency.example")
    for number in range(first, first + candidates):
        ref = add_candidate(
            session,
            name=f"Candidate {number:03d}",
            timezone="America/Chicago",
            recruiter="kd@agency.example" if number % 2 == 0 else None,
            changed_by="test",
        ).ref
        silent = interview_service.add_interview(
            session,
            candidate_ref=ref,
            company="Acme",
            position="Sales",
            starts_at=start,
            changed_by="test",
        )
        thanked = interview_service.add_interview(
            session,
            candidate_ref=ref,
            company="Globex",
            position="Sales",
            starts_at=start + timedelta(hours=3),
            decision_by=start.date() + timedelta(days=14),
            contact_preference=ContactPreference.EMAIL,
            changed_by="test",
        )
        interview_service.log_communication(
            session, thanked.ref, CommunicationKind.THANK_YOU_EMAIL, at=start + timedelta(hours=6)
        )
        interview_service.log_communication(
            session,
            thanked.ref,
            CommunicationKind.FOLLOW_UP,
            at=start + timedelta(days=1),
            channel=Channel.PHONE,
        )
        assert silent.ref and thanked.ref
    session.flush()


def _statements(session, as_of=AS_OF, filters=None, **options):
    issued = []
    engine = session.get_bind()
    listener = lambda *args: issued.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        report = build_report(session, as_of, filters, **options)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return report, len(issued)


@pytest.mark.parametrize("options", [{}, {"from_scratch": True}])
def test_the_number_of_queries_does_not_grow_with_the_agency(factory, options):
    counts, sizes = [], []
    for first, candidates in ((0, 2), (2, 25)):
        with factory() as session, session.begin():
            _agency(session, candidates, first=first)
        with factory() as session, session.begin():
            build_report(session, AS_OF)  # the verdicts stored at commit hold for now
        with factory() as session:
            report, count = _statements(session, **options)
            dialect = session.get_bind().dialect.name
        counts.append(count)
        sizes.append(len(report.rows))
    assert sizes == [4, 54]
    # The policy, then the stale verdicts (none) and the stored ones, whose cursor PostgreSQL
    # is told to plan for every row; or, from scratch, the policy, the interviews and the
    # communications.
    planned = dialect == "postgresql" and not options
    assert counts[0] == counts[1] == 3 + planned


def test_statuses_findings_and_order(session):
    _agency(session, 2)
    report = build_report(session, AS_OF)

    assert [row.status for row in report.rows] == [
        Status.VIOLATION,  # phone against the email preference
        Status.VIOLATION,
        Status.OVERDUE,  # no thank-you at all
        Status.OVERDUE,
    ]
    assert report.counts()["violation"] == 2 and report.counts()["overdue"] == 2
    assert report.fails_on(Status.VIOLATION)
    silent = report.rows[-1]
    assert silent.company == "Acme"
    assert "THANK_YOU_MISSING" in [finding.code for finding in silent.assessment.findings]
    assert silent.starts_at.utcoffset() == timedelta(hours=-6)


def test_filters(session):
    _agency(session, 3)

    def refs(**kwargs):
        return {
            row.interview_ref for row in build_report(session, AS_OF, ReportFilter(**kwargs)).rows
        }

    everything = refs()
    assert len(everything) == 6
    assert len(refs(recruiter="KD@agency.example")) == 4  # candidates 0 and 2
    assert refs(candidate="C-000002") == {"I-000003", "I-000004"}
    assert refs(interview="I-000004") == {"I-000004"}
    assert len(refs(statuses=frozenset({Status.OVERDUE}))) == 3
    set_archived(session, "C-000001")
    assert len(refs()) == 4
    assert len(refs(include_archived=True)) == 6
    assert refs(candidate="C-000001") == {"I-000001", "I-000002"}  # named: shown though archived


def test_due_within_selects_by_deadline(session):
    _agency(session, 1)
    just_after = MONDAY + timedelta(hours=2)
    # The thank-you for the silent interview is due by Tuesday; the other has not started.
    assert build_report(session, just_after, ReportFilter(due_within_days=0)).rows == []
    due_soon = build_report(session, just_after, ReportFilter(due_within_days=1))
    assert [row.company for row in due_soon.rows] == ["Acme"]
    # Nothing at all is due before the interviews start.
    early = build_report(session, MONDAY - timedelta(days=3), ReportFilter(due_within_days=30))
    assert early.rows == []


def test_only_what_happened_by_as_of_counts(session):
    _agency(session, 1)
    interview_service.set_outcome(
        session, "I-000001", Outcome.REJECTED, at=MONDAY + timedelta(days=5), changed_by="kd"
    )
    before = build_report(session, AS_OF, ReportFilter(interview="I-000001")).rows[0]
    after = build_report(
        session, MONDAY + timedelta(days=6), ReportFilter(interview="I-000001")
    ).rows[0]
    codes = lambda row: [finding.code for finding in row.assessment.findings]  # noqa: E731
    assert "REJECTION_THANK_YOU_DUE" not in codes(before)
    assert "REJECTION_THANK_YOU_DUE" in codes(after)


def test_json_and_csv_shapes(session):
    _agency(session, 1)
    add_candidate(session, name="=cmd|'/c calc'!A1", changed_by="test")
    interview_service.add_interview(
        session,
        candidate_ref="C-000002",
        company="+Initech",
        position="-Ops",
        starts_at=MONDAY,
        changed_by="test",
    )
    report = build_report(session, AS_OF)
    data = report_to_dict(report)
    assert data["as_of"] == AS_OF.isoformat()
    first = data["interviews"][0]
    assert set(first) >= {
        "candidate_ref",
        "interview_ref",
        "candidate",
        "company",
        "starts_at",
        "status",
        "findings",
        "next_action",
    }
    assert set(first["findings"][0]) == {"code", "severity", "message", "due"}
    rows = list(report_csv_rows(report))
    assert all(len(row) == len(REPORT_CSV_COLUMNS) for row in rows)
    silent = next(row for row in data["interviews"] if row["interview_ref"] == "I-000001")
    assert silent["starts_at"] == "2026-03-02T10:00:00-06:00"
    assert datetime.fromisoformat(silent["starts_at"]).astimezone(UTC) == MONDAY.astimezone(UTC)
    hostile = next(row for row in rows if row[0] == "C-000002")
    assert hostile[2] == "=cmd|'/c calc'!A1"  # neutralised only when written as CSV


@pytest.mark.parametrize("level", [Status.VIOLATION, Status.OVERDUE, Status.DUE])
def test_fails_on_compares_worst_first(session, level):
    _agency(session, 1)
    only_silent = build_report(session, AS_OF, ReportFilter(interview="I-000001"))
    assert only_silent.rows[0].status is Status.OVERDUE
    assert only_silent.fails_on(level) is (level is not Status.VIOLATION)


@pytest.mark.parametrize(
    "text", ['Zoë "Z" O\'Brien', "line\nbreak\ttab\\slash", "\u202e\x1b[2J\u2028", "ß 東京 🙂"]
)
def test_a_row_is_written_exactly_as_json_dumps_would(text):
    verdict = StoredVerdict("due", '[{"code": "X"}]', text, "2026-03-04")
    row = ReportRow(
        candidate_ref="C-1",
        interview_ref="I-1",
        candidate=text,
        recruiter=None,
        company=text,
        position="",
        starts_at=datetime(2026, 3, 3, 10, 0, tzinfo=CHICAGO),
        verdict=verdict,
    )
    expected = {
        "candidate_ref": "C-1",
        "interview_ref": "I-1",
        "candidate": text,
        "recruiter": None,
        "company": text,
        "position": "",
        "starts_at": "2026-03-03T10:00:00-06:00",
        "status": "due",
        "findings": [{"code": "X"}],
        "next_action": {"action": text, "by": "2026-03-04"},
    }
    assert row_json(row) == json.dumps(expected, ensure_ascii=False)


# Zones from the earliest (UTC+14) to the latest (UTC-11): a deadline's local day and its
# moment are furthest apart there.
FAR_ZONES = (
    "Pacific/Kiritimati",
    "Asia/Kolkata",
    "Europe/London",
    "America/Chicago",
    "Pacific/Pago_Pago",
)


def test_the_table_order_streams_exactly_as_sorting_everything(session):
    add_user(session, "kd@agency.example")
    for number in range(40):
        ref = add_candidate(
            session,
            name=f"Candidate {number:03d}",
            timezone=FAR_ZONES[number % len(FAR_ZONES)],
            changed_by="test",
        ).ref
        start = MONDAY + timedelta(hours=7 * number)  # deadlines spread over days and zones
        interview = interview_service.add_interview(
            session, candidate_ref=ref, company="Acme", position="Sales", starts_at=start,
            changed_by="test",
        )  # fmt: skip
        if number % 3 == 0:
            interview_service.log_communication(
                session, interview.ref, CommunicationKind.THANK_YOU_EMAIL,
                at=start + timedelta(hours=2),
            )  # fmt: skip
    session.commit()
    seen = set()
    for as_of in (MONDAY - timedelta(days=1), AS_OF, AS_OF + timedelta(days=3, hours=5)):
        streamed = list(stream_report(session, as_of, worst_first=True))
        by_ref = list(stream_report(session, as_of))
        assert [row.interview_ref for row in streamed] == [
            row.interview_ref for row in sorted(by_ref, key=_row_order)
        ]
        scratch = stream_report(session, as_of, from_scratch=True, worst_first=True)
        assert streamed == list(scratch)
        seen |= {(row.status, row.verdict.next_action_by is None) for row in streamed}
    assert len(seen) >= 4  # several statuses, with and without a deadline


def _row(number, status, by):
    return ReportRow(
        candidate_ref=f"C-{number:06d}",
        interview_ref=f"I-{number:06d}",
        candidate="A",
        recruiter=None,
        company="Acme",
        position="Sales",
        starts_at=MONDAY,
        verdict=StoredVerdict(status, "[]", "Act" if by else None, by),
    )


def test_the_table_order_holds_back_only_a_few_days_of_rows():
    """Rows sorted by the database (status, the deadline's day) come out in exact order
    while only a window of them is held: memory does not grow with the history."""
    days = 200
    rows = [_row(n, "due", f"{MONDAY.date() + timedelta(days=n // 5)}") for n in range(days * 5)]
    rows += [_row(days * 5 + n, "closed", None) for n in range(1000)]
    taken = 0

    def source():
        nonlocal taken
        for row in rows:
            taken += 1
            yield row

    ordered = _in_table_order(source())
    next(ordered)
    assert taken <= 20  # the first row is out after a few days' rows were read
    out = [rows[0], *ordered]
    assert out == sorted(rows, key=_row_order)


def test_closing_the_table_order_early_closes_its_source():
    """A reader that takes the first rows and stops (the dashboard) closes the rows'
    source, so a streaming cursor is not left open or read to its end."""
    rows = [_row(n, "due", f"{MONDAY.date() + timedelta(days=n)}") for n in range(50)]
    taken = 0
    closed = False

    def source():
        nonlocal taken, closed
        try:
            for row in rows:
                taken += 1
                yield row
        finally:
            closed = True

    ordered = _in_table_order(source())
    assert next(ordered) == rows[0]
    ordered.close()
    assert closed and taken < 10


def test_a_stream_stopped_early_leaves_the_session_usable(session):
    _agency(session, 12)
    session.commit()
    stream = stream_report(session, AS_OF, worst_first=True)
    first = next(stream)
    stream.close()  # the cursor closes: the transaction goes on with other statements
    assert build_report(session, AS_OF).rows[0] == first


def test_rows_read_at_once_are_the_streamed_rows(session):
    _agency(session, 12)
    session.commit()
    for filters in (ReportFilter(), ReportFilter(recruiter="kd@agency.example")):
        for worst_first in (False, True):
            streamed = list(stream_report(session, AS_OF, filters, worst_first=worst_first))
            at_once = stream_report(session, AS_OF, filters, worst_first=worst_first, at_once=True)
            assert list(at_once) == streamed and streamed
