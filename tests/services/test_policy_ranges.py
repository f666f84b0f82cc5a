"""Every whole-number policy setting has a documented range; values outside it, fractions
and non-numbers are refused whether they come as text (the CLI) or as JSON numbers (import),
and any policy inside the ranges can be reported on."""

import math
from datetime import UTC, datetime, timedelta

import pytest

from recruiter_kit.enums import CommunicationKind
from recruiter_kit.errors import ValidationError
from recruiter_kit.models import PolicySetting
from recruiter_kit.policy import DEFAULT_POLICY, SETTING_RANGES, Policy, PolicyError
from recruiter_kit.services import interviews as interview_service
from recruiter_kit.services import policy as policy_service
from recruiter_kit.services.candidates import add_candidate
from recruiter_kit.services.reports import build_report

WHOLE_NUMBER_SETTINGS = [name for name, kind in Policy.__annotations__.items() if kind == "int"]


def test_every_whole_number_setting_has_a_range_around_its_default():
    assert set(SETTING_RANGES) == set(WHOLE_NUMBER_SETTINGS)
    for name, (minimum, maximum) in SETTING_RANGES.items():
        assert minimum <= getattr(DEFAULT_POLICY, name) <= maximum


@pytest.mark.parametrize(
    "value",
    [
        "99999999999",
        10**18,
        pytest.param("9" * 5000, id="5000-digits-as-text"),
        pytest.param(10**5000, id="5000-digits"),
        math.inf,
        -math.inf,
        math.nan,
        1e300,
        2.5,
        24.0,
        "24.0",
        "Infinity",
        True,
        None,
        "0",
        "-1",
    ],
)
def test_out_of_range_and_fractional_values_are_refused(session, value):
    with pytest.raises(ValidationError, match="thank_you_email_hours"):
        policy_service.set_policy(session, {"thank_you_email_hours": value})
    assert policy_service.load_policy(session) == DEFAULT_POLICY


@pytest.mark.parametrize("name", WHOLE_NUMBER_SETTINGS)
def test_each_setting_refuses_one_past_its_range(name):
    minimum, maximum = SETTING_RANGES[name]
    for value in (minimum - 1, maximum + 1):
        with pytest.raises(PolicyError, match=f"{name}: must be from {minimum} to {maximum}"):
            DEFAULT_POLICY.with_settings({name: value})


def test_whole_numbers_as_text_or_json_numbers_are_kept(session):
    policy_service.set_policy(session, {"thank_you_email_hours": " 48 "})
    assert policy_service.load_policy(session).thank_you_email_hours == 48
    policy_service.set_policy(session, {"thank_you_email_hours": 168})
    assert policy_service.load_policy(session).thank_you_email_hours == 168


@pytest.mark.parametrize("end", ["minimum", "maximum"])
def test_a_policy_at_the_ends_of_its_ranges_can_be_reported_on(session, end):
    index = 0 if end == "minimum" else 1
    policy_service.set_policy(
        session, {name: limits[index] for name, limits in SETTING_RANGES.items()}
    )
    add_candidate(session, name="Ada Park", ref="c01", changed_by="t")
    start = datetime(2026, 3, 2, 16, tzinfo=UTC)
    interview_service.add_interview(
        session,
        candidate_ref="c01",
        company="Acme Corp",
        position="Account Manager",
        starts_at=start,
        changed_by="t",
    )
    interview_service.log_communication(
        session, "I-000001", CommunicationKind.THANK_YOU_NOTE, at=start + timedelta(hours=3)
    )
    session.commit()

    for as_of in (start + timedelta(days=1), start + timedelta(days=400)):
        report = build_report(session, as_of)
        assert len(report.rows) == 1


def test_a_setting_stored_out_of_range_by_an_older_version_can_be_set_again(session):
    session.add(PolicySetting(name="thank_you_email_hours", value="99999999999"))
    session.flush()
    with pytest.raises(ValidationError, match="stored policy thank_you_email_hours: must be"):
        policy_service.load_policy(session)

    policy_service.set_policy(session, {"thank_you_email_hours": "36"})

    assert policy_service.load_policy(session).thank_you_email_hours == 36


def test_default_timezone_must_be_canonical(session):
    with pytest.raises(ValidationError, match="did you mean America/New_York"):
        policy_service.set_policy(session, {"default_timezone": "US/Eastern"})
