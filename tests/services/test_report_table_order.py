"""The table's order (worst first, then the soonest next action) as streamed: the database
sorts by status and the deadline's local day, and `_in_table_order` holds back a window of
rows to put them in exact order. These tests guard the window's assumption (a deadline on
local day D falls at or after D 00:00 UTC - 14 h) against every mix of deadlines the stored
verdicts can hold, and the database's part of the sort on both backends."""

import random
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from recruiter_kit.models import Interview, InterviewAssessment
from recruiter_kit.services import interviews as interview_service
from recruiter_kit.services.assessments import StoredVerdict
from recruiter_kit.services.candidates import add_candidate
from recruiter_kit.services.reports import (
    STATUS_ORDER,
    ReportRow,
    _in_table_order,
    _row_order,
    build_report,
    stream_report,
)

STATUSES = [status.value for status in STATUS_ORDER]
# From the earliest zone (UTC+14) to the latest (UTC-12), with the half and three-quarter
# hours between: a deadline's local day and its moment are furthest apart at the ends.
ZONES = (
    "Pacific/Kiritimati",  # +14
    "Pacific/Chatham",  # +13:45 in March
    "Asia/Kolkata",  # +5:30
    "Europe/London",
    "America/Chicago",
    "Pacific/Pago_Pago",  # -11
    "Etc/GMT+12",  # -12
)
DAY = date(2026, 3, 2)
EXTREME_OFFSETS = (
    -12 * 60,
    -11 * 60,
    -(9 * 60 + 30),
    0,
    5 * 60 + 30,
    13 * 60,
    13 * 60 + 45,
    14 * 60,
)
NEAR_MIDNIGHT = (
    time(0, 0),
    time(0, 0, 1),
    time(0, 30),
    time(9, 59, 59),
    time(10, 0),
    time(13, 59, 59),
    time(14, 0),
    time(23, 0),
    time(23, 59),
    time(23, 59, 59),
)

days = st.integers(-2, 2).map(lambda n: DAY + timedelta(days=n))
offsets = st.one_of(st.sampled_from(EXTREME_OFFSETS), st.integers(-12 * 60, 14 * 60)).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
clocks = st.one_of(
    st.sampled_from(NEAR_MIDNIGHT), st.times().map(lambda t: t.replace(microsecond=0))
)
# Moments on a half-hour grid around the day, written in any offset: equal and nearly equal
# moments then fall on different local days.
grid_moments = st.builds(
    lambda steps, nudge: datetime.combine(DAY, time(), UTC) + timedelta(minutes=30 * steps + nudge),
    st.integers(-120, 120),
    st.sampled_from((0, 1, -1)),
)


def _deadlines(zone_name: str) -> st.SearchStrategy[str | None]:
    """Stored `next_action_by` texts: none, a date, or a moment with an offset from -12:00 to
    +14:00 (in the candidate's own zone, as the rules write them, or in any other)."""
    return st.one_of(
        st.none(),
        days.map(date.isoformat),
        st.builds(
            lambda d, t: datetime.combine(d, t, ZoneInfo(zone_name)).isoformat(), days, clocks
        ),
        st.builds(lambda d, t, tz: datetime.combine(d, t, tz).isoformat(), days, clocks, offsets),
        st.builds(lambda moment, tz: moment.astimezone(tz).isoformat(), grid_moments, offsets),
    )


def _spec(statuses: list[str], zone_name: str) -> st.SearchStrategy[tuple[object, ...]]:
    starts = st.builds(
        lambda d, t: datetime.combine(d, t, UTC), days, st.sampled_from(NEAR_MIDNIGHT)
    )
    return st.tuples(
        st.sampled_from(statuses),
        st.integers(0, 3),
        st.just(zone_name),
        starts,
        _deadlines(zone_name),
    )


# Few statuses, candidates and starts per example, so rows share a status group and tie on
# the deadline, the candidate and the start often.
_specs = st.lists(st.sampled_from(STATUSES), min_size=1, max_size=3, unique=True).flatmap(
    lambda statuses: st.lists(
        st.sampled_from(ZONES).flatmap(lambda zone_name: _spec(statuses, zone_name)),
        max_size=40,
    )
)


def _rows(specs):
    return [
        ReportRow(
            candidate_ref=f"C-{candidate:06d}",
            interview_ref=f"I-{number:06d}",
            candidate="Ada Park",
            recruiter=None,
            company="Acme",
            position="Sales",
            starts_at=start.astimezone(ZoneInfo(zone_name)),
            verdict=StoredVerdict(status, "[]", None if by is None else "Act", by),
        )
        for number, (status, candidate, zone_name, start, by) in enumerate(specs)
    ]


def _database_order(row):
    """The order `_table_order_by` asks the database for."""
    by = row.verdict.next_action_by
    day = "" if by is None else by[:10]
    rank = STATUSES.index(row.verdict.status)
    return (
        rank,
        by is None,
        day,
        row.candidate_ref,
        row.starts_at.astimezone(UTC),
        row.interview_ref,
    )


# The earliest zone's first minutes of a day come before the latest moments of the day
# before written in the next-earliest offsets: the window must hold those back.
_ACROSS_THE_DATE_LINE = [
    ("due", 0, "Asia/Kolkata", datetime(2026, 3, 1, tzinfo=UTC), "2026-03-02T23:30:00+13:00"),
    ("due", 1, "Pacific/Kiritimati", datetime(2026, 3, 1, tzinfo=UTC), "2026-03-03T00:00:00+14:00"),
    ("due", 2, "Pacific/Chatham", datetime(2026, 3, 1, tzinfo=UTC), "2026-03-02T23:59:59+13:45"),
    ("due", 3, "Etc/GMT+12", datetime(2026, 3, 1, tzinfo=UTC), "2026-03-01T22:30:00-12:00"),
    ("due", 0, "Pacific/Kiritimati", datetime(2026, 3, 1, tzinfo=UTC), "2026-03-02"),
]


@settings(max_examples=200, deadline=None)
@given(_specs)
@example(_ACROSS_THE_DATE_LINE)
def test_the_streamed_table_order_is_the_full_sort_for_any_mix_of_deadlines(specs):
    rows = _rows(specs)
    from_database = sorted(rows, key=_database_order)
    assert list(_in_table_order(from_database)) == sorted(rows, key=_row_order)


def _instant(row):
    """The next action's deadline as a moment, computed here from the stored text: a date
    lasts until the end of that day in the candidate's zone."""
    by = row.verdict.next_action_by
    if by is None:
        return None
    if len(by) == 10:
        return datetime.combine(date.fromisoformat(by), time.max, row.starts_at.tzinfo)
    return datetime.fromisoformat(by).astimezone(UTC)


def _worst_first(row):
    """The documented order, written independently of the code under test."""
    instant = _instant(row)
    return (
        STATUSES.index(row.verdict.status),
        instant is None,
        instant or datetime.min.replace(tzinfo=UTC),
        row.candidate_ref,
        row.starts_at,
        row.interview_ref,
    )


# Candidate refs whose order depends on the collation (upper before lower case, accents
# after every ASCII letter, as Python compares them).
REFS = ("C-B", "c-a", "C-a", "C-é", "C-Z", "C-000001")
FAR_ZONES = ("Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kolkata", "America/Chicago")


def test_the_database_sorts_worst_first_as_python_does_in_zones_far_from_utc(engine, factory):
    """Stored verdicts with deadlines near midnight in zones far from UTC, and equal moments
    on different local days: the report's worst-first stream on this backend is every row
    sorted in Python."""
    picks = random.Random(20260302)
    with factory() as session, session.begin():
        for number, ref in enumerate(REFS):
            zone_name = FAR_ZONES[number % len(FAR_ZONES)]
            add_candidate(
                session, name=f"Candidate {ref}", ref=ref, timezone=zone_name, changed_by="test"
            )
            for hours in (47, -30, 23, 0, -30, 13.5, 7):  # refs out of start order; two tie
                interview_service.add_interview(
                    session,
                    candidate_ref=ref,
                    company="Acme",
                    position="Sales",
                    starts_at=datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(hours=hours),
                    changed_by="test",
                )
    as_of = datetime(2026, 3, 3, 12, tzinfo=UTC)
    with factory() as session, session.begin():
        build_report(session, as_of)  # stores every verdict and the basis they were judged by
        rows = list(stream_report(session, as_of))
    assert len(rows) == len(REFS) * 7

    deadlines = ["2026-03-02", "2026-03-03"]
    for day in (DAY, DAY + timedelta(days=1)):
        for clock in (time(0, 0), time(0, 30), time(23, 30), time(23, 59, 59)):
            for minutes in (14 * 60, 13 * 60 + 45, 5 * 60 + 30, 0, -11 * 60, -12 * 60):
                offset = timezone(timedelta(minutes=minutes))
                deadlines.append(datetime.combine(day, clock, offset).isoformat())
    # One moment written on three different local days.
    same = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
    deadlines += [same.astimezone(timezone(timedelta(hours=h))).isoformat() for h in (-12, 0, 14)]
    # Written beside the session, whose hooks would judge the verdicts again.
    with engine.begin() as connection:
        ids = dict(connection.execute(select(Interview.ref, Interview.id)).all())
        for number, row in enumerate(rows):
            zone = row.starts_at.tzinfo
            local = [datetime.combine(DAY, t, zone).isoformat() for t in (time(0), time(23, 59))]
            connection.execute(
                update(InterviewAssessment.__table__)
                .where(InterviewAssessment.__table__.c.interview_id == ids[row.interview_ref])
                .values(
                    status=picks.choice(STATUSES[:4]),
                    next_action_by=None if number % 4 == 0 else picks.choice([*deadlines, *local]),
                    next_action="Act",
                    valid_from=None,
                    next_change_at=None,  # holds for ever: read as stored, never judged again
                )
            )
    with factory() as session:
        streamed = list(stream_report(session, as_of, worst_first=True))
        by_ref = list(stream_report(session, as_of))
    stored = {row.verdict.next_action_by for row in by_ref}
    assert None in stored and len(stored) > 20
    expected = sorted(by_ref, key=_worst_first)
    assert [row.interview_ref for row in streamed] == [row.interview_ref for row in expected]
    assert sorted(by_ref, key=_row_order) == expected
