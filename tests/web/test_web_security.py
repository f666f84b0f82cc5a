"""The security list: headers, cookies, CSRF on every form, body limit, escaping, error pages."""

from __future__ import annotations

import pytest
from web_support import RECRUITER, overdue_start, post, sign_in

from recruiter_kit.db import create_db_engine, session_factory, transaction
from recruiter_kit.services.candidates import add_candidate
from recruiter_kit.services.interviews import add_interview
from recruiter_kit.web import MAX_REQUEST_BYTES, ConfigurationError, create_app


def test_every_response_carries_the_security_headers(client, recruiter):
    for url in ("/login", "/", "/healthz", "/no-such-page", "/static/app.css"):
        headers = client.get(url).headers
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "frame-ancestors 'self'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "SAMEORIGIN"
        assert headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script(admin):
    for url in ("/login", "/", "/users", "/settings"):
        html = admin.get(url).get_data(as_text=True)
        assert "<script>" not in html and " on" + "click=" not in html


def test_session_cookie_is_httponly_samesite_lax_and_secure(client):
    response = sign_in(client, RECRUITER)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_debug_app_drops_secure_for_plain_http(database_url):
    app = create_app(
        {"DATABASE_URL": database_url, "SECRET_KEY": "x", "SESSION_COOKIE_SECURE": False}
    )
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_app_refuses_to_start_without_a_secret_key(database_url):
    with pytest.raises(ConfigurationError, match="RECRUITER_KIT_SECRET_KEY is not set"):
        create_app({"DATABASE_URL": database_url})


def test_every_form_post_needs_a_csrf_token(app, admin):
    posts = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or ()) and not rule.arguments
    ]
    assert "/login" in posts and "/logout" in posts and len(posts) >= 5
    for url in posts:
        response = admin.post(url, data={"email": "x@y.example"})
        assert response.status_code == 400, url
        assert "The form expired" in response.get_data(as_text=True)
    assert admin.get("/").status_code == 200  # still signed in: nothing was done


def test_forms_render_their_csrf_token(admin):
    for url in ("/users", "/settings", "/"):
        html = admin.get(url).get_data(as_text=True)
        assert html.count("<form") == html.count('name="csrf_token"'), url


def test_request_body_is_limited(client):
    response = client.post("/login", data={"email": "x" * (MAX_REQUEST_BYTES + 1)})
    assert response.status_code == 413
    assert "Too large" in response.get_data(as_text=True)


def test_unknown_page_is_a_404_in_the_apps_style(recruiter):
    response = recruiter.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "404 · Not found" in page and "app.css" in page and "Sign out" in page


def test_server_error_is_a_500_in_the_apps_style_without_a_traceback(app, recruiter, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production, not as in tests
    monkeypatch.setattr("recruiter_kit.web.dashboard.build_dashboard", boom)
    response = recruiter.get("/")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page and "secret internals" not in page
    assert "Traceback" not in page


def test_user_text_is_escaped(database_url, recruiter):
    engine = create_db_engine(database_url)
    with transaction(session_factory(engine)) as session:
        add_candidate(
            session, name="<script>alert(1)</script>", recruiter=RECRUITER, changed_by="test"
        )
        add_interview(
            session,
            candidate_ref="C-000001",
            company="<b>Acme</b>",
            position="Analyst",
            starts_at=overdue_start(),
            changed_by="test",
        )
    engine.dispose()
    page = recruiter.get("/").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "&lt;b&gt;Acme&lt;/b&gt;" in page


def test_healthz_is_public_and_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_sign_out_form_posts_with_the_token(recruiter):
    assert post(recruiter, "/logout").status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/candidates?page=" + "9" * 5000,
        "/reports/follow-ups?page=" + "9" * 5000,
        "/reports/follow-ups?due_within=" + "9" * 5000,
        "/reports/follow-ups?page=%D9%A3",  # an Arabic-Indic three
        "/candidates?page=-1",
    ],
)
def test_numbers_in_urls_never_fail_the_page(admin, url):
    # Python refuses to convert more than 4,300 digits: that was a 500 for anyone.
    assert admin.get(url).status_code == 200


def test_a_due_within_out_of_range_is_one_clear_message(admin):
    response = admin.get("/reports/follow-ups?due_within=99999")
    assert response.status_code == 400
    assert "due_within" in response.get_data(as_text=True)
