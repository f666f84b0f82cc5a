"""Rule 3, THANK_YOU_DUE / THANK_YOU_MISSING: no thank-you of either kind yet."""

from __future__ import annotations

import pytest
from rules_test_support import TOKYO, assess, at, day, email, interview, note, only

from recruiter_kit.enums import Outcome, Severity
from recruiter_kit.policy import Policy

DUE, MISSING = "THANK_YOU_DUE", "THANK_YOU_MISSING"
TUE = ("2026-03-03 10:00", "2026-03-03 10:45")  # email by Wed 4 Mar 10:45; note mailed by Wed 4
FRI = ("2026-03-06 10:00", "2026-03-06 10:45")  # email by Sat 7 Mar 10:45; note mailed by Mon 9
THANKSGIVING_EVE = ("2026-11-25 10:00", "2026-11-25 10:45")  # email by Thu 26; note by Fri 27

# (interview times, as_of, expected code, expected due)
CASES = [
    pytest.param(TUE, "2026-03-03 10:44", None, None, id="interview-still-running"),
    pytest.param(TUE, "2026-03-03 10:45", DUE, at("2026-03-04 10:45"), id="at-end"),
    pytest.param(TUE, "2026-03-04 10:45", DUE, at("2026-03-04 10:45"), id="email-exactly-24h"),
    pytest.param(TUE, "2026-03-04 10:46", DUE, day("2026-03-04"), id="email-closed-note-today"),
    pytest.param(TUE, "2026-03-04 23:59", DUE, day("2026-03-04"), id="note-last-minute"),
    pytest.param(TUE, "2026-03-05 00:00", MISSING, day("2026-03-04"), id="missing-next-day"),
    pytest.param(TUE, "2026-03-20 09:00", MISSING, day("2026-03-04"), id="missing-weeks-later"),
    pytest.param(FRI, "2026-03-07 12:00", DUE, day("2026-03-09"), id="friday-note-by-monday"),
    pytest.param(FRI, "2026-03-09 23:00", DUE, day("2026-03-09"), id="friday-note-monday-night"),
    pytest.param(FRI, "2026-03-10 00:01", MISSING, day("2026-03-09"), id="friday-missing-tue"),
    pytest.param(
        THANKSGIVING_EVE,
        "2026-11-26 12:00",
        DUE,
        day("2026-11-27"),
        id="thanksgiving-day-note-by-friday",
    ),
    pytest.param(
        THANKSGIVING_EVE,
        "2026-11-27 16:00",
        DUE,
        day("2026-11-27"),
        id="thanksgiving-friday-note-today",
    ),
    pytest.param(
        THANKSGIVING_EVE,
        "2026-11-28 09:00",
        MISSING,
        day("2026-11-27"),
        id="thanksgiving-missing-saturday",
    ),
    # Tue 22:30–23:30: the email window runs to Wed 23:30, a note can be mailed all Wednesday.
    pytest.param(
        ("2026-03-03 22:30", "2026-03-03 23:30"),
        "2026-03-04 23:45",
        DUE,
        day("2026-03-04"),
        id="late-interview-note-still-today",
    ),
    pytest.param(
        ("2026-03-03 22:30", "2026-03-03 23:30"),
        "2026-03-05 00:10",
        MISSING,
        day("2026-03-04"),
        id="late-interview-missing",
    ),
]


@pytest.mark.parametrize(("times", "as_of", "code", "due"), CASES)
def test_thank_you_due_or_missing(times, as_of, code, due):
    finding = only(assess(interview(*times), as_of), DUE, MISSING)
    if code is None:
        assert finding is None
    else:
        assert finding is not None
        assert finding.code == code
        assert finding.severity is (Severity.DUE if code == DUE else Severity.OVERDUE)
        assert finding.due == due
        assert type(finding.due) is type(due)  # a time while the email is possible, else a day


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        pytest.param(
            "2026-03-03 12:00",
            "Ada Park has not thanked the interviewer yet: send a thank-you email by "
            "Wed 4 Mar 2026 10:45 CST, or mail a handwritten note by Wed 4 Mar 2026 so it "
            "arrives 1–3 business days after the interview.",
            id="both-open",
        ),
        pytest.param(
            "2026-03-04 12:00",
            "Ada Park has not thanked the interviewer yet: the window for a thank-you email "
            "closed at Wed 4 Mar 2026 10:45 CST, but a handwritten note mailed today "
            "(Wed 4 Mar 2026) still arrives 1–3 business days after the interview.",
            id="note-only-today",
        ),
        pytest.param(
            "2026-03-05 09:00",
            "Ada Park has not thanked the interviewer: a thank-you email was due by "
            "Wed 4 Mar 2026 10:45 CST and a handwritten note had to be mailed by "
            "Wed 4 Mar 2026. A late thank-you is still better than none.",
            id="missing",
        ),
    ],
)
def test_thank_you_messages(as_of, message):
    finding = only(assess(interview(*TUE), as_of), DUE, MISSING)
    assert finding is not None
    assert finding.message == message


def test_email_window_longer_than_note_window():
    policy = Policy(thank_you_email_hours=48)  # email by Thu 5 Mar 10:45, note mailed by Wed 4
    due = only(assess(interview(*TUE), "2026-03-05 09:00", policy=policy), DUE, MISSING)
    assert due is not None
    assert due.code == DUE
    assert due.due == at("2026-03-05 10:45")
    assert "a handwritten note mailed now would arrive more than 3 business days" in due.message
    missing = only(assess(interview(*TUE), "2026-03-05 12:00", policy=policy), DUE, MISSING)
    assert missing is not None
    assert missing.code == MISSING
    assert missing.due == at("2026-03-05 10:45")  # the later of the two deadlines


def test_note_mailing_deadline_follows_transit_and_max_arrival():
    # Transit 1 and max 3: a note mailed up to 2 business days after Tue (Thu) is on time.
    policy = Policy(note_transit_business_days=1)
    finding = only(assess(interview(*TUE), "2026-03-05 12:00", policy=policy), DUE, MISSING)
    assert finding is not None
    assert (finding.code, finding.due) == (DUE, day("2026-03-05"))


@pytest.mark.parametrize(
    ("as_of", "code"),
    [
        # Tue 3 Mar 08:00–08:45 JST is Mon 2 Mar in UTC; the note can be mailed up to Wed 4.
        pytest.param("2026-03-04 23:00", DUE, id="tokyo-wednesday-night-still-due"),
        # Thu 5 Mar 00:30 JST is still Wed 4 Mar in UTC, but locally the note day has passed.
        pytest.param("2026-03-05 00:30", MISSING, id="tokyo-thursday-after-midnight-missing"),
    ],
)
def test_thank_you_days_are_local(as_of, code):
    facts = interview("2026-03-03 08:00", "2026-03-03 08:45", zone=TOKYO)
    finding = only(assess(facts, as_of, zone=TOKYO), DUE, MISSING)
    assert finding is not None
    assert finding.code == code
    assert finding.due == day("2026-03-04")


@pytest.mark.parametrize(
    ("facts", "as_of", "expected"),
    [
        pytest.param(
            interview(*TUE, email("2026-03-06 09:00")),
            "2026-03-09 09:00",
            None,
            id="late-email-still-counts-as-sent",
        ),
        pytest.param(
            interview(*TUE, note("2026-03-09 09:00")),
            "2026-03-09 12:00",
            None,
            id="late-note-still-counts-as-sent",
        ),
        pytest.param(
            interview(*TUE, email("2026-03-04 09:00")),
            "2026-03-04 08:00",
            DUE,
            id="email-after-as-of-is-ignored",
        ),
        pytest.param(
            interview(*TUE, outcome=Outcome.ADVANCED),
            "2026-03-09 09:00",
            None,
            id="final-outcome-without-time-is-known",
        ),
        pytest.param(
            interview(*TUE, outcome=Outcome.OFFER, outcome_at="2026-03-04 09:00"),
            "2026-03-09 09:00",
            None,
            id="final-outcome-before-as-of",
        ),
        pytest.param(
            interview(*TUE, outcome=Outcome.OFFER, outcome_at="2026-03-10 09:00"),
            "2026-03-09 09:00",
            MISSING,
            id="outcome-after-as-of-is-still-pending",
        ),
    ],
)
def test_thank_you_only_while_pending_and_unthanked(facts, as_of, expected):
    finding = only(assess(facts, as_of), DUE, MISSING)
    assert (finding.code if finding else None) == expected
