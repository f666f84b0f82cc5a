"""The web dashboard's screen: what needs action today, counts, and this week's interviews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from recruiter_kit.calendar import zone
from recruiter_kit.enums import Status
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.reports import ReportFilter, ReportRow, build_report

NEEDS_ACTION: frozenset[Status] = frozenset({Status.VIOLATION, Status.OVERDUE, Status.DUE})


@dataclass(frozen=True, slots=True)
class Dashboard:
    """One recruiter's (or, for an admin, the agency's) day at a glance."""

    as_of: datetime  # in the agency's default time zone
    needs_action: list[ReportRow]  # violations, overdue and due: worst first, as `report`
    counts: dict[str, int]  # interviews by status, every status listed
    this_week: list[ReportRow]  # interviews starting this week (Monday to Sunday), by start


def build_dashboard(session: Session, as_of: datetime, recruiter: str | None) -> Dashboard:
    """The dashboard as of `as_of` for `recruiter`'s candidates (None: every candidate)."""
    report = build_report(session, as_of, ReportFilter(recruiter=recruiter))
    local = as_of.astimezone(zone(load_policy(session).default_timezone))
    monday = (local - timedelta(days=local.weekday())).date()
    week = (monday, monday + timedelta(days=6))
    return Dashboard(
        as_of=local,
        needs_action=[row for row in report.rows if row.status in NEEDS_ACTION],
        counts=report.counts(),
        this_week=sorted(
            (row for row in report.rows if week[0] <= row.starts_at.date() <= week[1]),
            key=lambda row: row.starts_at,
        ),
    )
