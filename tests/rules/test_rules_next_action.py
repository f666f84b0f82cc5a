"""The next action: what the candidate should do next, and by when."""

from __future__ import annotations

import pytest
from rules_test_support import (
    assess,
    at,
    day,
    email,
    follow_up,
    interview,
    rejection_thanks,
)

from recruiter_kit.enums import ContactPreference, Outcome, Status
from recruiter_kit.policy import Policy
from recruiter_kit.rules import NextAction

TUE = ("2026-03-03 10:00", "2026-03-03 10:45")
THANKED = email("2026-03-03 15:00")
PATIENT = "Be patient: research the company and the industry, prepare questions, keep networking"

CASES = [
    pytest.param(
        interview(*TUE),
        "2026-03-02 09:00",
        NextAction(
            "Prepare; ask about the decision timeline at the end of the interview",
            at("2026-03-03 10:00"),
        ),
        id="scheduled",
    ),
    pytest.param(
        interview(*TUE),
        "2026-03-03 10:15",
        NextAction(
            "Ask about the decision timeline before the interview ends", at("2026-03-03 10:45")
        ),
        id="in-progress-no-timeline",
    ),
    pytest.param(
        interview(*TUE, decision_by="2026-03-13"),
        "2026-03-03 10:15",
        NextAction(
            "After the interview, send a thank-you email by Wed 4 Mar 2026 10:45 CST",
            at("2026-03-04 10:45"),
        ),
        id="in-progress-timeline-known",
    ),
    pytest.param(
        interview(*TUE),
        "2026-03-03 12:00",
        NextAction(
            "Send a thank-you email by Wed 4 Mar 2026 10:45 CST, or mail a handwritten "
            "note by Wed 4 Mar 2026",
            at("2026-03-04 10:45"),
        ),
        id="thank-you-email-or-note",
    ),
    pytest.param(
        interview(*TUE),
        "2026-03-04 09:00",
        NextAction(
            "Send a thank-you email by Wed 4 Mar 2026 10:45 CST, or mail a handwritten "
            "note today (Wed 4 Mar 2026)",
            at("2026-03-04 10:45"),
        ),
        id="thank-you-email-or-note-today",
    ),
    pytest.param(
        interview(*TUE),
        "2026-03-04 11:00",
        NextAction(
            "Email window closed: mail a handwritten note today (Wed 4 Mar 2026)", day("2026-03-04")
        ),
        id="thank-you-note-only",
    ),
    pytest.param(
        interview(*TUE),
        "2026-03-05 09:00",
        NextAction(
            "Send a thank-you email now: it is late, but better than none", day("2026-03-04")
        ),
        id="thank-you-missing",
    ),
    pytest.param(
        interview(*TUE, THANKED),
        "2026-03-05 09:00",
        NextAction(
            "Wait; follow up between Tue 10 Mar 2026 and Mon 16 Mar 2026", day("2026-03-10")
        ),
        id="wait-for-window",
    ),
    pytest.param(
        interview(*TUE, THANKED, decision_by="2026-03-03"),
        "2026-03-03 16:00",
        NextAction(
            "Wait for the decision promised by Tue 3 Mar 2026; follow up if no news comes by then",
            day("2026-03-03"),
        ),
        id="wait-for-same-day-decision",
    ),
    pytest.param(
        interview(*TUE, THANKED, preference=ContactPreference.EMAIL),
        "2026-03-11 09:00",
        NextAction("Follow up by email by Mon 16 Mar 2026", day("2026-03-16")),
        id="follow-up-by-email",
    ),
    pytest.param(
        interview(*TUE, THANKED),
        "2026-03-11 09:00",
        NextAction("Follow up by Mon 16 Mar 2026", day("2026-03-16")),
        id="follow-up-any-channel",
    ),
    pytest.param(
        interview(*TUE, THANKED, preference=ContactPreference.PHONE),
        "2026-03-18 09:00",
        NextAction(
            "Follow up by phone now: the window closed on Mon 16 Mar 2026", day("2026-03-16")
        ),
        id="follow-up-missed",
    ),
    pytest.param(
        interview(*TUE, THANKED, follow_up("2026-03-11 09:00")),
        "2026-05-20 09:00",
        NextAction(PATIENT, None),
        id="after-follow-up-be-patient",
    ),
    pytest.param(
        interview(*TUE, THANKED, outcome=Outcome.REJECTED, outcome_at="2026-03-12 09:00"),
        "2026-03-12 12:00",
        NextAction(
            "Send a gracious thank-you despite the rejection by Mon 16 Mar 2026", day("2026-03-16")
        ),
        id="rejection-thank-you-due",
    ),
    pytest.param(
        interview(*TUE, THANKED, outcome=Outcome.REJECTED, outcome_at="2026-03-12 09:00"),
        "2026-03-20 12:00",
        NextAction("Send a gracious thank-you despite the rejection now", day("2026-03-16")),
        id="rejection-thank-you-missing",
    ),
    pytest.param(
        interview(
            *TUE,
            THANKED,
            rejection_thanks("2026-03-13 09:00"),
            outcome=Outcome.REJECTED,
            outcome_at="2026-03-12 09:00",
        ),
        "2026-03-20 12:00",
        None,
        id="closed-rejected",
    ),
    pytest.param(
        interview(*TUE, outcome=Outcome.OFFER), "2026-03-20 12:00", None, id="closed-offer"
    ),
    pytest.param(
        interview(*TUE, outcome=Outcome.WITHDRAWN),
        "2026-03-02 12:00",
        None,
        id="scheduled-but-withdrawn",
    ),
]


@pytest.mark.parametrize(("facts", "as_of", "expected"), CASES)
def test_next_action(facts, as_of, expected):
    assert assess(facts, as_of).next_action == expected


@pytest.mark.parametrize(
    ("facts", "as_of", "expected"),
    [
        # Thank-you missing (overdue, was due Wed 4) and follow-up due (by Fri 13): the
        # overdue one comes first.
        pytest.param(
            interview(*TUE, decision_by="2026-03-13"),
            "2026-03-09 09:00",
            "Send a thank-you email now: it is late, but better than none",
            id="overdue-before-due",
        ),
        # Both overdue: the thank-you (Wed 4) was due before the follow-up (Thu 5).
        pytest.param(
            interview(*TUE, decision_by="2026-03-05"),
            "2026-03-09 09:00",
            "Send a thank-you email now: it is late, but better than none",
            id="earliest-overdue-first",
        ),
        # Follow-up missed (decision promised Tue 3) beats the thank-you note due today.
        pytest.param(
            interview(*TUE, decision_by="2026-03-03"),
            "2026-03-04 12:00",
            "Follow up now: the window closed on Tue 3 Mar 2026",
            id="overdue-follow-up-before-due-thank-you",
        ),
        # Both due: the thank-you email (Wed 4 10:45) before the follow-up (by Thu 5).
        pytest.param(
            interview(*TUE, decision_by="2026-03-05"),
            "2026-03-04 09:00",
            "Send a thank-you email by Wed 4 Mar 2026 10:45 CST, or mail a "
            "handwritten note today (Wed 4 Mar 2026)",
            id="earliest-due-first",
        ),
    ],
)
def test_most_urgent_finding_decides(facts, as_of, expected):
    assessment = assess(facts, as_of)
    assert len([f for f in assessment.findings if f.severity in ("due", "overdue")]) == 2
    assert assessment.next_action is not None
    assert assessment.next_action.action == expected


def test_email_only_when_the_note_can_no_longer_arrive_in_time():
    policy = Policy(thank_you_email_hours=48)
    assessment = assess(interview(*TUE), "2026-03-05 09:00", policy=policy)
    assert assessment.status is Status.DUE
    assert assessment.next_action == NextAction(
        "Send a thank-you email by Thu 5 Mar 2026 10:45 CST", at("2026-03-05 10:45")
    )
