"""Reading and changing the agency's follow-up policy."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from recruiter_kit.errors import ValidationError
from recruiter_kit.models import PolicySetting
from recruiter_kit.policy import (
    DEFAULT_POLICY,
    SETTING_NAMES,
    Policy,
    PolicyError,
    parse_setting,
)
from recruiter_kit.services.history import POLICY, SYSTEM_ACTOR, record_settings_change


def _stored(session: Session) -> dict[str, str | None]:
    return {row.name: row.value for row in session.scalars(select(PolicySetting))}


def load_policy(session: Session) -> Policy:
    """The policy in force: the defaults with the stored settings applied.

    The holiday calendar was checked when it was set; it is checked again only when it is
    built (to judge verdicts), so reading stored verdicts does not load the holiday tables.
    """
    try:
        return DEFAULT_POLICY.with_settings(_stored(session), check_calendar=False)
    except PolicyError as error:  # e.g. a setting dropped by a newer version, or out of range
        raise ValidationError(
            "policy", None, f"stored {error}; set it again or reset the policy"
        ) from None


def stored_settings(session: Session) -> dict[str, Any]:
    """The settings that differ from the defaults, typed, by name."""
    return {
        row.name: parse_setting(row.name, row.value)
        for row in session.scalars(select(PolicySetting).order_by(PolicySetting.name))
    }


def set_policy(
    session: Session, settings: dict[str, Any], *, changed_by: str = SYSTEM_ACTOR
) -> Policy:
    """Change settings (name → value or text); all are validated together before any is kept.

    A stored setting that is no longer valid (stored by an older version) can be set again.
    Each changed value goes into the history (old and new) as made by `changed_by`.
    """
    stored = {name: value for name, value in _stored(session).items() if name in SETTING_NAMES}
    try:
        updated = DEFAULT_POLICY.with_settings(stored | settings)
    except PolicyError as error:
        raise ValidationError(None, None, str(error)) from None
    record_settings_change(
        session,
        POLICY,
        {name: (_before(stored, name), getattr(updated, name)) for name in settings},
        changed_by=changed_by,
    )
    for name in settings:
        value = getattr(updated, name)
        if value == getattr(DEFAULT_POLICY, name):
            session.execute(delete(PolicySetting).where(PolicySetting.name == name))
        else:
            session.merge(PolicySetting(name=name, value=None if value is None else str(value)))
    session.flush()
    return updated


def _before(stored: dict[str, str | None], name: str) -> Any:
    """A setting's value before a change: the stored one (as its type, or as text when no
    longer valid), else the default."""
    if name not in stored:
        return getattr(DEFAULT_POLICY, name, None)
    try:
        return parse_setting(name, stored[name])
    except PolicyError:
        return stored[name]


def reset_policy(session: Session, *, changed_by: str = SYSTEM_ACTOR) -> Policy:
    """Return every setting to its default (each one that changes goes into the history)."""
    stored = _stored(session)
    record_settings_change(
        session,
        POLICY,
        {
            name: (_before(stored, name), getattr(DEFAULT_POLICY, name, None))
            for name in sorted(stored)
        },
        changed_by=changed_by,
    )
    session.execute(delete(PolicySetting))
    return DEFAULT_POLICY
