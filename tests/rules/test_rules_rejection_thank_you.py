"""Rule 8, REJECTION_THANK_YOU_DUE / REJECTION_THANK_YOU_MISSING: thanks after a rejection."""

from __future__ import annotations

import pytest
from rules_test_support import (
    LOS_ANGELES,
    assess,
    day,
    interview,
    only,
    rejection_thanks,
)

from recruiter_kit.enums import Outcome, Severity, Status
from recruiter_kit.policy import Policy

DUE, MISSING = "REJECTION_THANK_YOU_DUE", "REJECTION_THANK_YOU_MISSING"
TUE = ("2026-03-03 10:00", "2026-03-03 10:45")
REJECTED = Outcome.REJECTED


def rejected(outcome_at, *comms, times=TUE, zone="America/Chicago"):
    return interview(
        *times, *comms, outcome=REJECTED, outcome_at=outcome_at, zone=zone, timeline_asked=True
    )


# Rejected Thu 12 Mar 2026: the thank-you is due by Thu 12 + 2 business days = Mon 16 Mar.
CASES = [
    pytest.param(
        rejected("2026-03-12 09:00"), "2026-03-12 12:00", DUE, "2026-03-16", id="rejected-today"
    ),
    pytest.param(
        rejected("2026-03-12 09:00"), "2026-03-16 23:59", DUE, "2026-03-16", id="last-day"
    ),
    pytest.param(
        rejected("2026-03-12 09:00"),
        "2026-03-17 00:00",
        MISSING,
        "2026-03-16",
        id="missing-next-day",
    ),
    pytest.param(
        rejected("2026-03-12 09:00", rejection_thanks("2026-03-13 09:00")),
        "2026-03-20 09:00",
        None,
        None,
        id="sent",
    ),
    pytest.param(
        rejected("2026-03-12 09:00", rejection_thanks("2026-03-20 09:00")),
        "2026-03-17 09:00",
        MISSING,
        "2026-03-16",
        id="sent-after-as-of-is-ignored",
    ),
    pytest.param(
        rejected("2026-03-12 09:00"),
        "2026-03-12 08:59",
        None,
        None,
        id="rejection-after-as-of-is-still-pending",
    ),
    # Without outcome_at the rejection counts from the interview's end: Tue 3 + 2 = Thu 5.
    pytest.param(
        rejected(None), "2026-03-05 17:00", DUE, "2026-03-05", id="no-outcome-time-counts-from-end"
    ),
    pytest.param(
        rejected(None), "2026-03-06 09:00", MISSING, "2026-03-05", id="no-outcome-time-missing"
    ),
    # Wed 25 Nov 2026 + 2 business days skips Thanksgiving: Fri 27, Mon 30.
    pytest.param(
        rejected("2026-11-25 16:00", times=("2026-11-20 10:00", "2026-11-20 11:00")),
        "2026-11-28 09:00",
        DUE,
        "2026-11-30",
        id="thanksgiving-due-monday",
    ),
    pytest.param(
        rejected("2026-11-25 16:00", times=("2026-11-20 10:00", "2026-11-20 11:00")),
        "2026-12-01 09:00",
        MISSING,
        "2026-11-30",
        id="thanksgiving-missing-tuesday",
    ),
    # Rejected during the interview: the rule applies once the interview has started.
    pytest.param(
        rejected("2026-03-03 10:20"),
        "2026-03-03 10:30",
        DUE,
        "2026-03-05",
        id="rejected-while-in-progress",
    ),
    pytest.param(
        interview(*TUE, outcome=Outcome.WITHDRAWN, outcome_at="2026-03-12 09:00"),
        "2026-03-12 12:00",
        None,
        None,
        id="withdrawn-is-not-rejected",
    ),
    pytest.param(
        interview(*TUE, outcome=Outcome.OFFER),
        "2026-03-12 12:00",
        None,
        None,
        id="offer-is-not-rejected",
    ),
]


@pytest.mark.parametrize(("facts", "as_of", "code", "due"), CASES)
def test_rejection_thank_you(facts, as_of, code, due):
    finding = only(assess(facts, as_of), DUE, MISSING)
    if code is None:
        assert finding is None
    else:
        assert finding is not None
        assert finding.code == code
        assert finding.severity is (Severity.DUE if code == DUE else Severity.OVERDUE)
        assert finding.due == day(due)


def test_scheduled_interview_rejected_in_advance_has_no_findings():
    assessment = assess(rejected("2026-03-02 09:00"), "2026-03-02 12:00")
    assert assessment.status is Status.SCHEDULED
    assert assessment.findings == ()


def test_rejection_day_is_local():
    # Thu 12 Mar 23:30 PDT is Fri 13 Mar in UTC; locally Thursday, so due Mon 16 (not Tue 17).
    facts = rejected("2026-03-12 23:30", zone=LOS_ANGELES)
    finding = only(assess(facts, "2026-03-13 09:00", zone=LOS_ANGELES), DUE, MISSING)
    assert finding is not None
    assert finding.due == day("2026-03-16")


def test_days_follow_policy():
    policy = Policy(rejection_thank_you_business_days=5)  # Thu 12 + 5 = Thu 19
    finding = only(
        assess(rejected("2026-03-12 09:00"), "2026-03-18 09:00", policy=policy), DUE, MISSING
    )
    assert finding is not None
    assert (finding.code, finding.due) == (DUE, day("2026-03-19"))


@pytest.mark.parametrize(
    ("facts", "as_of", "message"),
    [
        pytest.param(
            rejected("2026-03-12 09:00"),
            "2026-03-12 12:00",
            "Ada Park was turned down on Thu 12 Mar 2026: a short, gracious thank-you to the "
            "interviewer by Mon 16 Mar 2026 leaves the door open.",
            id="due",
        ),
        pytest.param(
            rejected("2026-03-12 09:00"),
            "2026-03-18 12:00",
            "Ada Park was turned down on Thu 12 Mar 2026 and has not sent a thank-you; it was "
            "due by Mon 16 Mar 2026. A gracious note is still worth sending.",
            id="missing",
        ),
        pytest.param(
            rejected(None),
            "2026-03-04 12:00",
            "Ada Park was turned down after the interview on Tue 3 Mar 2026: a short, gracious "
            "thank-you to the interviewer by Thu 5 Mar 2026 leaves the door open.",
            id="due-without-outcome-time",
        ),
    ],
)
def test_rejection_messages(facts, as_of, message):
    finding = only(assess(facts, as_of), DUE, MISSING)
    assert finding is not None
    assert finding.message == message
