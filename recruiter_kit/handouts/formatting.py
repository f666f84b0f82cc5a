"""Dates and times as people read them on paper ("Tuesday, March 3, 2026, 10:45 AM CST")."""

from __future__ import annotations

from datetime import date, datetime

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: date) -> str:
    """`Tuesday, March 3, 2026` (a datetime is shown by its own, already local, date)."""
    if isinstance(day, datetime):
        day = day.date()
    return f"{_WEEKDAYS[day.weekday()]}, {_MONTHS[day.month - 1]} {day.day}, {day.year}"


def clock(moment: datetime) -> str:
    """`10:45 AM CST`, in the zone `moment` carries."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    zone = moment.tzname()
    return f"{hour}:{moment.minute:02d} {half}" + (f" {zone}" if zone else "")


def long_moment(moment: datetime) -> str:
    """`Tuesday, March 3, 2026, 10:45 AM CST`."""
    return f"{long_date(moment)}, {clock(moment)}"


def long_when(value: date | datetime) -> str:
    """A deadline for people: with the time for datetimes, the day for dates."""
    return long_moment(value) if isinstance(value, datetime) else long_date(value)
