"""Parsing and checking user-supplied values, with errors that name record and field."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from recruiter_kit.services.errors import ValidationError

E = TypeVar("E", bound=StrEnum)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name` (cached; raises ZoneInfoNotFoundError or ValueError)."""
    return ZoneInfo(name)


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
