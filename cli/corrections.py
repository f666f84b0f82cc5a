"""`candidates edit` and `interviews edit`: correcting mistakes, each change in the history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import click

from recruiter_kit.enums import ContactPreference, InterviewFormat, choices
from recruiter_kit.services.candidates import candidate_timezone
from recruiter_kit.services.editing import Changes, edit_candidate, edit_interview
from recruiter_kit.services.interviews import get_interview
from recruiter_kit.services.validation import localise

from .context import AppContext
from .params import LOCAL_MOMENT

F = TypeVar("F", bound=Callable[..., Any])


def expected_version_option(function: F) -> F:
    """The shared --expected-version option of commands that change a record."""
    return click.option(
        "--expected-version",
        type=click.IntRange(min=1),
        metavar="N",
        help="Refuse the change if the record is no longer at this version "
        "(someone else changed it since you read it).",
    )(function)


def echo_changes(ref: str, changes: Changes, version: int) -> None:
    """Print what an edit changed, one field a line."""
    if not changes:
        click.echo(f"{ref}: nothing to change")
        return
    click.echo(f"{ref}: {len(changes)} change(s), now version {version}")
    for field, (before, after) in changes.items():
        click.echo(f"  {field}: {_shown(before)} → {_shown(after)}")


def _shown(value: str | None) -> str:
    return "(empty)" if value is None else repr(value)


def given(**values: Any) -> dict[str, Any]:
    """The options that were given (None means the option was left out)."""
    return {name: value for name, value in values.items() if value is not None}


@click.command("edit", short_help="Correct a candidate's details.")
@click.argument("ref")
@click.option("--name")
@click.option("--email")
@click.option("--phone")
@click.option("--address", help="Mailing address (for handwritten notes).")
@click.option("--timezone", help="IANA time zone, e.g. America/Chicago.")
@click.option("--recruiter", metavar="EMAIL", help="The recruiter who owns the candidate.")
@click.option("--notes")
@expected_version_option
@click.pass_obj
def candidates_edit(
    app: AppContext,
    ref: str,
    name: str | None,
    email: str | None,
    phone: str | None,
    address: str | None,
    timezone: str | None,
    recruiter: str | None,
    notes: str | None,
    expected_version: int | None,
) -> None:
    """Correct a candidate's name, contact details, time zone, recruiter or notes.

    Only the options given change; each change is kept in the history with who made it.
    An empty value ('') clears an optional field. Use `candidates move-stage` for the stage.

    \b
    Example:
      recruiter-kit candidates edit C-000001 --phone "+1 402 555 0199" --timezone America/Denver
    """
    changes = given(
        name=name,
        email=email,
        phone=phone,
        mailing_address=address,
        timezone=timezone,
        recruiter=recruiter,
        notes=notes,
    )
    actor = app.actor
    with app.session() as session:
        edit = edit_candidate(
            session, ref, changes, changed_by=actor, expected_version=expected_version
        )
        echo_changes(edit.record.ref, edit.changes, edit.record.version_id)


@click.command("edit", short_help="Correct an interview's details.")
@click.argument("ref")
@click.option("--company")
@click.option("--position")
@click.option("--round", "round_", type=click.IntRange(min=1))
@click.option("--format", "interview_format", type=click.Choice(choices(InterviewFormat)))
@click.option(
    "--starts-at", type=LOCAL_MOMENT, help="ISO 8601; without an offset, the candidate's time."
)
@click.option("--ends-at", type=LOCAL_MOMENT, help="ISO 8601; without an offset, as --starts-at.")
@click.option("--decision-by", metavar="DATE", help="YYYY-MM-DD; '' when no date was promised.")
@click.option(
    "--timeline-asked/--timeline-not-asked",
    default=None,
    help="Whether the candidate asked about the timeline.",
)
@click.option("--contact-preference", type=click.Choice(choices(ContactPreference)))
@click.option(
    "--interviewer",
    "interviewers",
    multiple=True,
    metavar="'NAME, TITLE'",
    help="Replaces the interviewers (repeatable; '' for none).",
)
@click.option("--notes")
@expected_version_option
@click.pass_obj
def interviews_edit(
    app: AppContext,
    ref: str,
    company: str | None,
    position: str | None,
    round_: int | None,
    interview_format: str | None,
    starts_at: datetime | None,
    ends_at: datetime | None,
    decision_by: str | None,
    timeline_asked: bool | None,
    contact_preference: str | None,
    interviewers: tuple[str, ...],
    notes: str | None,
    expected_version: int | None,
) -> None:
    """Correct an interview: company, position, round, format, times, promised decision date,
    whether the timeline was asked, contact preference, interviewers or notes.

    Only the options given change; each change is kept in the history with who made it.
    An empty value ('') clears an optional field. Use `interviews set-outcome` for the
    employer's decision.

    \b
    Example:
      recruiter-kit interviews edit I-000001 --decision-by 2026-03-13 --timeline-asked
      recruiter-kit interviews edit I-000001 --interviewer "Jane Smith, CEO" --interviewer "Bo Li"
    """
    actor = app.actor
    with app.session() as session:
        interview = get_interview(session, ref)
        timezone = candidate_timezone(session, interview.candidate)
        changes = given(
            company=company,
            position=position,
            round=round_,
            format=interview_format,
            starts_at=localise(starts_at, timezone) if starts_at else None,
            ends_at=localise(ends_at, timezone) if ends_at else None,
            decision_by=decision_by,
            timeline_asked=timeline_asked,
            contact_preference=contact_preference,
            interviewers=[text for text in interviewers if text.strip()] if interviewers else None,
            notes=notes,
        )
        edit = edit_interview(
            session, ref, changes, changed_by=actor, expected_version=expected_version
        )
        echo_changes(edit.record.ref, edit.changes, edit.record.version_id)
