"""Accounts, and posting forms the way a browser does, for the web admin's tests."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient

PASSWORD = "correct horse battery"
ADMIN = "admin@agency.example"
RECRUITER = "kdennis@agency.example"
OTHER = "mlopez@agency.example"
REDIS_TEST_URL = "redis://127.0.0.1:6379/15"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def post(client: FlaskClient, url: str, data: dict | None = None, **kwargs):
    """Post a form the way a browser does: with the session's CSRF token."""
    token = _token_for(client, url)
    # Over HTTPS Flask-WTF also checks that the form came from this site, as browsers say.
    kwargs.setdefault("headers", {"Referer": "https://localhost/"})
    # Forms sharing a page name their fields apart (profile-name, interview-company...).
    prefixes = ("", "profile-", "interview-", "log-", "edit-", "entry-", "delete-")
    tokens = {f"{prefix}csrf_token": token for prefix in prefixes}
    return client.post(url, data={**tokens, **(data or {})}, **kwargs)


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


def overdue_start() -> datetime:
    """When an hour-long interview with nothing logged began, for it to be overdue now.

    Six days ago: three days ago was only "due" on Mondays and after holidays (a note
    mailed the next business day still arrives in time), about one hour in six; from five
    days back it is overdue at every hour of 2026 and 2027.
    """
    return (datetime.now(UTC) - timedelta(days=6)).replace(microsecond=0)


def add_agency(database_url: str) -> dict[str, str]:
    """Two candidates of RECRUITER's (one with an overdue interview, nothing logged) and one
    of OTHER's with an interview: their refs by role in the story."""
    from recruiter_kit.db import create_db_engine, session_factory, transaction
    from recruiter_kit.services.candidates import add_candidate
    from recruiter_kit.services.interviews import add_interview

    engine = create_db_engine(database_url)
    started = overdue_start()
    refs = {}
    with transaction(session_factory(engine)) as session:
        for key, name, owner in (
            ("mine", "Ada Park", RECRUITER),
            ("mine_too", "Ben Okafor", RECRUITER),
            ("theirs", "Bea Other", OTHER),
        ):
            candidate = add_candidate(
                session, name=name, recruiter=owner, email=f"{key}@example.com", changed_by="test"
            )
            refs[key] = candidate.ref
        for key, company in (("mine", "Acme Corp"), ("theirs", "Globex")):
            interview = add_interview(
                session,
                candidate_ref=refs[key],
                company=company,
                position="Analyst",
                starts_at=started,
                ends_at=started + timedelta(hours=1),
                changed_by="test",
            )
            refs[f"{key}_interview"] = interview.ref
    engine.dispose()
    return refs


def queue_for(queue_config: dict, database_url: str | None = None):
    """The queue `queue_config` (the fixture's app settings) describes, its tasks run on
    `database_url`."""
    from recruiter_kit.queue import create_queue

    return create_queue(
        queue_config.get("REDIS_URL"),
        queue_config.get("QUEUE_PATH"),
        queue_config.get("QUEUE_NAME"),
        database_url=database_url,
    )


def run_queued(app, queue_config: dict) -> int:
    """Run every queued task here, as a consumer on the app's database would; how many ran."""
    queue = queue_for(queue_config, app.config["DATABASE_URL"])
    ran = 0
    while (task := queue.huey.dequeue()) is not None:
        queue.huey.execute(task)
        ran += 1
    return ran


def batch_row(html: str, batch: str) -> str:
    """The row of batch number `batch` in the handouts page."""
    return html.split(f"<td>{batch}<br>", 1)[1].split("</tr>", 1)[0]
