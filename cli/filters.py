"""The filters `report` and `interviews list` share, declared once."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from recruiter_kit.enums import Status, choices
from recruiter_kit.services.reports import DUE_WITHIN_MAX_DAYS, ReportFilter


def report_filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the report's filter options to `command`, which receives them as one
    `filters: ReportFilter` argument."""

    @click.option(
        "--status",
        "statuses",
        multiple=True,
        type=click.Choice(choices(Status)),
        help="Only interviews with this status (repeatable).",
    )
    @click.option("--recruiter", metavar="EMAIL", help="Only this recruiter's candidates.")
    @click.option(
        "--candidate", metavar="REF", help="Only this candidate's interviews (archived or not)."
    )
    @click.option(
        "--due-within",
        type=click.IntRange(min=0, max=DUE_WITHIN_MAX_DAYS),
        metavar="DAYS",
        help="Only interviews with something due (or overdue) within DAYS days.",
    )
    @click.option("--include-archived", is_flag=True, help="Include archived candidates.")
    @functools.wraps(command)
    def with_filters(
        *args: Any,
        statuses: tuple[str, ...],
        recruiter: str | None,
        candidate: str | None,
        due_within: int | None,
        include_archived: bool,
        **kwargs: Any,
    ) -> Any:
        filters = ReportFilter(
            statuses=frozenset(Status(status) for status in statuses),
            recruiter=recruiter,
            candidate=candidate,
            due_within_days=due_within,
            include_archived=include_archived,
        )
        return command(*args, filters=filters, **kwargs)

    return with_filters
