"""Rule 6, FOLLOW_UP_DUE / FOLLOW_UP_MISSED: the first follow-up after the interview."""

from __future__ import annotations

import pytest
from rules_test_support import (
    LOS_ANGELES,
    TOKYO,
    assess,
    day,
    email,
    follow_up,
    interview,
    only,
)

from recruiter_kit.enums import Channel, ContactPreference, Outcome, Severity
from recruiter_kit.policy import Policy

DUE, MISSED = "FOLLOW_UP_DUE", "FOLLOW_UP_MISSED"
TUE = ("2026-03-03 10:00", "2026-03-03 10:45")
THANKED = email("2026-03-03 15:00")  # keeps the thank-you rule quiet


def facts_for(*comms, **kwargs):
    return interview(*TUE, THANKED, *comms, **kwargs)


# No decision date: open = add_bd(Tue 3 Mar, 5) = Tue 10 Mar, close = add_bd(.., 9) = Mon 16 Mar.
# Decision by Fri 13 Mar: open = max(Fri 13 − 4 = Mon 9, Tue 3 + 1 = Wed 4) = Mon 9 Mar.
CASES = [
    pytest.param({}, "2026-03-09 23:59", None, None, id="no-date-day-before-open"),
    pytest.param({}, "2026-03-10 00:00", DUE, "2026-03-16", id="no-date-opens-tue"),
    pytest.param({}, "2026-03-16 23:59", DUE, "2026-03-16", id="no-date-last-day"),
    pytest.param({}, "2026-03-17 00:00", MISSED, "2026-03-16", id="no-date-missed-next-day"),
    pytest.param({}, "2026-06-01 09:00", MISSED, "2026-03-16", id="no-date-missed-months-later"),
    pytest.param(
        {"decision_by": "2026-03-13"},
        "2026-03-08 12:00",
        None,
        None,
        id="decision-fri-sunday-before-open",
    ),
    pytest.param(
        {"decision_by": "2026-03-13"},
        "2026-03-09 08:00",
        DUE,
        "2026-03-13",
        id="decision-fri-opens-monday",
    ),
    pytest.param(
        {"decision_by": "2026-03-13"},
        "2026-03-13 18:00",
        DUE,
        "2026-03-13",
        id="decision-fri-decision-day",
    ),
    pytest.param(
        {"decision_by": "2026-03-13"},
        "2026-03-14 09:00",
        MISSED,
        "2026-03-13",
        id="decision-fri-missed-saturday",
    ),
    # Decision by Thu 5 Mar: Thu 5 − 4 = Fri 27 Feb, so the day after the interview opens it.
    pytest.param(
        {"decision_by": "2026-03-05"},
        "2026-03-03 16:00",
        None,
        None,
        id="decision-soon-not-on-interview-day",
    ),
    pytest.param(
        {"decision_by": "2026-03-05"},
        "2026-03-04 09:00",
        DUE,
        "2026-03-05",
        id="decision-soon-opens-next-business-day",
    ),
    pytest.param(
        {"decision_by": "2026-03-05"},
        "2026-03-06 09:00",
        MISSED,
        "2026-03-05",
        id="decision-soon-missed",
    ),
    # A decision promised for the interview day itself: the window is empty.
    pytest.param(
        {"decision_by": "2026-03-03"}, "2026-03-03 16:00", None, None, id="decision-same-day-waits"
    ),
    pytest.param(
        {"decision_by": "2026-03-03"},
        "2026-03-04 09:00",
        MISSED,
        "2026-03-03",
        id="decision-same-day-missed-next-day",
    ),
]


@pytest.mark.parametrize(("extra", "as_of", "code", "due"), CASES)
def test_follow_up_window(extra, as_of, code, due):
    finding = only(assess(facts_for(**extra), as_of), DUE, MISSED)
    if code is None:
        assert finding is None
    else:
        assert finding is not None
        assert finding.code == code
        assert finding.severity is (Severity.DUE if code == DUE else Severity.OVERDUE)
        assert finding.due == day(due)


@pytest.mark.parametrize(
    ("as_of", "code"),
    [
        # Wed 25 Nov 2026 + 5 business days (Thanksgiving skipped) = Thu 3 Dec; + 9 = Wed 9 Dec.
        pytest.param("2026-12-02 12:00", None, id="thanksgiving-wed-2-dec-not-yet"),
        pytest.param("2026-12-03 09:00", DUE, id="thanksgiving-opens-thu-3-dec"),
        pytest.param("2026-12-09 17:00", DUE, id="thanksgiving-closes-wed-9-dec"),
        pytest.param("2026-12-10 09:00", MISSED, id="thanksgiving-missed-thu-10-dec"),
    ],
)
def test_follow_up_window_skips_thanksgiving(as_of, code):
    facts = interview("2026-11-25 10:00", "2026-11-25 10:45", email("2026-11-25 15:00"))
    finding = only(assess(facts, as_of), DUE, MISSED)
    assert (finding.code if finding else None) == code
    if finding is not None:
        assert finding.due == day("2026-12-09")


@pytest.mark.parametrize(
    ("as_of", "code"),
    [
        # Mon 9 Mar 17:30 PDT is Tue 10 Mar in UTC, but locally the window opens on Tuesday.
        pytest.param("2026-03-09 17:30", None, id="los-angeles-monday-evening-not-yet"),
        # Mon 16 Mar 17:30 PDT is Tue 17 Mar in UTC, but locally it is the last day.
        pytest.param("2026-03-16 17:30", DUE, id="los-angeles-last-day-evening"),
    ],
)
def test_follow_up_days_are_local(as_of, code):
    facts = interview(*TUE, email("2026-03-03 15:00", LOS_ANGELES), zone=LOS_ANGELES)
    finding = only(assess(facts, as_of, zone=LOS_ANGELES), DUE, MISSED)
    assert (finding.code if finding else None) == code


def test_tokyo_interview_day_is_local():
    # Tue 3 Mar 08:00 JST is Mon 2 Mar in UTC; iday Tue → the window closes Mon 16 Mar.
    facts = interview(
        "2026-03-03 08:00", "2026-03-03 08:45", email("2026-03-03 12:00", TOKYO), zone=TOKYO
    )
    finding = only(assess(facts, "2026-03-16 09:00", zone=TOKYO), DUE, MISSED)
    assert finding is not None
    assert (finding.code, finding.due) == (DUE, day("2026-03-16"))


@pytest.mark.parametrize(
    ("comms", "extra", "as_of", "code"),
    [
        pytest.param(
            [follow_up("2026-03-10 09:00")],
            {},
            "2026-03-30 09:00",
            None,
            id="after-a-follow-up-nothing-is-due-for-weeks",
        ),
        pytest.param(
            [follow_up("2026-03-04 09:00", Channel.PHONE)],
            {},
            "2026-03-12 09:00",
            None,
            id="any-channel-counts",
        ),
        pytest.param(
            [follow_up("2026-03-03 10:30")],
            {},
            "2026-03-17 09:00",
            MISSED,
            id="follow-up-before-end-does-not-count",
        ),
        pytest.param(
            [follow_up("2026-03-18 09:00")],
            {},
            "2026-03-17 09:00",
            MISSED,
            id="follow-up-after-as-of-is-ignored",
        ),
        pytest.param(
            [], {"outcome": Outcome.ADVANCED}, "2026-03-17 09:00", None, id="final-outcome"
        ),
        pytest.param(
            [],
            {"outcome": Outcome.REJECTED, "outcome_at": "2026-03-18 09:00"},
            "2026-03-17 09:00",
            MISSED,
            id="outcome-after-as-of-is-still-pending",
        ),
    ],
)
def test_follow_up_only_while_pending_and_not_followed_up(comms, extra, as_of, code):
    finding = only(assess(facts_for(*comms, **extra), as_of), DUE, MISSED)
    assert (finding.code if finding else None) == code


@pytest.mark.parametrize(
    ("policy", "extra", "as_of", "code"),
    [
        pytest.param(
            Policy(decision_week_business_days=2),
            {"decision_by": "2026-03-13"},
            "2026-03-10 12:00",
            None,
            id="decision-week-2-tue-too-early",
        ),
        pytest.param(
            Policy(decision_week_business_days=2),
            {"decision_by": "2026-03-13"},
            "2026-03-11 09:00",
            DUE,
            id="decision-week-2-opens-wed",
        ),
        pytest.param(
            Policy(follow_up_open_business_days=3, follow_up_close_business_days=4),
            {},
            "2026-03-06 09:00",
            DUE,
            id="window-3-to-4-fri-due",
        ),
        pytest.param(
            Policy(follow_up_open_business_days=3, follow_up_close_business_days=4),
            {},
            "2026-03-10 09:00",
            MISSED,
            id="window-3-to-4-tue-missed",
        ),
    ],
)
def test_follow_up_window_follows_policy(policy, extra, as_of, code):
    finding = only(assess(facts_for(**extra), as_of, policy=policy), DUE, MISSED)
    assert (finding.code if finding else None) == code


@pytest.mark.parametrize(
    ("extra", "as_of", "message"),
    [
        pytest.param(
            {},
            "2026-03-10 09:00",
            "Ada Park should follow up between Tue 10 Mar 2026 and Mon 16 Mar 2026, 5–9 "
            "business days after the interview on Tue 3 Mar 2026.",
            id="due-without-decision-date",
        ),
        pytest.param(
            {"decision_by": "2026-03-13", "preference": ContactPreference.EMAIL},
            "2026-03-09 09:00",
            "Ada Park should follow up between Mon 9 Mar 2026 and Fri 13 Mar 2026, in the week "
            "before the decision promised by Fri 13 Mar 2026. The interviewer asked to be "
            "contacted by email.",
            id="due-before-promised-decision",
        ),
        pytest.param(
            {},
            "2026-03-17 09:00",
            "Ada Park has not followed up since the interview on Tue 3 Mar 2026; the window "
            "closed on Mon 16 Mar 2026.",
            id="missed-without-decision-date",
        ),
        pytest.param(
            {"decision_by": "2026-03-13"},
            "2026-03-16 09:00",
            "Ada Park has not followed up since the interview on Tue 3 Mar 2026; the decision "
            "was promised by Fri 13 Mar 2026.",
            id="missed-promised-decision",
        ),
    ],
)
def test_follow_up_messages(extra, as_of, message):
    finding = only(assess(facts_for(**extra), as_of), DUE, MISSED)
    assert finding is not None
    assert finding.message == message
