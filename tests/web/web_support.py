"""Accounts, and posting forms the way a browser does, for the web admin's tests."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

PASSWORD = "correct horse battery"
ADMIN = "admin@agency.example"
RECRUITER = "kdennis@agency.example"
OTHER = "mlopez@agency.example"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def post(client: FlaskClient, url: str, data: dict | None = None, **kwargs):
    """Post a form the way a browser does: with the session's CSRF token."""
    token = _token_for(client, url)
    # Over HTTPS Flask-WTF also checks that the form came from this site, as browsers say.
    kwargs.setdefault("headers", {"Referer": "https://localhost/"})
    return client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)


def _token_for(client: FlaskClient, url: str) -> str:
    # Any page with a form carries the session's token; the sign-out form is on every page.
    for page in ("/", "/login"):
        html = client.get(page).get_data(as_text=True)
        match = _CSRF.search(html)
        if match:
            return match.group(1)
    raise AssertionError("no page shows a CSRF token")


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD):
    """Sign in through the form; returns the response."""
    return post(client, "/login", {"email": email, "password": password})
