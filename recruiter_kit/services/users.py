"""Accounts of the agency's recruiters and administrators."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from recruiter_kit.enums import Role
from recruiter_kit.errors import DuplicateError, NotFoundError, ValidationError
from recruiter_kit.models import User
from recruiter_kit.models.entities import new_session_token
from recruiter_kit.services.common_passwords import COMMON_PASSWORDS
from recruiter_kit.services.history import (
    CREATED,
    PASSWORD_CHANGED,
    SYSTEM_ACTOR,
    record_user_change,
    user_content,
)
from recruiter_kit.services.validation import check_email, check_text, max_length

MIN_PASSWORD_LENGTH = 8
# The quick start's sign-in (`recruiter-kit serve --demo`); never created otherwise.
DEMO_ADMIN_EMAIL = "demo-admin@agency.example"
DEMO_ADMIN_PASSWORD = "try-the-demo-2026"


def add_user(
    session: Session,
    email: str,
    *,
    name: str = "",
    role: Role = Role.RECRUITER,
    password: str | None = None,
    changed_by: str = SYSTEM_ACTOR,
) -> User:
    """Create an account; `password` (if given) is stored only as a salted hash.

    The creation goes into the history (whether a password was set, never the password).
    """
    label = f"user {email!r}"
    email = check_text(email, label, "email", max_length=max_length(User.email), required=True)
    email = check_email(email, label).lower()
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise DuplicateError(f"user {email}: an account with this email already exists")
    name = check_text(name, label, "name", max_length=max_length(User.name)) or ""
    user = User(email=email, name=name, role=role, active=True)
    if password is not None:
        set_password(user, password)
    session.add(user)
    session.flush()
    content = user_content(email, name, role, True, password is not None)
    record_user_change(session, email, {CREATED: (None, content)}, changed_by=changed_by)
    return user


def check_password_strength(password: str, email: str) -> None:
    """Refuse a password shorter than the minimum, a well-known one, or the account's email."""
    record = f"user {email}"
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            record, "password", f"must be at least {MIN_PASSWORD_LENGTH} characters"
        )
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or lowered in (email.lower(), email.split("@")[0].lower()):
        raise ValidationError(record, "password", "is too easy to guess: choose another")


def set_password(user: User, password: str) -> None:
    """Replace the user's password hash; the account's web sessions end."""
    check_password_strength(password, user.email)
    from werkzeug.security import generate_password_hash  # only when passwords change

    user.password_hash = generate_password_hash(password)
    end_sessions(user)


def change_password(
    session: Session, email: str, password: str, *, changed_by: str = SYSTEM_ACTOR
) -> User:
    """Give the account a new password (its web sessions end); the history records that
    the password changed, never the password or its hash."""
    user = get_user(session, email)
    set_password(user, password)
    record_user_change(
        session, user.email, {"password": (None, PASSWORD_CHANGED)}, changed_by=changed_by
    )
    return user


def end_sessions(user: User) -> None:
    """Sign the account out everywhere: sessions carrying the old token are refused."""
    user.session_token = new_session_token()


def get_user(session: Session, email: str) -> User:
    """The account with this email."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFoundError(f"no user with email {email!r}")
    return user


def set_active(
    session: Session, email: str, active: bool, *, changed_by: str = SYSTEM_ACTOR
) -> User:
    """Deactivate (sign out everywhere, refuse sign-in) or reactivate an account."""
    user = get_user(session, email)
    record_user_change(
        session, user.email, {"active": (user.active, active)}, changed_by=changed_by
    )
    user.active = active
    if not active:
        end_sessions(user)
    session.flush()
    return user


def set_role(session: Session, email: str, role: Role, *, changed_by: str = SYSTEM_ACTOR) -> User:
    """Change what an account may do."""
    user = get_user(session, email)
    record_user_change(session, user.email, {"role": (user.role, role)}, changed_by=changed_by)
    user.role = role
    session.flush()
    return user


def verify_password(user: User, password: str) -> bool:
    """True when `password` matches the stored hash of an active account."""
    from werkzeug.security import check_password_hash

    return bool(user.active and user.password_hash) and check_password_hash(
        user.password_hash or "", password
    )


def list_users(session: Session) -> Sequence[User]:
    """All accounts, by email."""
    return session.scalars(select(User).order_by(User.email)).all()


def acting_user(session: Session, email: str) -> User:
    """The active account named by `email`, who a change is recorded as made by."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFoundError(
            f"acting user {email!r}: no account with this email "
            "(see `recruiter-kit users list`, or create one with `recruiter-kit users add`)"
        )
    if not user.active:
        raise ValidationError(f"user {user.email}", "active", "the account is deactivated")
    return user


def ensure_demo_admin(session: Session) -> User:
    """The quick start's admin account, created (or re-enabled) with the demo password."""
    user = session.scalar(select(User).where(User.email == DEMO_ADMIN_EMAIL))
    if user is None:
        return add_user(
            session,
            DEMO_ADMIN_EMAIL,
            name="Demo Admin",
            role=Role.ADMIN,
            password=DEMO_ADMIN_PASSWORD,
        )
    if not (user.active and verify_password(user, DEMO_ADMIN_PASSWORD)):
        user.active = True
        user.role = Role.ADMIN
        set_password(user, DEMO_ADMIN_PASSWORD)
    return user
