"""Rule 7, TOO_MANY_FOLLOW_UPS: too many follow-ups without a reply, or too close together."""

from __future__ import annotations

import pytest
from rules_test_support import (
    LOS_ANGELES,
    assess,
    email,
    employer,
    follow_up,
    interview,
    only,
)

from recruiter_kit.enums import Outcome, Severity
from recruiter_kit.policy import Policy

CODE = "TOO_MANY_FOLLOW_UPS"
TUE = ("2026-03-03 10:00", "2026-03-03 10:45")
AS_OF = "2026-04-30 09:00"

# (communications, expected message fragment or None)
CASES = [
    pytest.param([follow_up("2026-03-10 09:00")], None, id="one-follow-up"),
    pytest.param(
        [follow_up("2026-03-10 09:00"), follow_up("2026-03-17 09:00")],
        None,
        id="two-five-business-days-apart",
    ),
    pytest.param(
        [follow_up("2026-03-10 09:00"), follow_up("2026-03-16 09:00")],
        "Ada Park followed up on Mon 16 Mar 2026, only 4 business days after the "
        "previous follow-up on Tue 10 Mar 2026 with no reply in between; the guidance "
        "is at least 5 business days between follow-ups.",
        id="two-four-business-days-apart",
    ),
    pytest.param(
        [follow_up("2026-03-13 09:00"), follow_up("2026-03-21 09:00")],
        None,
        id="friday-to-next-saturday-is-5",
    ),
    pytest.param(
        [follow_up("2026-03-13 09:00"), follow_up("2026-03-19 09:00")],
        "only 4 business days after the previous follow-up on Fri 13 Mar 2026",
        id="friday-to-thursday-is-4",
    ),
    pytest.param(
        [follow_up("2026-03-10 09:00"), follow_up("2026-03-10 16:00")],
        "only 0 business days after",
        id="same-day-twice",
    ),
    pytest.param(
        [
            follow_up("2026-03-10 09:00"),
            follow_up("2026-03-17 09:00"),
            follow_up("2026-03-24 09:00"),
        ],
        "Ada Park followed up on Tue 24 Mar 2026 for the 3rd time since the interview "
        "on Tue 3 Mar 2026 without a reply; the guidance is at most 2 follow-ups "
        "without a reply.",
        id="third-without-reply",
    ),
    pytest.param(
        [
            follow_up("2026-03-10 09:00"),
            employer("2026-03-11 09:00"),
            follow_up("2026-03-12 09:00"),
        ],
        None,
        id="reply-resets-spacing",
    ),
    pytest.param(
        [
            follow_up("2026-03-10 09:00"),
            follow_up("2026-03-17 09:00"),
            employer("2026-03-18 09:00"),
            follow_up("2026-03-19 09:00"),
            follow_up("2026-03-26 09:00"),
        ],
        None,
        id="reply-resets-count",
    ),
    pytest.param(
        [
            follow_up("2026-03-10 09:00"),
            employer("2026-03-11 09:00"),
            follow_up("2026-03-12 09:00"),
            follow_up("2026-03-19 09:00"),
            follow_up("2026-03-26 09:00"),
        ],
        "Ada Park followed up on Thu 26 Mar 2026 for the 3rd time since the employer's "
        "last contact on Wed 11 Mar 2026 without a reply",
        id="count-restarts-after-reply",
    ),
    # Only the first breach is reported.
    pytest.param(
        [
            follow_up("2026-03-10 09:00"),
            follow_up("2026-03-11 09:00"),
            follow_up("2026-03-12 09:00"),
        ],
        "Ada Park followed up on Wed 11 Mar 2026, only 1 business day after",
        id="first-breach-only",
    ),
    # A third follow-up that is also too soon is reported as the count breach.
    pytest.param(
        [
            follow_up("2026-03-10 09:00"),
            follow_up("2026-03-17 09:00"),
            follow_up("2026-03-18 09:00"),
        ],
        "on Wed 18 Mar 2026 for the 3rd time",
        id="count-and-spacing-same-follow-up",
    ),
    pytest.param(
        [
            follow_up("2026-03-03 10:30"),
            follow_up("2026-03-10 09:00"),
            follow_up("2026-03-17 09:00"),
        ],
        None,
        id="before-end-does-not-count",
    ),
    pytest.param(
        [follow_up("2026-05-01 09:00"), follow_up("2026-05-04 09:00")],
        None,
        id="after-as-of-is-ignored",
    ),
    pytest.param(
        [
            follow_up("2026-03-17 09:00"),
            follow_up("2026-03-10 09:00"),
            follow_up("2026-03-24 09:00"),
        ],
        "on Tue 24 Mar 2026 for the 3rd time",
        id="logged-out-of-order",
    ),
]


@pytest.mark.parametrize(("comms", "expected"), CASES)
def test_too_many_follow_ups(comms, expected):
    facts = interview(*TUE, email("2026-03-03 15:00"), *comms)
    finding = only(assess(facts, AS_OF), CODE)
    if expected is None:
        assert finding is None
    else:
        assert finding is not None
        assert finding.severity is Severity.VIOLATION
        assert finding.due is None
        assert expected in finding.message


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        # Thanksgiving (Thu 26 Nov 2026) is not a business day: Fri 20 → Fri 27 is only 4.
        pytest.param("2026-11-27 09:00", "only 4 business days", id="across-thanksgiving-4"),
        pytest.param("2026-11-30 09:00", None, id="across-thanksgiving-monday-5"),
    ],
)
def test_spacing_skips_holidays(second, expected):
    facts = interview(
        "2026-11-10 10:00",
        "2026-11-10 10:45",
        email("2026-11-10 15:00"),
        follow_up("2026-11-20 09:00"),
        follow_up(second),
    )
    finding = only(assess(facts, "2026-12-15 09:00"), CODE)
    assert (finding is None) is (expected is None)
    if expected is not None:
        assert expected in finding.message


def test_spacing_uses_local_dates():
    # Mon 16 Mar 18:00 PDT is Tue 17 Mar in UTC (5 days on), but locally only 4 days on.
    facts = interview(
        *TUE,
        follow_up("2026-03-10 09:00", zone=LOS_ANGELES),
        follow_up("2026-03-16 18:00", zone=LOS_ANGELES),
        zone=LOS_ANGELES,
    )
    finding = only(assess(facts, AS_OF, zone=LOS_ANGELES), CODE)
    assert finding is not None
    assert "on Mon 16 Mar 2026, only 4 business days after" in finding.message


@pytest.mark.parametrize(
    ("policy", "flagged"),
    [
        pytest.param(Policy(), True, id="default-max-2"),
        pytest.param(Policy(max_follow_ups_without_reply=3), False, id="max-3"),
        pytest.param(Policy(min_business_days_between_follow_ups=6), True, id="spacing-6"),
    ],
)
def test_limits_follow_policy(policy, flagged):
    weekly = [follow_up(f"2026-03-{d} 09:00") for d in ("10", "17", "24")]
    facts = interview(*TUE, email("2026-03-03 15:00"), *weekly)
    finding = only(assess(facts, AS_OF, policy=policy), CODE)
    assert (finding is not None) is flagged


def test_reported_even_after_a_decision():
    facts = interview(
        *TUE,
        follow_up("2026-03-10 09:00"),
        follow_up("2026-03-11 09:00"),
        outcome=Outcome.REJECTED,
        outcome_at="2026-03-20 09:00",
    )
    assert only(assess(facts, AS_OF), CODE) is not None
