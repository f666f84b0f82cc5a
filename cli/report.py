"""`recruiter-kit report`: who needs a nudge, for people and for cron."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click

from recruiter_kit.calendar import zone
from recruiter_kit.enums import Status
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.reports import (
    FAIL_ON_LEVELS,
    REPORT_CSV_COLUMNS,
    Report,
    ReportFilter,
    ReportRow,
    build_report,
    report_csv_rows,
    report_to_dict,
)

from .context import AppContext
from .filters import report_filter_options
from .output import (
    colour_option,
    echo_json,
    echo_table,
    format_option,
    terminal_text,
    wide_option,
    write_csv,
)
from .params import MOMENT

EXIT_FAIL_ON = 3


@click.command("report")
@click.option(
    "--as-of", type=MOMENT, help="ISO 8601 moment with offset to judge at (default: now)."
)
@format_option("table", "json", "csv")
@report_filter_options
@click.option(
    "--fail-on",
    type=click.Choice([level.value for level in FAIL_ON_LEVELS]),
    help=f"Exit with status {EXIT_FAIL_ON} when any listed interview is at this level or worse.",
)
@wide_option
@colour_option
@click.pass_obj
def report(
    app: AppContext,
    as_of: datetime | None,
    output_format: str,
    filters: ReportFilter,
    fail_on: str | None,
    wide: bool,
) -> None:
    """Judge every interview's follow-up against the guidance.

    Rows come worst first (violation, overdue, due, ok, scheduled, closed), then by
    the soonest next action. On a narrow terminal each interview gets a block of its
    own; piped or with --wide, one full line each. Times are in the candidate's zone.

    \b
    Examples:
      recruiter-kit report
      recruiter-kit report --status overdue --status violation --recruiter kdennis@agency.example
      recruiter-kit report --format json --as-of 2026-03-10T09:00:00-06:00
      recruiter-kit --as kdennis@agency.example report --mine --due-within 2
      recruiter-kit report --due-within 2 --fail-on overdue --format csv > nudges.csv
    """
    with app.session() as session:
        result = build_report(session, as_of or datetime.now(UTC), filters)
        agency_zone = load_policy(session).default_timezone
    echo_report(result, output_format, wide=wide, agency_zone=agency_zone)
    if fail_on and result.fails_on(Status(fail_on)):
        sys.exit(EXIT_FAIL_ON)


REPORT_TABLE_COLUMNS = (
    "status",
    "interview",
    "candidate",
    "company",
    "starts",
    "findings",
    "next action",
    "by",
)


def echo_report(result: Report, output_format: str, *, wide: bool, agency_zone: str) -> None:
    """Print report rows as JSON, CSV or, for people, a table (status and interview ref
    first, nothing cut) with a footer counting them, in the agency's time zone."""
    if output_format == "json":
        echo_json(report_to_dict(result))
        return
    if output_format == "csv":
        write_csv(REPORT_CSV_COLUMNS, report_csv_rows(result))
        return
    echo_table(
        REPORT_TABLE_COLUMNS,
        (_report_cells(row) for row in result.rows),
        colour_column=0,
        wide=wide,
        heading_columns=2,
    )
    counts = ", ".join(f"{n} {status}" for status, n in result.counts().items() if n)
    total = len(result.rows)
    moment = terminal_text(result.as_of.astimezone(zone(agency_zone)))
    noun = "interview" if total == 1 else "interviews"
    click.echo(f"\n{total} {noun} as of {moment}" + (f": {counts}" if counts else ""))


def _report_cells(row: ReportRow) -> tuple[object, ...]:
    action = row.assessment.next_action
    return (
        row.status,
        row.interview_ref,
        f"{row.candidate} ({row.candidate_ref})",
        row.company,
        row.starts_at,
        " ".join(finding.code for finding in row.assessment.findings),
        action.action if action else None,
        action.by if action else None,
    )
