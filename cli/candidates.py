"""`recruiter-kit candidates`: the agency's candidates and their pipeline stages."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from recruiter_kit.enums import Stage, choices
from recruiter_kit.services import candidates as candidate_service
from recruiter_kit.services import views
from recruiter_kit.services.views import CandidateSummary

from .context import AppContext
from .filters import mine_option, recruiter_filter
from .output import (
    colour_option,
    echo_json,
    echo_record,
    echo_table,
    format_option,
    terminal_text,
    write_csv,
)
from .params import MOMENT

STAGE = click.Choice(choices(Stage))
LIST_COLUMNS = ("ref", "name", "stage", "recruiter", "email", "phone", "timezone", "archived")

INTERVIEW_COLUMNS = (
    "ref",
    "status",
    "company",
    "position",
    "round",
    "starts_at",
    "outcome",
    "next_action",
    "next_action_by",
)


def _summary_cells(candidate: CandidateSummary) -> tuple[object, ...]:
    return (
        candidate.ref,
        candidate.name,
        candidate.stage,
        candidate.recruiter,
        candidate.email,
        candidate.phone,
        candidate.timezone,
        candidate.archived,
    )


@click.group()
def candidates() -> None:
    """Add, list and move candidates through the pipeline."""


@candidates.command("add")
@click.argument("name")
@click.option("--ref", help="Your own reference (default: generated, like C-000123).")
@click.option("--email")
@click.option("--phone")
@click.option("--address", help="Mailing address (for handwritten notes).")
@click.option("--timezone", help="IANA time zone, e.g. America/Chicago (default: the policy's).")
@click.option("--recruiter", metavar="EMAIL", help="The recruiter who owns the candidate.")
@click.option("--stage", type=STAGE, default=Stage.SOURCED.value, show_default=True)
@click.option("--notes")
@click.pass_obj
def candidates_add(
    app: AppContext,
    name: str,
    ref: str | None,
    email: str | None,
    phone: str | None,
    address: str | None,
    timezone: str | None,
    recruiter: str | None,
    stage: str,
    notes: str | None,
) -> None:
    """Add a candidate and print its ref.

    \b
    Example:
      recruiter-kit candidates add "Ada Park" --email ada@example.com \\
        --timezone America/Chicago --recruiter kdennis@agency.example --stage submitted
    """
    with app.session() as session:
        candidate = candidate_service.add_candidate(
            session,
            name=name,
            ref=ref,
            email=email,
            phone=phone,
            mailing_address=address,
            timezone=timezone,
            recruiter=recruiter,
            stage=Stage(stage),
            notes=notes,
            changed_by=app.actor,
        )
        click.echo(terminal_text(candidate.ref))


@candidates.command("list")
@click.option("--recruiter", metavar="EMAIL", help="Only this recruiter's candidates.")
@mine_option
@click.option("--stage", type=STAGE, help="Only candidates at this stage.")
@click.option("--search", help="Part of a name, email or ref.")
@click.option("--archived", is_flag=True, help="Include archived candidates.")
@format_option("table", "json", "csv")
@click.pass_obj
def candidates_list(
    app: AppContext,
    recruiter: str | None,
    mine: bool,
    stage: str | None,
    search: str | None,
    archived: bool,
    output_format: str,
) -> None:
    """List candidates, by name.

    \b
    Example:
      recruiter-kit candidates list --stage interviewing --recruiter kdennis@agency.example
      recruiter-kit --as kdennis@agency.example candidates list --mine
    """
    filters = candidate_service.CandidateFilter(
        recruiter=recruiter_filter(recruiter, mine),
        stage=Stage(stage) if stage else None,
        search=search,
        include_archived=archived,
    )
    with app.session() as session:
        page = views.list_candidates(session, filters)
    rows = [_summary_cells(candidate) for candidate in page.items]
    if output_format == "json":
        echo_json([dict(zip(LIST_COLUMNS, row, strict=True)) for row in rows])
    elif output_format == "csv":
        write_csv(LIST_COLUMNS, rows)
    else:
        echo_table(LIST_COLUMNS, rows)


@candidates.command("show")
@click.argument("ref")
@click.option("--as-of", type=MOMENT, help="Judge the follow-ups as of this moment (default: now).")
@format_option("table", "json")
@colour_option
@click.pass_obj
def candidates_show(app: AppContext, ref: str, as_of: datetime | None, output_format: str) -> None:
    """Show a candidate, their interviews with the follow-up status, and their history.

    \b
    Example:
      recruiter-kit candidates show C-000001
    """
    with app.session() as session:
        detail = views.candidate_detail(session, ref, as_of or datetime.now(UTC))
    profile = dict(zip(LIST_COLUMNS, _summary_cells(detail.profile), strict=True))
    profile |= {"address": detail.mailing_address, "notes": detail.notes}
    interviews = [
        (
            interview.ref,
            interview.status,
            interview.company,
            interview.position,
            interview.round,
            interview.starts_at,
            interview.outcome,
            interview.next_action and interview.next_action.action,
            interview.next_action and interview.next_action.by,
        )
        for interview in detail.interviews
    ]
    changes = [
        {
            "at": change.at,
            "field": change.field,
            "from": change.from_value,
            "to": change.to_value,
            "by": change.changed_by,
        }
        for change in detail.history
    ]
    if output_format == "json":
        listed = [dict(zip(INTERVIEW_COLUMNS, row, strict=True)) for row in interviews]
        echo_json(profile | {"interviews": listed, "history": changes})
        return
    echo_record(list(profile.items()))
    click.echo("\nInterviews:")
    echo_table(INTERVIEW_COLUMNS, interviews, colour_column=1, heading_columns=2)
    click.echo("\nHistory:")
    echo_table(("at", "field", "from", "to", "by"), [tuple(row.values()) for row in changes])


@candidates.command("move-stage", short_help="Move a candidate to another pipeline stage.")
@click.argument("ref")
@click.argument("stage", type=STAGE)
@click.pass_obj
def candidates_move_stage(app: AppContext, ref: str, stage: str) -> None:
    """Move a candidate to another pipeline stage (recorded in the history).

    \b
    Stages: sourced → submitted → screening → interviewing → final_round → offer
    → placed, or rejected / withdrawn.

    \b
    Example:
      recruiter-kit candidates move-stage C-000001 final_round
    """
    with app.session() as session:
        before = candidate_service.get_candidate(session, ref).stage
        candidate = candidate_service.move_stage(session, ref, Stage(stage), changed_by=app.actor)
        click.echo(f"{terminal_text(candidate.ref)}: {before.value} → {candidate.stage.value}")


@candidates.command("archive", short_help="Archive (hide) a candidate, or restore one.")
@click.argument("ref")
@click.option("--undo", is_flag=True, help="Restore an archived candidate.")
@click.pass_obj
def candidates_archive(app: AppContext, ref: str, undo: bool) -> None:
    """Archive a candidate: hidden from lists and reports, kept in the database.

    \b
    Example:
      recruiter-kit candidates archive C-000001
      recruiter-kit candidates archive C-000001 --undo
    """
    with app.session() as session:
        candidate = candidate_service.set_archived(
            session, ref, archived=not undo, changed_by=app.actor
        )
        state = "archived" if candidate.archived else "restored"
        click.echo(f"{terminal_text(candidate.ref)}: {state}")
