"""Who may see what: an admin sees every candidate, a recruiter only their own.

A record outside the viewer's reach is reported exactly like a missing one, so its
existence is not revealed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from recruiter_kit.enums import Role
from recruiter_kit.errors import NotFoundError
from recruiter_kit.models import Candidate, Interview


@dataclass(frozen=True, slots=True)
class Account:
    """A signed-in person of the web admin."""

    id: int
    email: str
    name: str
    role: Role
    session_token: str

    @property
    def is_admin(self) -> bool:
        """Admins see every candidate and manage settings and users."""
        return self.role is Role.ADMIN

    @property
    def scope(self) -> str | None:
        """The recruiter email every listing is limited to (None: everyone's)."""
        return None if self.is_admin else self.email


def check_candidate_access(session: Session, account: Account, ref: str) -> None:
    """Refuse (as not found) a candidate the account may not see."""
    owner = session.execute(
        select(Candidate.id, Candidate.recruiter_id).where(Candidate.ref == ref)
    ).first()
    if owner is None or not (account.is_admin or owner.recruiter_id == account.id):
        raise NotFoundError(f"no candidate with ref {ref!r}")


def check_interview_access(session: Session, account: Account, ref: str) -> None:
    """Refuse (as not found) an interview of a candidate the account may not see."""
    owner = session.execute(
        select(Interview.id, Candidate.recruiter_id)
        .join(Candidate, Interview.candidate_id == Candidate.id)
        .where(Interview.ref == ref)
    ).first()
    if owner is None or not (account.is_admin or owner.recruiter_id == account.id):
        raise NotFoundError(f"no interview with ref {ref!r}")


def assignable_recruiter(account: Account, requested: str | None) -> str | None:
    """Whom a new candidate belongs to: anyone an admin names, else the recruiter adding them."""
    return requested if account.is_admin else account.email
