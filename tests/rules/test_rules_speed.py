"""The report judges tens of thousands of interviews at once: keep each assessment cheap."""

from __future__ import annotations

import dataclasses
import time
from datetime import timedelta

from rules_test_support import (
    CALENDAR,
    POLICY,
    at,
    email,
    employer,
    follow_up,
    interview,
    note,
)

from recruiter_kit.enums import Outcome
from recruiter_kit.rules import CandidateFacts, assess_interview


def test_twenty_thousand_assessments_take_well_under_a_second_and_a_half():
    histories = [
        (),
        (email("2026-03-03 15:00"),),
        (note("2026-03-05 12:00"), follow_up("2026-03-10 09:00")),
        (
            email("2026-03-04 18:00"),
            follow_up("2026-03-10 09:00"),
            employer("2026-03-11 09:00"),
            follow_up("2026-03-12 09:00"),
        ),
    ]
    base = [
        interview("2026-03-03 10:00", "2026-03-03 10:45", *comms, outcome=outcome)
        for comms in histories
        for outcome in (Outcome.PENDING, Outcome.REJECTED)
    ]
    zones = [None, "America/New_York", "America/Los_Angeles", "Asia/Tokyo"]
    people = [CandidateFacts(f"C-{i:06d}", f"Candidate {i}", zones[i % 4]) for i in range(20)]
    as_of = at("2026-03-18 12:00")
    cases = []
    for i in range(20_000):
        facts = base[i % len(base)]
        shift = timedelta(days=i % 30)
        moved = dataclasses.replace(
            facts, starts_at=facts.starts_at - shift, ends_at=facts.ends_at - shift
        )
        cases.append((people[i % len(people)], moved))
    start = time.perf_counter()
    for person, facts in cases:
        assess_interview(person, facts, POLICY, CALENDAR, as_of)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.5, f"{elapsed:.2f} s for 20,000 assessments"
