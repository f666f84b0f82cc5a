"""The communications log: listing, showing, correcting and deleting logged communications.

Corrections and deletions go into the history with the acting person; a deleted
communication's content is kept there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from recruiter_kit.enums import Channel, CommunicationKind
from recruiter_kit.errors import ValidationError
from recruiter_kit.models import Candidate, Communication, Interview
from recruiter_kit.services.editing import (
    MOMENT,
    OPTIONAL_DAY,
    Edit,
    EditableField,
    apply_changes,
    choice,
    text,
)
from recruiter_kit.services.history import record_deletion, record_edit
from recruiter_kit.services.interviews import communication_content
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.refs import resolve_ref
from recruiter_kit.services.validation import (
    check_arrival,
    check_channel,
    check_communication_time,
    check_version,
)
from recruiter_kit.services.views import CommunicationEntry, communication_entry, entry_fields

COMMUNICATION_FIELDS: Mapping[str, EditableField] = {
    "kind": EditableField(choice(CommunicationKind)),
    "channel": EditableField(choice(Channel, can_clear=True)),
    "at": EditableField(MOMENT),
    "arrived_on": EditableField(OPTIONAL_DAY),
    "summary": EditableField(text(Communication.summary)),
    "body": EditableField(text(Communication.body, multiline=True)),
}


@dataclass(frozen=True, slots=True)
class CommunicationFilter:
    """Which communications a listing shows."""

    interview: str | None = None  # ref
    candidate: str | None = None  # ref
    kind: CommunicationKind | None = None


@dataclass(frozen=True, slots=True)
class CommunicationDetail(CommunicationEntry):
    """A logged communication as screens show it on its own: the entry an interview lists,
    with its candidate and company (times in the candidate's time zone)."""

    candidate: str
    candidate_name: str
    company: str


def get_communication(session: Session, ref: str) -> Communication:
    """The communication `ref` names (see `resolve_ref`), with its interview and candidate."""
    return session.scalars(
        select(Communication)
        .where(Communication.ref == resolve_ref(session, Communication, ref))
        .options(
            joinedload(Communication.interview).options(
                joinedload(Interview.candidate), joinedload(Interview.employer)
            )
        )
    ).one()


def communication_detail(session: Session, ref: str) -> CommunicationDetail:
    """One communication, ready to show."""
    communication = get_communication(session, ref)
    return _detail(communication, load_policy(session).default_timezone)


def list_communications(
    session: Session, filters: CommunicationFilter | None = None
) -> list[CommunicationDetail]:
    """Communications matching `filters`, oldest first."""
    filters = filters or CommunicationFilter()
    query = (
        select(Communication)
        .join(Communication.interview)
        .join(Interview.candidate)
        .options(
            joinedload(Communication.interview).options(
                joinedload(Interview.candidate), joinedload(Interview.employer)
            )
        )
        .order_by(Communication.at, Communication.id)
    )
    if filters.interview is not None:
        query = query.where(Interview.ref == resolve_ref(session, Interview, filters.interview))
    if filters.candidate is not None:
        query = query.where(Candidate.ref == resolve_ref(session, Candidate, filters.candidate))
    if filters.kind is not None:
        query = query.where(Communication.kind == filters.kind)
    default_timezone = load_policy(session).default_timezone
    return [_detail(item, default_timezone) for item in session.scalars(query)]


def _detail(communication: Communication, default_timezone: str) -> CommunicationDetail:
    interview = communication.interview
    candidate = interview.candidate
    entry = communication_entry(communication, candidate.timezone or default_timezone)
    return CommunicationDetail(
        **entry_fields(entry),
        candidate=candidate.ref,
        candidate_name=candidate.name,
        company=interview.employer.name,
    )


def edit_communication(
    session: Session,
    ref: str,
    changes: Mapping[str, object],
    *,
    changed_by: str,
    expected_version: int | None = None,
) -> Edit[Communication]:
    """Correct a logged communication (see COMMUNICATION_FIELDS), recording each change.

    A new kind that implies its channel (a thank-you email goes by email) takes that
    channel unless one is given.
    """
    communication = get_communication(session, ref)
    label = f"communication {communication.ref}"
    check_version(label, communication.version_id, expected_version)
    if "kind" in changes and "channel" not in changes:
        kind = COMMUNICATION_FIELDS["kind"].check(
            session, communication, changes["kind"], label, "kind"
        )
        if kind.default_channel is not None:
            changes = {**changes, "channel": kind.default_channel}
    changed = apply_changes(session, communication, COMMUNICATION_FIELDS, changes, label)
    communication.channel = check_channel(communication.kind, communication.channel, label)
    if communication.channel is None:
        raise ValidationError(
            label, "channel", f"a {communication.kind.value} needs a channel (email, phone…)"
        )
    check_arrival(communication.kind, communication.at, communication.arrived_on, label)
    check_communication_time(
        communication.kind, communication.at, communication.interview.starts_at, label
    )
    if changed:
        session.flush()
        record_edit(session, communication, changed, changed_by=changed_by)
    return Edit(communication, changed)


def record_note_arrival(
    session: Session,
    ref: str,
    arrived_on: date,
    *,
    changed_by: str,
    expected_version: int | None = None,
) -> Edit[Communication]:
    """Record the day a mailed thank-you note arrived, on the note itself (not a new entry)."""
    return edit_communication(
        session,
        ref,
        {"arrived_on": arrived_on},
        changed_by=changed_by,
        expected_version=expected_version,
    )


def delete_communication(
    session: Session, ref: str, *, changed_by: str, expected_version: int | None = None
) -> CommunicationDetail:
    """Delete a logged communication; its content stays in the history."""
    communication = get_communication(session, ref)
    label = f"communication {communication.ref}"
    check_version(label, communication.version_id, expected_version)
    detail = _detail(communication, load_policy(session).default_timezone)
    content = communication_content(communication)
    record_deletion(session, communication, content, changed_by=changed_by)
    # Out of the interview's list too, so anything judging it in this session sees it gone.
    communication.interview.communications.remove(communication)
    session.delete(communication)
    session.flush()
    return detail
