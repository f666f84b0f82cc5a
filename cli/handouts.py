"""`recruiter-kit handouts` and `recruiter-kit drafts`: printed coaching for candidates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import click

from recruiter_kit.enums import Status, choices
from recruiter_kit.errors import RecruiterKitError
from recruiter_kit.handouts import (
    TEMPLATES_ENV,
    DraftKind,
    Format,
    HandoutSelection,
    Target,
    TemplateSource,
    prepare_batch,
    render_batch,
    render_draft,
)

from .context import AppContext
from .output import progress_reporter, terminal_text
from .params import DAY, MOMENT

_templates_option = click.option(
    "--templates",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help=f"Agency folder whose templates replace the packaged ones (default: ${TEMPLATES_ENV}).",
)
_as_of_option = click.option(
    "--as-of",
    type=MOMENT,
    help="ISO 8601 moment with offset the handout is written for (default: now).",
)


FAILURES_SHOWN = 20  # one line each; a systematic failure says the rest in one line


class BatchFailed(RecruiterKitError):
    """Some handouts could not be made (the others were written)."""


@click.command("handouts", short_help="Print personalised coaching handouts (PDF).")
@click.option(
    "--candidate",
    "candidates",
    multiple=True,
    metavar="REF",
    help="This candidate's most recent interview (repeatable).",
)
@click.option(
    "--interview", "interviews", multiple=True, metavar="REF", help="This interview (repeatable)."
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(choices(Status)),
    help="Only interviews with this status, as in `report` (repeatable).",
)
@click.option("--recruiter", metavar="EMAIL", help="Only this recruiter's candidates.")
@click.option(
    "--interviewed-on", type=DAY, help="Only interviews on this day (the candidate's local date)."
)
@click.option("--all-active", is_flag=True, help="Every interview that is not closed.")
@_as_of_option
@click.option(
    "--output",
    "-o",
    required=True,
    metavar="PATH",
    help="FILE.pdf (one combined PDF), DIR/ (one file per interview) or FILE.zip.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice([item.value for item in Format]),
    default=Format.PDF.value,
    show_default=True,
    help="html writes the HTML instead, for previews.",
)
@_templates_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Processes that lay out pages (default: one per CPU core).",
)
@click.pass_obj
def handouts(
    app: AppContext,
    candidates: tuple[str, ...],
    interviews: tuple[str, ...],
    statuses: tuple[str, ...],
    recruiter: str | None,
    interviewed_on: date | None,
    all_active: bool,
    as_of: datetime | None,
    output: str,
    output_format: str,
    templates: Path | None,
    workers: int | None,
) -> None:
    """Print a personalised coaching handout for each selected interview.

    Each handout holds the interview's details, the follow-up plan with real dates as of
    --as-of, tips for the thank-you note and the message drafts that apply.

    \b
    Examples:
      recruiter-kit handouts --interview I-000001 --output ada.pdf
      recruiter-kit handouts --interviewed-on 2026-03-02 --output morning.pdf
      recruiter-kit handouts --all-active --recruiter kdennis@agency.example --output out/
      recruiter-kit handouts --status due --output due.zip
    """
    selection = HandoutSelection(
        candidates=candidates,
        interviews=interviews,
        statuses=frozenset(Status(status) for status in statuses),
        recruiter=recruiter,
        interviewed_on=interviewed_on,
        all_active=all_active,
    )
    target = Target.parse(output, Format(output_format))
    source = TemplateSource.from_option(templates)
    target.check_writable()
    moment = as_of or datetime.now(UTC)
    # Selected now; each chunk's views are read in a transaction of its own as the workers
    # need them, so none stays open while handouts are written.
    views = prepare_batch(app.session, selection, moment)
    with progress_reporter("Handouts", len(views)) as bar:
        shown = 0

        def advance(done: int, _total: int) -> None:
            nonlocal shown
            bar.update(done - shown)
            shown = done

        result = render_batch(views, target, source=source, workers=workers, progress=advance)
    for failure in result.failures[:FAILURES_SHOWN]:
        click.echo(f"Error: {terminal_text(failure.message)}", err=True)
    if len(result.failures) > FAILURES_SHOWN:
        click.echo(f"Error: … and {len(result.failures) - FAILURES_SHOWN} more", err=True)
    where = terminal_text(str(target.path)) if result.files else "nothing written"
    noun = "handout" if result.handouts == 1 else "handouts"
    pages = "" if target.format == Format.HTML else f", {result.pages} pages"
    click.echo(f"{result.handouts} {noun}{pages} in {result.seconds:.1f} s: {where}")
    if result.failures:
        raise BatchFailed(f"{len(result.failures)} of {len(views)} handouts failed (see above)")


@click.command("drafts", short_help="Print message drafts a candidate can adapt and send.")
@click.argument("interview_ref")
@click.option(
    "--kind",
    type=click.Choice([kind.value for kind in DraftKind]),
    help="This draft (default: the drafts that apply as of --as-of).",
)
@_as_of_option
@_templates_option
@click.pass_obj
def drafts(
    app: AppContext,
    interview_ref: str,
    kind: str | None,
    as_of: datetime | None,
    templates: Path | None,
) -> None:
    """Print message drafts for an interview, in plain text.

    A thank-you email to the interviewers by name and title, a follow-up for the week the
    decision is due, or a gracious reply to a rejection.

    \b
    Examples:
      recruiter-kit drafts I-000001
      recruiter-kit drafts I-000001 --kind rejection-thank-you > reply.txt
    """
    source = TemplateSource.from_option(templates)
    with app.session() as session:
        texts = render_draft(
            session,
            interview_ref,
            as_of or datetime.now(UTC),
            DraftKind(kind) if kind else None,
            templates=source,
        )
    if not texts:
        click.echo(
            f"No draft applies to {interview_ref} at this moment; choose one with --kind.",
            err=True,
        )
        return
    click.echo(
        "\n\n".join(terminal_text(text.rstrip("\n"), multiline=True) for _kind, text in texts)
    )
