"""`recruiter-kit history`: who changed what, and when."""

from __future__ import annotations

from datetime import date

import click

from recruiter_kit.calendar import zone
from recruiter_kit.services.history import HistoryFilter, HistoryRow, list_history
from recruiter_kit.services.policy import load_policy

from .context import AppContext
from .output import echo_json, echo_table, format_option, write_csv
from .params import DAY

COLUMNS = ("at", "by", "candidate", "record", "field", "from", "to")


def _row(entry: HistoryRow, timezone: str) -> tuple[object, ...]:
    moment = entry.changed_at.astimezone(zone(timezone)).replace(microsecond=0)
    return (
        moment,
        entry.changed_by,
        entry.candidate,
        entry.record,
        entry.field,
        entry.from_value,
        entry.to_value,
    )


@click.command("history", short_help="Who changed what, and when.")
@click.option("--candidate", metavar="REF", help="Only this candidate's records.")
@click.option(
    "--by", "changed_by", metavar="EMAIL", help="Only changes by this user (or cli:LOGIN)."
)
@click.option("--since", type=DAY, help="Only changes on or after this day (agency time zone).")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    help="Show the newest this many changes.",
)
@format_option("table", "json", "csv")
@click.pass_obj
def history(
    app: AppContext,
    candidate: str | None,
    changed_by: str | None,
    since: date | None,
    limit: int,
    output_format: str,
) -> None:
    """Show the history, oldest first: stage and outcome changes, corrections (old and new
    value), deletions (the deleted record's content), and changes to the policy, the
    agency's branding and accounts (a new password shows as "password changed"), each
    with who made it.

    Changes made without --as or RECRUITER_KIT_USER show the OS login as cli:LOGIN.

    \b
    Example:
      recruiter-kit history --candidate C-000001
      recruiter-kit history --by kdennis@agency.example --since 2026-03-01
    """
    filters = HistoryFilter(candidate=candidate, changed_by=changed_by, since=since, limit=limit)
    with app.session() as session:
        entries = list_history(session, filters)
        timezone = load_policy(session).default_timezone
    rows = [_row(entry, timezone) for entry in entries]
    if output_format == "json":
        echo_json([dict(zip(COLUMNS, row, strict=True)) for row in rows])
    elif output_format == "csv":
        write_csv(COLUMNS, rows)
    else:
        echo_table(COLUMNS, rows)
