"""Parsing and checking user-supplied values, with errors that name record and field.

Besides single values, it holds the rules an interview's times and a communication's
arrival date follow, shared by the services that record them one at a time and by the
bulk import.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal, TypeVar, overload
from zoneinfo import ZoneInfoNotFoundError

from sqlalchemy import String

from recruiter_kit.calendar import zone
from recruiter_kit.enums import Channel, CommunicationKind
from recruiter_kit.errors import ConflictError, ValidationError
from recruiter_kit.timezones import timezone_problem

E = TypeVar("E", bound=StrEnum)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# The span of moments and days accepted anywhere (both ends included). Far enough for any
# real interview, near enough that every local time and business-day sum stays computable.
MOMENT_MIN = datetime(1900, 1, 1, tzinfo=UTC)
MOMENT_MAX = datetime(2200, 1, 1, tzinfo=UTC)
_YEARS_INSIDE = range(MOMENT_MIN.year + 1, MOMENT_MAX.year - 1)  # 1901-2198, both inside
DAY_MIN = MOMENT_MIN.date()
DAY_MAX = MOMENT_MAX.date()

# Free text without a length in the schema (notes, addresses, bodies) is still bounded.
LONG_TEXT_MAX = 20_000
ROUND_MAX = 100

# Unicode's control characters (category Cc) and lone surrogates (Cs); a multi-line text
# may hold line breaks and tabs.
_UNSTORABLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_UNSTORABLE_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def max_length(column: Any) -> int:
    """The most characters a text column holds: its declared length, else LONG_TEXT_MAX.

    `column` is a mapped attribute such as `Candidate.name` (or a table column).
    """
    column_type = column.type
    if isinstance(column_type, String) and column_type.length is not None:
        return column_type.length
    return LONG_TEXT_MAX


def check_moment(value: datetime, record: str | None, field: str) -> datetime:
    """`value` in UTC, to the whole second, if it has an offset and lies in the accepted span."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            record, field, f"{value.isoformat()} has no UTC offset (e.g. 2026-03-02T10:00-06:00)"
        )
    # Compared before converting: converting a moment near year 1 or 9999 overflows. A
    # year well inside the span is inside whatever its offset (under a day): no need for
    # the comparison of moments in different zones, which costs several times the rest.
    if value.year not in _YEARS_INSIDE and not MOMENT_MIN <= value <= MOMENT_MAX:
        raise ValidationError(
            record,
            field,
            f"{value.isoformat()} is outside the accepted range "
            f"{MOMENT_MIN:%Y-%m-%d} to {MOMENT_MAX:%Y-%m-%d} (UTC)",
        )
    moment = value.astimezone(UTC)
    return moment.replace(microsecond=0) if moment.microsecond else moment


def check_day(value: date, record: str | None, field: str) -> date:
    """`value` if it lies in the accepted span of days."""
    if not DAY_MIN <= value <= DAY_MAX:
        raise ValidationError(
            record, field, f"{value} is outside the accepted range {DAY_MIN} to {DAY_MAX}"
        )
    return value


@overload
def check_text(
    value: str | None,
    record: str | None,
    field: str,
    *,
    max_length: int,
    required: Literal[True],
    multiline: bool = False,
) -> str: ...


@overload
def check_text(
    value: str | None,
    record: str | None,
    field: str,
    *,
    max_length: int,
    required: bool = False,
    multiline: bool = False,
) -> str | None: ...


def check_text(
    value: str | None,
    record: str | None,
    field: str,
    *,
    max_length: int,
    required: bool = False,
    multiline: bool = False,
) -> str | None:
    """`value` trimmed (None when blank) if it is storable text no longer than `max_length`.

    Refused: NUL and other control characters (a multi-line text may hold line breaks
    and tabs; Windows line ends become plain ones) and lone surrogates, which no database
    stores as text.
    """
    if value is not None and not isinstance(value, str):
        raise ValidationError(record, field, f"expected text, got {type(value).__name__}")
    text = (value or "").strip()
    if multiline:
        text = text.replace("\r\n", "\n")
    if not text:
        if required:
            raise ValidationError(record, field, "is required")
        return None
    unstorable = (_UNSTORABLE_MULTILINE if multiline else _UNSTORABLE_LINE).search(text)
    if unstorable is not None:
        character, position = unstorable.group(), unstorable.start() + 1
        if _SURROGATE.match(character):
            raise ValidationError(
                record, field, f"has an unpaired surrogate {character!r} at character {position}"
            )
        what = "a NUL character" if character == "\0" else f"a control character {character!r}"
        lines = "" if multiline else " (it must be a single line)"
        raise ValidationError(record, field, f"has {what} at character {position}{lines}")
    if len(text) > max_length:
        raise ValidationError(
            record, field, f"is {len(text)} characters long; the limit is {max_length}"
        )
    return text


def check_int(value: int, record: str | None, field: str, *, minimum: int, maximum: int) -> int:
    """`value` if it is a whole number (not a boolean) from `minimum` to `maximum`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(record, field, f"expected a whole number, got {value!r}")
    if not minimum <= value <= maximum:
        shown = (
            value if value.bit_length() <= 64 else "a larger number"
        )  # str() of 5,000 digits fails
        raise ValidationError(record, field, f"must be from {minimum} to {maximum}, got {shown}")
    return value


def check_timezone(value: str, record: str | None, field: str = "timezone") -> str:
    """`value` if it is a canonical IANA time zone (the message suggests the closest ones)."""
    problem = timezone_problem(value) if isinstance(value, str) else "expected a time-zone name"
    if problem is not None:
        raise ValidationError(record, field, problem)
    try:
        zone(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # listed, but missing on this system
        raise ValidationError(record, field, f"unknown time zone {value!r}") from None
    return value


def parse_datetime(value: str, record: str | None, field: str) -> datetime:
    """An aware UTC datetime, to the second and in the accepted span, from ISO 8601 text
    that carries a UTC offset."""
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
    return check_moment(parsed, record, field)


def parse_date(value: str, record: str | None, field: str) -> date:
    """A date in the accepted span from ISO 8601 text (YYYY-MM-DD)."""
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError(record, field, f"not a valid date (YYYY-MM-DD): {value!r}") from None
    return check_day(day, record, field)


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


def localise(moment: datetime, timezone: str) -> datetime:
    """`moment` if it is aware, else the same wall-clock time in `timezone`."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone(timezone))


def in_zone(moment: datetime | None, timezone: str) -> datetime | None:
    """An aware `moment` shown in `timezone` (None stays None)."""
    return None if moment is None else moment.astimezone(zone(timezone))


def check_round(round: int, record: str | None) -> int:
    """An interview round counts from 1 (to ROUND_MAX)."""
    return check_int(round, record, "round", minimum=1, maximum=ROUND_MAX)


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


def check_communication_time(
    kind: CommunicationKind, at: datetime, interview_starts_at: datetime, record: str | None
) -> None:
    """Only the employer gets in touch before an interview starts; everything else the
    candidate sends (thank-yous, follow-ups) comes after it."""
    if kind is not CommunicationKind.EMPLOYER_CONTACT and at < interview_starts_at:
        raise ValidationError(
            record,
            "at",
            f"a {kind.value} cannot be dated before the interview starts "
            f"({interview_starts_at.isoformat()})",
        )


def check_decision_by(
    decision_by: date, interview_starts_at_local: datetime, record: str | None
) -> None:
    """A promised decision date is not before the interview's (local) date."""
    interview_day = interview_starts_at_local.date()
    if decision_by < interview_day:
        raise ValidationError(
            record, "decision_by", f"{decision_by} is before the interview date {interview_day}"
        )


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
