"""The web admin under Flask's test client, on each database backend, with CSRF on."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from web_support import ADMIN, OTHER, PASSWORD, RECRUITER, sign_in
from werkzeug.security import generate_password_hash

from recruiter_kit.db import create_db_engine, session_factory, transaction
from recruiter_kit.enums import Role
from recruiter_kit.services.users import add_user
from recruiter_kit.web import create_app


@pytest.fixture(scope="session")
def password_hash() -> str:
    """PASSWORD hashed once (hashing is deliberately slow)."""
    return generate_password_hash(PASSWORD)


@pytest.fixture
def app(database_url, password_hash):
    engine = create_db_engine(database_url)
    with transaction(session_factory(engine)) as session:
        for email, name, role in (
            (ADMIN, "Ada Admin", Role.ADMIN),
            (RECRUITER, "Keeley Dennis", Role.RECRUITER),
            (OTHER, "Maria Lopez", Role.RECRUITER),
        ):
            add_user(session, email, name=name, role=role).password_hash = password_hash
    engine.dispose()
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test secret",
            "TESTING": True,
            "PREFERRED_URL_SCHEME": "https",  # the session cookie is Secure
        }
    )
    yield app


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def admin(client) -> FlaskClient:
    assert sign_in(client, ADMIN).status_code == 302
    return client


@pytest.fixture
def recruiter(client) -> FlaskClient:
    assert sign_in(client, RECRUITER).status_code == 302
    return client
