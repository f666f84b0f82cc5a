"""Builders shared by the rules tests: concise facts in local wall-clock time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from recruiter_kit.calendar import BusinessCalendar
from recruiter_kit.enums import Channel, CommunicationKind, ContactPreference, Outcome
from recruiter_kit.policy import Policy
from recruiter_kit.rules import (
    Assessment,
    CandidateFacts,
    CommunicationFacts,
    Finding,
    InterviewFacts,
    assess_interview,
)

CHICAGO = "America/Chicago"
LOS_ANGELES = "America/Los_Angeles"
TOKYO = "Asia/Tokyo"
POLICY = Policy()
CALENDAR = BusinessCalendar.for_policy(POLICY)
ADA = CandidateFacts("C-000001", "Ada Park")  # no zone of her own: the policy's default


def at(text: str, zone: str = CHICAGO) -> datetime:
    """`"2026-03-04 10:45"` as wall-clock time in `zone`."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def day(text: str) -> date:
    return date.fromisoformat(text)


def interview(
    start: str = "2026-03-03 10:00",
    end: str | None = "2026-03-03 10:45",
    *comms: CommunicationFacts,
    zone: str = CHICAGO,
    decision_by: str | None = None,
    timeline_asked: bool = False,
    preference: ContactPreference = ContactPreference.NONE,
    outcome: Outcome = Outcome.PENDING,
    outcome_at: str | None = None,
) -> InterviewFacts:
    return InterviewFacts(
        ref="I-000001",
        starts_at=at(start, zone),
        ends_at=at(end, zone) if end else None,
        decision_by=day(decision_by) if decision_by else None,
        timeline_asked=timeline_asked,
        contact_preference=preference,
        outcome=outcome,
        outcome_at=at(outcome_at, zone) if outcome_at else None,
        communications=comms,
    )


def email(when: str, zone: str = CHICAGO) -> CommunicationFacts:
    return CommunicationFacts(CommunicationKind.THANK_YOU_EMAIL, at(when, zone), Channel.EMAIL)


def note(when: str, arrived: str | None = None, zone: str = CHICAGO) -> CommunicationFacts:
    return CommunicationFacts(
        CommunicationKind.THANK_YOU_NOTE,
        at(when, zone),
        Channel.MAIL,
        day(arrived) if arrived else None,
    )


def follow_up(
    when: str, channel: Channel = Channel.EMAIL, zone: str = CHICAGO
) -> CommunicationFacts:
    return CommunicationFacts(CommunicationKind.FOLLOW_UP, at(when, zone), channel)


def employer(when: str, zone: str = CHICAGO) -> CommunicationFacts:
    return CommunicationFacts(CommunicationKind.EMPLOYER_CONTACT, at(when, zone), Channel.EMAIL)


def rejection_thanks(when: str, zone: str = CHICAGO) -> CommunicationFacts:
    return CommunicationFacts(CommunicationKind.REJECTION_THANK_YOU, at(when, zone), Channel.EMAIL)


def candidate(zone: str | None) -> CandidateFacts:
    return CandidateFacts("C-000001", "Ada Park", zone)


def assess(
    facts: InterviewFacts,
    as_of: str,
    *,
    zone: str = CHICAGO,
    policy: Policy = POLICY,
    who: CandidateFacts | None = None,
) -> Assessment:
    """Judge `facts` at wall-clock `as_of` in `zone`, for Ada (in `zone` unless `who`)."""
    person = who or (ADA if zone == CHICAGO else candidate(zone))
    return assess_interview(
        person, facts, policy, BusinessCalendar.for_policy(policy), at(as_of, zone)
    )


def codes(assessment: Assessment) -> list[str]:
    return [finding.code for finding in assessment.findings]


def only(assessment: Assessment, *wanted: str) -> Finding | None:
    """The one finding with one of the `wanted` codes (None when there is none)."""
    found = [f for f in assessment.findings if f.code in wanted]
    assert len(found) <= 1, found
    return found[0] if found else None
