"""`recruiter-kit report`: who needs a nudge, for people and for cron."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click

from recruiter_kit.cli.context import AppContext
from recruiter_kit.cli.output import echo_json, echo_table, format_option, write_csv
from recruiter_kit.cli.params import MOMENT
from recruiter_kit.enums import Status, choices
from recruiter_kit.services.reports import (
    FAIL_ON_LEVELS,
    REPORT_CSV_COLUMNS,
    Report,
    ReportFilter,
    build_report,
    report_csv_rows,
    report_to_dict,
)

EXIT_FAIL_ON = 3


@click.command("report")
@click.option(
    "--as-of", type=MOMENT, help="ISO 8601 moment with offset to judge at (default: now)."
)
@format_option("table", "json", "csv")
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
    type=click.IntRange(min=0),
    metavar="DAYS",
    help="Only interviews with something due (or overdue) within DAYS days.",
)
@click.option("--include-archived", is_flag=True, help="Include archived candidates.")
@click.option(
    "--fail-on",
    type=click.Choice([level.value for level in FAIL_ON_LEVELS]),
    help=f"Exit with status {EXIT_FAIL_ON} when any listed interview is at this level or worse.",
)
@click.pass_obj
def report(
    app: AppContext,
    as_of: datetime | None,
    output_format: str,
    statuses: tuple[str, ...],
    recruiter: str | None,
    candidate: str | None,
    due_within: int | None,
    include_archived: bool,
    fail_on: str | None,
) -> None:
    """Judge every interview's follow-up against the guidance.

    Statuses, worst first: violation, overdue, due, ok, scheduled, closed.

    \b
    Examples:
      recruiter-kit report
      recruiter-kit report --status overdue --status violation --recruiter kdennis@agency.example
      recruiter-kit report --format json --as-of 2026-03-10T09:00:00-06:00
      recruiter-kit report --due-within 2 --fail-on overdue --format csv > nudges.csv
    """
    filters = ReportFilter(
        statuses=frozenset(Status(status) for status in statuses),
        recruiter=recruiter,
        candidate=candidate,
        due_within_days=due_within,
        include_archived=include_archived,
    )
    with app.session() as session:
        result = build_report(session, as_of or datetime.now(UTC), filters)
    if output_format == "json":
        echo_json(report_to_dict(result))
    elif output_format == "csv":
        write_csv(REPORT_CSV_COLUMNS, report_csv_rows(result))
    else:
        _echo_report_table(result)
    if fail_on and result.fails_on(Status(fail_on)):
        sys.exit(EXIT_FAIL_ON)


def _echo_report_table(result: Report) -> None:
    rows = []
    for row in result.rows:
        action = row.assessment.next_action
        by = action.by if action else None
        rows.append(
            (
                row.status.value,
                f"{row.candidate} ({row.candidate_ref})",
                row.company,
                row.starts_at.strftime("%Y-%m-%d %H:%M"),
                " ".join(finding.code for finding in row.assessment.findings),
                action.action if action else "",
                by.strftime("%Y-%m-%d %H:%M") if isinstance(by, datetime) else by,
            )
        )
    echo_table(
        ("status", "candidate", "company", "interview", "findings", "next action", "by"),
        rows,
        colour_column=0,
    )
    counts = ", ".join(f"{count} {status}" for status, count in result.counts().items() if count)
    total = len(result.rows)
    moment = result.as_of.isoformat(timespec="minutes")
    noun = "interview" if total == 1 else "interviews"
    click.echo(f"\n{total} {noun} as of {moment}" + (f": {counts}" if counts else ""))
