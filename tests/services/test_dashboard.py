"""The dashboard service: the report's first rows of what needs action, and its counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, func, select, text

from recruiter_kit.calendar import zone
from recruiter_kit.models import Candidate, User
from recruiter_kit.services import dashboard as dashboard_service
from recruiter_kit.services.candidates import set_archived
from recruiter_kit.services.dashboard import NEEDS_ACTION, build_dashboard
from recruiter_kit.services.demo import load_demo
from recruiter_kit.services.interviews import add_interview
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.reports import ReportFilter, build_report, status_counts

AS_OF = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def demo(session):
    load_demo(session, 120, as_of=AS_OF)
    session.commit()
    return session


@pytest.mark.parametrize("shown", [5, 100])
def test_needs_action_is_the_reports_first_rows_and_total(demo, monkeypatch, shown):
    monkeypatch.setattr(dashboard_service, "NEEDS_ACTION_SHOWN", shown)
    busiest = (
        select(User.email)
        .join(Candidate, Candidate.recruiter_id == User.id)
        .group_by(User.email)
        .order_by(func.count().desc(), User.email)
    )
    recruiter = demo.scalars(busiest).first()
    # One of theirs archived: neither the rows nor the counts may hold its interviews.
    theirs = select(Candidate.ref).join(User, Candidate.recruiter_id == User.id)
    archived = demo.scalars(theirs.where(User.email == recruiter).order_by(Candidate.ref)).first()
    set_archived(demo, archived, changed_by="test")
    demo.commit()
    for scope in (None, recruiter):
        report = build_report(demo, AS_OF, ReportFilter(statuses=NEEDS_ACTION, recruiter=scope))
        dashboard = build_dashboard(demo, AS_OF, scope)
        assert dashboard.needs_action == report.rows[:shown]
        assert dashboard.needs_action_total == len(report.rows) > 5
        everything = build_report(demo, AS_OF, ReportFilter(recruiter=scope))
        assert dashboard.counts == everything.counts()


def test_the_dashboard_shows_the_worst_few_and_counts_them_all(demo):
    report = build_report(demo, AS_OF, ReportFilter(statuses=NEEDS_ACTION))
    dashboard = build_dashboard(demo, AS_OF, None)
    assert len(report.rows) > dashboard_service.NEEDS_ACTION_SHOWN
    assert dashboard.needs_action == report.rows[: dashboard_service.NEEDS_ACTION_SHOWN]
    assert dashboard.needs_action_total == len(report.rows)


def test_on_sqlite_an_agency_reads_its_worst_from_the_index_a_recruiter_from_their_own(
    demo, database_url
):
    # An admin's 25 worst come off the worst-first index; a recruiter's few hundred
    # interviews are best found from their candidates (walking the agency's index for
    # them doubled the recruiter's dashboard on 20,000 candidates).
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's plan: PostgreSQL chooses by cost, which these few rows decide")
    demo.execute(text("ANALYZE"))
    recruiter = demo.scalars(
        select(User.email).join(Candidate, Candidate.recruiter_id == User.id)
    ).first()
    plans = {}
    statements: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        if "findings" in statement and "ORDER BY" in statement:
            statements.append((statement, parameters))

    for who in (None, recruiter):
        statements.clear()
        event.listen(demo.get_bind(), "before_cursor_execute", capture)
        try:
            build_dashboard(demo, AS_OF, who)
        finally:
            event.remove(demo.get_bind(), "before_cursor_execute", capture)
        [(statement, parameters)] = statements
        rows = demo.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        plans[who] = " ".join(row[-1] for row in rows)
    assert "ix_interview_assessments_worst_first" in plans[None]
    assert "ix_interview_assessments_worst_first" not in plans[recruiter]


@pytest.mark.parametrize("shown", [3, 8, 100])
@pytest.mark.parametrize("days_later", [0, 3, 4, 10])  # a Friday, a Monday, a Tuesday, ...
def test_the_week_and_yesterday_are_every_interview_of_their_days(
    demo, monkeypatch, shown, days_later
):
    # The week lists the first `shown` by start, yesterday counts them all: the agency's
    # week is read only as far as needed (an admin's dashboard on 20,000 candidates).
    monkeypatch.setattr(dashboard_service, "WEEK_SHOWN", shown)
    as_of = AS_OF + timedelta(days=days_later)
    archived = demo.scalars(select(Candidate.ref).order_by(Candidate.ref)).first()
    set_archived(demo, archived, changed_by="test")
    owners = select(User.email).join(Candidate, Candidate.recruiter_id == User.id)
    recruiter = demo.scalars(owners.order_by(User.email)).first()
    theirs = demo.scalars(
        owners.where(User.email == recruiter, Candidate.archived.is_(False)).with_only_columns(
            Candidate.ref
        )
    )
    # Four on Sunday 22 (yesterday, seen on Monday 23, before its week) and nine later in
    # that week, so that the week holds more than a page and its first days fewer.
    sunday = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
    later = [sunday + timedelta(days=day, hours=hour) for day in (2, 3, 4) for hour in (0, 1, 2)]
    starts = [sunday + timedelta(minutes=minute) for minute in range(4)] + later
    candidate = next(iter(theirs))
    for start in starts:
        add_interview(
            demo, candidate_ref=candidate, company="Sunday Co", position="Analyst",
            starts_at=start, ends_at=start + timedelta(hours=1), changed_by="test",
        )  # fmt: skip
    demo.commit()
    for who in (None, recruiter):
        dashboard = build_dashboard(demo, as_of, who)
        local = as_of.astimezone(zone(load_policy(demo).default_timezone))
        monday = local.date() - timedelta(days=local.weekday())
        yesterday = local.date() - timedelta(days=1)
        rows = build_report(demo, as_of, ReportFilter(recruiter=who)).rows
        week = sorted(
            (row for row in rows if monday <= row.starts_at.date() <= monday + timedelta(6)),
            key=lambda row: (row.starts_at, row.interview_ref),
        )
        assert len(week) > 3
        assert [row.interview_ref for row in dashboard.this_week] == [
            row.interview_ref for row in week[:shown]
        ]
        assert dashboard.interviewed_yesterday == sum(
            row.starts_at.date() == yesterday for row in rows
        )
        assert dashboard.counts == status_counts(rows)  # archived ones left out
