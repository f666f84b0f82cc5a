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


def test_an_assessment_costs_a_few_dataclass_copies_not_more():
    """Timed as a ratio within one run (the machine is shared): judging an interview may
    cost at most 40 times copying its facts (it costs about 5 times here)."""
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
    build_started = time.perf_counter()
    for i in range(20_000):
        facts = base[i % len(base)]
        shift = timedelta(days=i % 30)
        moved = dataclasses.replace(
            facts, starts_at=facts.starts_at - shift, ends_at=facts.ends_at - shift
        )
        cases.append((people[i % len(people)], moved))
    build = time.perf_counter() - build_started
    start = time.perf_counter()
    for person, facts in cases:
        assess_interview(person, facts, POLICY, CALENDAR, as_of)
    elapsed = time.perf_counter() - start
    assert elapsed < 40 * build, f"{elapsed:.2f} s to judge, {build:.2f} s to copy 20,000"
