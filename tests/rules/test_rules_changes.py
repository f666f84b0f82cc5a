"""verdict_window: the verdict is the same everywhere inside the window it returns, and the
window ends where the verdict does change (by hand on a worked case, and as properties)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from rules_test_support import (
    ADA,
    CALENDAR,
    POLICY,
    at,
    email,
    follow_up,
    interview,
)

from recruiter_kit.enums import Channel, CommunicationKind, ContactPreference, Outcome
from recruiter_kit.rules import (
    CandidateFacts,
    CommunicationFacts,
    InterviewFacts,
    assess_interview,
    next_change,
    verdict_window,
)
from recruiter_kit.rules.changes import day_start

TICK = timedelta(microseconds=1)
# Zones with daylight-saving changes at or around midnight, and the usual ones.
ZONES = (
    "America/Chicago",
    "America/Santiago",
    "America/Havana",
    "Asia/Beirut",
    "Europe/London",
    "Asia/Tokyo",
    "Australia/Lord_Howe",
)


def _judge(candidate: CandidateFacts, facts: InterviewFacts, moment: datetime):
    return assess_interview(candidate, facts, POLICY, CALENDAR, moment)


def test_a_silent_interview_changes_at_the_end_then_the_thank_you_deadlines():
    facts = interview("2026-03-03 10:00", "2026-03-03 10:45")  # Tuesday, Chicago
    before = at("2026-03-02 09:00")
    assert next_change(ADA, facts, POLICY, CALENDAR, before) == at("2026-03-03 10:00")
    during = at("2026-03-03 10:15")
    window = verdict_window(ADA, facts, POLICY, CALENDAR, during)
    assert window == (at("2026-03-03 10:00"), at("2026-03-03 10:45"))
    # After the end: Wednesday is the last day to mail a note, and the advice says "today".
    after = at("2026-03-03 12:00")
    assert next_change(ADA, facts, POLICY, CALENDAR, after) == at("2026-03-04 00:00")
    # The email window closes one tick after 24 h; the note's deadline passes at midnight.
    morning = at("2026-03-04 09:00")
    assert next_change(ADA, facts, POLICY, CALENDAR, morning) == at("2026-03-04 10:45") + TICK
    late = at("2026-03-04 11:00")
    assert next_change(ADA, facts, POLICY, CALENDAR, late) == at("2026-03-05 00:00")


def test_a_settled_interview_never_changes_again():
    facts = interview(
        "2026-03-03 10:00",
        "2026-03-03 10:45",
        email("2026-03-03 15:00"),
        outcome=Outcome.OFFER,
        outcome_at="2026-03-06 09:00",
    )
    assert next_change(ADA, facts, POLICY, CALENDAR, at("2026-06-01 09:00")) is None
    window = verdict_window(ADA, facts, POLICY, CALENDAR, at("2026-06-01 09:00"))
    assert window.since is not None and window.since <= at("2026-06-01 09:00")


def test_a_follow_up_logged_for_later_counts_from_its_moment():
    facts = interview(
        "2026-03-03 10:00",
        "2026-03-03 10:45",
        email("2026-03-03 15:00"),
        follow_up("2026-03-12 09:30", Channel.EMAIL),
        decision_by="2026-03-13",
    )
    assert next_change(ADA, facts, POLICY, CALENDAR, at("2026-03-12 08:00")) == at(
        "2026-03-12 09:30"
    )


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)), st.sampled_from(ZONES))
@settings(max_examples=300, deadline=None)
def test_day_start_is_the_first_moment_of_the_local_day(day, name):
    tz = ZoneInfo(name)
    start = day_start(day, tz)
    assert start.astimezone(tz).date() == day
    assert (start - TICK).astimezone(tz).date() < day


# Random interviews around the spring daylight-saving change and Memorial Day.
_BASE = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
_KINDS = list(CommunicationKind)
_hours = st.integers(min_value=-24, max_value=24 * 40)


@st.composite
def _cases(draw: st.DrawFn) -> tuple[CandidateFacts, InterviewFacts, datetime]:
    name = draw(st.sampled_from(ZONES))
    base = _BASE + timedelta(days=draw(st.sampled_from([0, 5, 84])))  # Mar, DST, May
    start = base + timedelta(hours=draw(st.integers(0, 24 * 7)), minutes=draw(st.integers(0, 59)))
    end = start + timedelta(minutes=draw(st.integers(15, 180))) if draw(st.booleans()) else None
    communications = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(_KINDS))
        moment = start + timedelta(hours=draw(_hours), minutes=draw(st.integers(0, 59)))
        arrived = None
        if kind == CommunicationKind.THANK_YOU_NOTE and draw(st.booleans()):
            arrived = moment.date() + timedelta(days=draw(st.integers(0, 6)))
        channel = draw(st.sampled_from([None, *Channel]))
        communications.append(CommunicationFacts(kind, moment, channel, arrived))
    outcome = draw(st.sampled_from(list(Outcome)))
    outcome_at = None
    if outcome != Outcome.PENDING and draw(st.booleans()):
        outcome_at = start + timedelta(hours=draw(_hours))
    decision_by = None
    if draw(st.booleans()):
        decision_by = start.date() + timedelta(days=draw(st.integers(-1, 30)))
    facts = InterviewFacts(
        ref="I-000001",
        starts_at=start,
        ends_at=end,
        decision_by=decision_by,
        timeline_asked=draw(st.booleans()),
        contact_preference=draw(st.sampled_from(list(ContactPreference))),
        outcome=outcome,
        outcome_at=outcome_at,
        communications=tuple(communications),
    )
    as_of = start + timedelta(minutes=draw(st.integers(-60 * 24 * 2, 60 * 24 * 45)))
    return CandidateFacts("C-000001", "Ada Park", name), facts, as_of


@given(_cases())
@settings(max_examples=400, deadline=None)
def test_the_verdict_is_the_same_throughout_its_window(case):
    candidate, facts, as_of = case
    verdict = _judge(candidate, facts, as_of)
    since, until = verdict_window(candidate, facts, POLICY, CALENDAR, as_of)
    if since is not None:
        assert since <= as_of
        assert _judge(candidate, facts, since) == verdict
    if until is not None:
        assert until > as_of
        assert _judge(candidate, facts, until - TICK) == verdict
        middle = as_of + (until - as_of) / 2
        assert _judge(candidate, facts, middle) == verdict


@given(_cases())
@settings(max_examples=60, deadline=None)
def test_every_change_of_verdict_falls_on_a_window_end(case):
    # Walk six weeks in 20-minute steps: wherever the verdict differs between two steps,
    # the window around the first step must end by the second.
    candidate, facts, _ = case
    moment = facts.starts_at - timedelta(days=1)
    previous = _judge(candidate, facts, moment)
    for _ in range(6 * 7 * 24 * 3):
        following = moment + timedelta(minutes=20)
        verdict = _judge(candidate, facts, following)
        if verdict != previous:
            until = next_change(candidate, facts, POLICY, CALENDAR, moment)
            assert until is not None and until <= following
        moment, previous = following, verdict


def test_a_candidate_zone_of_their_own_moves_the_day_boundaries():
    tokyo = CandidateFacts("C-000001", "Ada Park", "Asia/Tokyo")
    facts = InterviewFacts(
        "I-000001",
        starts_at=datetime(2026, 3, 3, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo")),
        ends_at=datetime(2026, 3, 3, 11, 0, tzinfo=ZoneInfo("Asia/Tokyo")),
    )
    late = datetime(2026, 3, 4, 12, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert next_change(tokyo, facts, POLICY, CALENDAR, late) == datetime(
        2026, 3, 5, 0, 0, tzinfo=ZoneInfo("Asia/Tokyo")
    )
