"""`recruiter-kit interviews` and `recruiter-kit log`: interviews and their follow-ups."""

from __future__ import annotations

from datetime import UTC, date, datetime

import click

from recruiter_kit.cli.context import AppContext
from recruiter_kit.cli.output import echo_json, echo_record, echo_table, format_option
from recruiter_kit.cli.params import DAY, LOCAL_MOMENT, MOMENT
from recruiter_kit.enums import (
    Channel,
    CommunicationKind,
    ContactPreference,
    InterviewFormat,
    Outcome,
    choices,
)
from recruiter_kit.services import interviews as interview_service
from recruiter_kit.services.candidates import candidate_timezone, get_candidate
from recruiter_kit.services.reports import ReportFilter, build_report, report_to_dict
from recruiter_kit.services.validation import in_zone, localise


@click.group(short_help="Add interviews, check follow-ups, record outcomes.")
def interviews() -> None:
    """Add interviews, see how their follow-up stands, record outcomes."""


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
        click.echo(interview.ref)


@interviews.command("show", short_help="Show an interview and how its follow-up stands.")
@click.argument("ref")
@click.option("--as-of", type=MOMENT, help="Judge the follow-up as of this moment (default: now).")
@format_option("table", "json")
@click.pass_obj
def interviews_show(app: AppContext, ref: str, as_of: datetime | None, output_format: str) -> None:
    """Show an interview, its communications and how its follow-up stands.

    \b
    Example:
      recruiter-kit interviews show I-000001
    """
    as_of = as_of or datetime.now(UTC)
    with app.session() as session:
        interview = interview_service.get_interview(session, ref)
        timezone = candidate_timezone(session, interview.candidate)
        report = build_report(session, as_of, ReportFilter(interview=ref, include_archived=True))
        verdict = report_to_dict(report)["interviews"][0]
        details = {
            "ref": interview.ref,
            "candidate": f"{interview.candidate.name} ({interview.candidate.ref})",
            "company": interview.employer.name,
            "position": interview.position,
            "round": interview.round,
            "format": interview.format.value,
            "starts_at": in_zone(interview.starts_at, timezone),
            "ends_at": in_zone(interview.ends_at, timezone),
            "interviewers": ", ".join(
                f"{person.name} ({person.title})" if person.title else person.name
                for person in interview.interviewers
            ),
            "decision_by": interview.decision_by,
            "timeline_asked": interview.timeline_asked,
            "contact_preference": interview.contact_preference.value,
            "outcome": interview.outcome.value,
            "outcome_at": in_zone(interview.outcome_at, timezone),
            "notes": interview.notes,
        }
        communications = [
            {
                "ref": item.ref,
                "kind": item.kind.value,
                "channel": item.channel.value if item.channel else None,
                "at": in_zone(item.at, timezone),
                "arrived_on": item.arrived_on,
                "summary": item.summary,
            }
            for item in interview.communications
        ]
    if output_format == "json":
        echo_json(
            details
            | {
                "communications": communications,
                "status": verdict["status"],
                "findings": verdict["findings"],
                "next_action": verdict["next_action"],
            }
        )
        return
    echo_record(list(details.items()))
    click.echo("\nCommunications:")
    echo_table(
        ("ref", "kind", "channel", "at", "arrived_on", "summary"),
        [tuple(row.values()) for row in communications],
    )
    click.echo(f"\nStatus as of {as_of.isoformat(timespec='minutes')}: {verdict['status']}")
    for finding in verdict["findings"]:
        click.echo(f"  [{finding['severity']}] {finding['code']}: {finding['message']}")
    if verdict["next_action"]:
        click.echo(f"Next: {verdict['next_action']['action']}")


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
        click.echo(f"{interview.ref}: {interview.outcome.value}")


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
        )
        click.echo(communication.ref)
