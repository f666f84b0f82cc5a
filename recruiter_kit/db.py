"""Engines, sessions and the schema's life cycle (Alembic migrations)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_BUSY_TIMEOUT_MS = 10_000

# The newest migration in recruiter_kit/migrations/versions (a test keeps them in step).
# Knowing it here lets every command check the schema without loading Alembic.
SCHEMA_REVISION = "0001"


class SchemaError(RuntimeError):
    """The database schema is missing or out of date."""


def create_db_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite gets WAL, a busy timeout and foreign keys on."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return create_engine(url, **kwargs)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to `engine` (objects stay readable after commit)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work is committed on success and rolled back on any error."""
    with factory() as session, session.begin():
        yield session


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration for the migrations shipped inside the package."""
    from alembic.config import Config  # Alembic is needed only to migrate

    config = Config()
    config.set_main_option("script_location", "recruiter_kit:migrations")
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    return config


def head_revision(engine: Engine) -> str | None:
    """The newest migration shipped with this version of recruiter-kit (read by Alembic)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at, or None for an empty database."""
    if "alembic_version" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Create or migrate the schema; return (revision before, revision after)."""
    from alembic import command

    before = current_revision(engine)
    command.upgrade(alembic_config(engine), revision)
    return before, current_revision(engine)


def ensure_schema(engine: Engine) -> None:
    """Check the schema is current; initialise a brand-new SQLite database on the way.

    An existing database is never migrated silently: the user is told to run
    `recruiter-kit db upgrade`, so upgrades happen when an operator chooses.
    """
    current = current_revision(engine)
    head = SCHEMA_REVISION
    if current == head:
        return
    if current is None and _is_empty(engine):
        if engine.dialect.name == "sqlite":
            upgrade(engine)
            return
        raise SchemaError(
            f"the database at {engine.url.render_as_string(hide_password=True)} has no "
            "recruiter-kit tables yet: run `recruiter-kit db upgrade` to create them"
        )
    raise SchemaError(
        f"the database schema is at revision {current or 'none'} but this version of "
        f"recruiter-kit needs {head}: run `recruiter-kit db upgrade` (back up first)"
    )


def _is_empty(engine: Engine) -> bool:
    return not inspect(engine).get_table_names()
