"""`recruiter-kit serve`: the web admin under gunicorn (Flask's own server only with --debug)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from typing import Any

import click

from recruiter_kit.config import DATABASE_URL_ENV, demo_secret_key_path
from recruiter_kit.queue import KEEP_DAYS_ENV

from .context import AppContext
from .worker import keep_days_option

SECRET_KEY_ENV = "RECRUITER_KIT_SECRET_KEY"


@click.command("serve", short_help="Run the web admin.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Web worker processes.",
)
@click.option(
    "--debug",
    is_flag=True,
    help="Flask's development server with reloading and tracebacks; cookies without Secure. "
    "Never on a shared network.",
)
@click.option(
    "--demo",
    is_flag=True,
    help="Quick start: create the demo admin account and keep a generated secret key in your "
    "user data directory.",
)
@click.option(
    "--no-worker",
    is_flag=True,
    help="Start no background worker (run `recruiter-kit worker` elsewhere instead).",
)
@keep_days_option
@click.pass_obj
def serve(
    app: AppContext,
    host: str,
    port: int,
    workers: int,
    debug: bool,
    demo: bool,
    no_worker: bool,
    keep_days: int,
) -> None:
    """Run the web admin on the same database as the other commands, with a background
    worker for batches of handouts (see `recruiter-kit worker`).

    Outside --debug, $RECRUITER_KIT_SECRET_KEY must hold a long random value (it signs the
    session cookies; every web process of an agency needs the same one). The session cookie
    is marked Secure: serve through HTTPS (a reverse proxy), or on localhost.

    \b
    Example:
      export RECRUITER_KIT_SECRET_KEY="$(openssl rand -base64 32)"
      recruiter-kit serve --host 0.0.0.0 --port 8000 --workers 4
      recruiter-kit serve --debug
    """
    secret_key = os.environ.get(SECRET_KEY_ENV) or (_demo_secret_key() if demo else None)
    if not secret_key and not debug:
        raise click.ClickException(
            f"{SECRET_KEY_ENV} is not set: export a long random value "
            "(python3 -c 'import secrets; print(secrets.token_urlsafe(32))'), "
            "or use --debug on your own machine"
        )
    config: dict[str, Any] = {
        "DATABASE_URL": app.database_url,
        "SECRET_KEY": secret_key or secrets.token_urlsafe(32),
        "SESSION_COOKIE_SECURE": not debug,
    }
    from recruiter_kit.services import users as user_service

    with app.session() as session:  # checks (or, for a new SQLite file, creates) the schema
        if demo:
            user_service.ensure_demo_admin(session)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    click.echo(f"recruiter-kit web admin: {url}")
    if demo:
        click.echo(
            f"Sign in as {user_service.DEMO_ADMIN_EMAIL} "
            f"with password {user_service.DEMO_ADMIN_PASSWORD}"
        )
    consumer = None if no_worker else _start_worker(app.database_url, keep_days)
    try:
        if debug:
            from recruiter_kit.web import create_app

            create_app(config).run(host=host, port=port, debug=True, use_reloader=False)
        else:
            from recruiter_kit.web.server import run_gunicorn

            run_gunicorn(config, host=host, port=port, workers=workers)
    finally:
        if consumer is not None:
            consumer.terminate()
            consumer.wait(timeout=30)


def _start_worker(database_url: str, keep_days: int) -> subprocess.Popen[bytes]:
    # The URL goes through the environment, never the command line (`ps` shows that).
    environment = {**os.environ, DATABASE_URL_ENV: database_url, KEEP_DAYS_ENV: str(keep_days)}
    return subprocess.Popen([sys.executable, "-m", "recruiter_kit", "worker"], env=environment)


def _demo_secret_key() -> str:
    path = demo_secret_key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()
