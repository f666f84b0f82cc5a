"""Engines, sessions and the schema's life cycle (Alembic migrations)."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from recruiter_kit.config import normalise_database_url
from recruiter_kit.errors import ValidationError

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_BUSY_TIMEOUT_MS = 10_000

# The newest migration in recruiter_kit/migrations/versions (a test keeps them in step).
# Knowing it here lets every command check the schema without loading Alembic.
SCHEMA_REVISION = "0010"


class SchemaError(RuntimeError):
    """The database schema is missing or out of date."""


class DatabaseURLError(ValueError):
    """A database URL recruiter-kit cannot use (unsupported backend, missing folder)."""


# The drivers recruiter-kit ships with, by the scheme a URL starts with.
SUPPORTED_DRIVERS = frozenset({"sqlite", "sqlite+pysqlite", "postgresql+psycopg"})


def create_db_engine(
    url: str, *, create_folder: bool = False, create_file: bool = True, **kwargs: Any
) -> Engine:
    """An engine for `url` (SQLite or PostgreSQL).

    SQLite gets WAL, a busy timeout and foreign keys on. Its folder must exist unless
    `create_folder` is set (the default data folder only), and with `create_file` off its
    file must exist too, so a mistyped path is an error rather than a new, empty database.
    A file the user may read but not write, or one in a folder they cannot write, is
    opened read-only: reports work, changes are refused.
    """
    parsed = make_url(normalise_database_url(url))
    if parsed.drivername not in SUPPORTED_DRIVERS:
        raise DatabaseURLError(
            f"unsupported database URL scheme {parsed.drivername!r}: recruiter-kit works with "
            "SQLite (sqlite:///PATH) and PostgreSQL (postgresql://USER@HOST/DBNAME)"
        )
    if parsed.get_backend_name() != "sqlite":
        return _refusing_unstorable_text(create_engine(parsed, **kwargs))
    read_only = False
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database)
        if create_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.parent.is_dir():
            raise DatabaseURLError(
                f"the folder {path.parent} does not exist: check the database URL, "
                "or create the folder first"
            )
        elif not create_file and not path.exists():
            raise DatabaseURLError(
                f"the database file {path} does not exist: check the database URL, or create "
                f"it with `recruiter-kit --database-url sqlite:///{path} db upgrade`"
            )
        read_only = _is_read_only(path)
        if read_only:
            parsed = _read_only_url(parsed, path)
    engine = _refusing_unstorable_text(create_engine(parsed, **kwargs))
    event.listen(engine, "connect", _configure_sqlite)
    if not read_only:  # switching the journal is a write
        event.listen(engine, "connect", _use_wal)
    return engine


_UNSTORABLE_TEXT = re.compile("[\x00\ud800-\udfff]")

# Execution options of a statement whose texts were all checked already (the import's
# records, verdicts built from them): the statement guard skips it. A bulk import binds
# a million values, and searching them all again cost a tenth of its time.
_CHECKED_OPTION = "recruiter_kit_text_checked"
TEXT_CHECKED: Final = {_CHECKED_OPTION: True}


def _refusing_unstorable_text(engine: Engine) -> Engine:
    """`engine`, refusing text with NUL or lone surrogates in any statement's parameters.

    The services refuse such text field by field; this is the net under every other path
    (a lookup by a ref typed as invalid UTF-8, a search): PostgreSQL cannot hold NUL and
    no database encodes a lone surrogate, so both backends give the same one-line error
    instead of different tracebacks.
    """
    event.listen(engine, "before_cursor_execute", _refuse_unstorable_text)
    return engine


def _refuse_unstorable_text(
    connection: Connection,
    cursor: Any,
    statement: str,
    parameters: Any,
    context: Any,
    executemany: bool,
) -> None:
    if context is not None and context.execution_options.get(_CHECKED_OPTION):
        return
    refuse_unstorable_text(_texts(parameters))


def refuse_unstorable_text(texts: list[str]) -> None:
    """Raise ValidationError if any of `texts` holds NUL or a lone surrogate."""
    # One search over all the texts: a bulk insert binds hundreds of thousands of values.
    if texts and _UNSTORABLE_TEXT.search("".join(texts)):
        value = next(text for text in texts if _UNSTORABLE_TEXT.search(text))
        raise ValidationError(
            None,
            None,
            "text with a NUL character or invalid UTF-8 (a lone surrogate) can be "
            f"neither stored nor looked up: {value[:60]!r}",
        )


def _texts(parameters: Any) -> list[str]:
    """Every text in a statement's parameters: one row or many, by name or by position."""
    texts: list[str] = []
    pending = [parameters]
    while pending:
        item = pending.pop()
        if isinstance(item, Mapping):
            item = item.values()
        elif not isinstance(item, list | tuple):
            if isinstance(item, str):
                texts.append(item)
            continue
        # Comprehensions, not a loop per value: a bulk insert binds a million values.
        texts += [value for value in item if isinstance(value, str)]
        pending += [value for value in item if isinstance(value, _NESTED)]
    return texts


# Nested parameters: the rows of an executemany, JSON values. Concrete types, as an
# abstract Mapping check on every scalar costs more than the rest of the guard.
_NESTED = (dict, list, tuple)


def _is_read_only(path: Path) -> bool:
    """Whether an existing database file cannot be written, or its journal cannot be created."""
    return path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _read_only_url(parsed: URL, path: Path) -> URL:
    """A URL opening `path` read-only without creating or switching any journal.

    A WAL database needs its `-shm` index: when the folder cannot hold a new one and no
    writer has one open, the file cannot change under us and is read as immutable.
    """
    can_index = os.access(path.parent, os.W_OK) or Path(f"{path}-shm").exists()
    mode = {"mode": "ro"} if can_index else {"immutable": "1"}
    return parsed.set(database=path.resolve().as_uri(), query={**mode, "uri": "true"})


def _use_wal(dbapi_connection: Any, _record: Any) -> None:
    # Switching a new file's journal needs an exclusive lock, and SQLite answers "database
    # is locked" at once instead of waiting with the busy timeout: a parallel first upgrade
    # holds the write lock for a moment, so try again until the busy timeout has passed.
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    cursor = dbapi_connection.cursor()
    try:
        while True:
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
    finally:
        cursor.close()


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to `engine` (objects stay readable after commit).

    Its sessions keep the stored interview verdicts current on every commit.
    """
    from recruiter_kit.services.assessments import keep_assessments_current

    factory = sessionmaker(engine, expire_on_commit=False)
    keep_assessments_current(factory)
    return factory


def analyze(engine: Engine) -> None:
    """Refresh the query planner's statistics, after a bulk load changed the tables' sizes.

    SQLite never gathers them by itself and PostgreSQL only once autovacuum gets to the
    tables; without them both can start a recruiter's queries from the wrong index.
    """
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))


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
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # not an interpolation
    return config


def head_revision(engine: Engine) -> str | None:
    """The newest migration shipped with this version of recruiter-kit (read by Alembic)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return _revision(connection)


def _revision(connection: Connection) -> str | None:
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Create or migrate the schema in one transaction; return (revision before, after).

    If the upgrade fails or the process is killed, nothing of it is kept (tables, version
    row), so the next `upgrade` starts again from the same revision.
    """
    from alembic import command

    config = alembic_config(engine)
    with engine.connect() as connection, _transactional_ddl(connection), connection.begin():
        before = _revision(connection)  # read under the lock: a parallel upgrade has finished
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        return before, _revision(connection)


@contextmanager
def _transactional_ddl(connection: Connection) -> Iterator[None]:
    """Make SQLite's driver put DDL inside the transaction (PostgreSQL always does).

    Python's sqlite3 module (before 3.12's `autocommit`) begins a transaction before DML
    only, so each CREATE TABLE would commit on its own. With the driver's own transaction
    handling off, an explicit BEGIN IMMEDIATE holds everything, and takes the write lock
    first so that two first upgrades run one after the other.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection
    assert driver is not None
    saved = driver.isolation_level
    driver.isolation_level = None

    def begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    event.listen(connection, "begin", begin)
    try:
        yield
    finally:
        event.remove(connection, "begin", begin)
        driver.isolation_level = saved


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


def insert_checked_rows(session: Session, statement: Any, rows: list[dict[str, Any]]) -> None:
    """Execute an INSERT (or upsert) `statement` once for each of `rows`, whose texts are
    checked already (the statement guard skips them), as fast as the driver allows.

    On SQLite the statement is compiled once and the driver's executemany() gets tuples
    built with each column's converter: SQLAlchemy's own executemany builds a dictionary of
    every parameter for every row, and a bulk import writes a few hundred thousand rows. A
    statement that would need a value the rows do not hold (a column's Python default) is
    left to SQLAlchemy, as is PostgreSQL, whose driver pipelines the rows already.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name == "sqlite":
        prepared = _sqlite_executemany(statement, rows, dialect)
        if prepared is not None:
            sql, values = prepared
            connection.exec_driver_sql(sql, values, execution_options=TEXT_CHECKED)
            return
    session.execute(statement, rows, execution_options=TEXT_CHECKED)


def _sqlite_executemany(
    statement: Any, rows: list[dict[str, Any]], dialect: Any
) -> tuple[str, list[tuple[Any, ...]]] | None:
    """The SQL and the rows' parameter tuples for the driver, or None when a parameter is
    neither in the rows nor a constant default."""
    compiled = statement.compile(dialect=dialect, column_keys=list(rows[0]))
    names: list[str] = list(compiled.positiontup or [])
    constants: dict[str, Any] = {}
    for name in names:
        if name in rows[0]:
            continue
        default = statement.table.c[name].default if name in statement.table.c else None
        if default is None or not default.is_scalar:
            return None
        constants[name] = default.arg
    converters = [
        compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    converting = [(at, convert) for at, convert in enumerate(converters) if convert is not None]
    take = itemgetter(*[name for name in names if name not in constants])
    fixed = [(names.index(name), value) for name, value in constants.items()]
    values: list[tuple[Any, ...]] = []
    for row in rows:
        taken = take(row)
        value = list(taken) if isinstance(taken, tuple) else [taken]
        for at, constant in fixed:
            value.insert(at, constant)
        for at, convert in converting:
            value[at] = convert(value[at])
        values.append(tuple(value))
    return compiled.string, values
