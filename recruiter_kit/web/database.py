"""One database session per request, on the app's engine."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, g
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from recruiter_kit.db import create_db_engine, ensure_schema, session_factory

_EXTENSION = "recruiter_kit.sessions"


def init_app(app: Flask) -> None:
    """Create the engine (checking the schema is current) and close sessions after requests."""
    engine = create_db_engine(app.config["DATABASE_URL"], pool_pre_ping=True)
    ensure_schema(engine)
    app.extensions[_EXTENSION] = session_factory(engine)
    app.after_request(_commit_reads)
    app.teardown_appcontext(_close)


def db() -> Session:
    """This request's session (uncommitted work is rolled back when the request ends)."""
    if "db_session" not in g:
        factory: sessionmaker[Session] = current_app.extensions[_EXTENSION]
        g.db_session = factory()
    session: Session = g.db_session
    return session


def _commit_reads(response: Response) -> Response:
    # Reading can bring stored verdicts up to date; keep that work for the next request.
    session: Session | None = g.get("db_session")
    if session is not None and response.status_code < 400 and session.in_transaction():
        try:
            session.commit()
        except SQLAlchemyError:  # e.g. another writer first: verdicts are judged again later
            session.rollback()
    return response


def _close(_error: Any = None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()
