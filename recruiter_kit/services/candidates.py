"""Candidates: adding, finding, moving through the pipeline, archiving."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from recruiter_kit.enums import Stage
from recruiter_kit.errors import DuplicateError, NotFoundError
from recruiter_kit.models import Candidate, HistoryEntry, Interview, User
from recruiter_kit.services.history import as_text, record_change, record_edit
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.refs import allocate_ref, resolve_ref
from recruiter_kit.services.validation import (
    check_email,
    check_text,
    check_timezone,
    check_version,
    max_length,
)

AnySelect = TypeVar("AnySelect", bound="Select[*tuple[Any, ...]]")


@dataclass(frozen=True, slots=True)
class CandidateFilter:
    """Which candidates a listing shows."""

    recruiter: str | None = None  # email
    stage: Stage | None = None
    search: str | None = None  # part of the name, email or ref
    include_archived: bool = False


def add_candidate(
    session: Session,
    *,
    name: str,
    ref: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    mailing_address: str | None = None,
    timezone: str | None = None,
    recruiter: str | None = None,
    stage: Stage = Stage.SOURCED,
    notes: str | None = None,
    changed_by: str,
) -> Candidate:
    """Create a candidate (with a generated ref unless one is given) and log its first stage."""
    label = f"candidate {ref}" if ref else "new candidate"
    if ref is not None:
        ref = check_text(ref, label, "ref", max_length=max_length(Candidate.ref), required=True)
        if session.scalar(select(Candidate.id).where(Candidate.ref == ref)) is not None:
            raise DuplicateError(f"candidate {ref}: a candidate with this ref already exists")
    name = check_text(name, label, "name", max_length=max_length(Candidate.name), required=True)
    email = check_text(email, label, "email", max_length=max_length(Candidate.email))
    timezone = check_text(timezone, label, "timezone", max_length=max_length(Candidate.timezone))
    candidate = Candidate(
        ref=ref or allocate_ref(session, Candidate),
        name=name,
        email=check_email(email, label) if email else None,
        phone=check_text(phone, label, "phone", max_length=max_length(Candidate.phone)),
        mailing_address=check_text(
            mailing_address,
            label,
            "mailing_address",
            max_length=max_length(Candidate.mailing_address),
            multiline=True,
        ),
        timezone=check_timezone(timezone, label) if timezone else None,
        recruiter=find_recruiter(session, recruiter, label) if recruiter else None,
        stage=stage,
        notes=check_text(
            notes, label, "notes", max_length=max_length(Candidate.notes), multiline=True
        ),
    )
    session.add(candidate)
    session.flush()
    record_change(
        session,
        candidate_id=candidate.id,
        field="stage",
        from_value=None,
        to_value=stage.value,
        changed_by=changed_by,
    )
    return candidate


def find_recruiter(session: Session, email: str, record: str) -> User:
    """The user a candidate is assigned to, by email."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFoundError(
            f"{record}: field 'recruiter': no user with email {email!r} "
            "(create one with `recruiter-kit users add`)"
        )
    return user


def candidate_timezone(session: Session, candidate: Candidate) -> str:
    """The time zone a candidate's dates are judged and shown in (theirs, else the policy's)."""
    return candidate.timezone or load_policy(session).default_timezone


def get_candidate(session: Session, ref: str) -> Candidate:
    """The candidate `ref` names (see `resolve_ref`), with interviews and recruiter loaded."""
    return session.scalars(
        select(Candidate)
        .where(Candidate.ref == resolve_ref(session, Candidate, ref))
        .options(
            selectinload(Candidate.recruiter),
            selectinload(Candidate.interviews).selectinload(Interview.employer),
        )
    ).one()


def list_candidates(
    session: Session,
    filters: CandidateFilter | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> Sequence[Candidate]:
    """Candidates matching `filters`, by name (`limit` of them from `offset` on)."""
    query = _filtered(select(Candidate), filters or CandidateFilter())
    query = query.options(selectinload(Candidate.recruiter))
    return session.scalars(query.offset(offset).limit(limit)).all()


def count_matching(session: Session, filters: CandidateFilter | None = None) -> int:
    """How many candidates match `filters`."""
    matching = _filtered(select(Candidate.id), filters or CandidateFilter()).order_by(None)
    return session.scalar(select(func.count()).select_from(matching.subquery())) or 0


def count_candidates(session: Session, *, include_archived: bool = True) -> int:
    """How many candidates there are (archived ones too, unless told otherwise)."""
    query = select(func.count()).select_from(Candidate)
    if not include_archived:
        query = query.where(Candidate.archived.is_(False))
    return session.scalar(query) or 0


def _filtered(query: AnySelect, filters: CandidateFilter) -> AnySelect:
    query = query.order_by(Candidate.name, Candidate.ref)
    if not filters.include_archived:
        query = query.where(Candidate.archived.is_(False))
    if filters.stage is not None:
        query = query.where(Candidate.stage == filters.stage)
    if filters.recruiter:
        query = query.join(Candidate.recruiter).where(
            User.email == filters.recruiter.strip().lower()
        )
    if filters.search:
        pattern = f"%{filters.search.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Candidate.name).like(pattern),
                func.lower(Candidate.email).like(pattern),
                func.lower(Candidate.ref).like(pattern),
            )
        )
    return query


def move_stage(
    session: Session,
    ref: str,
    stage: Stage,
    *,
    changed_by: str,
    expected_version: int | None = None,
) -> Candidate:
    """Move a candidate to `stage` and record the change in the history."""
    candidate = get_candidate(session, ref)
    check_version(f"candidate {candidate.ref}", candidate.version_id, expected_version)
    if candidate.stage == stage:
        return candidate
    previous = candidate.stage
    candidate.stage = stage
    session.flush()
    record_change(
        session,
        candidate_id=candidate.id,
        field="stage",
        from_value=previous.value,
        to_value=stage.value,
        changed_by=changed_by,
    )
    return candidate


def set_archived(
    session: Session,
    ref: str,
    archived: bool = True,
    *,
    expected_version: int | None = None,
    changed_by: str | None = None,
) -> Candidate:
    """Archive (hide from lists and reports) or restore a candidate; with `changed_by`, the
    change goes into the history."""
    candidate = get_candidate(session, ref)
    check_version(f"candidate {candidate.ref}", candidate.version_id, expected_version)
    if candidate.archived == archived:
        return candidate
    candidate.archived = archived
    session.flush()
    if changed_by is not None:
        change = {"archived": (as_text(not archived), as_text(archived))}
        record_edit(session, candidate, change, changed_by=changed_by)
    return candidate


def candidate_history(session: Session, candidate: Candidate) -> Sequence[HistoryEntry]:
    """Every recorded stage and outcome change of a candidate, oldest first."""
    return session.scalars(
        select(HistoryEntry)
        .where(HistoryEntry.candidate_id == candidate.id)
        .where(HistoryEntry.field.in_(("stage", "outcome")))  # corrections: list_history
        .order_by(HistoryEntry.changed_at, HistoryEntry.id)
    ).all()
