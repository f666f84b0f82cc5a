"""The facts every rule reads, worked out once per assessment.

Times are compared in UTC (comparing two datetimes that share a zone object compares
wall-clock times, which is wrong across a daylight-saving change); dates are the
candidate's local dates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import NamedTuple

from recruiter_kit.calendar import BusinessCalendar, zone
from recruiter_kit.enums import CommunicationKind, Outcome
from recruiter_kit.policy import Policy
from recruiter_kit.rules.facts import CandidateFacts, CommunicationFacts, InterviewFacts

DEFAULT_DURATION = timedelta(hours=1)


class Event(NamedTuple):
    """A communication visible at `as_of`, with its time in UTC."""

    at: datetime  # UTC
    comm: CommunicationFacts


def effective_outcome(interview: InterviewFacts, now: datetime) -> Outcome:
    """The outcome as known at `now`: a final outcome recorded later is still pending."""
    outcome = interview.outcome
    if outcome == Outcome.PENDING:
        return outcome
    if interview.outcome_at is not None and interview.outcome_at > now:
        return Outcome.PENDING
    return outcome


class Context:
    """One interview as the rules see it at `as_of` (see docs/rules.md, Definitions)."""

    def __init__(
        self,
        candidate: CandidateFacts,
        interview: InterviewFacts,
        policy: Policy,
        calendar: BusinessCalendar,
        as_of: datetime,
    ) -> None:
        if as_of.tzinfo is None or interview.starts_at.tzinfo is None:
            raise ValueError("as_of and starts_at must be timezone-aware datetimes")
        self.candidate = candidate
        self.interview = interview
        self.policy = policy
        self.calendar = calendar
        self.name = candidate.name
        self.zone = zone(candidate.timezone or policy.default_timezone)
        self.now = as_of.astimezone(UTC)
        self.start = interview.starts_at.astimezone(UTC)
        ends_at = interview.ends_at
        self.end = self.start + DEFAULT_DURATION if ends_at is None else ends_at.astimezone(UTC)
        self.iday = self.start.astimezone(self.zone).date()
        self.today = self.now.astimezone(self.zone).date()
        self.started = self.now >= self.start
        self.ended = self.now >= self.end
        self.outcome = effective_outcome(interview, self.now)
        self.pending = self.outcome == Outcome.PENDING

        # `end` + `thank_you_email_hours`, in UTC.
        self.email_deadline = self.end + timedelta(hours=policy.thank_you_email_hours)

        now, end = self.now, self.end
        events = [Event(c.at.astimezone(UTC), c) for c in interview.communications]
        events = [event for event in events if event.at <= now]
        if len(events) > 1:
            events.sort(key=_event_time)
        self.first_email: Event | None = None
        self.first_note: Event | None = None
        self.rejection_thanks_sent = False
        follow_ups: list[Event] = []
        after_end: list[Event] = []  # follow-ups and employer contacts, in time order
        for event in events:
            kind = event.comm.kind
            if kind == CommunicationKind.THANK_YOU_EMAIL:
                if self.first_email is None:
                    self.first_email = event
            elif kind == CommunicationKind.THANK_YOU_NOTE:
                if self.first_note is None:
                    self.first_note = event
            elif kind == CommunicationKind.REJECTION_THANK_YOU:
                self.rejection_thanks_sent = True
            elif event.at > end:
                if kind == CommunicationKind.FOLLOW_UP:
                    follow_ups.append(event)
                    after_end.append(event)
                elif kind == CommunicationKind.EMPLOYER_CONTACT:
                    after_end.append(event)
        self.follow_ups: tuple[Event, ...] = tuple(follow_ups)
        self.after_end: tuple[Event, ...] = tuple(after_end)

    def local(self, moment: datetime) -> datetime:
        """`moment` in the candidate's time zone."""
        return moment.astimezone(self.zone)

    def local_date(self, moment: datetime) -> date:
        """The candidate's local date of `moment`."""
        return moment.astimezone(self.zone).date()

    @cached_property
    def note_mail_by(self) -> date:
        """The last day a note mailed then still arrives in the window.

        `add_bd(iday, note_arrival_max_business_days - note_transit_business_days)`:
        `add_bd(iday, 1)` with the default policy.
        """
        policy = self.policy
        slack = policy.note_arrival_max_business_days - policy.note_transit_business_days
        return self.calendar.add_bd(self.iday, slack)

    @cached_property
    def follow_up_window(self) -> tuple[date, date]:
        """(open, close): the days on which a first follow-up is due."""
        policy, calendar = self.policy, self.calendar
        decision_by = self.interview.decision_by
        if decision_by is not None:
            opens = max(
                calendar.add_bd(decision_by, -policy.decision_week_business_days),
                calendar.add_bd(self.iday, 1),
            )
            return opens, decision_by
        return (
            calendar.add_bd(self.iday, policy.follow_up_open_business_days),
            calendar.add_bd(self.iday, policy.follow_up_close_business_days),
        )


def _event_time(event: Event) -> datetime:
    return event.at
