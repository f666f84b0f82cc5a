"""Rule 2, NOTE_ARRIVAL_OUTSIDE_WINDOW: the first note arrives 1–3 business days after iday."""

from __future__ import annotations

import pytest
from rules_test_support import LOS_ANGELES, POLICY, TOKYO, assess, interview, note, only

from recruiter_kit.enums import Severity
from recruiter_kit.policy import Policy

CODE = "NOTE_ARRIVAL_OUTSIDE_WINDOW"
TUE = ("2026-03-03 10:00", "2026-03-03 10:45")  # iday Tue 3 Mar 2026
FRI = ("2026-03-06 10:00", "2026-03-06 10:45")  # iday Fri 6 Mar 2026
THANKSGIVING_EVE = ("2026-11-25 10:00", "2026-11-25 10:45")  # iday Wed 25 Nov 2026

# (interview, note, as_of, expected message fragment or None)
CASES = [
    # Known arrival dates.
    pytest.param(
        TUE,
        note("2026-03-03 12:00", arrived="2026-03-04"),
        "2026-03-20 09:00",
        None,
        id="arrived-1-business-day-after",
    ),
    pytest.param(
        TUE,
        note("2026-03-03 12:00", arrived="2026-03-06"),
        "2026-03-20 09:00",
        None,
        id="arrived-3-business-days-after",
    ),
    pytest.param(
        TUE,
        note("2026-03-04 12:00", arrived="2026-03-09"),
        "2026-03-20 09:00",
        "Ada Park's handwritten note arrived on Mon 9 Mar 2026, 4 business days after "
        "the interview on Tue 3 Mar 2026 (too late); the guidance is for it to arrive "
        "1–3 business days after the interview.",
        id="arrived-4-business-days-after-over-a-weekend",
    ),
    pytest.param(
        TUE,
        note("2026-03-03 11:00", arrived="2026-03-03"),
        "2026-03-20 09:00",
        "arrived on Tue 3 Mar 2026, before the first business day after the interview on "
        "Tue 3 Mar 2026 (too early)",
        id="hand-delivered-same-day-too-early",
    ),
    pytest.param(
        FRI,
        note("2026-03-06 12:00", arrived="2026-03-09"),
        "2026-03-20 09:00",
        None,
        id="friday-interview-monday-arrival-is-1",
    ),
    pytest.param(
        FRI,
        note("2026-03-06 12:00", arrived="2026-03-07"),
        "2026-03-20 09:00",
        "arrived on Sat 7 Mar 2026, before the first business day after",
        id="saturday-arrival-is-0",
    ),
    # Estimated arrival: mailed date + 2 business days.
    pytest.param(
        TUE, note("2026-03-03 12:00"), "2026-03-20 09:00", None, id="mailed-same-day-arrives-thu-2"
    ),
    pytest.param(
        TUE, note("2026-03-04 12:00"), "2026-03-20 09:00", None, id="mailed-next-day-arrives-fri-3"
    ),
    pytest.param(
        TUE,
        note("2026-03-05 12:00"),
        "2026-03-20 09:00",
        "Ada Park's handwritten note mailed on Thu 5 Mar 2026, should arrive on "
        "Mon 9 Mar 2026, 4 business days after the interview on Tue 3 Mar 2026 "
        "(too late)",
        id="mailed-thu-arrives-mon-4",
    ),
    pytest.param(
        TUE,
        note("2026-03-07 12:00"),
        "2026-03-20 09:00",
        "mailed on Sat 7 Mar 2026, should arrive on Tue 10 Mar 2026, 5 business days",
        id="mailed-saturday-arrives-tue-5",
    ),
    # Thanksgiving (Thu 26 Nov 2026) is not a business day; the Friday after is.
    pytest.param(
        THANKSGIVING_EVE,
        note("2026-11-25 12:00", arrived="2026-11-27"),
        "2026-12-10 09:00",
        None,
        id="thanksgiving-friday-arrival-is-1",
    ),
    pytest.param(
        THANKSGIVING_EVE,
        note("2026-11-25 12:00", arrived="2026-12-01"),
        "2026-12-10 09:00",
        None,
        id="thanksgiving-tuesday-arrival-is-3",
    ),
    pytest.param(
        THANKSGIVING_EVE,
        note("2026-11-25 12:00", arrived="2026-12-02"),
        "2026-12-10 09:00",
        "arrived on Wed 2 Dec 2026, 4 business days after",
        id="thanksgiving-wednesday-arrival-is-4",
    ),
    pytest.param(
        THANKSGIVING_EVE,
        note("2026-11-27 12:00"),
        "2026-12-10 09:00",
        None,
        id="thanksgiving-mailed-friday-arrives-tue-3",
    ),
    pytest.param(
        THANKSGIVING_EVE,
        note("2026-11-30 12:00"),
        "2026-12-10 09:00",
        "mailed on Mon 30 Nov 2026, should arrive on Wed 2 Dec 2026, 4 business days",
        id="thanksgiving-mailed-monday-arrives-wed-4",
    ),
    # Only the first note counts, and only notes mailed by as_of.
    pytest.param(
        TUE,
        (note("2026-03-06 12:00"), note("2026-03-03 12:00")),
        "2026-03-20 09:00",
        None,
        id="first-note-on-time-second-late",
    ),
    pytest.param(
        TUE,
        (note("2026-03-03 12:00", arrived="2026-03-10"), note("2026-03-04 12:00")),
        "2026-03-20 09:00",
        "arrived on Tue 10 Mar 2026, 5 business days",
        id="first-note-late-second-on-time",
    ),
    pytest.param(
        TUE,
        note("2026-03-09 12:00"),
        "2026-03-06 09:00",
        None,
        id="note-mailed-after-as-of-is-ignored",
    ),
    # An arrival date later than as_of is not known yet: the estimate is used instead.
    pytest.param(
        TUE,
        note("2026-03-03 12:00", arrived="2026-03-09"),
        "2026-03-04 09:00",
        None,
        id="arrival-after-as-of-uses-estimate",
    ),
    pytest.param(
        TUE,
        note("2026-03-03 12:00", arrived="2026-03-09"),
        "2026-03-09 09:00",
        "arrived on Mon 9 Mar 2026, 4 business days",
        id="arrival-on-as-of-day-counts",
    ),
]


@pytest.mark.parametrize(("times", "notes", "as_of", "expected"), CASES)
def test_note_arrival(times, notes, as_of, expected):
    notes = notes if isinstance(notes, tuple) else (notes,)
    facts = interview(*times, *notes)
    finding = only(assess(facts, as_of), CODE)
    if expected is None:
        assert finding is None
    else:
        assert finding is not None
        assert finding.severity is Severity.WARNING
        assert finding.due is None
        assert expected in finding.message


@pytest.mark.parametrize(
    ("zone", "start", "arrived", "expected"),
    [
        # Mon 2 Mar 18:00 PST is Tue 3 Mar in UTC: iday is still Monday, so Fri is 4 days on.
        pytest.param(
            LOS_ANGELES,
            "2026-03-02 18:00",
            "2026-03-06",
            "4 business days after the interview on Mon 2 Mar 2026",
            id="los-angeles-evening-iday-is-local",
        ),
        # Tue 3 Mar 08:00 JST is Mon 2 Mar in UTC: iday is Tuesday, so Fri is 3 days on.
        pytest.param(
            TOKYO, "2026-03-03 08:00", "2026-03-06", None, id="tokyo-morning-iday-is-local"
        ),
    ],
)
def test_note_arrival_counts_from_the_local_interview_date(zone, start, arrived, expected):
    facts = interview(start, None, note(start, arrived=arrived, zone=zone), zone=zone)
    finding = only(assess(facts, "2026-03-20 09:00", zone=zone), CODE)
    if expected is None:
        assert finding is None
    else:
        assert finding is not None
        assert expected in finding.message


def test_mailing_date_is_local():
    # Thu 5 Mar 17:30 PST is Fri 6 Mar in UTC; mailed Thursday (local) arrives Monday = 4.
    facts = interview(
        "2026-03-03 10:00",
        "2026-03-03 10:45",
        note("2026-03-05 17:30", zone=LOS_ANGELES),
        zone=LOS_ANGELES,
    )
    finding = only(assess(facts, "2026-03-20 09:00", zone=LOS_ANGELES), CODE)
    assert finding is not None
    assert "mailed on Thu 5 Mar 2026, should arrive on Mon 9 Mar 2026" in finding.message


@pytest.mark.parametrize(
    ("policy", "arrived", "flagged"),
    [
        pytest.param(POLICY, "2026-03-09", True, id="default-max-3"),
        pytest.param(Policy(note_arrival_max_business_days=4), "2026-03-09", False, id="max-4"),
        pytest.param(Policy(note_arrival_min_business_days=2), "2026-03-04", True, id="min-2"),
    ],
)
def test_note_arrival_window_follows_policy(policy, arrived, flagged):
    facts = interview(*TUE, note("2026-03-03 12:00", arrived=arrived))
    assert (only(assess(facts, "2026-03-20 09:00", policy=policy), CODE) is not None) is flagged


def test_transit_days_follow_policy():
    facts = interview(*TUE, note("2026-03-04 12:00"))  # Wed + 2 = Fri (3) but Wed + 3 = Mon (4)
    assert only(assess(facts, "2026-03-20 09:00"), CODE) is None
    late = assess(facts, "2026-03-20 09:00", policy=Policy(note_transit_business_days=3))
    assert only(late, CODE) is not None
