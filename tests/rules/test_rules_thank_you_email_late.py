"""Rule 1, THANK_YOU_EMAIL_LATE: the first thank-you email more than 24 h after `end`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rules_test_support import (
    LOS_ANGELES,
    POLICY,
    TOKYO,
    assess,
    at,
    email,
    interview,
    only,
)

from recruiter_kit.enums import CommunicationKind, Severity
from recruiter_kit.policy import Policy
from recruiter_kit.rules import CommunicationFacts

LATE = "THANK_YOU_EMAIL_LATE"

# Interview Tue 3 Mar 2026 10:00–10:45 CST: the email is on time up to Wed 4 Mar 10:45 CST.
CASES = [
    pytest.param(
        interview("2026-03-03 10:00", "2026-03-03 10:45", email("2026-03-03 14:00")),
        "2026-03-05 09:00",
        POLICY,
        None,
        id="same-afternoon",
    ),
    pytest.param(
        interview("2026-03-03 10:00", "2026-03-03 10:45", email("2026-03-04 10:45")),
        "2026-03-05 09:00",
        POLICY,
        None,
        id="exactly-24h-is-on-time",
    ),
    pytest.param(
        interview("2026-03-03 10:00", "2026-03-03 10:45", email("2026-03-04 10:46")),
        "2026-03-05 09:00",
        POLICY,
        "Ada Park sent the thank-you email 24 h 1 min after the interview; the guidance is "
        "within 24 h (by Wed 4 Mar 2026 10:45 CST).",
        id="24h-plus-1-minute-is-late",
    ),
    pytest.param(
        interview("2026-03-03 10:00", "2026-03-03 10:45", email("2026-03-04 17:45")),
        "2026-03-05 09:00",
        POLICY,
        "Ada Park sent the thank-you email 31 h after the interview; the guidance is "
        "within 24 h (by Wed 4 Mar 2026 10:45 CST).",
        id="31h-late",
    ),
    pytest.param(
        interview(
            "2026-03-03 10:00",
            "2026-03-03 10:45",
            email("2026-03-03 16:00"),
            email("2026-03-06 09:00"),
        ),
        "2026-03-09 09:00",
        POLICY,
        None,
        id="only-the-first-email-counts",
    ),
    pytest.param(
        interview("2026-03-03 10:00", "2026-03-03 10:45", email("2026-03-04 17:45")),
        "2026-03-04 12:00",
        POLICY,
        None,
        id="email-after-as-of-is-ignored",
    ),
    pytest.param(
        interview("2026-03-03 10:00", None, email("2026-03-04 11:00")),
        "2026-03-05 09:00",
        POLICY,
        None,
        id="no-end-time-means-one-hour-exactly-24h",
    ),
    pytest.param(
        interview("2026-03-03 10:00", None, email("2026-03-04 11:01")),
        "2026-03-05 09:00",
        POLICY,
        "Ada Park sent the thank-you email 24 h 1 min after the interview; the guidance is "
        "within 24 h (by Wed 4 Mar 2026 11:00 CST).",
        id="no-end-time-means-one-hour-plus-1-minute",
    ),
    # DST starts Sun 8 Mar 2026: Sat 11:00 CST + 24 h is Sun 12:00 CDT, not 11:00.
    pytest.param(
        interview("2026-03-07 10:00", "2026-03-07 11:00", email("2026-03-08 12:00")),
        "2026-03-09 09:00",
        POLICY,
        None,
        id="dst-start-24-real-hours",
    ),
    pytest.param(
        interview("2026-03-07 10:00", "2026-03-07 11:00", email("2026-03-08 12:01")),
        "2026-03-09 09:00",
        POLICY,
        "Ada Park sent the thank-you email 24 h 1 min after the interview; the guidance is "
        "within 24 h (by Sun 8 Mar 2026 12:00 CDT).",
        id="dst-start-24-real-hours-plus-1-minute",
    ),
    pytest.param(
        interview("2026-03-03 10:00", "2026-03-03 10:45", email("2026-03-04 17:45")),
        "2026-03-05 09:00",
        Policy(thank_you_email_hours=48),
        None,
        id="policy-48h",
    ),
]


@pytest.mark.parametrize(("facts", "as_of", "policy", "message"), CASES)
def test_thank_you_email_late(facts, as_of, policy, message):
    finding = only(assess(facts, as_of, policy=policy), LATE)
    if message is None:
        assert finding is None
    else:
        assert finding is not None
        assert finding.severity is Severity.VIOLATION
        assert finding.message == message


def test_due_is_the_missed_deadline_in_the_candidate_zone():
    facts = interview("2026-03-03 10:00", "2026-03-03 10:45", email("2026-03-04 17:45"))
    finding = only(assess(facts, "2026-03-05 09:00"), LATE)
    assert finding is not None
    assert finding.due == at("2026-03-04 10:45")
    assert finding.due.tzname() == "CST"


@pytest.mark.parametrize(
    ("zone", "start", "end", "sent", "deadline_text"),
    [
        # 17:00–18:00 PST is already the next day in UTC; 24 h is still 24 h.
        pytest.param(
            LOS_ANGELES,
            "2026-03-03 17:00",
            "2026-03-03 18:00",
            "2026-03-04 18:00",
            None,
            id="los-angeles-evening-exactly-24h",
        ),
        pytest.param(
            LOS_ANGELES,
            "2026-03-03 17:00",
            "2026-03-03 18:00",
            "2026-03-04 18:01",
            "Wed 4 Mar 2026 18:00 PST",
            id="los-angeles-evening-24h-plus-1-minute",
        ),
        # 08:00 JST is still the previous day in UTC.
        pytest.param(
            TOKYO,
            "2026-03-03 08:00",
            "2026-03-03 08:45",
            "2026-03-04 08:45",
            None,
            id="tokyo-morning-exactly-24h",
        ),
        pytest.param(
            TOKYO,
            "2026-03-03 08:00",
            "2026-03-03 08:45",
            "2026-03-04 08:46",
            "Wed 4 Mar 2026 08:45 JST",
            id="tokyo-morning-24h-plus-1-minute",
        ),
    ],
)
def test_thank_you_email_late_in_other_zones(zone, start, end, sent, deadline_text):
    facts = interview(start, end, email(sent, zone), zone=zone)
    finding = only(assess(facts, "2026-03-06 09:00", zone=zone), LATE)
    if deadline_text is None:
        assert finding is None
    else:
        assert finding is not None
        assert finding.due == at(sent, zone) - timedelta(minutes=1)
        assert finding.message.endswith(f"(by {deadline_text}).")


def test_not_checked_before_the_interview_ends():
    # An email can't be late while the interview is still under way.
    facts = interview("2026-03-03 10:00", "2026-03-03 10:45", email("2026-03-03 10:30"))
    assert only(assess(facts, "2026-03-03 10:40"), LATE) is None


def test_a_few_seconds_late_never_reads_as_on_time():
    """The message rounds up: 24 h and 30 s late says 24 h 1 min, never just '24 h'."""
    sent = at("2026-03-04 10:45") + timedelta(seconds=30)
    late = CommunicationFacts(CommunicationKind.THANK_YOU_EMAIL, sent)
    finding = only(
        assess(interview("2026-03-03 10:00", "2026-03-03 10:45", late), "2026-03-05 09:00"),
        "THANK_YOU_EMAIL_LATE",
    )
    assert finding is not None
    assert "sent the thank-you email 24 h 1 min after the interview" in finding.message
