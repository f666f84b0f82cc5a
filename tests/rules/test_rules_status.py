"""Interview status, finding order, what counts at `as_of`, and the rule registry."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from rules_test_support import (
    ADA,
    CALENDAR,
    POLICY,
    assess,
    at,
    candidate,
    codes,
    day,
    email,
    employer,
    follow_up,
    interview,
    note,
    rejection_thanks,
)

from recruiter_kit.enums import SEVERITY_ORDER, Channel, ContactPreference, Outcome, Status
from recruiter_kit.policy import Policy
from recruiter_kit.rules import RULES, assess_interview

TUE = ("2026-03-03 10:00", "2026-03-03 10:45")
THANKED = email("2026-03-03 15:00")
REJECTED = Outcome.REJECTED

STATUS_CASES = [
    pytest.param(
        interview(*TUE), "2026-03-03 09:59", Status.SCHEDULED, [], id="scheduled-before-start"
    ),
    pytest.param(
        interview(
            *TUE, follow_up("2026-03-01 09:00", Channel.PHONE), preference=ContactPreference.EMAIL
        ),
        "2026-03-02 09:00",
        Status.SCHEDULED,
        [],
        id="scheduled-has-no-findings",
    ),
    pytest.param(interview(*TUE), "2026-03-03 10:00", Status.OK, [], id="started-exactly-now"),
    pytest.param(interview(*TUE), "2026-03-03 10:44", Status.OK, [], id="in-progress"),
    pytest.param(
        interview(*TUE),
        "2026-03-03 10:45",
        Status.DUE,
        ["THANK_YOU_DUE", "TIMELINE_NOT_ASKED"],
        id="ended-exactly-now",
    ),
    pytest.param(
        interview(*TUE, THANKED),
        "2026-03-05 09:00",
        Status.OK,
        ["TIMELINE_NOT_ASKED"],
        id="warnings-leave-status-ok",
    ),
    pytest.param(
        interview(*TUE, THANKED, timeline_asked=True),
        "2026-03-05 09:00",
        Status.OK,
        [],
        id="nothing-to-do-yet",
    ),
    pytest.param(
        interview(*TUE, timeline_asked=True),
        "2026-03-05 09:00",
        Status.OVERDUE,
        ["THANK_YOU_MISSING"],
        id="overdue",
    ),
    pytest.param(
        interview(*TUE, email("2026-03-05 09:00"), timeline_asked=True),
        "2026-03-10 09:00",
        Status.VIOLATION,
        ["THANK_YOU_EMAIL_LATE", "FOLLOW_UP_DUE"],
        id="violation-beats-due",
    ),
    pytest.param(
        interview(
            *TUE,
            follow_up("2026-03-04 09:00", Channel.PHONE),
            preference=ContactPreference.EMAIL,
            timeline_asked=True,
        ),
        "2026-03-10 09:00",
        Status.VIOLATION,
        # The phone call the day after the interview was also too early (rule 9, a warning).
        ["PHONE_AGAINST_PREFERENCE", "THANK_YOU_MISSING", "FOLLOW_UP_TOO_EARLY"],
        id="violation-beats-overdue",
    ),
    pytest.param(
        interview(*TUE, THANKED, outcome=Outcome.OFFER),
        "2026-03-05 09:00",
        Status.CLOSED,
        ["TIMELINE_NOT_ASKED"],
        id="closed-offer-without-time",
    ),
    pytest.param(
        interview(
            *TUE, email("2026-03-05 09:00"), outcome=Outcome.ADVANCED, outcome_at="2026-03-06 09:00"
        ),
        "2026-03-09 09:00",
        Status.CLOSED,
        ["THANK_YOU_EMAIL_LATE", "TIMELINE_NOT_ASKED"],
        id="closed-even-with-a-past-violation",
    ),
    pytest.param(
        interview(
            *TUE, THANKED, outcome=Outcome.OFFER, outcome_at="2026-03-20 09:00", timeline_asked=True
        ),
        "2026-03-17 09:00",
        Status.OVERDUE,
        ["FOLLOW_UP_MISSED"],
        id="offer-after-as-of-is-pending",
    ),
    pytest.param(
        interview(
            *TUE, THANKED, outcome=REJECTED, outcome_at="2026-03-12 09:00", timeline_asked=True
        ),
        "2026-03-12 12:00",
        Status.DUE,
        ["REJECTION_THANK_YOU_DUE"],
        id="rejected-thank-you-due-is-not-closed",
    ),
    pytest.param(
        interview(
            *TUE,
            THANKED,
            rejection_thanks("2026-03-13 09:00"),
            outcome=REJECTED,
            outcome_at="2026-03-12 09:00",
            timeline_asked=True,
        ),
        "2026-03-13 12:00",
        Status.CLOSED,
        [],
        id="rejected-and-thanked-is-closed",
    ),
    pytest.param(
        interview(*TUE, outcome=Outcome.WITHDRAWN, outcome_at="2026-03-03 10:20"),
        "2026-03-03 10:30",
        Status.CLOSED,
        [],
        id="withdrawn-mid-interview",
    ),
]


@pytest.mark.parametrize(("facts", "as_of", "status", "expected_codes"), STATUS_CASES)
def test_status_and_findings(facts, as_of, status, expected_codes):
    assessment = assess(facts, as_of)
    assert assessment.status is status
    assert codes(assessment) == expected_codes


def test_findings_are_worst_first_then_in_rule_order():
    facts = interview(
        *TUE,
        email("2026-03-05 09:00"),  # rule 1, violation
        note("2026-03-05 09:00"),  # rule 2, warning: arrives Mon 9 Mar, 4 business days on
        follow_up("2026-03-10 09:00", Channel.PHONE),  # rule 5, violation
        follow_up("2026-03-11 09:00"),  # rule 7, violation: 1 business day later
        preference=ContactPreference.EMAIL,  # and rule 4, warning: no timeline
        outcome=REJECTED,
        outcome_at="2026-03-12 09:00",  # rule 8, overdue by Tue 17 Mar
    )
    assessment = assess(facts, "2026-03-17 09:00")
    assert codes(assessment) == [
        "THANK_YOU_EMAIL_LATE",
        "PHONE_AGAINST_PREFERENCE",
        "TOO_MANY_FOLLOW_UPS",
        "REJECTION_THANK_YOU_MISSING",
        "NOTE_ARRIVAL_OUTSIDE_WINDOW",
        "TIMELINE_NOT_ASKED",
    ]
    assert assessment.status is Status.VIOLATION
    ranks = [SEVERITY_ORDER.index(f.severity) for f in assessment.findings]
    assert ranks == sorted(ranks)


def test_logging_order_of_communications_does_not_matter():
    comms = [
        email("2026-03-04 12:00"),
        follow_up("2026-03-10 09:00"),
        employer("2026-03-11 09:00"),
        follow_up("2026-03-12 09:00"),
        note("2026-03-06 09:00"),
    ]
    forward = assess(interview(*TUE, *comms), "2026-03-20 09:00")
    backward = assess(interview(*TUE, *reversed(comms)), "2026-03-20 09:00")
    assert forward == backward
    assert forward.findings  # the case is not vacuous


def test_as_of_in_another_zone_is_the_same_moment():
    facts = interview(*TUE)
    in_chicago = assess_interview(ADA, facts, POLICY, CALENDAR, at("2026-03-04 10:46"))
    in_utc = assess_interview(ADA, facts, POLICY, CALENDAR, at("2026-03-04 16:46", "UTC"))
    assert in_chicago == in_utc
    assert in_chicago.findings[0].code == "THANK_YOU_DUE"


def test_candidate_without_zone_uses_the_policy_default():
    # Tue 3 Mar 18:00 CST is Wed 4 Mar 09:00 in Tokyo. As of Wed 4 Mar 20:00 CST (Thu 5 Mar
    # 11:00 JST) the email window has closed either way; the note can be mailed until the
    # day after the local interview day: Wed 4 in Chicago, Thu 5 in Tokyo.
    facts = interview("2026-03-03 18:00", "2026-03-03 18:45")
    as_of = at("2026-03-04 20:00")
    chicago = assess_interview(ADA, facts, POLICY, CALENDAR, as_of)
    tokyo_policy = Policy(default_timezone="Asia/Tokyo")
    tokyo = assess_interview(ADA, facts, tokyo_policy, CALENDAR, as_of)
    assert (chicago.findings[0].code, chicago.findings[0].due) == (
        "THANK_YOU_DUE",
        day("2026-03-04"),
    )
    assert (tokyo.findings[0].code, tokyo.findings[0].due) == ("THANK_YOU_DUE", day("2026-03-05"))
    assert "interview on Wed 4 Mar 2026" in tokyo.findings[1].message  # TIMELINE_NOT_ASKED
    own_zone = assess_interview(candidate("Asia/Tokyo"), facts, POLICY, CALENDAR, as_of)
    assert own_zone == tokyo


def test_messages_name_the_candidate():
    facts = interview(*TUE)
    someone = dataclasses.replace(ADA, name="Grace Hopper")
    assessment = assess(facts, "2026-03-04 09:00", who=someone)
    assert assessment.findings
    assert all(f.message.startswith("Grace Hopper") for f in assessment.findings)


def test_naive_as_of_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        assess_interview(ADA, interview(*TUE), POLICY, CALENDAR, datetime(2026, 3, 4, 9, 0))


def test_rule_registry_lists_every_code_once_with_real_settings():
    all_codes = [code.code for rule in RULES for code in rule.codes]
    assert len(all_codes) == len(set(all_codes)) == 12
    assert [rule.number for rule in RULES] == list(range(1, 10))
    policy_fields = {field.name for field in dataclasses.fields(Policy)}
    for rule in RULES:
        assert set(rule.settings) <= policy_fields, rule.number
        assert rule.summary


def test_every_code_can_be_produced():
    # Each code in the registry appears in at least one of the status cases above or below.
    seen = set()
    for param in STATUS_CASES:
        facts, as_of, _status, _codes = param.values
        seen.update(codes(assess(facts, as_of)))
    extra = [
        (interview(*TUE, note("2026-03-06 09:00")), "2026-03-20 09:00"),
        (interview(*TUE, THANKED), "2026-03-17 09:00"),
        (
            interview(*TUE, THANKED, follow_up("2026-03-10 09:00"), follow_up("2026-03-11 09:00")),
            "2026-03-12 09:00",
        ),
        (interview(*TUE, outcome=REJECTED, outcome_at="2026-03-04 09:00"), "2026-03-20 09:00"),
    ]
    for facts, as_of in extra:
        seen.update(codes(assess(facts, as_of)))
    assert seen == {code.code for rule in RULES for code in rule.codes}
