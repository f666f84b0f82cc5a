"""Judge one interview's follow-up as of a moment: findings, status and next action."""

from __future__ import annotations

import math
from datetime import date, datetime, time

from recruiter_kit.calendar import BusinessCalendar
from recruiter_kit.enums import SEVERITY_ORDER, Severity, Status
from recruiter_kit.policy import Policy
from recruiter_kit.rules.context import Context
from recruiter_kit.rules.definitions import RULES, Phase, Rule
from recruiter_kit.rules.facts import (
    Assessment,
    CandidateFacts,
    Finding,
    InterviewFacts,
    NextAction,
)
from recruiter_kit.rules.formatting import format_date, format_time

_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITY_ORDER)}
_ACTIONABLE = (Severity.OVERDUE, Severity.DUE)
_STATUS_FOR = {
    Severity.VIOLATION: Status.VIOLATION,
    Severity.OVERDUE: Status.OVERDUE,
    Severity.DUE: Status.DUE,
}

PREPARE = "Prepare; ask about the decision timeline at the end of the interview"
BE_PATIENT = "Be patient: research the company and the industry, prepare questions, keep networking"


def assess_interview(
    candidate: CandidateFacts,
    interview: InterviewFacts,
    policy: Policy,
    calendar: BusinessCalendar,
    as_of: datetime,
) -> Assessment:
    """The rules' verdict on `interview` as of `as_of` (an aware datetime).

    Only communications at or before `as_of` count, and a final outcome whose
    `outcome_at` is after `as_of` is still pending. Findings come worst severity first,
    then in rule order.
    """
    return assess_context(Context(candidate, interview, policy, calendar, as_of))


def assess_context(ctx: Context) -> Assessment:
    """The verdict on the interview `ctx` describes, as `assess_interview` gives it."""
    if not ctx.started:
        action = NextAction(PREPARE, ctx.local(ctx.start)) if ctx.pending else None
        return Assessment(Status.SCHEDULED, (), action)

    ranked: list[tuple[int, int, Finding, Rule]] = []
    for rank, rule in enumerate(RULES):
        if rule.phase is Phase.ENDED and not ctx.ended:
            continue
        finding = rule.check(ctx)
        if finding is not None:
            ranked.append((_SEVERITY_RANK[finding.severity], rank, finding, rule))
    ranked.sort(key=_by_rank)
    findings = tuple(entry[2] for entry in ranked)

    actionable = [entry for entry in ranked if entry[2].severity in _ACTIONABLE]
    if not ctx.pending and not actionable:
        return Assessment(Status.CLOSED, findings, None)
    worst = ranked[0][2].severity if ranked else Severity.INFO
    status = _STATUS_FOR.get(worst, Status.OK)
    return Assessment(status, findings, _next_action(ctx, actionable))


def _by_rank(entry: tuple[int, int, Finding, Rule]) -> tuple[int, int]:
    return entry[0], entry[1]


def _urgency(ctx: Context, entry: tuple[int, int, Finding, Rule]) -> tuple[int, float, int]:
    """Overdue before due, then the earliest deadline (a date lasts all day), then rule order."""
    due = entry[2].due
    if due is None:
        deadline = math.inf
    elif isinstance(due, datetime):
        deadline = due.timestamp()
    else:
        deadline = _end_of_day(ctx, due).timestamp()
    return entry[0], deadline, entry[1]


def _end_of_day(ctx: Context, day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=ctx.zone)


def _next_action(
    ctx: Context, actionable: list[tuple[int, int, Finding, Rule]]
) -> NextAction | None:
    """What the candidate should do next (None once the interview is closed)."""
    if actionable:
        entry = min(actionable, key=lambda item: _urgency(ctx, item))
        finding, rule = entry[2], entry[3]
        if rule.advise is not None:
            return rule.advise(ctx, finding)
        return NextAction(finding.message, finding.due)  # a rule without advice: say what it found
    if not ctx.pending:
        return None
    if not ctx.ended:
        if ctx.interview.decision_by is None and not ctx.interview.timeline_asked:
            return NextAction(
                "Ask about the decision timeline before the interview ends", ctx.local(ctx.end)
            )
        return NextAction(
            f"After the interview, send a thank-you email by "
            f"{format_time(ctx.local(ctx.email_deadline))}",
            ctx.local(ctx.email_deadline),
        )
    if ctx.follow_ups:
        return NextAction(BE_PATIENT, None)
    opens, closes = ctx.follow_up_window
    if opens > closes:
        return NextAction(
            f"Wait for the decision promised by {format_date(closes)}; follow up if no news "
            f"comes by then",
            closes,
        )
    return NextAction(
        f"Wait; follow up between {format_date(opens)} and {format_date(closes)}", opens
    )


__all__ = ["RULES", "assess_interview"]
