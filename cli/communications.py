"""`recruiter-kit communications` and `log note-arrived`: the log of follow-ups, corrected."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

import click

from recruiter_kit.enums import Channel, CommunicationKind, choices
from recruiter_kit.services import communications as service
from recruiter_kit.services.candidates import candidate_timezone
from recruiter_kit.services.validation import localise

from .context import AppContext
from .corrections import echo_changes, expected_version_option, given
from .output import echo_json, echo_record, echo_table, format_option, write_csv
from .params import DAY, LOCAL_MOMENT

LIST_COLUMNS = ("ref", "interview", "candidate", "kind", "channel", "at", "arrived_on", "summary")
KIND = click.Choice(choices(CommunicationKind))


@click.group(short_help="List, show, correct or delete logged communications.")
def communications() -> None:
    """List, show, correct or delete the communications logged with `recruiter-kit log`."""


@communications.command("list")
@click.option("--interview", metavar="REF", help="Only this interview's communications.")
@click.option("--candidate", metavar="REF", help="Only this candidate's communications.")
@click.option("--kind", type=KIND, help="Only communications of this kind.")
@format_option("table", "json", "csv")
@click.pass_obj
def communications_list(
    app: AppContext,
    interview: str | None,
    candidate: str | None,
    kind: str | None,
    output_format: str,
) -> None:
    """List logged communications, oldest first (times in each candidate's time zone).

    \b
    Example:
      recruiter-kit communications list --interview I-000001
    """
    filters = service.CommunicationFilter(
        interview=interview,
        candidate=candidate,
        kind=CommunicationKind(kind) if kind else None,
    )
    with app.session() as session:
        items = service.list_communications(session, filters)
    # The table names the interview column "interview"; JSON keeps the field names.
    fields = ("ref", "interview_ref", "candidate", "kind", "channel", "at", "arrived_on", "summary")
    rows = [tuple(getattr(item, name) for name in fields) for item in items]
    if output_format == "json":
        echo_json([asdict(item) for item in items])
    elif output_format == "csv":
        write_csv(LIST_COLUMNS, rows)
    else:
        echo_table(LIST_COLUMNS, rows)


@communications.command("show")
@click.argument("ref")
@format_option("table", "json")
@click.pass_obj
def communications_show(app: AppContext, ref: str, output_format: str) -> None:
    """Show one logged communication, with its version (for --expected-version).

    \b
    Example:
      recruiter-kit communications show M-000001
    """
    with app.session() as session:
        detail = service.communication_detail(session, ref)
    if output_format == "json":
        echo_json(asdict(detail))
    else:
        echo_record(list(asdict(detail).items()))


@communications.command("edit", short_help="Correct a logged communication.")
@click.argument("ref")
@click.option("--kind", type=KIND)
@click.option("--channel", type=click.Choice(choices(Channel)))
@click.option("--at", type=LOCAL_MOMENT, help="ISO 8601; without an offset, the candidate's time.")
@click.option("--arrived-on", metavar="DATE", help="A mailed note's arrival day; '' to clear.")
@click.option("--summary")
@click.option("--body")
@expected_version_option
@click.pass_obj
def communications_edit(
    app: AppContext,
    ref: str,
    kind: str | None,
    channel: str | None,
    at: datetime | None,
    arrived_on: str | None,
    summary: str | None,
    body: str | None,
    expected_version: int | None,
) -> None:
    """Correct a logged communication: its kind, channel, time, arrival day, summary or body.

    Only the options given change; each change is kept in the history with who made it.
    A new kind that implies a channel (a thank-you email goes by email) takes it.

    \b
    Example:
      recruiter-kit communications edit M-000002 --kind thank_you_note --at 2026-03-02T18:00
    """
    actor = app.actor
    with app.session() as session:
        communication = service.get_communication(session, ref)
        timezone = candidate_timezone(session, communication.interview.candidate)
        changes = given(
            kind=kind,
            channel=channel,
            at=localise(at, timezone) if at else None,
            arrived_on=arrived_on,
            summary=summary,
            body=body,
        )
        edit = service.edit_communication(
            session, ref, changes, changed_by=actor, expected_version=expected_version
        )
        echo_changes(edit.record.ref, edit.changes, edit.record.version_id)


@communications.command("delete", short_help="Delete a logged communication (kept in history).")
@click.argument("ref")
@expected_version_option
@click.pass_obj
def communications_delete(app: AppContext, ref: str, expected_version: int | None) -> None:
    """Delete a communication logged by mistake. Its content stays in the history
    (`recruiter-kit history`), with who deleted it.

    \b
    Example:
      recruiter-kit communications delete M-000003
    """
    actor = app.actor
    with app.session() as session:
        deleted = service.delete_communication(
            session, ref, changed_by=actor, expected_version=expected_version
        )
    what = f"{deleted.kind.value} of {deleted.interview_ref}"
    click.echo(f"{deleted.ref}: deleted ({what}, kept in the history)")


@click.command("note-arrived", short_help="Record the day a mailed thank-you note arrived.")
@click.argument("communication_ref")
@click.option("--on", "arrived_on", type=DAY, required=True, help="The day it arrived.")
@expected_version_option
@click.pass_obj
def note_arrived(
    app: AppContext, communication_ref: str, arrived_on: date, expected_version: int | None
) -> None:
    """Record the day a mailed thank-you note arrived, on the note already logged
    (not as a second note).

    \b
    Example:
      recruiter-kit log note-arrived M-000002 --on 2026-03-04
    """
    actor = app.actor
    with app.session() as session:
        edit = service.record_note_arrival(
            session,
            communication_ref,
            arrived_on,
            changed_by=actor,
            expected_version=expected_version,
        )
        echo_changes(edit.record.ref, edit.changes, edit.record.version_id)


class _DefaultContext(click.Context):
    # The default command runs without a name of its own: no trailing space in its usage.
    @property
    def command_path(self) -> str:
        return super().command_path.rstrip()


class DefaultCommandGroup(click.Group):
    """A group that runs `default` when the first argument names none of its commands.

    `recruiter-kit log I-000001 thank_you_email` records a communication, while
    `recruiter-kit log note-arrived M-000002 --on ...` runs a subcommand. The help shows
    the default command's help followed by the subcommands.
    """

    def __init__(self, name: str, default: click.Command, **kwargs: object) -> None:
        super().__init__(name, help=default.help, short_help=default.short_help, **kwargs)  # type: ignore[arg-type]
        default.context_class = _DefaultContext
        self.default = default

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands:
            return None, self.default, args
        return super().resolve_command(ctx, args)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [*self.default.collect_usage_pieces(ctx), "| COMMAND [ARGS]..."]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.default.format_options(ctx, formatter)
        self.format_commands(ctx, formatter)


def log_group(record: click.Command) -> click.Group:
    """`recruiter-kit log`: `record` by default, and the subcommands that complete an entry."""
    group = DefaultCommandGroup("log", default=record)
    group.add_command(note_arrived)
    return group
