"""The agency's branding: stored beside the policy, checked before it is kept."""

import pytest

from recruiter_kit.errors import ValidationError
from recruiter_kit.services.agency import (
    DEFAULT_BRANDING,
    PaperSize,
    load_branding,
    set_branding,
)


def test_settings_round_trip_and_reset(session, tmp_path):
    logo = tmp_path / "Logo.PNG"
    logo.write_bytes(b"\x89PNG")
    assert load_branding(session) == DEFAULT_BRANDING
    set_branding(
        session,
        {
            "name": " Prairie Staffing ",
            "logo": str(logo),
            "paper_size": "A4",
            "email": "hi@p.example",
        },
    )
    session.commit()
    branding = load_branding(session)
    assert branding.name == "Prairie Staffing"
    assert branding.logo == str(logo.resolve())
    assert branding.paper_size is PaperSize.A4
    set_branding(session, {"logo": "", "paper_size": None, "name": ""})
    assert load_branding(session) == DEFAULT_BRANDING.__class__(email="hi@p.example")


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("accent_colour", "blue", "expected a colour like #1f5f8b"),
        ("paper_size", "legal", "'legal' is not one of: letter, a4"),
        ("logo", "/no/such/logo.png", "no such file"),
        ("logo", "/etc/passwd", "a logo must be one of"),
        ("email", "not-an-email", "not an email address"),
        ("name", "two\nlines", "control character"),
        ("colour", "#fff", "unknown setting"),
    ],
)
def test_bad_values_name_the_setting_and_change_nothing(session, name, value, problem):
    with pytest.raises(ValidationError, match=problem) as raised:
        set_branding(session, {"phone": "402-555-0100", name: value})
    assert raised.value.field == name
    assert load_branding(session).phone is None
