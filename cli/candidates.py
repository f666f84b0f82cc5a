"""`recruiter-kit candidates`: the agency's candidates and their pipeline stages."""

from __future__ import annotations

import click

from recruiter_kit.cli.context import AppContext
from recruiter_kit.cli.output import echo_json, echo_record, echo_table, format_option, write_csv
from recruiter_kit.enums import Stage, choices
from recruiter_kit.models import Candidate
from recruiter_kit.services import candidates as candidate_service
from recruiter_kit.services.validation import in_zone

STAGE = click.Choice(choices(Stage))
LIST_COLUMNS = ("ref", "name", "stage", "recruiter", "email", "phone", "timezone", "archived")


def _summary(candidate: Candidate) -> tuple[object, ...]:
    return (
        candidate.ref,
        candidate.name,
        candidate.stage.value,
        candidate.recruiter.email if candidate.recruiter else None,
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
        click.echo(candidate.ref)


@candidates.command("list")
@click.option("--recruiter", metavar="EMAIL", help="Only this recruiter's candidates.")
@click.option("--stage", type=STAGE, help="Only candidates at this stage.")
@click.option("--search", help="Part of a name, email or ref.")
@click.option("--archived", is_flag=True, help="Include archived candidates.")
@format_option("table", "json", "csv")
@click.pass_obj
def candidates_list(
    app: AppContext,
    recruiter: str | None,
    stage: str | None,
    search: str | None,
    archived: bool,
    output_format: str,
) -> None:
    """List candidates, by name.

    \b
    Example:
      recruiter-kit candidates list --stage interviewing --recruiter kdennis@agency.example
    """
    filters = candidate_service.CandidateFilter(
        recruiter=recruiter,
        stage=Stage(stage) if stage else None,
        search=search,
        include_archived=archived,
    )
    with app.session() as session:
        rows = [_summary(c) for c in candidate_service.list_candidates(session, filters)]
    if output_format == "json":
        echo_json([dict(zip(LIST_COLUMNS, row, strict=True)) for row in rows])
    elif output_format == "csv":
        write_csv(LIST_COLUMNS, rows)
    else:
        echo_table(LIST_COLUMNS, rows)


@candidates.command("show")
@click.argument("ref")
@format_option("table", "json")
@click.pass_obj
def candidates_show(app: AppContext, ref: str, output_format: str) -> None:
    """Show a candidate, their interviews and their stage history.

    \b
    Example:
      recruiter-kit candidates show C-000001
    """
    with app.session() as session:
        candidate = candidate_service.get_candidate(session, ref)
        history = candidate_service.candidate_history(session, candidate)
        timezone = candidate_service.candidate_timezone(session, candidate)
        details = dict(zip(LIST_COLUMNS, _summary(candidate), strict=True))
        details |= {"address": candidate.mailing_address, "notes": candidate.notes}
        interviews = [
            {
                "ref": interview.ref,
                "company": interview.employer.name,
                "position": interview.position,
                "round": interview.round,
                "starts_at": in_zone(interview.starts_at, timezone),
                "outcome": interview.outcome.value,
            }
            for interview in candidate.interviews
        ]
        changes = [
            {
                "at": in_zone(entry.changed_at, timezone),
                "field": entry.field,
                "from": entry.from_value,
                "to": entry.to_value,
                "by": entry.changed_by,
            }
            for entry in history
        ]
    if output_format == "json":
        echo_json(details | {"interviews": interviews, "history": changes})
        return
    echo_record(list(details.items()))
    click.echo("\nInterviews:")
    echo_table(
        ("ref", "company", "position", "round", "starts_at", "outcome"),
        [tuple(row.values()) for row in interviews],
    )
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
        click.echo(f"{candidate.ref}: {before.value} → {candidate.stage.value}")


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
        candidate = candidate_service.set_archived(session, ref, archived=not undo)
        click.echo(f"{candidate.ref}: {'archived' if candidate.archived else 'restored'}")
