"""The number of SQL statements a page runs does not grow with the data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import event
from web_support import ADMIN, OTHER, RECRUITER, add_agency, sign_in

from recruiter_kit.db import create_db_engine, session_factory, transaction
from recruiter_kit.enums import CommunicationKind
from recruiter_kit.services.candidates import add_candidate
from recruiter_kit.services.interviews import add_interview, log_communication

PAGES = [
    "/",
    "/candidates",
    "/candidates?q=a&sort=status",
    "/candidates/{mine}",
    "/interviews/{mine_interview}",
    "/pipeline",
    "/reports/follow-ups",
    "/activity",
    "/handouts",
]


def _grow(database_url, count):
    engine = create_db_engine(database_url)
    started = datetime.now(UTC) - timedelta(days=2)
    with transaction(session_factory(engine)) as session:
        for number in range(count):
            owner = (RECRUITER, OTHER)[number % 2]
            candidate = add_candidate(
                session, name=f"Extra {number}", recruiter=owner, changed_by="test"
            )
            _thanked_interview(
                session,
                candidate.ref,
                f"Company {number % 7}",
                started,
                ends_at=started + timedelta(hours=1),
            )
    engine.dispose()


def _grow_candidate(database_url, ref, count):
    """`count` more interviews for candidate `ref`, each at another employer, each with a
    thank-you logged."""
    engine = create_db_engine(database_url)
    started = datetime.now(UTC) - timedelta(days=2)
    with transaction(session_factory(engine)) as session:
        for number in range(count):
            _thanked_interview(session, ref, f"Employer {number}", started)
    engine.dispose()


def _thanked_interview(session, candidate_ref, company, started, **times):
    """An interview of `candidate_ref` at `company` starting at `started`, with a thank-you
    email logged three hours later."""
    interview = add_interview(
        session,
        candidate_ref=candidate_ref,
        company=company,
        position="Analyst",
        starts_at=started,
        changed_by="test",
        **times,
    )
    log_communication(
        session,
        interview.ref,
        CommunicationKind.THANK_YOU_EMAIL,
        at=started + timedelta(hours=3),
        changed_by="test",
    )


def _recorder(statements):
    def record(connection, cursor, statement, *args):
        statements.append(statement)

    return record


def _counts(app, client, refs):
    engine = app.extensions["recruiter_kit.sessions"].kw["bind"]
    counts = {}
    for page in PAGES:
        url = page.format(**refs)
        client.get(url)  # first: stored verdicts are brought up to date
        statements: list[str] = []
        listener = _recorder(statements)
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(url).status_code == 200, url
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        counts[url] = len(statements)
    return counts


def test_query_count_per_page_does_not_grow_with_data(app, database_url):
    refs = add_agency(database_url)
    clients = {who: app.test_client() for who in (ADMIN, RECRUITER)}
    for who, client in clients.items():
        sign_in(client, who)
    small = {who: _counts(app, client, refs) for who, client in clients.items()}
    _grow(database_url, 30)
    _grow_candidate(database_url, refs["mine"], 3)  # their page lists every interview
    large = {who: _counts(app, client, refs) for who, client in clients.items()}
    assert large == small
    assert all(0 < count <= 25 for counts in large.values() for count in counts.values()), large
