"""The single-value checks every entry point shares: moments, days, text, numbers, zones."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from recruiter_kit.enums import CommunicationKind
from recruiter_kit.errors import ValidationError
from recruiter_kit.models import Candidate, Communication, Interview
from recruiter_kit.services.validation import (
    DAY_MAX,
    DAY_MIN,
    LONG_TEXT_MAX,
    MOMENT_MAX,
    MOMENT_MIN,
    check_communication_time,
    check_day,
    check_decision_by,
    check_int,
    check_moment,
    check_text,
    check_timezone,
    max_length,
    parse_date,
    parse_datetime,
)

EASTERN = timezone(timedelta(hours=-5))


def _refused(call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, tzinfo=EASTERN),
        datetime(9999, 12, 31, 23, tzinfo=ZoneInfo("Pacific/Kiritimati")),
        MOMENT_MIN - timedelta(seconds=1),
        MOMENT_MAX + timedelta(seconds=1),
    ],
)
def test_moments_outside_the_range_are_refused_naming_record_and_field(moment):
    error = _refused(check_moment, moment, "interview I-1", "starts_at")
    assert (error.record, error.field) == ("interview I-1", "starts_at")
    assert "1900-01-01 to 2200-01-01" in error.problem


def test_moments_in_range_come_back_in_utc_to_the_second():
    moment = datetime(2026, 3, 2, 10, 0, 5, 987654, tzinfo=ZoneInfo("America/Chicago"))
    assert check_moment(moment, None, "at") == datetime(2026, 3, 2, 16, 0, 5, tzinfo=UTC)
    assert check_moment(MOMENT_MIN, None, "at") == MOMENT_MIN
    assert check_moment(MOMENT_MAX, None, "at") == MOMENT_MAX


@pytest.mark.parametrize("year", [1899, 1900, 1901, 2198, 2199, 2200])
@pytest.mark.parametrize("hours", [-23, -1, 0, 1, 23])
def test_the_range_holds_in_every_year_near_its_ends_whatever_the_offset(year, hours):
    zone = timezone(timedelta(hours=hours, minutes=59 if hours >= 0 else -59))
    for local in (datetime(year, 1, 1), datetime(year, 12, 31, 23, 59, 59)):
        moment = local.replace(tzinfo=zone)
        if MOMENT_MIN <= moment <= MOMENT_MAX:
            assert check_moment(moment, None, "at") == moment.astimezone(UTC)
        else:
            _refused(check_moment, moment, None, "at")


def test_a_moment_without_offset_is_refused():
    assert _refused(check_moment, datetime(2026, 3, 2, 10), "r", "at").field == "at"


def test_parsed_moments_and_days_are_range_checked():
    assert _refused(parse_datetime, "0001-01-01T00:00:00Z", "r", "starts_at").field == "starts_at"
    assert parse_datetime("2026-03-02T10:00:00.5-06:00", "r", "at") == datetime(
        2026, 3, 2, 16, tzinfo=UTC
    )
    assert _refused(parse_date, "9999-12-31", "r", "decision_by").field == "decision_by"


def test_days_outside_the_range_are_refused():
    assert check_day(DAY_MIN, None, "d") == DAY_MIN
    assert check_day(DAY_MAX, None, "d") == DAY_MAX
    for day in (date(1, 1, 1), DAY_MIN - timedelta(days=1), DAY_MAX + timedelta(days=1)):
        assert _refused(check_day, day, "interview I-1", "decision_by").field == "decision_by"


def test_column_limits_come_from_the_models():
    assert max_length(Candidate.name) == Candidate.__table__.c.name.type.length
    assert max_length(Communication.summary) == Communication.__table__.c.summary.type.length
    assert max_length(Interview.notes) == LONG_TEXT_MAX  # TEXT columns are bounded too


def test_text_is_trimmed_and_blank_is_none():
    assert check_text("  Ada  ", None, "name", max_length=10) == "Ada"
    assert check_text("   ", None, "phone", max_length=10) is None
    assert check_text(None, None, "phone", max_length=10) is None
    assert _refused(check_text, " ", "r", "name", max_length=10, required=True).problem == (
        "is required"
    )


def test_text_longer_than_the_limit_is_refused_with_the_limit():
    error = _refused(check_text, "x" * 11, "candidate c1", "name", max_length=10)
    assert (error.record, error.field) == ("candidate c1", "name")
    assert "limit is 10" in error.problem
    assert check_text("x" * 10, None, "name", max_length=10) == "x" * 10


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Ada\x00Park", "NUL"),
        ("Ada\ud800", "surrogate"),
        ("Ada\x1b[2J", "control character"),
        ("Ada\x9bPark", "control character"),
        ("Ada\nPark", "single line"),
        ("Ada\rPark", "control character"),
    ],
)
def test_single_line_text_refuses_unstorable_and_control_characters(text, words):
    error = _refused(check_text, text, "candidate c1", "name", max_length=100)
    assert error.field == "name"
    assert words in error.problem


def test_multiline_text_keeps_line_breaks_and_tabs_but_not_other_controls():
    assert check_text("a\r\nb\tc\n", None, "notes", max_length=100, multiline=True) == "a\nb\tc"
    for text in ("a\x00", "a\x07"):
        error = _refused(check_text, text, None, "notes", max_length=9, multiline=True)
        assert "character 2" in error.problem


@pytest.mark.parametrize("value", [0, 101, 2**31, 2**63, -1, True, 2.0, "3"])
def test_whole_numbers_are_refused_outside_their_range_or_type(value):
    assert _refused(check_int, value, "interview I-1", "round", minimum=1, maximum=100).field == (
        "round"
    )


def test_whole_numbers_in_range_are_kept():
    assert check_int(1, None, "round", minimum=1, maximum=100) == 1
    assert check_int(100, None, "round", minimum=1, maximum=100) == 100


@pytest.mark.parametrize("name", ["America/Chicago", "Europe/Oslo", "Asia/Kolkata", "UTC"])
def test_canonical_time_zones_are_accepted(name):
    assert check_timezone(name, None) == name


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("EST", None),
        ("America", "America/"),
        ("america/chicago", "America/Chicago"),
        ("Amercia/Chicago", "America/Chicago"),
        ("US/Eastern", "America/New_York"),
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("../../etc/passwd", None),
        ("Europe/\x00", None),
    ],
)
def test_other_time_zone_names_are_refused_with_the_closest_names(name, suggestion):
    error = _refused(check_timezone, name, "candidate c1")
    assert (error.record, error.field) == ("candidate c1", "timezone")
    if suggestion:
        assert "did you mean" in error.problem and suggestion in error.problem


def test_only_the_employer_gets_in_touch_before_the_interview():
    starts = datetime(2026, 3, 2, 16, tzinfo=UTC)
    before = starts - timedelta(minutes=1)
    check_communication_time(CommunicationKind.EMPLOYER_CONTACT, before, starts, "i")
    check_communication_time(CommunicationKind.THANK_YOU_EMAIL, starts, starts, "i")
    for kind in CommunicationKind:
        if kind is not CommunicationKind.EMPLOYER_CONTACT:
            error = _refused(check_communication_time, kind, before, starts, "interview I-1")
            assert (error.record, error.field) == ("interview I-1", "at")


def test_a_decision_is_not_promised_before_the_interview_day():
    local_start = datetime(2026, 3, 2, 23, 30, tzinfo=ZoneInfo("America/Chicago"))
    check_decision_by(date(2026, 3, 2), local_start, "i")  # same local day (UTC: March 3rd)
    error = _refused(check_decision_by, date(2026, 3, 1), local_start, "interview I-1")
    assert (error.record, error.field) == ("interview I-1", "decision_by")
