"""The business-day calendar: properties, fixed dates, and a cross-check against numpy.

`bd(a, b)` counts business days d with a < d <= b when b >= a, and is minus the number
of business days d with b <= d < a when b < a; `add_bd(d, n)` is the n-th business day
after d (before d when n < 0), and `add_bd(d, 0) == d`.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recruiter_kit.calendar import BusinessCalendar
from recruiter_kit.policy import Policy, PolicyError

CALENDAR = BusinessCalendar.for_policy(Policy())

# The independent reference: numpy's business-day functions over the holidays package's
# own US calendar (weekend holidays included: numpy ignores them on weekends anyway).
US_HOLIDAYS = sorted(holidays.country_holidays("US", years=range(1990, 2076)))
NUMPY_CALENDAR = np.busdaycalendar(weekmask="1111100", holidays=US_HOLIDAYS)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2065, 12, 31))
offsets = st.integers(min_value=-2000, max_value=2000)
PROPERTY = settings(max_examples=300, deadline=None)


def np_bd(a: date, b: date) -> int:
    """bd(a, b) from numpy: busday_count counts [begin, end)."""
    if b >= a:
        return int(
            np.busday_count(a + timedelta(days=1), b + timedelta(days=1), busdaycal=NUMPY_CALENDAR)
        )
    return -int(np.busday_count(b, a, busdaycal=NUMPY_CALENDAR))


def np_add_bd(d: date, n: int) -> date:
    """add_bd(d, n) from numpy: roll d onto a business day away from the direction of travel,
    then move n business days (no business day lies between d and the rolled day)."""
    roll = "backward" if n > 0 else "forward"
    result = np.busday_offset(d, n, roll=roll, busdaycal=NUMPY_CALENDAR)
    return result.astype(date)


# Properties ───────────────────────────────────────────────────────────────────────


@PROPERTY
@given(days, offsets)
def test_bd_undoes_add_bd(d, n):
    assert CALENDAR.bd(d, CALENDAR.add_bd(d, n)) == n


@PROPERTY
@given(days, offsets.filter(lambda n: n != 0))
def test_add_bd_lands_on_a_business_day(d, n):
    result = CALENDAR.add_bd(d, n)
    assert CALENDAR.is_business_day(result)
    assert (result > d) is (n > 0)


@PROPERTY
@given(days)
def test_add_zero_is_the_day_itself(d):
    assert CALENDAR.add_bd(d, 0) == d


@PROPERTY
@given(days, days, days)
def test_bd_is_additive_along_a_chain(a, b, c):
    # The definition counts (a, b] forwards and [b, a) backwards, so additivity holds for
    # chains going one way (a <= b <= c or a >= b >= c).
    low, mid, high = sorted((a, b, c))
    assert CALENDAR.bd(low, mid) + CALENDAR.bd(mid, high) == CALENDAR.bd(low, high)
    assert CALENDAR.bd(high, mid) + CALENDAR.bd(mid, low) == CALENDAR.bd(high, low)


@PROPERTY
@given(days, days)
def test_bd_antisymmetry_as_defined(a, b):
    # Forwards counts (early, late], backwards [early, late), so
    # bd(a, b) + bd(b, a) = [late is a business day] - [early is a business day]:
    # exact antisymmetry whenever both ends are business days (or both are not).
    business = CALENDAR.is_business_day
    early, late = min(a, b), max(a, b)
    assert CALENDAR.bd(a, b) + CALENDAR.bd(b, a) == int(business(late)) - int(business(early))
    if business(a) == business(b):
        assert CALENDAR.bd(b, a) == -CALENDAR.bd(a, b)


@PROPERTY
@given(days, days)
def test_bd_is_monotone_in_its_end(a, b):
    later = b + timedelta(days=1)
    step = CALENDAR.bd(a, later) - CALENDAR.bd(a, b)
    assert step == int(CALENDAR.is_business_day(later if later > a else b))


# Cross-check with numpy ───────────────────────────────────────────────────────────


@PROPERTY
@given(days, days)
def test_bd_matches_numpy(a, b):
    assert CALENDAR.bd(a, b) == np_bd(a, b)


@PROPERTY
@given(days, offsets.filter(lambda n: n != 0))
def test_add_bd_matches_numpy(d, n):
    assert CALENDAR.add_bd(d, n) == np_add_bd(d, n)


@PROPERTY
@given(days)
def test_is_business_day_matches_numpy(d):
    assert CALENDAR.is_business_day(d) == bool(np.is_busday(d, busdaycal=NUMPY_CALENDAR))


def test_whole_years_match_numpy():
    # Every day of 2024–2028 against every day within two weeks of it.
    start = date(2024, 1, 1)
    span = [start + timedelta(days=i) for i in range(5 * 366)]
    for a in span[::3]:
        for k in range(-14, 15):
            b = a + timedelta(days=k)
            assert CALENDAR.bd(a, b) == np_bd(a, b), (a, b)
    for d in span:
        for n in (-7, -3, -2, -1, 1, 2, 3, 5, 9):
            assert CALENDAR.add_bd(d, n) == np_add_bd(d, n), (d, n)


# Fixed dates ──────────────────────────────────────────────────────────────────────

D = date.fromisoformat


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param("2026-03-03", "2026-03-03", 0, id="same-day"),
        pytest.param("2026-03-03", "2026-03-04", 1, id="tue-to-wed"),
        pytest.param("2026-03-06", "2026-03-09", 1, id="fri-to-mon"),
        pytest.param("2026-03-06", "2026-03-07", 0, id="fri-to-sat"),
        pytest.param("2026-03-07", "2026-03-08", 0, id="sat-to-sun"),
        pytest.param("2026-03-07", "2026-03-09", 1, id="sat-to-mon"),
        pytest.param("2026-03-03", "2026-03-10", 5, id="one-week"),
        pytest.param("2026-11-25", "2026-11-27", 1, id="over-thanksgiving"),
        pytest.param("2026-11-25", "2026-11-26", 0, id="to-thanksgiving"),
        pytest.param("2026-11-26", "2026-11-27", 1, id="thanksgiving-to-friday"),
        pytest.param("2026-07-02", "2026-07-06", 1, id="independence-day-observed-friday"),
        pytest.param("2026-12-24", "2026-12-28", 1, id="over-christmas"),
        # Backwards: minus the business days d with b <= d < a.
        pytest.param("2026-03-04", "2026-03-03", -1, id="back-wed-to-tue"),
        pytest.param("2026-03-09", "2026-03-06", -1, id="back-mon-to-fri"),
        pytest.param("2026-03-07", "2026-03-06", -1, id="back-sat-to-fri"),
        pytest.param("2026-03-09", "2026-03-07", 0, id="back-mon-to-sat"),
        pytest.param("2026-11-27", "2026-11-25", -1, id="back-over-thanksgiving"),
    ],
)
def test_bd_examples(a, b, expected):
    assert CALENDAR.bd(D(a), D(b)) == expected


@pytest.mark.parametrize(
    ("d", "n", "expected"),
    [
        pytest.param("2026-03-03", 1, "2026-03-04", id="tue-plus-1"),
        pytest.param("2026-03-03", 5, "2026-03-10", id="tue-plus-5"),
        pytest.param("2026-03-03", 9, "2026-03-16", id="tue-plus-9"),
        pytest.param("2026-03-06", 1, "2026-03-09", id="fri-plus-1"),
        pytest.param("2026-03-07", 1, "2026-03-09", id="sat-plus-1"),
        pytest.param("2026-03-07", -1, "2026-03-06", id="sat-minus-1"),
        pytest.param("2026-03-07", 0, "2026-03-07", id="sat-plus-0"),
        pytest.param("2026-03-13", -4, "2026-03-09", id="fri-minus-4"),
        pytest.param("2026-11-25", 1, "2026-11-27", id="thanksgiving-eve-plus-1"),
        pytest.param("2026-11-25", 2, "2026-11-30", id="thanksgiving-eve-plus-2"),
        pytest.param("2026-11-25", 5, "2026-12-03", id="thanksgiving-eve-plus-5"),
        pytest.param("2026-11-27", -1, "2026-11-25", id="black-friday-minus-1"),
        pytest.param("2026-12-31", 1, "2027-01-04", id="over-new-year-observed"),
    ],
)
def test_add_bd_examples(d, n, expected):
    assert CALENDAR.add_bd(D(d), n) == D(expected)


@pytest.mark.parametrize(
    ("d", "business"),
    [
        pytest.param("2026-11-26", False, id="thanksgiving"),
        pytest.param("2026-11-27", True, id="friday-after-thanksgiving"),
        pytest.param("2026-07-03", False, id="independence-day-observed"),
        pytest.param("2026-03-07", False, id="saturday"),
        pytest.param("2026-03-09", True, id="monday"),
        pytest.param("2027-01-01", False, id="new-years-day"),
    ],
)
def test_is_business_day_examples(d, business):
    assert CALENDAR.is_business_day(D(d)) is business


def test_antisymmetry_breaks_only_at_non_business_ends():
    saturday, tuesday = D("2026-03-07"), D("2026-03-10")
    assert CALENDAR.bd(saturday, tuesday) == 2  # Mon 9, Tue 10
    assert CALENDAR.bd(tuesday, saturday) == -1  # Mon 9 (Sat 7 is no business day)


def test_dates_far_from_today_are_judged_too():
    """A date outside the table (a typo, a test far ahead) must not break a report: the
    holiday table grows to cover it."""
    calendar = BusinessCalendar(first_year=2020, last_year=2030)
    for start, end in [
        (date(1985, 6, 3), date(1986, 1, 10)),
        (date(2089, 11, 20), date(2090, 1, 5)),
    ]:
        years = range(start.year, end.year + 1)
        observed = np.array(
            sorted(holidays.country_holidays("US", years=years)), dtype="datetime64[D]"
        )
        expected = int(
            np.busday_count(start + timedelta(days=1), end + timedelta(days=1), holidays=observed)
        )
        assert calendar.bd(start, end) == expected
    assert calendar.is_business_day(date(2090, 7, 4)) is False  # Independence Day, a Tuesday
    assert calendar.add_bd(date(2090, 7, 3), 1) == date(2090, 7, 5)
    assert calendar.bd(date(2206, 3, 2), date(2206, 3, 9)) == 5  # no holidays known that far


def test_calendar_for_policy_is_shared():
    assert BusinessCalendar.for_policy(Policy()) is BusinessCalendar.for_policy(Policy())


def test_a_calendar_the_holidays_package_lacks_is_a_policy_error():
    # A policy is built without loading the holiday tables; the calendar still refuses.
    with pytest.raises(PolicyError, match="no holiday calendar for 'XX'"):
        BusinessCalendar.for_policy(Policy(holiday_country="XX"))
