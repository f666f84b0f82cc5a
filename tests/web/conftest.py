"""The web admin under Flask's test client, on each database backend, with CSRF on."""

from __future__ import annotations

import uuid

import pytest
from flask.testing import FlaskClient
from web_support import ADMIN, OTHER, PASSWORD, RECRUITER, REDIS_TEST_URL, sign_in
from werkzeug.security import generate_password_hash

from recruiter_kit.db import create_db_engine, session_factory, transaction
from recruiter_kit.enums import Role
from recruiter_kit.queue import create_queue
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


def _redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_TEST_URL).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["sqlite-queue", "redis-queue"])
def queue_config(request, tmp_path):
    """The app settings of a task queue of this test's own, on each storage."""
    if request.param == "redis-queue":
        if not _redis_available():
            pytest.skip("no Redis at 127.0.0.1:6379")
        # Other test runs share this Redis: keys of this test only, removed afterwards.
        name = f"recruiter-kit-test-{uuid.uuid4().hex}"
        yield {"REDIS_URL": REDIS_TEST_URL, "QUEUE_NAME": name}
        create_queue(REDIS_TEST_URL, name=name).huey.flush()
        return
    yield {"QUEUE_PATH": tmp_path / "queue.sqlite"}
