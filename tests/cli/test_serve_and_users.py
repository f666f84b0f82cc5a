"""`recruiter-kit serve` and the account commands the web admin relies on."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

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


def test_serve_runs_gunicorn_workers_and_its_own_queue_worker_on_sqlite(tmp_path):
    """Several web processes and the queue worker share one SQLite file: concurrent
    sign-ins and writes all succeed (no "database is locked")."""
    port = _free_port()
    database = f"sqlite:///{tmp_path / 'served.sqlite'}"
    env = {
        **os.environ,
        "RECRUITER_KIT_SECRET_KEY": "a test secret key",
        "RECRUITER_KIT_QUEUE_PATH": str(tmp_path / "queue.sqlite"),
    }
    env.pop("REDIS_URL", None)
    base = [sys.executable, "-m", "recruiter_kit", "--database-url", database]
    subprocess.run([*base, "db", "upgrade"], env=env, check=True)
    subprocess.run(
        [*base, "users", "add", "kd@agency.example", "--password-stdin"],
        input=b"a long passphrase\n",
        env=env,
        check=True,
    )
    command = [*base, "serve", "--port", str(port), "--workers", "3", "--keep-days", "3"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz") as response:
                    assert response.status == 200
                    assert response.headers["Server"].startswith("gunicorn")
                    break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                assert server.poll() is None, server.stdout.read().decode()
                time.sleep(0.3)
        with ThreadPoolExecutor(8) as pool:
            added = list(pool.map(lambda number: _add_candidate(url, number), range(8)))
        assert added == [302] * 8
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert f"recruiter-kit web admin: {url}/" in output
    assert output.count("Booting worker") == 3
    assert "recruiter-kit worker: 1 at a time, on the SQLite queue" in output
    assert "PDFs kept 3 days" in output  # serve hands --keep-days to its worker
    assert "locked" not in output and "Traceback" not in output
    listed = subprocess.run(
        [*base, "candidates", "list", "--format", "csv"], env=env, capture_output=True, check=True
    )
    assert listed.stdout.decode().count("Concurrent ") == 8


def _add_candidate(url: str, number: int) -> int:
    """Sign in and add a candidate, as a browser would (cookies by hand: they are Secure)."""
    opener = urllib.request.build_opener(_NoRedirect)
    cookies: dict[str, str] = {}

    def call(path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        request = urllib.request.Request(
            url + path, data=urllib.parse.urlencode(form).encode() if form else None
        )
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
        try:
            response = opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or ():
            name, _, rest = header.partition("=")
            cookies[name] = rest.split(";", 1)[0]
        return response.status, response.read().decode()

    token = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
    _, page = call("/login")
    credentials = {"email": "kd@agency.example", "password": "a long passphrase"}
    status, _ = call("/login", {"csrf_token": token.search(page).group(1), **credentials})
    assert status == 302
    _, page = call("/candidates/new")
    form = {"csrf_token": token.search(page).group(1), "name": f"Concurrent {number}"}
    status, _ = call("/candidates/new", {**form, "recruiter": "", "stage": "sourced"})
    return status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
