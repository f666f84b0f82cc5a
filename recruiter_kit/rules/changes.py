"""When an interview's verdict can next change, so a stored verdict knows how long it holds.

A verdict depends on `as_of` only through a few comparisons: the moment against the
interview's start and end, the thank-you email deadline, the recorded outcome and each
communication's time, and the candidate's local date against a few dates the rules derive
(the last day to mail a note, the follow-up window, the rejection thank-you deadline, a
note's arrival). Between two consecutive such moments the verdict is the same, so
`verdict_window` returns the span around `as_of` in which nothing the rules read changes.

The moments listed are a superset of the real changes: a moment at which the verdict stays
the same only costs one needless re-judgement. A rule that compares `as_of` with anything
new must add it to `_breakpoints` (tests/rules/test_rules_changes.py checks the verdict is
constant inside every window it returns).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from recruiter_kit.calendar import BusinessCalendar
from recruiter_kit.enums import CommunicationKind
from recruiter_kit.policy import Policy
from recruiter_kit.rules.context import Context
from recruiter_kit.rules.definitions import rejection_deadline
from recruiter_kit.rules.engine import assess_context
from recruiter_kit.rules.facts import Assessment, CandidateFacts, InterviewFacts

# The smallest step of a datetime: `as_of <= deadline` stops holding one step after it.
_TICK = timedelta(microseconds=1)
_DAY = timedelta(days=1)


class VerdictWindow(NamedTuple):
    """The span `since <= as_of < until` in which an interview's verdict stays the same.

    `since` is None when nothing earlier changes it, `until` None when it never changes again.
    """

    since: datetime | None
    until: datetime | None


def verdict_window(
    candidate: CandidateFacts,
    interview: InterviewFacts,
    policy: Policy,
    calendar: BusinessCalendar,
    as_of: datetime,
) -> VerdictWindow:
    """The span around `as_of` in which `assess_interview` gives the same verdict (UTC)."""
    return _window(Context(candidate, interview, policy, calendar, as_of))


def assess_with_window(
    candidate: CandidateFacts,
    interview: InterviewFacts,
    policy: Policy,
    calendar: BusinessCalendar,
    as_of: datetime,
) -> tuple[Assessment, VerdictWindow]:
    """`assess_interview` and `verdict_window` from one Context (worked out once, not twice)."""
    ctx = Context(candidate, interview, policy, calendar, as_of)
    return assess_context(ctx), _window(ctx)


def _window(ctx: Context) -> VerdictWindow:
    now = ctx.now
    since: datetime | None = None
    until: datetime | None = None
    for moment in _breakpoints(ctx):
        if moment <= now:
            if since is None or moment > since:
                since = moment
        elif until is None or moment < until:
            until = moment
    return VerdictWindow(since, until)


def next_change(
    candidate: CandidateFacts,
    interview: InterviewFacts,
    policy: Policy,
    calendar: BusinessCalendar,
    as_of: datetime,
) -> datetime | None:
    """The first moment after `as_of` at which the verdict may change (None: never again)."""
    return verdict_window(candidate, interview, policy, calendar, as_of).until


def _breakpoints(ctx: Context) -> list[datetime]:
    """Every moment (UTC) at which something the rules compare with `as_of` flips."""
    interview = ctx.interview
    moments = [ctx.start, ctx.end, ctx.email_deadline + _TICK]
    if interview.outcome_at is not None:
        moments.append(interview.outcome_at.astimezone(UTC))
    days = [ctx.note_mail_by, ctx.note_mail_by + _DAY]  # "today (...)", then too late
    opens, closes = ctx.follow_up_window
    days += [opens, closes + _DAY]
    days.append(rejection_deadline(ctx)[1] + _DAY)
    for communication in interview.communications:
        moments.append(communication.at.astimezone(UTC))  # it becomes visible
        if communication.kind == CommunicationKind.THANK_YOU_NOTE and communication.arrived_on:
            days.append(communication.arrived_on)  # from then on it has arrived
    moments.extend(day_start(day, ctx.zone) for day in days)
    return moments


# Cached: judging many interviews asks for the same few hundred days again and again.
@lru_cache(maxsize=4096)
def day_start(day: date, tz: ZoneInfo) -> datetime:
    """The first moment (UTC) whose local date in `tz` is `day`.

    Usually local midnight; where a daylight-saving change skips midnight, the moment the
    clocks jump, and where it repeats the previous evening, the midnight after it.
    """
    starts = []
    for fold in (0, 1):
        moment = datetime.combine(day, time(fold=fold), tzinfo=tz).astimezone(UTC)
        if moment.astimezone(tz).date() == day:
            starts.append(moment)
    return min(starts) if starts else datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)
