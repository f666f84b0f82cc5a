"""Errors a user can cause: one clear line naming the record and field, exit 1, no traceback."""

import pytest
from sqlalchemy import func, select

from recruiter_kit.db import create_db_engine
from recruiter_kit.models import Candidate, PolicySetting


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["candidates", "show", "C-999999"], "no candidate with ref 'C-999999'"),
        (["candidates", "add", "Ada", "--timezone", "Mars/Base"], "field 'timezone'"),
        (["candidates", "add", "Ada", "--recruiter", "x@y.example"], "field 'recruiter'"),
        (["interviews", "show", "I-404"], "no interview with ref 'I-404'"),
        (["log", "I-404", "thank_you_email"], "no interview with ref 'I-404'"),
        (["interviews", "set-outcome", "I-404", "offer"], "no interview with ref 'I-404'"),
        (["report", "--recruiter", "typo@agency.example"], "no user with email"),
        (["report", "--candidate", "C-404"], "no candidate with ref 'C-404'"),
    ],
)
def test_domain_errors_exit_1_with_one_line(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.output.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "--as-of", "2026-02-30T10:00-06:00"], "not an ISO 8601 date-time"),
        (["report", "--as-of", "2026-03-02T10:00"], "needs a UTC offset"),
        (
            [
                "interviews",
                "add",
                "C-1",
                "--company",
                "A",
                "--position",
                "B",
                "--starts-at",
                "tomorrow",
            ],
            "not an ISO 8601 date-time",
        ),
        (["candidates", "move-stage", "C-1", "hired"], "'hired' is not one of"),
    ],
)
def test_bad_values_are_usage_errors(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.output


def test_duplicate_ref_is_refused_and_nothing_half_written(cli, database_url):
    assert cli("candidates", "add", "Ada Park", "--ref", "c01").exit_code == 0
    result = cli("candidates", "add", "Other", "--ref", "c01")
    assert result.exit_code == 1 and "candidate c01" in result.output
    engine = create_db_engine(database_url)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Candidate)) == 1
    engine.dispose()


def test_a_stored_holiday_calendar_the_holidays_package_lacks_is_one_line(cli, database_url):
    # Stored settings are not checked against the holiday tables when read (that would load
    # them for every report); building the calendar to judge still refuses in one line.
    engine = create_db_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            PolicySetting.__table__.insert(), {"name": "holiday_country", "value": "XX"}
        )
    engine.dispose()
    result = cli("report", "--from-scratch")
    assert result.exit_code == 1
    assert "no holiday calendar for 'XX'" in result.output
    assert "Traceback" not in result.output
