"""The append-only history: stage and outcome changes, corrections and deletions, and
changes to the policy, the agency's branding and user accounts.

Every entry names the acting person (a user's email, or `cli:<login>` when a command ran
without one). A correction keeps the old and new value of each field as text; a deletion
keeps the whole record as JSON, so nothing a recruiter entered is lost. Passwords are never
kept: a new one is recorded as `PASSWORD_CHANGED`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from recruiter_kit.calendar import zone
from recruiter_kit.models import (
    Candidate,
    Communication,
    Employer,
    EmployerContact,
    HistoryEntry,
    Interview,
    User,
    utcnow,
)
from recruiter_kit.services.refs import resolve_ref

# The `field` of entries that are about a whole record rather than one of its fields.
CREATED = "created"
DELETED = "deleted"

OS_LOGIN_PREFIX = "cli:"

# The `record_kind` of entries about no candidate (`record_ref` names a user by email).
POLICY = "policy"
AGENCY = "agency"
USER = "user"
# Who changes made by the program itself, with no person acting (set-up, tests), are by.
SYSTEM_ACTOR = "system"
# What the history shows for a new password (the hash itself is never kept).
PASSWORD_CHANGED = "password changed"

Record = Candidate | Interview | Communication


def os_login_actor(login: str) -> str:
    """Who a change is attributed to when no user was named: the OS login, marked as such."""
    return f"{OS_LOGIN_PREFIX}{login}"


def record_change(
    session: Session,
    *,
    candidate_id: int,
    field: str,
    from_value: str | None,
    to_value: str,
    changed_by: str,
    interview_id: int | None = None,
    changed_at: datetime | None = None,
) -> HistoryEntry:
    """Append one change of `field` (stage or outcome) to the history."""
    entry = HistoryEntry(
        candidate_id=candidate_id,
        interview_id=interview_id,
        field=field,
        from_value=from_value,
        to_value=to_value,
        changed_by=changed_by,
        changed_at=changed_at or utcnow(),
    )
    session.add(entry)
    return entry


def as_text(value: Any) -> str | None:
    """A field's value as the history shows it (None stays None)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        # One instant, one text: stored moments come back in UTC, new ones in any zone.
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, User):
        return value.email
    if isinstance(value, Employer):
        return value.name
    if isinstance(value, EmployerContact):
        return f"{value.name} ({value.title})" if value.title else value.name
    if isinstance(value, list | tuple):
        return "; ".join(as_text(item) or "" for item in value) or None
    return str(value)


def _owners(record: Record) -> tuple[str, int, int | None]:
    """The record's kind, and the candidate and interview its history belongs to."""
    if isinstance(record, Candidate):
        return "candidate", record.id, None
    if isinstance(record, Interview):
        return "interview", record.candidate_id, record.id
    return "communication", record.interview.candidate_id, record.interview_id


def _entry(
    record: Record, field: str, before: str | None, after: str | None, changed_by: str
) -> HistoryEntry:
    kind, candidate_id, interview_id = _owners(record)
    owners = (candidate_id, interview_id)
    return _new_entry(kind, record.ref, field, before, after, changed_by, *owners)


def _new_entry(
    kind: str,
    ref: str | None,
    field: str,
    before: str | None,
    after: str | None,
    changed_by: str,
    candidate_id: int | None = None,
    interview_id: int | None = None,
) -> HistoryEntry:
    return HistoryEntry(
        candidate_id=candidate_id,
        interview_id=interview_id,
        record_kind=kind,
        record_ref=ref,
        field=field,
        from_value=before,
        to_value=after,
        changed_by=changed_by,
        changed_at=utcnow(),
    )


def record_edit(
    session: Session,
    record: Record,
    changes: Mapping[str, tuple[str | None, str | None]],
    *,
    changed_by: str,
) -> None:
    """Append one entry per changed field: `changes` maps a field to its (old, new) text."""
    session.add_all(
        _entry(record, field, before, after, changed_by)
        for field, (before, after) in changes.items()
    )


def record_creation(
    session: Session, record: Record, content: Mapping[str, Any], *, changed_by: str
) -> None:
    """Append the creation of `record`, with its content."""
    session.add(_entry(record, CREATED, None, _as_json(content), changed_by))


def record_deletion(
    session: Session, record: Record, content: Mapping[str, Any], *, changed_by: str
) -> None:
    """Append the deletion of `record`, keeping its whole content."""
    session.add(_entry(record, DELETED, _as_json(content), None, changed_by))


def record_settings_change(
    session: Session,
    kind: str,
    changes: Mapping[str, tuple[Any, Any]],
    *,
    changed_by: str,
) -> None:
    """Append one entry per setting whose value changed: `kind` is POLICY or AGENCY and
    `changes` maps a setting to its (old, new) value."""
    session.add_all(
        _new_entry(kind, None, name, as_text(before), as_text(after), changed_by)
        for name, (before, after) in changes.items()
        if as_text(before) != as_text(after)
    )


def record_user_change(
    session: Session,
    email: str,
    changes: Mapping[str, tuple[Any, Any]],
    *,
    changed_by: str,
) -> None:
    """Append one entry per changed field of the account `email` (CREATED with its content as
    JSON, or a field's (old, new) value; pass PASSWORD_CHANGED, never a password or hash)."""
    session.add_all(
        _new_entry(USER, email, field, as_text(before), as_text(after), changed_by)
        for field, (before, after) in changes.items()
        if as_text(before) != as_text(after)
    )


def user_content(email: str, name: str, role: Any, active: bool, password: bool) -> str:
    """A new account's content as the history keeps it (whether it has a password, not which)."""
    return _as_json(
        {
            "email": email,
            "name": name,
            "role": role,
            "active": active,
            "password": "set" if password else None,
        }
    )


def _as_json(content: Mapping[str, Any]) -> str:
    return json.dumps({name: as_text(value) for name, value in content.items()}, sort_keys=False)


@dataclass(frozen=True, slots=True)
class HistoryFilter:
    """Which history entries to show."""

    candidate: str | None = None  # ref
    changed_by: str | None = None  # a user's email, or cli:<login>
    since: date | None = None  # from the start of this day, in the agency's time zone
    limit: int | None = None  # the newest this many
    recruiter: str | None = None  # only candidates of this recruiter (email)


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One history entry, with the records it concerns named by ref."""

    changed_at: datetime
    changed_by: str
    candidate: str | None  # None for the policy, the branding and accounts
    record: str  # e.g. "interview I-000001", "policy", "user kdennis@agency.example"
    field: str
    from_value: str | None
    to_value: str | None


def list_history(session: Session, filters: HistoryFilter | None = None) -> list[HistoryRow]:
    """History entries matching `filters`, oldest first."""
    filters = filters or HistoryFilter()
    interview = aliased(Interview)
    query = (
        select(HistoryEntry, Candidate.ref, interview.ref)
        .outerjoin(Candidate, Candidate.id == HistoryEntry.candidate_id)
        .outerjoin(interview, interview.id == HistoryEntry.interview_id)
        .order_by(HistoryEntry.changed_at.desc(), HistoryEntry.id.desc())
    )
    if filters.candidate is not None:
        query = query.where(Candidate.ref == resolve_ref(session, Candidate, filters.candidate))
    if filters.changed_by:
        by = filters.changed_by.strip()
        if not by.startswith(OS_LOGIN_PREFIX):
            by = by.lower()
        query = query.where(HistoryEntry.changed_by == by)
    if filters.recruiter is not None:
        owner = select(User.id).where(User.email == filters.recruiter.strip().lower())
        query = query.where(Candidate.recruiter_id == owner.scalar_subquery())
    if filters.since is not None:
        # Imported here: changing the policy writes history, so policy imports this module.
        from recruiter_kit.services.policy import load_policy

        start = datetime.combine(filters.since, time(), zone(load_policy(session).default_timezone))
        query = query.where(HistoryEntry.changed_at >= start)
    if filters.limit is not None:
        query = query.limit(filters.limit)
    rows = [
        HistoryRow(
            changed_at=entry.changed_at,
            changed_by=entry.changed_by,
            candidate=candidate_ref,
            record=_record_name(entry, candidate_ref, interview_ref),
            field=entry.field,
            from_value=entry.from_value,
            to_value=entry.to_value,
        )
        for entry, candidate_ref, interview_ref in session.execute(query)
    ]
    rows.reverse()
    return rows


def _record_name(entry: HistoryEntry, candidate_ref: str | None, interview_ref: str | None) -> str:
    # Entries written before records were named belong to their interview, else candidate.
    if entry.record_kind and entry.record_ref:
        return f"{entry.record_kind} {entry.record_ref}"
    if entry.record_kind in (POLICY, AGENCY):
        return entry.record_kind
    if interview_ref is not None:
        return f"interview {interview_ref}"
    return f"candidate {candidate_ref}"
