"""Signing in and out, sessions that end, throttling, safe redirects, roles."""

from __future__ import annotations

import pytest
from web_support import ADMIN, OTHER, PASSWORD, RECRUITER, post, sign_in

from recruiter_kit.db import create_db_engine, session_factory, transaction
from recruiter_kit.services import users as user_service
from recruiter_kit.services.sign_in import MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS


def _change(database_url, change):
    engine = create_db_engine(database_url)
    with transaction(session_factory(engine)) as session:
        change(session)
    engine.dispose()


def test_pages_need_sign_in_and_remember_where_to_go(client):
    response = client.get("/users?x=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/users?x%3D1"


def test_sign_in_goes_to_the_dashboard_and_shows_the_account(client):
    response = sign_in(client, RECRUITER)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Keeley Dennis (recruiter)" in page and "Sign out" in page


def test_wrong_password_is_one_message_beside_the_field(client):
    response = sign_in(client, RECRUITER, "not the password")
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "Wrong email or password" in page and 'aria-invalid="true"' in page
    assert client.get("/").status_code == 302


def test_sign_in_renews_the_session(client):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, RECRUITER)
    with client.session_transaction() as session:
        assert "planted" not in session


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "/\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "/%0d%0aLocation: https://evil.example",
        "\\\\evil.example",
        "http:/evil.example",
    ],
)
def test_next_never_leaves_the_site(client, target):
    response = post(client, f"/login?next={target}", {"email": RECRUITER, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_on_this_site_is_followed(client):
    response = post(client, "/login?next=/settings", {"email": ADMIN, "password": PASSWORD})
    assert response.headers["Location"] == "/settings"


def test_sign_out_ends_the_session_and_an_old_cookie_is_refused(client):
    sign_in(client, RECRUITER)
    cookie = client.get_cookie("recruiter_kit_session")
    assert cookie is not None
    assert post(client, "/logout").status_code == 302
    assert client.get("/").status_code == 302
    client.set_cookie(cookie.key, cookie.value, domain=cookie.domain)  # replay the old cookie
    assert client.get("/").status_code == 302


def test_sign_out_needs_a_post_with_a_token(recruiter):
    assert recruiter.get("/logout").status_code == 405
    assert recruiter.post("/logout").status_code == 400
    assert recruiter.get("/").status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        lambda session: user_service.set_active(session, RECRUITER, False),
        lambda session: user_service.set_password(
            user_service.get_user(session, RECRUITER), "a brand new passphrase"
        ),
    ],
    ids=["deactivated", "password changed"],
)
def test_deactivation_and_password_change_end_sessions(client, database_url, change):
    sign_in(client, RECRUITER)
    assert client.get("/").status_code == 200
    _change(database_url, change)
    assert client.get("/").status_code == 302


def test_deactivated_account_cannot_sign_in(client, database_url):
    _change(database_url, lambda session: user_service.set_active(session, RECRUITER, False))
    assert sign_in(client, RECRUITER).status_code == 401


def test_failed_sign_ins_are_throttled_per_account(client):
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        assert sign_in(client, RECRUITER, "wrong guess").status_code == 401
    response = sign_in(client, RECRUITER)  # even the right password waits now
    assert response.status_code == 401
    assert "Too many failed sign-ins" in response.get_data(as_text=True)
    assert sign_in(client, OTHER).status_code == 302  # other accounts are not locked out


def test_failed_sign_ins_are_throttled_per_address(client):
    for number in range(MAX_FAILURES_PER_ADDRESS):
        sign_in(client, f"nobody{number}@agency.example", "wrong guess")
    response = sign_in(client, RECRUITER)
    assert response.status_code == 401
    assert "Too many failed sign-ins" in response.get_data(as_text=True)
    other_address = {"REMOTE_ADDR": "10.0.0.9"}
    assert (
        post(
            client, "/login", {"email": RECRUITER, "password": PASSWORD}, environ_base=other_address
        ).status_code
        == 302
    )


def test_recruiters_cannot_open_admin_pages(recruiter):
    for url in ("/users", "/settings"):
        response = recruiter.get(url)
        assert response.status_code == 403
        assert "Not allowed" in response.get_data(as_text=True)


def test_admins_open_admin_pages(admin):
    assert admin.get("/users").status_code == 200
    assert admin.get("/settings").status_code == 200
