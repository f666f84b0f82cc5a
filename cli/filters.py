"""The filters `report` and `interviews list` share, declared once, and --mine."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from recruiter_kit.enums import Status, choices
from recruiter_kit.services.reports import DUE_WITHIN_MAX_DAYS, ReportFilter

from .context import AppContext

F = TypeVar("F", bound=Callable[..., Any])


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
    @mine_option
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
        mine: bool,
        candidate: str | None,
        due_within: int | None,
        include_archived: bool,
        **kwargs: Any,
    ) -> Any:
        filters = ReportFilter(
            statuses=frozenset(Status(status) for status in statuses),
            recruiter=recruiter_filter(recruiter, mine),
            candidate=candidate,
            due_within_days=due_within,
            include_archived=include_archived,
        )
        return command(*args, filters=filters, **kwargs)

    return with_filters


def mine_option(command: F) -> F:
    """The shared --mine option: only the acting person's candidates."""
    return click.option(
        "--mine",
        is_flag=True,
        help="Only your candidates: those of the user named by --as or $RECRUITER_KIT_USER.",
    )(command)


def recruiter_filter(recruiter: str | None, mine: bool) -> str | None:
    """The recruiter whose candidates to show: --recruiter, or with --mine the acting person."""
    if not mine:
        return recruiter
    if recruiter is not None:
        raise click.UsageError("give --mine or --recruiter, not both")
    app = click.get_current_context().find_object(AppContext)
    assert app is not None
    return app.own_email
