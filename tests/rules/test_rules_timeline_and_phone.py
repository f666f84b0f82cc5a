"""Rule 4, TIMELINE_NOT_ASKED, and rule 5, PHONE_AGAINST_PREFERENCE."""

from __future__ import annotations

import pytest
from rules_test_support import (
    LOS_ANGELES,
    assess,
    employer,
    follow_up,
    interview,
    only,
)

from recruiter_kit.enums import Channel, ContactPreference, Outcome, Severity

TIMELINE, PHONE = "TIMELINE_NOT_ASKED", "PHONE_AGAINST_PREFERENCE"
TUE = ("2026-03-03 10:00", "2026-03-03 10:45")
EMAIL_PREF = ContactPreference.EMAIL


@pytest.mark.parametrize(
    ("facts", "as_of", "flagged"),
    [
        pytest.param(interview(*TUE), "2026-03-03 12:00", True, id="no-timeline-after-end"),
        pytest.param(interview(*TUE), "2026-03-03 10:45", True, id="exactly-at-end"),
        pytest.param(interview(*TUE), "2026-03-03 10:44", False, id="still-running"),
        pytest.param(interview(*TUE), "2026-03-02 12:00", False, id="scheduled"),
        pytest.param(
            interview(*TUE, decision_by="2026-03-13"),
            "2026-03-03 12:00",
            False,
            id="decision-date-given",
        ),
        pytest.param(
            interview(*TUE, timeline_asked=True), "2026-03-03 12:00", False, id="candidate-asked"
        ),
        pytest.param(
            interview(*TUE, outcome=Outcome.OFFER),
            "2026-03-10 12:00",
            True,
            id="still-reported-once-decided",
        ),
    ],
)
def test_timeline_not_asked(facts, as_of, flagged):
    finding = only(assess(facts, as_of), TIMELINE)
    assert (finding is not None) is flagged
    if finding is not None:
        assert finding.severity is Severity.WARNING
        assert finding.due is None
        assert finding.message.startswith(
            "Ada Park left the interview on Tue 3 Mar 2026 without a decision timeline"
        )


@pytest.mark.parametrize(
    ("preference", "comms", "as_of", "expected"),
    [
        pytest.param(
            EMAIL_PREF,
            [follow_up("2026-03-10 09:00", Channel.PHONE)],
            "2026-03-11 09:00",
            "Ada Park followed up by phone on Tue 10 Mar 2026 although the interviewer "
            "asked to be contacted by email.",
            id="phone-follow-up-against-email",
        ),
        pytest.param(
            EMAIL_PREF,
            [
                follow_up("2026-03-10 09:00", Channel.PHONE),
                follow_up("2026-03-18 09:00", Channel.PHONE),
            ],
            "2026-03-20 09:00",
            "Ada Park followed up by phone on Tue 10 Mar 2026 (2 phone follow-ups in "
            "all) although the interviewer asked to be contacted by email.",
            id="two-phone-follow-ups-one-finding",
        ),
        pytest.param(
            EMAIL_PREF,
            [follow_up("2026-03-10 09:00", Channel.EMAIL)],
            "2026-03-11 09:00",
            None,
            id="email-follow-up",
        ),
        pytest.param(
            EMAIL_PREF,
            [follow_up("2026-03-10 09:00", Channel.IN_PERSON)],
            "2026-03-11 09:00",
            None,
            id="in-person-follow-up",
        ),
        pytest.param(
            ContactPreference.PHONE,
            [follow_up("2026-03-10 09:00", Channel.PHONE)],
            "2026-03-11 09:00",
            None,
            id="phone-preferred",
        ),
        pytest.param(
            ContactPreference.NONE,
            [follow_up("2026-03-10 09:00", Channel.PHONE)],
            "2026-03-11 09:00",
            None,
            id="no-preference",
        ),
        pytest.param(
            EMAIL_PREF,
            [employer("2026-03-10 09:00")],
            "2026-03-11 09:00",
            None,
            id="employer-called-is-not-a-follow-up",
        ),
        pytest.param(
            EMAIL_PREF,
            [follow_up("2026-03-03 10:30", Channel.PHONE)],
            "2026-03-11 09:00",
            None,
            id="call-during-interview-is-not-after-end",
        ),
        pytest.param(
            EMAIL_PREF,
            [follow_up("2026-03-12 09:00", Channel.PHONE)],
            "2026-03-11 09:00",
            None,
            id="call-after-as-of-is-ignored",
        ),
    ],
)
def test_phone_against_preference(preference, comms, as_of, expected):
    facts = interview(*TUE, *comms, preference=preference, timeline_asked=True)
    finding = only(assess(facts, as_of), PHONE)
    if expected is None:
        assert finding is None
    else:
        assert finding is not None
        assert finding.severity is Severity.VIOLATION
        assert finding.message == expected


def test_phone_follow_up_is_dated_in_the_candidate_zone():
    # Mon 9 Mar 20:00 PDT is already Tue 10 Mar in UTC.
    facts = interview(
        *TUE,
        follow_up("2026-03-09 20:00", Channel.PHONE, zone=LOS_ANGELES),
        zone=LOS_ANGELES,
        preference=EMAIL_PREF,
    )
    finding = only(assess(facts, "2026-03-20 09:00", zone=LOS_ANGELES), PHONE)
    assert finding is not None
    assert "by phone on Mon 9 Mar 2026" in finding.message
