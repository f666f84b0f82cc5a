"""`recruiter-kit serve` and the account commands the web admin relies on."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from recruiter_kit.db import create_db_engine, session_factory
from recruiter_kit.services.users import get_user, verify_password


def _user(database_url, email):
    engine = create_db_engine(database_url)
    with session_factory(engine)() as session:
        user = get_user(session, email)
    engine.dispose()
    return user


def test_serve_refuses_to_start_without_a_secret_key(cli, monkeypatch):
    monkeypatch.delenv("RECRUITER_KIT_SECRET_KEY", raising=False)
    result = cli("serve")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "RECRUITER_KIT_SECRET_KEY is not set" in result.output


def test_users_deactivate_and_set_password(cli, database_url):
    assert (
        cli(
            "users", "add", "kd@agency.example", "--password-stdin", input="first-passphrase\n"
        ).exit_code
        == 0
    )
    token = _user(database_url, "kd@agency.example").session_token

    weak = cli(
        "users", "set-password", "kd@agency.example", "--password-stdin", input="password123\n"
    )
    assert weak.exit_code == 1 and "too easy to guess" in weak.output

    changed = cli(
        "users",
        "set-password",
        "kd@agency.example",
        "--password-stdin",
        input="second-passphrase\n",
    )
    assert changed.exit_code == 0, changed.output
    user = _user(database_url, "kd@agency.example")
    assert verify_password(user, "second-passphrase") and user.session_token != token

    assert cli("users", "deactivate", "kd@agency.example").exit_code == 0
    user = _user(database_url, "kd@agency.example")
    assert not user.active and not verify_password(user, "second-passphrase")
    unknown = cli("users", "deactivate", "nobody@agency.example")
    assert unknown.exit_code == 1 and "no user with email" in unknown.output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_runs_the_app_under_gunicorn_with_several_workers(tmp_path):
    port = _free_port()
    env = {**os.environ, "RECRUITER_KIT_SECRET_KEY": "a test secret key"}
    database = f"sqlite:///{tmp_path / 'served.sqlite'}"
    command = [
        sys.executable,
        "-m",
        "recruiter_kit",
        "--database-url",
        database,
        "serve",
        "--port",
        str(port),
        "--workers",
        "2",
    ]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as response:
                    assert response.status == 200
                    assert response.headers["Server"].startswith("gunicorn")
                    break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                assert server.poll() is None, server.stdout.read().decode()
                time.sleep(0.3)
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode()
    assert f"recruiter-kit web admin: http://127.0.0.1:{port}/" in output
    assert "Booting worker" in output
