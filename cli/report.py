"""`recruiter-kit report`: who needs a nudge, for people and for cron."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, tzinfo
from functools import lru_cache

import click

from recruiter_kit.calendar import zone
from recruiter_kit.enums import Status
from recruiter_kit.rules.formatting import format_time, format_when
from recruiter_kit.services.assessments import stored_moment
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.reports import (
    FAIL_ON_LEVELS,
    OPEN_STATUSES,
    REPORT_CSV_COLUMNS,
    Report,
    ReportFilter,
    ReportRow,
    fails_on,
    report_csv_rows,
    report_to_dict,
    status_counts,
    stream_report,
    write_report,
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


@click.command("report", short_help="Who needs a nudge: judge the follow-ups.")
@click.option(
    "--as-of", type=MOMENT, help="ISO 8601 moment with offset to judge at (default: now)."
)
@format_option("table", "json", "csv")
@report_filter_options
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Include closed interviews too (without --status, only open ones are listed).",
)
@click.option(
    "--fail-on",
    type=click.Choice([level.value for level in FAIL_ON_LEVELS]),
    help=f"Exit with status {EXIT_FAIL_ON} when any listed interview is at this level or worse.",
)
@click.option(
    "--from-scratch",
    is_flag=True,
    help="Judge every interview again instead of reading the stored verdicts (the same "
    "answer, slower: for checking).",
)
@wide_option
@colour_option
@click.pass_obj
def report(
    app: AppContext,
    as_of: datetime | None,
    output_format: str,
    filters: ReportFilter,
    everything: bool,
    fail_on: str | None,
    from_scratch: bool,
    wide: bool,
) -> None:
    """Judge the interviews' follow-ups against the guidance: who needs a nudge.

    Lists the interviews whose follow-up is still open (every status but closed);
    --all adds the closed ones, --status picks statuses. The table comes worst first
    (violation, overdue, due, ok, scheduled, closed), then by the soonest next action;
    on a narrow terminal each interview gets a block of its own, piped or with --wide
    one full line each. JSON and CSV list interviews by ref. Every format prints
    rows as they are read, so even years of history print in constant memory. Times
    are in the candidate's zone.

    \b
    Examples:
      recruiter-kit report
      recruiter-kit report --status overdue --status violation --recruiter kdennis@agency.example
      recruiter-kit report --format json --as-of 2026-03-10T09:00:00-06:00
      recruiter-kit --as kdennis@agency.example report --mine --due-within 2
      recruiter-kit report --due-within 2 --fail-on overdue --format csv > nudges.csv
      recruiter-kit report --all --format csv > every-interview.csv
    """
    moment = as_of or datetime.now(UTC)
    if not (filters.statuses or everything):
        filters = dataclasses.replace(filters, statuses=OPEN_STATUSES)
    table = output_format == "table"
    with app.session() as session:
        if table:
            rows = stream_report(
                session, moment, filters, from_scratch=from_scratch, worst_first=True
            )
            agency_zone = load_policy(session).default_timezone
            counts = echo_report_table(moment, rows, wide=wide, agency_zone=agency_zone)
        else:  # printed as the rows are read
            indent = 2 if output_format == "json" and sys.stdout.isatty() else None
            counts = write_report(
                session,
                moment,
                filters,
                output_format,
                sys.stdout,
                indent=indent,
                from_scratch=from_scratch,
            )
    if fail_on and fails_on(counts, Status(fail_on)):
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
    echo_report_table(result.as_of, result.rows, wide=wide, agency_zone=agency_zone)


def echo_report_table(
    as_of: datetime, rows: Iterable[ReportRow], *, wide: bool, agency_zone: str
) -> dict[str, int]:
    """Print rows (in the order given) as the report's table, each as it comes, with a
    footer counting them in the agency's time zone; return how many had each status."""
    counts = status_counts(())

    def cells() -> Iterator[tuple[object, ...]]:
        for row in rows:
            counts[row.verdict.status] += 1
            yield _report_cells(row)

    echo_table(REPORT_TABLE_COLUMNS, cells(), colour_column=0, wide=wide, heading_columns=2)
    listed = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    total = sum(counts.values())
    moment = terminal_text(as_of.astimezone(zone(agency_zone)))
    noun = "interview" if total == 1 else "interviews"
    click.echo(f"\n{total} {noun} as of {moment}" + (f": {listed}" if listed else ""))
    return counts


def _report_cells(row: ReportRow) -> tuple[object, ...]:
    verdict = row.verdict  # read as stored: decoding whole verdicts costs more than the table
    by = verdict.next_action_by
    return (
        verdict.status,
        row.interview_ref,
        f"{row.candidate} ({row.candidate_ref})",
        row.company,
        format_time(row.starts_at),
        " ".join(row.finding_codes),
        verdict.next_action,
        None if by is None else _deadline_text(by, row.starts_at.tzinfo),
    )


@lru_cache(maxsize=4096)
def _deadline_text(stored: str, timezone: tzinfo | None) -> str:
    # Many rows share a deadline (a day, or a moment in one zone): each is formatted once.
    moment = stored_moment(stored, str(timezone))
    return "" if moment is None else format_when(moment)
