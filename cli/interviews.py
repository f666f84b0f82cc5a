"""`recruiter-kit interviews` and `recruiter-kit log`: interviews and their follow-ups."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime

import click

from recruiter_kit.calendar import zone
from recruiter_kit.enums import (
    Channel,
    CommunicationKind,
    ContactPreference,
    InterviewFormat,
    Outcome,
    choices,
)
from recruiter_kit.services import interviews as interview_service
from recruiter_kit.services import views
from recruiter_kit.services.candidates import candidate_timezone, get_candidate
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.reports import Report, ReportFilter
from recruiter_kit.services.validation import localise

from .context import AppContext
from .filters import report_filter_options
from .output import (
    STATUS_COLOURS,
    colour_option,
    echo_json,
    echo_record,
    echo_table,
    format_option,
    terminal_text,
    wide_option,
)
from .params import DAY, LOCAL_MOMENT, MOMENT
from .report import echo_report


@click.group(short_help="Add interviews, check follow-ups, record outcomes.")
def interviews() -> None:
    """Add interviews, see how their follow-up stands, record outcomes."""


COMMUNICATION_COLUMNS = ("ref", "kind", "channel", "at", "arrived_on", "summary")


def _parse_interviewer(text: str) -> interview_service.Interviewer:
    name, _, title = text.partition(",")
    return interview_service.Interviewer(name=name.strip(), title=title.strip() or None)


@interviews.command("add")
@click.argument("candidate_ref")
@click.option("--company", required=True, help="The employer.")
@click.option("--position", required=True, help="The job interviewed for.")
@click.option(
    "--starts-at",
    type=LOCAL_MOMENT,
    required=True,
    help="ISO 8601; without an offset it is the candidate's local time.",
)
@click.option("--ends-at", type=LOCAL_MOMENT, help="Default: one hour after the start.")
@click.option("--ref", help="Your own reference (default: generated, like I-000123).")
@click.option("--round", "round_", type=click.IntRange(min=1), default=1, show_default=True)
@click.option(
    "--format",
    "interview_format",
    type=click.Choice(choices(InterviewFormat)),
    default=InterviewFormat.ONSITE.value,
    show_default=True,
)
@click.option(
    "--interviewer",
    "interviewers",
    multiple=True,
    metavar="'NAME, TITLE'",
    help="Someone the candidate met (repeatable).",
)
@click.option("--decision-by", type=DAY, help="The date the employer promised a decision by.")
@click.option("--timeline-asked", is_flag=True, help="The candidate asked about the timeline.")
@click.option(
    "--contact-preference",
    type=click.Choice(choices(ContactPreference)),
    default=ContactPreference.NONE.value,
    show_default=True,
    help="How the interviewer asked to be contacted.",
)
@click.option("--notes", help="E.g. challenges the company is facing.")
@click.pass_obj
def interviews_add(
    app: AppContext,
    candidate_ref: str,
    company: str,
    position: str,
    starts_at: datetime,
    ends_at: datetime | None,
    ref: str | None,
    round_: int,
    interview_format: str,
    interviewers: tuple[str, ...],
    decision_by: date | None,
    timeline_asked: bool,
    contact_preference: str,
    notes: str | None,
) -> None:
    """Add an interview for a candidate and print its ref.

    \b
    Example:
      recruiter-kit interviews add C-000001 --company "Acme Corp" \\
        --position "Account Manager" --starts-at 2026-03-02T10:00 --ends-at 2026-03-02T10:45 \\
        --interviewer "Jane Smith, Hiring Manager" --contact-preference email
    """
    with app.session() as session:
        candidate = get_candidate(session, candidate_ref)
        timezone = candidate_timezone(session, candidate)
        interview = interview_service.add_interview(
            session,
            candidate_ref=candidate_ref,
            company=company,
            position=position,
            starts_at=localise(starts_at, timezone),
            ends_at=localise(ends_at, timezone) if ends_at else None,
            ref=ref,
            round=round_,
            format=InterviewFormat(interview_format),
            interviewers=tuple(_parse_interviewer(text) for text in interviewers),
            decision_by=decision_by,
            timeline_asked=timeline_asked,
            contact_preference=ContactPreference(contact_preference),
            notes=notes,
            changed_by=app.actor,
        )
        click.echo(terminal_text(interview.ref))


@interviews.command("list", short_help="List interviews by start, with their follow-up status.")
@click.option("--as-of", type=MOMENT, help="Judge the follow-ups as of this moment (default: now).")
@click.option("--from", "starts_from", type=DAY, help="Only interviews starting on or after DATE.")
@click.option("--to", "starts_to", type=DAY, help="Only interviews starting on or before DATE.")
@report_filter_options
@format_option("table", "json", "csv")
@wide_option
@colour_option
@click.pass_obj
def interviews_list(
    app: AppContext,
    as_of: datetime | None,
    starts_from: date | None,
    starts_to: date | None,
    filters: ReportFilter,
    output_format: str,
    wide: bool,
) -> None:
    """List interviews by start time, with where each follow-up stands.

    Takes the report's filters; --from and --to are the candidate's local dates
    (inclusive). JSON and CSV come in the report's shape.

    \b
    Examples:
      recruiter-kit interviews list --from 2026-03-02 --to 2026-03-06
      recruiter-kit interviews list --candidate C-000001 --format json
    """
    page_as_of = as_of or datetime.now(UTC)
    with app.session() as session:
        page = views.list_interviews(
            session,
            page_as_of,
            filters,
            starts_from=starts_from,
            starts_to=starts_to,
        )
        agency_zone = load_policy(session).default_timezone
    listing = Report(as_of=page_as_of, rows=list(page.items))
    echo_report(listing, output_format, wide=wide, agency_zone=agency_zone)


@interviews.command("show", short_help="Show an interview and how its follow-up stands.")
@click.argument("ref")
@click.option("--as-of", type=MOMENT, help="Judge the follow-up as of this moment (default: now).")
@format_option("table", "json")
@colour_option
@click.pass_obj
def interviews_show(app: AppContext, ref: str, as_of: datetime | None, output_format: str) -> None:
    """Show an interview, its communications and how its follow-up stands.

    \b
    Example:
      recruiter-kit interviews show I-000001
    """
    with app.session() as session:
        detail = views.interview_detail(session, ref, as_of or datetime.now(UTC))
    details = {
        "ref": detail.ref,
        "candidate": f"{detail.candidate} ({detail.candidate_ref})",
        "company": detail.company,
        "position": detail.position,
        "round": detail.round,
        "format": detail.format,
        "starts_at": detail.starts_at,
        "ends_at": detail.ends_at,
        "interviewers": ", ".join(person.label for person in detail.interviewers),
        "decision_by": detail.decision_by,
        "timeline_asked": detail.timeline_asked,
        "contact_preference": detail.contact_preference,
        "outcome": detail.outcome,
        "outcome_at": detail.outcome_at,
        "notes": detail.notes,
    }
    communications = [
        (item.ref, item.kind, item.channel, item.at, item.arrived_on, item.summary)
        for item in detail.communications
    ]
    action = detail.next_action
    if output_format == "json":
        echo_json(
            details
            | {
                "communications": [
                    dict(zip(COMMUNICATION_COLUMNS, row, strict=True)) for row in communications
                ],
                "status": detail.status,
                "findings": [asdict(finding) for finding in detail.findings],
                "next_action": action and asdict(action),
            }
        )
        return
    echo_record(list(details.items()))
    click.echo("\nCommunications:")
    echo_table(COMMUNICATION_COLUMNS, communications)
    status = click.style(detail.status.value, fg=STATUS_COLOURS[detail.status.value])
    moment = terminal_text(detail.as_of.astimezone(zone(detail.zone)))
    click.echo(f"\nStatus as of {moment}: {status}")
    for finding in detail.findings:
        click.echo(f"  [{finding.severity.value}] {finding.code}: {terminal_text(finding.message)}")
    if action:
        by = f" (by {terminal_text(action.by)})" if action.by else ""
        click.echo(f"Next: {terminal_text(action.action)}{by}")


@interviews.command("set-outcome", short_help="Record the employer's decision.")
@click.argument("ref")
@click.argument("outcome", type=click.Choice(choices(Outcome)))
@click.option("--at", type=MOMENT, help="When the decision was made known (default: now).")
@click.pass_obj
def interviews_set_outcome(app: AppContext, ref: str, outcome: str, at: datetime | None) -> None:
    """Record the employer's decision on an interview (kept in the history).

    \b
    Example:
      recruiter-kit interviews set-outcome I-000001 rejected --at 2026-03-10T15:00-05:00
    """
    with app.session() as session:
        interview = interview_service.set_outcome(
            session, ref, Outcome(outcome), at=at, changed_by=app.actor
        )
        click.echo(f"{terminal_text(interview.ref)}: {interview.outcome.value}")


@click.command("log", short_help="Record a thank-you, follow-up or reply.")
@click.argument("interview_ref")
@click.argument("kind", type=click.Choice(choices(CommunicationKind)))
@click.option(
    "--at",
    type=LOCAL_MOMENT,
    help="When it was sent or received; without an offset, the candidate's local time "
    "(default: now).",
)
@click.option("--channel", type=click.Choice(choices(Channel)), help="Default: by kind.")
@click.option("--arrived-on", type=DAY, help="For a handwritten note: the day it arrived.")
@click.option("--summary", help="A line about what was said.")
@click.pass_obj
def log(
    app: AppContext,
    interview_ref: str,
    kind: str,
    at: datetime | None,
    channel: str | None,
    arrived_on: date | None,
    summary: str | None,
) -> None:
    """Record a communication about an interview: a thank-you, a follow-up, a reply.

    \b
    Kinds: thank_you_email, thank_you_note (mailed), follow_up (needs --channel),
    employer_contact (the employer got in touch), rejection_thank_you.

    \b
    Example:
      recruiter-kit log I-000001 thank_you_email --at 2026-03-02T16:00
      recruiter-kit log I-000001 follow_up --channel email --summary "Asked for an update"
    """
    with app.session() as session:
        interview = interview_service.get_interview(session, interview_ref)
        timezone = candidate_timezone(session, interview.candidate)
        moment = localise(at, timezone) if at else datetime.now(UTC)
        communication = interview_service.log_communication(
            session,
            interview_ref,
            CommunicationKind(kind),
            at=moment,
            channel=Channel(channel) if channel else None,
            arrived_on=arrived_on,
            summary=summary,
            changed_by=app.actor,
        )
        click.echo(terminal_text(communication.ref))
