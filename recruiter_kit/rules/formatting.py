"""Readable dates, times and durations for finding messages (locale-independent)."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from functools import lru_cache

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(day: date) -> str:
    """`Fri 6 Mar 2026`; a datetime is shown by its own (already local) date."""
    if isinstance(day, datetime):
        day = day.date()
    return _format_day(day)


@lru_cache(maxsize=8192)
def _format_day(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def format_time(moment: datetime) -> str:
    """`Tue 3 Mar 2026 10:45 CST`, in the zone `moment` carries."""
    zone = moment.tzname()
    clock = f"{moment.hour:02d}:{moment.minute:02d}"
    return (
        f"{format_date(moment.date())} {clock} {zone}" if zone else f"{format_date(moment)} {clock}"
    )


def format_when(value: date | datetime) -> str:
    """A deadline as text: a time for datetimes, a day for dates."""
    return format_time(value) if isinstance(value, datetime) else format_date(value)


def format_hours(span: timedelta) -> str:
    """`31 h`, or `24 h 1 min` when the span is not a whole number of hours.

    Rounded up to the minute, so a span just over a limit never reads as the limit itself.
    """
    minutes = math.ceil(span.total_seconds() / 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def plural(count: int, word: str) -> str:
    """`1 business day`, `3 business days`."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def ordinal(count: int) -> str:
    """`1st`, `2nd`, `3rd`, `11th`, `22nd`."""
    teens = 10 <= count % 100 <= 20
    suffix = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(count % 10, "th")
    return f"{count}{suffix}"
