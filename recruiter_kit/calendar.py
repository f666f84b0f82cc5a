"""Business-day arithmetic over a public-holiday calendar.

`bd(a, b)` counts business days d with a < d <= b (counting back, negative, when
b < a) and
`add_bd(d, n)` finds the n-th business day after d (before d when n < 0). Both
are exact for any span: weekdays are counted by formula and holidays by bisection
over a sorted list, so a long span costs no more than a short one.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from recruiter_kit.policy import Policy, holiday_calendar

_WEEK = 7
_MAX_SHIFTS = 65_536


def _weekdays_through(day: date) -> int:
    """Number of Monday–Friday dates from a fixed epoch Monday up to and including `day`."""
    ordinal = day.toordinal() - 1  # date(1, 1, 1) is a Monday: ordinal 1 → index 0
    weeks, rest = divmod(ordinal + 1, _WEEK)
    return weeks * 5 + min(rest, 5)


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name` (cached: reports convert hundreds of thousands of moments)."""
    return ZoneInfo(name)


class _HolidayTable(NamedTuple):
    """Weekday public holidays of the years first..last, sorted and as a set."""

    first_year: int
    last_year: int
    days: list[date]
    day_set: frozenset[date]

    def covers(self, day: date) -> bool:
        return self.first_year <= day.year <= self.last_year

    def business_days_through(self, day: date) -> int:
        return _weekdays_through(day) - bisect_right(self.days, day)


class BusinessCalendar:
    """Monday–Friday, less the public holidays of one country (and subdivision)."""

    def __init__(
        self,
        country: str = "US",
        subdivision: str | None = None,
        *,
        first_year: int = 1990,
        last_year: int = 2075,
    ) -> None:
        self.country = country
        self.subdivision = subdivision
        self._table = self._load(first_year, last_year)
        # add_bd results, memoised: a report asks for the same few days again and again.
        self._shifts: dict[tuple[date, int], date] = {}

    def _load(self, first_year: int, last_year: int) -> _HolidayTable:
        calendar = holiday_calendar(
            self.country, self.subdivision, years=range(first_year, last_year + 1)
        )
        # Holidays falling on a weekend are not business days anyway; keep only
        # the weekday ones so the weekday count and the holiday count never overlap.
        days = sorted(d for d in calendar if d.weekday() < 5)
        return _HolidayTable(first_year, last_year, days, frozenset(days))

    @classmethod
    def for_policy(cls, policy: Policy) -> BusinessCalendar:
        """The calendar a policy names (cached: building one reads decades of holidays)."""
        return _calendar_for(policy.holiday_country, policy.holiday_subdivision)

    def _covering(self, first: date, last: date) -> _HolidayTable:
        """A holiday table that covers `first`..`last`.

        Dates far from today are rare (often a typo) but must still be judged, so the table
        grows to cover them. It is replaced whole, never changed in place, so a caller that
        holds one table counts consistently even if another thread grows it meanwhile.
        """
        table = self._table
        if table.covers(first) and table.covers(last):
            return table
        table = self._load(min(table.first_year, first.year), max(table.last_year, last.year))
        self._table = table
        return table

    def is_holiday(self, day: date) -> bool:
        """True when `day` is a public holiday on a weekday."""
        return day in self._covering(day, day).day_set

    def is_business_day(self, day: date) -> bool:
        """True for Monday–Friday dates that are not public holidays."""
        return day.weekday() < 5 and not self.is_holiday(day)

    def bd(self, start: date, end: date) -> int:
        """Business days d with start < d <= end; when end < start, minus those end <= d < start.

        Counting back this way makes `bd(d, add_bd(d, n)) == n` for every d and n.
        """
        day = timedelta(days=1)
        table = self._covering(min(start, end) - day, max(start, end) + day)
        if end < start:
            return table.business_days_through(end - day) - table.business_days_through(start - day)
        return table.business_days_through(end) - table.business_days_through(start)

    def add_bd(self, day: date, count: int) -> date:
        """The `count`-th business day after `day` (before it when `count` is negative).

        `add_bd(d, 0)` is `d` itself, business day or not.
        """
        key = (day, count)
        shifted = self._shifts.get(key)
        if shifted is None:
            if len(self._shifts) >= _MAX_SHIFTS:  # bound the memory of a long-lived process
                self._shifts.clear()
            shifted = self._shifts[key] = self._walk(day, count)
        return shifted

    def _walk(self, day: date, count: int) -> date:
        step = timedelta(days=1 if count > 0 else -1)
        remaining = abs(count)
        # Jump whole weeks first (5 weekdays each), then walk the rest day by day,
        # correcting for holidays the jump skipped over.
        current = day
        while remaining > 0:
            weeks = (remaining - 1) // 5
            if weeks:
                target = current + step * (weeks * _WEEK)
                if count > 0:  # business days d with current < d <= target
                    remaining -= self.bd(current, target)
                else:  # business days d with target <= d < current
                    remaining -= self.bd(target + step, current + step)
                current = target
                continue
            current += step
            if self.is_business_day(current):
                remaining -= 1
        return current


@lru_cache(maxsize=16)
def _calendar_for(country: str, subdivision: str | None) -> BusinessCalendar:
    return BusinessCalendar(country, subdivision)
