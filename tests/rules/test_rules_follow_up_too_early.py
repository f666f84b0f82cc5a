"""Rule 9, FOLLOW_UP_TOO_EARLY: the first follow-up came before rule 6's window opened.

Every row of the table was worked out by hand from docs/rules.md (2026 US calendar):
Tue 3 Mar 2026 interview, 10:00–10:45 in Chicago, thanked the same afternoon.

- no decision date: open = add_bd(Tue 3 Mar, 5) = Tue 10 Mar;
- decision by Fri 13 Mar: open = max(add_bd(Fri 13, −4), add_bd(Tue 3, 1)) = Mon 9 Mar;
- decision promised for tomorrow, Wed 4 Mar: open = max(Thu 26 Feb, Wed 4 Mar) = Wed 4 Mar;
- decision promised for the interview day: open = add_bd(Tue 3, 1) = Wed 4 Mar (the window
  itself is empty: it closes on Tue 3 Mar);
- Wed 25 Nov 2026 interview, no decision date: open = add_bd(Wed 25 Nov, 5) = Thu 3 Dec,
  Thanksgiving skipped.
"""

from __future__ import annotations

import pytest
from rules_test_support import (
    LOS_ANGELES,
    assess,
    codes,
    email,
    employer,
    follow_up,
    interview,
    only,
)

from recruiter_kit.enums import Channel, Outcome, Severity, Status
from recruiter_kit.policy import Policy
from recruiter_kit.rules.engine import BE_PATIENT

CODE = "FOLLOW_UP_TOO_EARLY"
TUE = ("2026-03-03 10:00", "2026-03-03 10:45")
THANKED = email("2026-03-03 15:00")  # keeps the thank-you rule quiet

NO_DATE = "10 Mar"
# (id, decision_by, follow-up (local Chicago time), as_of, the follow-up day named, window open)
CASES = [
    (
        "no-date-the-day-before-open",
        None,
        "2026-03-09 16:00",
        "2026-03-09 17:00",
        "Mon 9 Mar",
        NO_DATE,
    ),
    (
        "no-date-on-the-interview-day",
        None,
        "2026-03-03 16:00",
        "2026-03-03 17:00",
        "Tue 3 Mar",
        NO_DATE,
    ),
    (
        "no-date-the-next-morning",
        None,
        "2026-03-04 08:00",
        "2026-03-05 09:00",
        "Wed 4 Mar",
        NO_DATE,
    ),
    (
        "no-date-saturday-before-open",
        None,
        "2026-03-07 11:00",
        "2026-03-07 12:00",
        "Sat 7 Mar",
        NO_DATE,
    ),
    (
        "no-date-open-day-just-after-midnight",
        None,
        "2026-03-10 00:30",
        "2026-03-10 09:00",
        None,
        None,
    ),
    ("no-date-in-the-window", None, "2026-03-12 09:00", "2026-03-12 10:00", None, None),
    (
        "decision-fri-two-days-before-the-week",
        "2026-03-13",
        "2026-03-05 09:00",
        "2026-03-06 09:00",
        "Thu 5 Mar",
        "9 Mar",
    ),
    (
        "decision-fri-sunday-before-the-week",
        "2026-03-13",
        "2026-03-08 20:00",
        "2026-03-09 09:00",
        "Sun 8 Mar",
        "9 Mar",
    ),
    (
        "decision-fri-first-day-of-the-week",
        "2026-03-13",
        "2026-03-09 08:00",
        "2026-03-09 09:00",
        None,
        None,
    ),
    (
        "decision-tomorrow-follow-up-on-the-interview-day",
        "2026-03-04",
        "2026-03-03 17:00",
        "2026-03-03 18:00",
        "Tue 3 Mar",
        "4 Mar",
    ),
    (
        "decision-tomorrow-follow-up-tomorrow",
        "2026-03-04",
        "2026-03-04 09:00",
        "2026-03-04 10:00",
        None,
        None,
    ),
    (
        "decision-same-day-follow-up-that-evening",
        "2026-03-03",
        "2026-03-03 18:00",
        "2026-03-03 19:00",
        "Tue 3 Mar",
        "4 Mar",
    ),
    (
        "decision-same-day-follow-up-next-day",
        "2026-03-03",
        "2026-03-04 09:00",
        "2026-03-04 10:00",
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("decision_by", "sent", "as_of", "named_day", "opens"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_follow_up_too_early_table(decision_by, sent, as_of, named_day, opens):
    facts = interview(*TUE, THANKED, follow_up(sent), decision_by=decision_by, timeline_asked=True)
    assessment = assess(facts, as_of)
    finding = only(assessment, CODE)
    if named_day is None:
        assert finding is None
        return
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.due is None
    assert finding.message.startswith(
        f"Ada Park followed up on {named_day} 2026, before the follow-up window opened on "
        f"{'Tue' if opens == NO_DATE else 'Mon' if opens == '9 Mar' else 'Wed'} {opens} 2026 ("
    )
    # A warning changes neither the status nor what is asked of the candidate.
    assert assessment.status is Status.OK
    assert assessment.next_action is not None
    assert assessment.next_action.action == BE_PATIENT
    assert assessment.next_action.by is None


@pytest.mark.parametrize(
    ("decision_by", "why"),
    [
        (None, "5 business days after the interview on Tue 3 Mar 2026"),
        ("2026-03-13", "the week before the decision promised by Fri 13 Mar 2026"),
        (
            "2026-03-04",
            "the first business day after the interview, with the decision promised by "
            "Wed 4 Mar 2026",
        ),
    ],
    ids=["no-date", "decision-week", "decision-tomorrow"],
)
def test_the_message_says_why_the_window_opens_when_it_does(decision_by, why):
    facts = interview(*TUE, THANKED, follow_up("2026-03-03 16:00"), decision_by=decision_by)
    finding = only(assess(facts, "2026-03-03 17:00"), CODE)
    assert finding is not None
    assert f"({why}). In the first days after an interview the thank-you" in finding.message


def test_thanksgiving_is_not_a_business_day():
    facts = interview(
        "2026-11-25 10:00",
        "2026-11-25 11:00",
        email("2026-11-25 15:00"),
        follow_up("2026-12-02 10:00"),
    )
    finding = only(assess(facts, "2026-12-02 12:00"), CODE)
    assert finding is not None
    assert "before the follow-up window opened on Thu 3 Dec 2026" in finding.message
    on_time = interview(
        "2026-11-25 10:00",
        "2026-11-25 11:00",
        email("2026-11-25 15:00"),
        follow_up("2026-12-03 08:00"),
    )
    assert only(assess(on_time, "2026-12-03 12:00"), CODE) is None


def test_the_follow_up_day_is_the_candidates_local_day():
    # Mon 9 Mar 23:30 in Los Angeles is already Tue 10 Mar (the open day) in Chicago and UTC.
    facts = interview(
        *TUE,
        email("2026-03-03 15:00", LOS_ANGELES),
        follow_up("2026-03-09 23:30", zone=LOS_ANGELES),
        zone=LOS_ANGELES,
    )
    finding = only(assess(facts, "2026-03-10 09:00", zone=LOS_ANGELES), CODE)
    assert finding is not None
    assert finding.message.startswith("Ada Park followed up on Mon 9 Mar 2026,")


@pytest.mark.parametrize(
    ("comms", "extra", "as_of", "warned"),
    [
        pytest.param(
            [follow_up("2026-03-03 10:30")],
            {},
            "2026-03-05 09:00",
            False,
            id="during-the-interview-is-not-a-follow-up",
        ),
        pytest.param(
            [follow_up("2026-03-03 10:45")],
            {},
            "2026-03-05 09:00",
            False,
            id="exactly-at-end-is-not-a-follow-up",
        ),
        pytest.param(
            [follow_up("2026-03-05 09:00")],
            {},
            "2026-03-05 08:59",
            False,
            id="a-follow-up-after-as-of-is-ignored",
        ),
        pytest.param(
            [follow_up("2026-03-05 09:00")],
            {"outcome": Outcome.REJECTED, "outcome_at": "2026-03-05 08:00"},
            "2026-03-05 12:00",
            False,
            id="after-the-outcome-is-known-it-is-not-a-follow-up-too-early",
        ),
        pytest.param(
            [follow_up("2026-03-05 09:00")],
            {"outcome": Outcome.OFFER, "outcome_at": "2026-03-05 09:00"},
            "2026-03-05 12:00",
            False,
            id="outcome-at-the-same-moment-is-known",
        ),
        pytest.param(
            [follow_up("2026-03-05 09:00")],
            {"outcome": Outcome.ADVANCED},
            "2026-03-06 12:00",
            False,
            id="final-outcome-without-a-moment-counts-as-known",
        ),
        pytest.param(
            [follow_up("2026-03-05 09:00")],
            {"outcome": Outcome.OFFER, "outcome_at": "2026-03-06 11:00"},
            "2026-03-06 12:00",
            True,
            id="outcome-recorded-after-the-follow-up-still-warns",
        ),
        pytest.param(
            [follow_up("2026-03-05 09:00")],
            {"outcome": Outcome.REJECTED, "outcome_at": "2026-03-20 11:00"},
            "2026-03-06 12:00",
            True,
            id="outcome-after-as-of-is-still-pending",
        ),
        pytest.param(
            [follow_up("2026-03-05 09:00", Channel.PHONE)],
            {},
            "2026-03-06 12:00",
            True,
            id="any-channel",
        ),
        pytest.param(
            [employer("2026-03-04 12:00"), follow_up("2026-03-05 09:00")],
            {},
            "2026-03-06 12:00",
            True,
            id="an-employer-contact-before-it-does-not-change-the-window",
        ),
    ],
)
def test_what_counts_as_a_follow_up_too_early(comms, extra, as_of, warned):
    facts = interview(*TUE, THANKED, *comms, timeline_asked=True, **extra)
    assert (CODE in codes(assess(facts, as_of))) is warned


def test_only_the_first_follow_up_is_judged():
    facts = interview(*TUE, THANKED, follow_up("2026-03-05 09:00"), follow_up("2026-03-12 09:00"))
    findings = [f for f in assess(facts, "2026-03-13 09:00").findings if f.code == CODE]
    assert len(findings) == 1
    assert findings[0].message.startswith("Ada Park followed up on Thu 5 Mar 2026,")


def test_it_still_counts_as_the_follow_up_for_rule_6():
    facts = interview(*TUE, THANKED, follow_up("2026-03-05 09:00"), timeline_asked=True)
    for as_of in ["2026-03-11 09:00", "2026-03-17 09:00", "2026-04-30 09:00"]:
        assessment = assess(facts, as_of)
        assert codes(assessment) == [CODE], as_of  # never FOLLOW_UP_DUE or FOLLOW_UP_MISSED
        assert assessment.status is Status.OK
        assert assessment.next_action.action == BE_PATIENT


def test_rule_7_is_unchanged():
    # The early follow-up and one more in the window, a week apart: two without a reply is
    # within the guidance, so rule 7 stays quiet.
    two = interview(*TUE, THANKED, follow_up("2026-03-04 09:00"), follow_up("2026-03-11 09:00"))
    assert codes(assess(two, "2026-03-12 09:00")) == ["TIMELINE_NOT_ASKED", CODE]
    # Too close together is still a violation, and comes first.
    close = interview(
        *TUE,
        THANKED,
        follow_up("2026-03-04 09:00"),
        follow_up("2026-03-05 09:00"),
        timeline_asked=True,
    )
    assessment = assess(close, "2026-03-06 09:00")
    assert codes(assessment) == ["TOO_MANY_FOLLOW_UPS", CODE]
    assert assessment.status is Status.VIOLATION


def test_the_window_follows_the_policy():
    eager = Policy(follow_up_open_business_days=2)  # open = add_bd(Tue 3 Mar, 2) = Thu 5 Mar
    facts = interview(*TUE, THANKED, follow_up("2026-03-05 09:00"))
    assert only(assess(facts, "2026-03-05 12:00", policy=eager), CODE) is None
    earlier = interview(*TUE, THANKED, follow_up("2026-03-04 09:00"))
    finding = only(assess(earlier, "2026-03-05 12:00", policy=eager), CODE)
    assert finding is not None
    assert "(2 business days after the interview on Tue 3 Mar 2026)" in finding.message


def test_the_warning_stays_on_the_record_after_the_outcome():
    facts = interview(
        *TUE,
        THANKED,
        follow_up("2026-03-05 09:00"),
        timeline_asked=True,
        outcome=Outcome.OFFER,
        outcome_at="2026-03-20 09:00",
    )
    assessment = assess(facts, "2026-06-01 09:00")
    assert codes(assessment) == [CODE]
    assert assessment.status is Status.CLOSED
    assert assessment.next_action is None
