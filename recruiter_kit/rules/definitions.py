"""Rule set v1.1: each follow-up rule as one small check, listed side by side in `RULES`.

A check reads the shared `Context` and returns at most one `Finding`; `advise` turns a
due or overdue finding into the candidate's next step. docs/rules.md explains each rule
with a worked example.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from recruiter_kit.enums import Channel, CommunicationKind, ContactPreference, Outcome, Severity
from recruiter_kit.rules.context import Context, effective_outcome
from recruiter_kit.rules.facts import Finding, NextAction
from recruiter_kit.rules.formatting import (
    format_date,
    format_hours,
    format_time,
    format_when,
    ordinal,
    plural,
)


class Phase(StrEnum):
    """From when on a rule is checked."""

    STARTED = "started"  # as_of >= starts_at
    ENDED = "ended"  # as_of >= end


@dataclass(frozen=True, slots=True)
class FindingCode:
    """A finding a rule can emit: its stable code and its severity."""

    code: str
    severity: Severity

    def __call__(self, message: str, due: date | datetime | None = None) -> Finding:
        return Finding(self.code, self.severity, message, due)


Check = Callable[[Context], Finding | None]
Advise = Callable[[Context, Finding], NextAction]


@dataclass(frozen=True, slots=True)
class Rule:
    """One guidance rule: what it may find, what it checks, and the settings it reads."""

    number: int
    codes: tuple[FindingCode, ...]
    summary: str
    settings: tuple[str, ...]
    phase: Phase
    check: Check
    advise: Advise | None = None


THANK_YOU_EMAIL_LATE = FindingCode("THANK_YOU_EMAIL_LATE", Severity.VIOLATION)
NOTE_ARRIVAL_OUTSIDE_WINDOW = FindingCode("NOTE_ARRIVAL_OUTSIDE_WINDOW", Severity.WARNING)
THANK_YOU_DUE = FindingCode("THANK_YOU_DUE", Severity.DUE)
THANK_YOU_MISSING = FindingCode("THANK_YOU_MISSING", Severity.OVERDUE)
TIMELINE_NOT_ASKED = FindingCode("TIMELINE_NOT_ASKED", Severity.WARNING)
PHONE_AGAINST_PREFERENCE = FindingCode("PHONE_AGAINST_PREFERENCE", Severity.VIOLATION)
FOLLOW_UP_DUE = FindingCode("FOLLOW_UP_DUE", Severity.DUE)
FOLLOW_UP_MISSED = FindingCode("FOLLOW_UP_MISSED", Severity.OVERDUE)
TOO_MANY_FOLLOW_UPS = FindingCode("TOO_MANY_FOLLOW_UPS", Severity.VIOLATION)
REJECTION_THANK_YOU_DUE = FindingCode("REJECTION_THANK_YOU_DUE", Severity.DUE)
REJECTION_THANK_YOU_MISSING = FindingCode("REJECTION_THANK_YOU_MISSING", Severity.OVERDUE)
FOLLOW_UP_TOO_EARLY = FindingCode("FOLLOW_UP_TOO_EARLY", Severity.WARNING)


def _note_window(ctx: Context) -> str:
    policy = ctx.policy
    low, high = policy.note_arrival_min_business_days, policy.note_arrival_max_business_days
    return f"{low}–{high} business days" if low != high else plural(low, "business day")


def _on_day(ctx: Context, day: date) -> str:
    """`today (Wed 4 Mar 2026)` or `by Wed 4 Mar 2026`."""
    return f"today ({format_date(day)})" if day == ctx.today else f"by {format_date(day)}"


def _channel(ctx: Context) -> str:
    """` by email` / ` by phone` when the interviewer said how to reach them."""
    preference = ctx.interview.contact_preference
    return "" if preference == ContactPreference.NONE else f" by {preference}"


def _preference_note(ctx: Context) -> str:
    preference = ctx.interview.contact_preference
    if preference == ContactPreference.NONE:
        return ""
    return f" The interviewer asked to be contacted by {preference}."


# 1 ──────────────────────────────────────────────────────────────────────────────
def check_thank_you_email_late(ctx: Context) -> Finding | None:
    """The first thank-you email went out more than `thank_you_email_hours` after `end`."""
    email = ctx.first_email
    if email is None or email.at <= ctx.email_deadline:
        return None
    hours = ctx.policy.thank_you_email_hours
    deadline = ctx.local(ctx.email_deadline)
    return THANK_YOU_EMAIL_LATE(
        f"{ctx.name} sent the thank-you email {format_hours(email.at - ctx.end)} after the "
        f"interview; the guidance is within {hours} h (by {format_time(deadline)}).",
        deadline,
    )


# 2 ──────────────────────────────────────────────────────────────────────────────
def check_note_arrival(ctx: Context) -> Finding | None:
    """The first handwritten note arrives too few or too many business days after `iday`."""
    note = ctx.first_note
    if note is None:
        return None
    policy, calendar = ctx.policy, ctx.calendar
    arrived_on = note.comm.arrived_on
    if arrived_on is not None and arrived_on <= ctx.today:
        arrival = arrived_on
        how = f"arrived on {format_date(arrival)}"
    else:
        mailed = ctx.local_date(note.at)
        arrival = calendar.add_bd(mailed, policy.note_transit_business_days)
        how = f"mailed on {format_date(mailed)}, should arrive on {format_date(arrival)}"
    gap = calendar.bd(ctx.iday, arrival)
    if gap < policy.note_arrival_min_business_days:
        verdict = "too early"
    elif gap > policy.note_arrival_max_business_days:
        verdict = "too late"
    else:
        return None
    interview = f"the interview on {format_date(ctx.iday)}"
    when = (
        f"{plural(gap, 'business day')} after {interview}"
        if gap > 0
        else f"before the first business day after {interview}"
    )
    return NOTE_ARRIVAL_OUTSIDE_WINDOW(
        f"{ctx.name}'s handwritten note {how}, {when} ({verdict}); the guidance is for it to "
        f"arrive {_note_window(ctx)} after the interview."
    )


# 3 ──────────────────────────────────────────────────────────────────────────────
def check_thank_you(ctx: Context) -> Finding | None:
    """While pending with no thank-you at all: due while an email or a note can still be
    on time, missing after that."""
    if not ctx.pending or ctx.first_email is not None or ctx.first_note is not None:
        return None
    email_by = ctx.local(ctx.email_deadline)
    note_by = ctx.note_mail_by
    email_open = ctx.now <= ctx.email_deadline
    note_open = ctx.today <= note_by
    window = _note_window(ctx)
    if email_open and note_open:
        return THANK_YOU_DUE(
            f"{ctx.name} has not thanked the interviewer yet: send a thank-you email by "
            f"{format_time(email_by)}, or mail a handwritten note {_on_day(ctx, note_by)} so "
            f"it arrives {window} after the interview.",
            email_by,
        )
    if email_open:
        return THANK_YOU_DUE(
            f"{ctx.name} has not thanked the interviewer yet: send a thank-you email by "
            f"{format_time(email_by)} (a handwritten note mailed now would arrive more than "
            f"{plural(ctx.policy.note_arrival_max_business_days, 'business day')} after the "
            f"interview).",
            email_by,
        )
    if note_open:
        return THANK_YOU_DUE(
            f"{ctx.name} has not thanked the interviewer yet: the window for a thank-you "
            f"email closed at {format_time(email_by)}, but a handwritten note mailed "
            f"{_on_day(ctx, note_by)} still arrives {window} after the interview.",
            note_by,
        )
    latest: date | datetime = note_by if email_by.date() <= note_by else email_by
    return THANK_YOU_MISSING(
        f"{ctx.name} has not thanked the interviewer: a thank-you email was due by "
        f"{format_time(email_by)} and a handwritten note had to be mailed by "
        f"{format_date(note_by)}. A late thank-you is still better than none.",
        latest,
    )


def advise_thank_you(ctx: Context, finding: Finding) -> NextAction:
    if finding.code == THANK_YOU_MISSING.code:
        return NextAction(
            "Send a thank-you email now: it is late, but better than none", finding.due
        )
    email_open = ctx.now <= ctx.email_deadline
    note_open = ctx.today <= ctx.note_mail_by
    email = f"Send a thank-you email by {format_time(ctx.local(ctx.email_deadline))}"
    note = f"mail a handwritten note {_on_day(ctx, ctx.note_mail_by)}"
    if email_open and note_open:
        return NextAction(f"{email}, or {note}", finding.due)
    if email_open:
        return NextAction(email, finding.due)
    return NextAction(f"Email window closed: {note}", finding.due)


# 4 ──────────────────────────────────────────────────────────────────────────────
def check_timeline_not_asked(ctx: Context) -> Finding | None:
    """No decision date was given and the candidate did not ask for one."""
    interview = ctx.interview
    if interview.decision_by is not None or interview.timeline_asked:
        return None
    return TIMELINE_NOT_ASKED(
        f"{ctx.name} left the interview on {format_date(ctx.iday)} without a decision "
        f"timeline: no decision date was given and the candidate did not ask. Coach the "
        f"candidate to ask when to expect news at the end of every interview."
    )


# 5 ──────────────────────────────────────────────────────────────────────────────
def check_phone_against_preference(ctx: Context) -> Finding | None:
    """The interviewer asked for email, yet a follow-up after the interview was a call."""
    if ctx.interview.contact_preference != ContactPreference.EMAIL:
        return None
    calls = [event for event in ctx.follow_ups if event.comm.channel == Channel.PHONE]
    if not calls:
        return None
    more = f" ({len(calls)} phone follow-ups in all)" if len(calls) > 1 else ""
    return PHONE_AGAINST_PREFERENCE(
        f"{ctx.name} followed up by phone on {format_date(ctx.local_date(calls[0].at))}"
        f"{more} although the interviewer asked to be contacted by email."
    )


# 6 ──────────────────────────────────────────────────────────────────────────────
def check_follow_up(ctx: Context) -> Finding | None:
    """While pending and before any follow-up: due inside the window, missed after it."""
    if not ctx.pending or ctx.follow_ups:
        return None
    opens, closes = ctx.follow_up_window
    decision_by = ctx.interview.decision_by
    if ctx.today > closes:
        reason = (
            f"the decision was promised by {format_date(decision_by)}"
            if decision_by is not None
            else f"the window closed on {format_date(closes)}"
        )
        return FOLLOW_UP_MISSED(
            f"{ctx.name} has not followed up since the interview on {format_date(ctx.iday)}; "
            f"{reason}.{_preference_note(ctx)}",
            closes,
        )
    if ctx.today < opens:
        return None
    if decision_by is not None:
        why = f"in the week before the decision promised by {format_date(decision_by)}"
    else:
        policy = ctx.policy
        why = (
            f"{policy.follow_up_open_business_days}–{policy.follow_up_close_business_days} "
            f"business days after the interview on {format_date(ctx.iday)}"
        )
    return FOLLOW_UP_DUE(
        f"{ctx.name} should follow up between {format_date(opens)} and "
        f"{format_date(closes)}, {why}.{_preference_note(ctx)}",
        closes,
    )


def advise_follow_up(ctx: Context, finding: Finding) -> NextAction:
    closes = ctx.follow_up_window[1]
    if finding.code == FOLLOW_UP_MISSED.code:
        return NextAction(
            f"Follow up{_channel(ctx)} now: the window closed on {format_date(closes)}",
            closes,
        )
    return NextAction(f"Follow up{_channel(ctx)} by {format_date(closes)}", closes)


# 7 ──────────────────────────────────────────────────────────────────────────────
def check_too_many_follow_ups(ctx: Context) -> Finding | None:
    """Too many follow-ups without a reply, or two of them too close together."""
    policy, calendar = ctx.policy, ctx.calendar
    limit = policy.max_follow_ups_without_reply
    spacing = policy.min_business_days_between_follow_ups
    count = 0
    previous: date | None = None
    since = f"the interview on {format_date(ctx.iday)}"
    for event in ctx.after_end:
        day = ctx.local_date(event.at)
        if event.comm.kind == CommunicationKind.EMPLOYER_CONTACT:
            count, previous = 0, None
            since = f"the employer's last contact on {format_date(day)}"
            continue
        count += 1
        if count > limit:
            return TOO_MANY_FOLLOW_UPS(
                f"{ctx.name} followed up on {format_date(day)} for the {ordinal(count)} time "
                f"since {since} without a reply; the guidance is at most "
                f"{plural(limit, 'follow-up')} without a reply. Be patient: decisions can "
                f"take weeks."
            )
        if previous is not None:
            apart = calendar.bd(previous, day)
            if apart < spacing:
                return TOO_MANY_FOLLOW_UPS(
                    f"{ctx.name} followed up on {format_date(day)}, only "
                    f"{plural(apart, 'business day')} after the previous follow-up on "
                    f"{format_date(previous)} with no reply in between; the guidance is at "
                    f"least {plural(spacing, 'business day')} between follow-ups."
                )
        previous = day
    return None


# 8 ──────────────────────────────────────────────────────────────────────────────
def rejection_deadline(ctx: Context) -> tuple[date, date]:
    """(the day of the rejection, the day a thank-you for it is due)."""
    outcome_at = ctx.interview.outcome_at
    decided = ctx.local_date(ctx.end if outcome_at is None else outcome_at)
    days = ctx.policy.rejection_thank_you_business_days
    return decided, ctx.calendar.add_bd(decided, days)


def check_rejection_thank_you(ctx: Context) -> Finding | None:
    """After a rejection, a gracious thank-you is due within a few business days."""
    if ctx.outcome != Outcome.REJECTED or ctx.rejection_thanks_sent:
        return None
    decided, deadline = rejection_deadline(ctx)
    when = (
        f"on {format_date(decided)}"
        if ctx.interview.outcome_at is not None
        else f"after the interview on {format_date(ctx.iday)}"
    )
    if ctx.today <= deadline:
        return REJECTION_THANK_YOU_DUE(
            f"{ctx.name} was turned down {when}: a short, gracious thank-you to the "
            f"interviewer by {format_date(deadline)} leaves the door open.",
            deadline,
        )
    return REJECTION_THANK_YOU_MISSING(
        f"{ctx.name} was turned down {when} and has not sent a thank-you; it was due by "
        f"{format_date(deadline)}. A gracious note is still worth sending.",
        deadline,
    )


def advise_rejection_thank_you(ctx: Context, finding: Finding) -> NextAction:
    deadline = finding.due
    assert deadline is not None
    if finding.code == REJECTION_THANK_YOU_MISSING.code:
        return NextAction("Send a gracious thank-you despite the rejection now", deadline)
    return NextAction(
        f"Send a gracious thank-you despite the rejection by {format_when(deadline)}", deadline
    )


# 9 ──────────────────────────────────────────────────────────────────────────────
def check_follow_up_too_early(ctx: Context) -> Finding | None:
    """The first follow-up came on a day before rule 6's window opened, with no outcome yet.

    It still counts as the follow-up for rule 6, so nothing more is asked of the candidate.
    """
    if not ctx.follow_ups:
        return None
    first = ctx.follow_ups[0]
    day = ctx.local_date(first.at)
    opens = ctx.follow_up_window[0]
    if day >= opens or effective_outcome(ctx.interview, first.at) != Outcome.PENDING:
        return None
    return FOLLOW_UP_TOO_EARLY(
        f"{ctx.name} followed up on {format_date(day)}, before the follow-up window opened on "
        f"{format_date(opens)} ({_why_window_opens(ctx, opens)}). In the first days after an "
        f"interview the thank-you should be the only message; from {format_date(opens)} a "
        f"follow-up shows interest without pressure. This one still counts, so no second "
        f"follow-up is needed."
    )


def _why_window_opens(ctx: Context, opens: date) -> str:
    decision_by = ctx.interview.decision_by
    if decision_by is None:
        days = plural(ctx.policy.follow_up_open_business_days, "business day")
        return f"{days} after the interview on {format_date(ctx.iday)}"
    promised = f"the decision promised by {format_date(decision_by)}"
    week = ctx.policy.decision_week_business_days
    if ctx.calendar.add_bd(decision_by, -week) < opens:  # the decision is due very soon
        return f"the first business day after the interview, with {promised}"
    return f"the week before {promised}"


RULES: tuple[Rule, ...] = (
    Rule(
        1,
        (THANK_YOU_EMAIL_LATE,),
        "The first thank-you email went out too long after the interview ended.",
        ("thank_you_email_hours",),
        Phase.ENDED,
        check_thank_you_email_late,
    ),
    Rule(
        2,
        (NOTE_ARRIVAL_OUTSIDE_WINDOW,),
        "The first handwritten note arrives too few or too many business days after.",
        (
            "note_arrival_min_business_days",
            "note_arrival_max_business_days",
            "note_transit_business_days",
        ),
        Phase.ENDED,
        check_note_arrival,
    ),
    Rule(
        3,
        (THANK_YOU_DUE, THANK_YOU_MISSING),
        "No thank-you yet: due while an email or a note can be on time, missing after.",
        (
            "thank_you_email_hours",
            "note_arrival_max_business_days",
            "note_transit_business_days",
        ),
        Phase.ENDED,
        check_thank_you,
        advise_thank_you,
    ),
    Rule(
        4,
        (TIMELINE_NOT_ASKED,),
        "No decision date was given and the candidate did not ask for one.",
        (),
        Phase.ENDED,
        check_timeline_not_asked,
    ),
    Rule(
        5,
        (PHONE_AGAINST_PREFERENCE,),
        "A follow-up was a phone call although the interviewer asked for email.",
        (),
        Phase.ENDED,
        check_phone_against_preference,
    ),
    Rule(
        6,
        (FOLLOW_UP_DUE, FOLLOW_UP_MISSED),
        "No follow-up yet: due inside the follow-up window, missed after it.",
        (
            "decision_week_business_days",
            "follow_up_open_business_days",
            "follow_up_close_business_days",
        ),
        Phase.ENDED,
        check_follow_up,
        advise_follow_up,
    ),
    Rule(
        7,
        (TOO_MANY_FOLLOW_UPS,),
        "Too many follow-ups without a reply, or follow-ups too close together.",
        ("max_follow_ups_without_reply", "min_business_days_between_follow_ups"),
        Phase.ENDED,
        check_too_many_follow_ups,
    ),
    Rule(
        8,
        (REJECTION_THANK_YOU_DUE, REJECTION_THANK_YOU_MISSING),
        "After a rejection, a gracious thank-you is due within a few business days.",
        ("rejection_thank_you_business_days",),
        Phase.STARTED,
        check_rejection_thank_you,
        advise_rejection_thank_you,
    ),
    Rule(
        9,
        (FOLLOW_UP_TOO_EARLY,),
        "The first follow-up came before the follow-up window opened.",
        ("decision_week_business_days", "follow_up_open_business_days"),
        Phase.ENDED,
        check_follow_up_too_early,
    ),
)

RULE_CODES: tuple[str, ...] = tuple(code.code for rule in RULES for code in rule.codes)
