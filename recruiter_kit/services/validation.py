"""Parsing and checking user-supplied values, with errors that name record and field.

Besides single values, it holds the rules an interview's times and a communication's
arrival date follow, shared by the services that record them one at a time and by the
bulk import.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfoNotFoundError

from recruiter_kit.calendar import zone
from recruiter_kit.enums import Channel, CommunicationKind
from recruiter_kit.services.errors import ConflictError, ValidationError

E = TypeVar("E", bound=StrEnum)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_timezone(value: str, record: str | None, field: str = "timezone") -> str:
    """`value` if it names an IANA time zone."""
    try:
        zone(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(record, field, f"unknown time zone {value!r}") from None
    return value


def parse_datetime(value: str, record: str | None, field: str) -> datetime:
    """An aware datetime from ISO 8601 text that carries a UTC offset."""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError(
            record, field, f"not a valid ISO 8601 date-time with offset: {value!r}"
        ) from None
    if parsed.tzinfo is None:
        raise ValidationError(
            record, field, f"date-time {value!r} has no UTC offset (e.g. 2026-03-02T10:00-06:00)"
        )
    return parsed


def parse_date(value: str, record: str | None, field: str) -> date:
    """A date from ISO 8601 text (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError(record, field, f"not a valid date (YYYY-MM-DD): {value!r}") from None


def parse_choice(enum: type[E], value: str, record: str | None, field: str) -> E:
    """The member of `enum` whose value is `value`."""
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise ValidationError(record, field, f"{value!r} is not one of: {allowed}") from None


def check_email(value: str, record: str | None, field: str = "email") -> str:
    """`value`, trimmed, if it looks like an email address."""
    value = value.strip()
    if not _EMAIL.match(value):
        raise ValidationError(record, field, f"not an email address: {value!r}")
    return value


def require_text(value: str | None, record: str | None, field: str) -> str:
    """`value`, trimmed, if it is not blank."""
    if value is None or not value.strip():
        raise ValidationError(record, field, "is required")
    return value.strip()


def localise(moment: datetime, timezone: str) -> datetime:
    """`moment` if it is aware, else the same wall-clock time in `timezone`."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone(timezone))


def in_zone(moment: datetime | None, timezone: str) -> datetime | None:
    """An aware `moment` shown in `timezone` (None stays None)."""
    return None if moment is None else moment.astimezone(zone(timezone))


def check_round(round: int, record: str | None) -> None:
    """An interview round counts from 1."""
    if round < 1:
        raise ValidationError(record, "round", "must be 1 or more")


def check_interview_end(starts_at: datetime, ends_at: datetime | None, record: str | None) -> None:
    """An interview ends (when its end is known) after it starts."""
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError(record, "ends_at", "must be after starts_at")


def check_outcome_at(outcome_at: datetime, starts_at: datetime, record: str | None) -> None:
    """An employer's decision (or a withdrawal) is not made before the interview started."""
    if outcome_at < starts_at:
        raise ValidationError(record, "outcome_at", "is before the interview started")


def check_arrival(
    kind: CommunicationKind, at: datetime, arrived_on: date | None, record: str | None
) -> None:
    """A communication's arrival day: only a mailed thank-you note has one, not before it was sent.

    A day's leeway allows for `at` and the arrival day being in different time zones.
    """
    if arrived_on is None:
        return
    if kind is not CommunicationKind.THANK_YOU_NOTE:
        raise ValidationError(record, "arrived_on", "only a thank_you_note has an arrival date")
    if arrived_on < at.date() - timedelta(days=1):
        raise ValidationError(record, "arrived_on", "is before the note was mailed")


_IMPLIED_CHANNELS = {kind: kind.default_channel for kind in CommunicationKind}


def check_channel(
    kind: CommunicationKind, channel: Channel | None, record: str | None
) -> Channel | None:
    """The channel of a communication: the one its kind implies (a thank-you email goes by
    email), else the one given, which may be None."""
    implied = _IMPLIED_CHANNELS[kind]
    if implied is None:
        return channel
    if channel is not None and channel is not implied:
        raise ValidationError(
            record, "channel", f"a {kind.value} always goes by {implied.value}, not {channel.value}"
        )
    return implied


def check_version(record: str, current: int, expected: int | None) -> None:
    """Refuse a change made from a stale read (a form rendered from an older version)."""
    if expected is not None and current != expected:
        raise ConflictError(
            f"{record} was changed by someone else "
            f"(version {current}, you had {expected}): reload and retry"
        )
