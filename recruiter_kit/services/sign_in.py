"""Web sign-in: checking a password, and throttling guesses per account and per address.

Failures are stored in the database, so every web process (and machine) sees the same
count; a successful sign-in clears the account's failures, never the address's.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from recruiter_kit.models import SignInFailure, User
from recruiter_kit.services.access import Account
from recruiter_kit.services.users import verify_password

MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
THROTTLE_WINDOW = timedelta(minutes=15)


class SignInRefused(Exception):
    """The email and password do not open an account, or guessing is being throttled."""


def _account(user: User) -> Account:
    return Account(user.id, user.email, user.name, user.role, user.session_token)


def _keys(email: str, address: str | None) -> list[tuple[str, int]]:
    keys = [(f"account:{email.strip().lower()}", MAX_FAILURES_PER_ACCOUNT)]
    if address:
        keys.append((f"address:{address}", MAX_FAILURES_PER_ADDRESS))
    return keys


def sign_in(
    session: Session, email: str, password: str, address: str | None, now: datetime
) -> Account:
    """The account `email` and `password` open, unless too many recent guesses failed."""
    since = now - THROTTLE_WINDOW
    session.execute(delete(SignInFailure).where(SignInFailure.at < since))
    for key, limit in _keys(email, address):
        failures = session.scalar(
            select(func.count()).select_from(SignInFailure).where(SignInFailure.key == key)
        )
        if (failures or 0) >= limit:
            minutes = int(THROTTLE_WINDOW.total_seconds() // 60)
            raise SignInRefused(f"Too many failed sign-ins: wait {minutes} minutes and try again.")
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not verify_password(user, password):
        session.add_all(SignInFailure(key=key, at=now) for key, _ in _keys(email, address))
        raise SignInRefused("Wrong email or password, or the account is deactivated.")
    account_key = _keys(email, None)[0][0]
    session.execute(delete(SignInFailure).where(SignInFailure.key == account_key))
    return _account(user)


def load_account(session: Session, user_id: int, session_token: str) -> Account | None:
    """The active account a web session belongs to, if its token is still current."""
    user = session.get(User, user_id)
    if user is None or not user.active or user.session_token != session_token:
        return None
    return _account(user)
