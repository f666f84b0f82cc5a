"""The data a handout prints: one interview as of a moment, with every date worked out.

Views are plain, immutable, picklable data (strings ready for people), so worker processes
can render them without a database. They are built from the interview read model
(`services.views.interview_details`) with the verdict `services.reports.judge_interviews`
gives (the report's, judged for just those interviews, so a handout's next step is the
report's) and the dates the rules engine works out for the same facts. A batch keeps the
selected refs and builds their views a few at a time (`PreparedViews`).
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from recruiter_kit.calendar import BusinessCalendar
from recruiter_kit.enums import CommunicationKind, ContactPreference, Outcome, Status
from recruiter_kit.errors import RecruiterKitError, ValidationError
from recruiter_kit.handouts.formatting import long_date, long_moment, long_when
from recruiter_kit.policy import Policy
from recruiter_kit.rules import CandidateFacts, CommunicationFacts, InterviewFacts
from recruiter_kit.rules.context import Context
from recruiter_kit.rules.definitions import rejection_deadline
from recruiter_kit.services.agency import Branding, load_branding
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.reports import judge_interviews
from recruiter_kit.services.users import list_users
from recruiter_kit.services.views import CommunicationEntry, InterviewDetail, interview_details

NOTES_LIMIT = 900  # characters of interview notes that fit beside everything else
PEOPLE_LIMIT = 6  # interviewers listed by name; more are counted
LOGO_LIMIT = 2_000_000  # bytes
PREPARED_TOGETHER = 25  # views built per transaction by PreparedViews (a batch's chunk)


class DraftKind(StrEnum):
    """The message drafts a candidate can personalise and send."""

    THANK_YOU = "thank-you"
    FOLLOW_UP = "follow-up"
    REJECTION_THANK_YOU = "rejection-thank-you"


@dataclass(frozen=True, slots=True)
class Person:
    """Someone the candidate met."""

    name: str
    title: str | None


@dataclass(frozen=True, slots=True)
class AgencyView:
    """The agency's branding, ready to print (the logo as a data: URI)."""

    name: str
    address: str | None
    phone: str | None
    email: str | None
    logo_uri: str | None
    accent_colour: str
    paper_size: str


@dataclass(frozen=True, slots=True)
class Done:
    """A step already taken, and when."""

    what: str
    on: str


@dataclass(frozen=True, slots=True)
class FindingView:
    """One rule finding: its code picks the handout's wording, the message is the fallback."""

    code: str
    severity: str
    message: str
    due: str | None


@dataclass(frozen=True, slots=True)
class HandoutView:
    """Everything one handout prints."""

    interview_ref: str
    candidate_ref: str
    as_of: str
    agency: AgencyView
    recruiter_name: str | None
    recruiter_email: str | None
    candidate_name: str
    timezone: str
    company: str
    position: str
    round: int
    format: str
    starts_at: str
    people: tuple[Person, ...]
    more_people: int
    notes: str | None
    notes_cut: bool
    # Where things stand
    status: str
    started: bool
    ended: bool
    outcome: str  # as known at as_of
    next_action: str | None
    next_action_by: str | None
    findings: tuple[FindingView, ...]
    # The plan, with dates from the rules engine
    email_by: str
    note_mail_by: str
    note_arrives_from: str
    note_arrives_to: str
    thank_you_done: Done | None
    decision_by: str | None
    timeline_asked: bool
    follow_up_opens: str
    follow_up_closes: str
    follow_ups: tuple[Done, ...]
    contact_preference: str | None
    rejection_thanks_by: str | None
    rejection_thanks_done: Done | None
    # The policy's own numbers
    email_hours: int
    note_min_days: int
    note_max_days: int
    max_follow_ups: int
    follow_up_spacing_days: int
    drafts: tuple[DraftKind, ...]  # the draft of the message due next, if any

    @property
    def file_stem(self) -> str:
        """`<candidate-ref>-<interview-ref>`: the name of this handout's own file."""
        return f"{self.candidate_ref}-{self.interview_ref}"


@dataclass(frozen=True, slots=True)
class Failure:
    """A handout that could not be made, and why (one line)."""

    interview_ref: str
    candidate_ref: str
    message: str


@dataclass(frozen=True, slots=True)
class ViewBasis:
    """What every handout of a batch shares: read once, so a batch prepared a chunk at a time
    loads the policy, the branding (and its logo file) and the recruiters' names once."""

    policy: Policy
    calendar: BusinessCalendar
    agency: AgencyView | RecruiterKitError  # the error fails every handout (a missing logo)
    recruiter_names: dict[str, str | None]  # by email


def view_basis(session: Session) -> ViewBasis:
    """The policy, branding and recruiters' names handouts are built with, as stored now."""
    policy = load_policy(session)
    try:
        agency: AgencyView | RecruiterKitError = agency_view(load_branding(session))
    except RecruiterKitError as error:  # e.g. the logo file has gone missing
        agency = error
    return ViewBasis(
        policy=policy,
        calendar=BusinessCalendar.for_policy(policy),
        agency=agency,
        recruiter_names={user.email: user.name or None for user in list_users(session)},
    )


def build_views(
    session: Session, refs: Sequence[str], as_of: datetime, basis: ViewBasis | None = None
) -> list[HandoutView | Failure]:
    """One view per interview ref (exact refs, as `select_interviews` gives them), in the
    same order; a broken record, or one deleted since it was selected, becomes a Failure."""
    basis = basis or view_basis(session)
    rows = judge_interviews(session, refs, as_of, basis.policy)
    built: dict[str, HandoutView | Failure] = {}
    for detail in interview_details(session, [rows[ref] for ref in refs if ref in rows], as_of):
        try:
            if isinstance(basis.agency, RecruiterKitError):
                raise basis.agency
            recruiter = basis.recruiter_names.get(detail.recruiter) if detail.recruiter else None
            built[detail.ref] = _view(detail, recruiter, basis.agency, basis.policy, basis.calendar)
        except RecruiterKitError as error:
            built[detail.ref] = Failure(detail.ref, detail.candidate_ref, str(error))
    gone = "no longer exists (deleted since the batch started)"
    return [built.get(ref) or Failure(ref, "", f"interview {ref} {gone}") for ref in refs]


class PreparedViews:
    """The views of selected interviews, built a few at a time as they are taken, each few
    in its own short transaction: a batch of thousands holds their refs, not their views,
    and no transaction stays open while the handouts are rendered and written.

    Sized (for progress) and taken once, in order, like the list `render_batch` also takes.
    """

    def __init__(
        self,
        sessions: Callable[[], AbstractContextManager[Session]],
        refs: Sequence[str],
        as_of: datetime,
        basis: ViewBasis,
        *,
        batch_size: int = PREPARED_TOGETHER,
    ) -> None:
        self.sessions = sessions
        self.refs = refs
        self.as_of = as_of
        self.basis = basis
        self.batch_size = batch_size

    def __len__(self) -> int:
        return len(self.refs)

    def __iter__(self) -> Iterator[HandoutView | Failure]:
        for start in range(0, len(self.refs), self.batch_size):
            with self.sessions() as session:
                views = build_views(
                    session, self.refs[start : start + self.batch_size], self.as_of, self.basis
                )
            # Handed out only once the transaction has ended: a consumer of these views may
            # write (progress, on SQLite) while it waits for the next ones.
            yield from views


def agency_view(branding: Branding) -> AgencyView:
    """The branding ready to print; the logo file is read here and must exist."""
    return AgencyView(
        name=branding.name,
        address=branding.address,
        phone=branding.phone,
        email=branding.email,
        logo_uri=None if branding.logo is None else _logo_uri(branding.logo),
        accent_colour=branding.accent_colour,
        paper_size=branding.paper_size.value,
    )


def _logo_uri(path: str) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ValidationError(
            "agency", "logo", f"cannot read the logo file {path}: {error.strerror or error}"
        ) from None
    if len(data) > LOGO_LIMIT:
        raise ValidationError("agency", "logo", f"the logo file {path} is larger than 2 MB")
    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def interview_facts(detail: InterviewDetail) -> tuple[CandidateFacts, InterviewFacts]:
    """The rules' facts about one interview."""
    return (
        CandidateFacts(detail.candidate_ref, detail.candidate, detail.zone),
        InterviewFacts(
            ref=detail.ref,
            starts_at=detail.starts_at,
            ends_at=detail.ends_at,
            decision_by=detail.decision_by,
            timeline_asked=detail.timeline_asked,
            contact_preference=detail.contact_preference,
            outcome=detail.outcome,
            outcome_at=detail.outcome_at,
            communications=tuple(
                CommunicationFacts(item.kind, item.at, item.channel, item.arrived_on)
                for item in detail.communications
            ),
        ),
    )


def _view(
    detail: InterviewDetail,
    recruiter_name: str | None,
    agency: AgencyView,
    policy: Policy,
    calendar: BusinessCalendar,
) -> HandoutView:
    ctx = Context(*interview_facts(detail), policy, calendar, detail.as_of)
    assessment = detail.assessment
    action = assessment.next_action
    opens, closes = ctx.follow_up_window
    notes, cut = _cut(detail.notes)
    rejected = ctx.outcome == Outcome.REJECTED
    rejection_by = rejection_deadline(ctx)[1] if rejected else None
    thank_you = _thank_you_done(ctx)
    follow_ups = tuple(
        Done(f"Follow-up by {event.comm.channel or 'message'}", long_moment(ctx.local(event.at)))
        for event in ctx.follow_ups
    )
    people = [Person(person.name, person.title) for person in detail.interviewers]
    return HandoutView(
        interview_ref=detail.ref,
        candidate_ref=detail.candidate_ref,
        as_of=long_moment(ctx.local(ctx.now)),
        agency=agency,
        recruiter_name=recruiter_name,
        recruiter_email=detail.recruiter,
        candidate_name=detail.candidate,
        timezone=detail.zone,
        company=detail.company,
        position=detail.position,
        round=detail.round,
        format=detail.format.value,
        starts_at=long_moment(ctx.local(ctx.start)),
        people=tuple(people[:PEOPLE_LIMIT]),
        more_people=max(0, len(people) - PEOPLE_LIMIT),
        notes=notes,
        notes_cut=cut,
        status=assessment.status.value,
        started=ctx.started,
        ended=ctx.ended,
        outcome=ctx.outcome.value,
        next_action=action.action if action else None,
        next_action_by=long_when(_local(ctx, action.by)) if action and action.by else None,
        findings=tuple(
            FindingView(
                finding.code,
                finding.severity.value,
                finding.message,
                long_when(_local(ctx, finding.due)) if finding.due else None,
            )
            for finding in assessment.findings
        ),
        email_by=long_moment(ctx.local(ctx.email_deadline)),
        note_mail_by=long_date(ctx.note_mail_by),
        note_arrives_from=long_date(
            calendar.add_bd(ctx.iday, policy.note_arrival_min_business_days)
        ),
        note_arrives_to=long_date(calendar.add_bd(ctx.iday, policy.note_arrival_max_business_days)),
        thank_you_done=thank_you,
        decision_by=long_date(detail.decision_by) if detail.decision_by else None,
        timeline_asked=detail.timeline_asked,
        follow_up_opens=long_date(opens),
        follow_up_closes=long_date(closes),
        follow_ups=follow_ups,
        contact_preference=(
            None
            if detail.contact_preference == ContactPreference.NONE
            else detail.contact_preference.value
        ),
        rejection_thanks_by=long_date(rejection_by) if rejection_by else None,
        rejection_thanks_done=_rejection_thanks_done(ctx, detail.communications),
        email_hours=policy.thank_you_email_hours,
        note_min_days=policy.note_arrival_min_business_days,
        note_max_days=policy.note_arrival_max_business_days,
        max_follow_ups=policy.max_follow_ups_without_reply,
        follow_up_spacing_days=policy.min_business_days_between_follow_ups,
        drafts=_drafts(ctx, assessment.status, thank_you is not None),
    )


def _local(ctx: Context, value: date | datetime) -> date | datetime:
    return ctx.local(value) if isinstance(value, datetime) else value


def _cut(notes: str | None) -> tuple[str | None, bool]:
    """Notes that fit the page; longer ones are cut at a word and marked."""
    if not notes or not notes.strip():
        return None, False
    notes = notes.strip()
    if len(notes) <= NOTES_LIMIT:
        return notes, False
    cut = notes[:NOTES_LIMIT].rsplit(maxsplit=1)[0]
    return cut, True


def _thank_you_done(ctx: Context) -> Done | None:
    sent = [event for event in (ctx.first_email, ctx.first_note) if event is not None]
    if not sent:
        return None
    first = min(sent, key=lambda event: event.at)
    if first.comm.kind == CommunicationKind.THANK_YOU_EMAIL:
        return Done("Thank-you email sent", long_moment(ctx.local(first.at)))
    return Done("Handwritten note mailed", long_date(ctx.local_date(first.at)))


def _rejection_thanks_done(
    ctx: Context, communications: Sequence[CommunicationEntry]
) -> Done | None:
    for item in communications:
        if item.kind == CommunicationKind.REJECTION_THANK_YOU and item.at <= ctx.now:
            return Done("Thank-you after the decision sent", long_date(ctx.local_date(item.at)))
    return None


def _drafts(ctx: Context, status: Status, thanked: bool) -> tuple[DraftKind, ...]:
    """The draft for the message due next, if any (one, so the handout keeps to two pages)."""
    if ctx.outcome == Outcome.REJECTED:
        return () if ctx.rejection_thanks_sent else (DraftKind.REJECTION_THANK_YOU,)
    if not ctx.pending:
        return ()
    if not thanked:
        return (DraftKind.THANK_YOU,)
    if not ctx.follow_ups and status != Status.SCHEDULED:
        return (DraftKind.FOLLOW_UP,)
    return ()
