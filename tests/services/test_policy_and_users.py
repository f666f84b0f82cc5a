import pytest
from sqlalchemy import select

from recruiter_kit.enums import Role
from recruiter_kit.errors import DuplicateError, ValidationError
from recruiter_kit.models import PolicySetting
from recruiter_kit.policy import DEFAULT_POLICY
from recruiter_kit.services import policy as policy_service
from recruiter_kit.services import users as user_service


def test_policy_settings_persist_and_defaults_are_not_stored(session):
    policy_service.set_policy(session, {"thank_you_email_hours": "48", "holiday_subdivision": "NE"})
    policy = policy_service.load_policy(session)
    assert policy.thank_you_email_hours == 48 and policy.holiday_subdivision == "NE"
    assert policy_service.stored_settings(session) == {
        "holiday_subdivision": "NE",
        "thank_you_email_hours": 48,
    }

    policy_service.set_policy(session, {"thank_you_email_hours": 24})
    assert set(session.scalars(select(PolicySetting.name))) == {"holiday_subdivision"}
    assert policy_service.reset_policy(session) == DEFAULT_POLICY
    assert policy_service.load_policy(session) == DEFAULT_POLICY


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"thank_you_email_hours": "soon"}, "thank_you_email_hours: expected a whole number"),
        ({"no_such_setting": 1}, "unknown policy setting 'no_such_setting'"),
        ({"default_timezone": "Mars/Base"}, "unknown time zone 'Mars/Base'"),
        ({"holiday_country": "XX"}, "no holiday calendar for 'XX'"),
        (
            {"follow_up_open_business_days": 12},
            "must not exceed follow_up_close_business_days",
        ),
    ],
    ids=["not-a-number", "unknown-name", "bad-zone", "bad-country", "open-after-close"],
)
def test_policy_rejects_bad_settings_and_keeps_none(session, settings, message):
    with pytest.raises(ValidationError, match=message):
        policy_service.set_policy(session, {"max_follow_ups_without_reply": 3} | settings)
    assert policy_service.load_policy(session) == DEFAULT_POLICY


def test_users_store_only_a_password_hash(session):
    user = user_service.add_user(
        session, "KD@Agency.example", name="Keeley Dennis", role=Role.ADMIN, password="s3cret-pass"
    )
    assert user.email == "kd@agency.example"
    assert "s3cret-pass" not in (user.password_hash or "")
    assert user_service.verify_password(user, "s3cret-pass")
    assert not user_service.verify_password(user, "wrong-pass")
    user.active = False
    assert not user_service.verify_password(user, "s3cret-pass")


def test_users_reject_duplicates_bad_emails_and_short_passwords(session):
    user_service.add_user(session, "kd@agency.example")
    with pytest.raises(DuplicateError, match=r"kd@agency\.example"):
        user_service.add_user(session, "KD@agency.example")
    with pytest.raises(ValidationError, match="not an email address"):
        user_service.add_user(session, "kd-at-agency")
    with pytest.raises(ValidationError, match=r"password.*at least 8"):
        user_service.add_user(session, "new@agency.example", password="short")
    assert [u.email for u in user_service.list_users(session)] == ["kd@agency.example"]
