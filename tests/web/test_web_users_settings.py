"""The admin pages: accounts and the follow-up policy."""

from __future__ import annotations

from web_support import ADMIN, OTHER, RECRUITER, post, sign_in


def test_admin_adds_a_user_who_can_then_sign_in(admin, app):
    response = post(
        admin,
        "/users",
        {
            "email": "new@agency.example",
            "name": "New Person",
            "role": "recruiter",
            "password": "a long passphrase",
        },
    )
    assert response.status_code == 302
    page = admin.get("/users").get_data(as_text=True)
    assert "Created recruiter new@agency.example." in page and "New Person" in page
    other = app.test_client()
    assert sign_in(other, "new@agency.example", "a long passphrase").status_code == 302


def test_weak_and_duplicate_users_are_refused_beside_the_field(admin):
    weak = post(
        admin, "/users", {"email": "x@agency.example", "role": "recruiter", "password": "short"}
    )
    assert weak.status_code == 422
    assert "must be at least 8 characters" in weak.get_data(as_text=True)
    common = post(
        admin, "/users", {"email": "x@agency.example", "role": "recruiter", "password": "iloveyou1"}
    )
    assert "too easy to guess" in common.get_data(as_text=True)
    duplicate = post(
        admin, "/users", {"email": RECRUITER, "role": "recruiter", "password": "a long passphrase"}
    )
    assert duplicate.status_code == 422
    assert "already exists" in duplicate.get_data(as_text=True)


def test_admin_changes_a_role_and_deactivates_an_account(admin, app):
    other = app.test_client()
    sign_in(other, OTHER)
    assert other.get("/settings").status_code == 403

    post(admin, "/users/role", {"email": OTHER, "role": "admin"})
    assert other.get("/settings").status_code == 200  # the role is read on every request

    post(admin, "/users/active", {"email": OTHER, "role": "admin", "active": "no"})
    assert "deactivated" in admin.get("/users").get_data(as_text=True)
    assert other.get("/").status_code == 302  # signed out at once

    post(admin, "/users/active", {"email": OTHER, "role": "admin", "active": "yes"})
    assert sign_in(other, OTHER).status_code == 302


def test_settings_show_and_save_the_policy(admin):
    page = admin.get("/settings").get_data(as_text=True)
    assert 'name="thank_you_email_hours" value="24"' in page
    values = _form_values(page)
    values["thank_you_email_hours"] = "36"
    assert post(admin, "/settings", values).status_code == 302
    assert 'name="thank_you_email_hours" value="36"' in admin.get("/settings").get_data(
        as_text=True
    )


def test_settings_and_role_changes_show_on_the_activity_page(admin):
    values = _form_values(admin.get("/settings").get_data(as_text=True))
    post(admin, "/settings", {**values, "thank_you_email_hours": "30"})
    post(admin, "/users/role", {"email": OTHER, "role": "admin"})
    page = admin.get("/activity").get_data(as_text=True)
    policy = page.index("thank_you_email_hours")
    assert "<td>24</td>" in page[policy:] and "<td>30</td>" in page[policy:]
    assert f"user {OTHER}" in page and ADMIN in page


def test_settings_are_validated_as_the_cli_does_and_nothing_is_kept(admin):
    values = _form_values(admin.get("/settings").get_data(as_text=True))
    values.update(
        thank_you_email_hours="12",
        note_arrival_min_business_days="5",
        note_arrival_max_business_days="3",
    )
    response = post(admin, "/settings", values)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "must not exceed note_arrival_max_business_days" in page
    assert 'aria-invalid="true"' in page
    saved = admin.get("/settings").get_data(as_text=True)
    assert 'name="thank_you_email_hours" value="24"' in saved  # all or nothing
    bad_zone = post(
        admin,
        "/settings",
        {**values, "note_arrival_min_business_days": "1", "default_timezone": "Mars/Olympus"},
    )
    assert "unknown time zone" in bad_zone.get_data(as_text=True)


def _form_values(page: str) -> dict[str, str]:
    import re

    return {
        name: value
        for name, value in re.findall(r'<input id="policy-\w+" name="(\w+)" value="([^"]*)"', page)
    }


def test_branding_is_saved_and_validated(admin):
    saved = post(admin, "/settings/branding", {"name": "Northwind Staffing", "paper_size": "a4"})
    assert saved.status_code == 302
    page = admin.get("/settings").get_data(as_text=True)
    assert 'value="Northwind Staffing"' in page and 'name="paper_size" value="a4"' in page
    refused = post(admin, "/settings/branding", {"name": "X", "accent_colour": "red"})
    assert refused.status_code == 422
    assert "expected a colour like #1f5f8b" in refused.get_data(as_text=True)
    assert 'value="Northwind Staffing"' in admin.get("/settings").get_data(as_text=True)
