"""Choosing the database, creating it, and refusing silent migrations."""

import pytest
from sqlalchemy import text

from recruiter_kit.cli import main
from recruiter_kit.config import DATABASE_URL_ENV, resolve_database_url
from recruiter_kit.db import create_db_engine, current_revision, head_revision


def test_an_empty_sqlite_file_is_initialised_automatically(runner, tmp_path):
    (tmp_path / "agency.sqlite").touch()
    url = f"sqlite:///{tmp_path}/agency.sqlite"
    result = runner.invoke(main, ["--database-url", url, "candidates", "list"])
    assert result.exit_code == 0, result.output
    engine = create_db_engine(url)
    assert current_revision(engine) == head_revision(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    engine.dispose()


def test_an_out_of_date_schema_is_not_migrated_silently(runner, tmp_path):
    url = f"sqlite:///{tmp_path}/old.sqlite"
    assert runner.invoke(main, ["--database-url", url, "db", "upgrade"]).exit_code == 0
    engine = create_db_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0000'"))

    result = runner.invoke(main, ["--database-url", url, "candidates", "list"])
    assert result.exit_code == 1
    assert "run `recruiter-kit db upgrade`" in result.output
    assert current_revision(engine) == "0000"
    engine.dispose()


def test_db_upgrade_reports_what_it_did(runner, tmp_path):
    url = f"sqlite:///{tmp_path}/a.sqlite"
    first = runner.invoke(main, ["--database-url", url, "db", "upgrade"])
    second = runner.invoke(main, ["--database-url", url, "db", "upgrade"])
    assert "upgraded from empty" in first.output
    assert "already current" in second.output


def test_database_url_precedence(monkeypatch, tmp_path):
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    assert resolve_database_url(None).startswith("sqlite:///")
    assert resolve_database_url(None).endswith("recruiter-kit.sqlite")
    monkeypatch.setenv(DATABASE_URL_ENV, "postgresql://u@h/db")
    assert resolve_database_url(None) == "postgresql+psycopg://u@h/db"
    assert resolve_database_url(f"sqlite:///{tmp_path}/x.sqlite") == (
        f"sqlite:///{tmp_path}/x.sqlite"
    )


def test_environment_variable_selects_the_database(runner, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/env.sqlite"
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(main, ["candidates", "add", "Ada Park"]).exit_code == 0
    listed = runner.invoke(main, ["--database-url", url, "candidates", "list", "--format", "csv"])
    assert "Ada Park" in listed.output


def test_an_empty_postgresql_database_asks_for_db_upgrade(runner, postgres_engine):
    """PostgreSQL is never initialised implicitly: an operator runs `db upgrade`."""
    empty = f"{postgres_engine.url.database}_empty_cli"  # per test database: runs can overlap
    admin = postgres_engine.execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {empty}"))
        connection.execute(text(f"CREATE DATABASE {empty}"))
    url = postgres_engine.url.set(database=empty).render_as_string(hide_password=False)
    try:
        refused = runner.invoke(main, ["--database-url", url, "candidates", "list"])
        assert refused.exit_code == 1
        assert "no recruiter-kit tables yet: run `recruiter-kit db upgrade`" in refused.output
        assert runner.invoke(main, ["--database-url", url, "db", "upgrade"]).exit_code == 0
        assert runner.invoke(main, ["--database-url", url, "candidates", "list"]).exit_code == 0
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {empty} WITH (FORCE)"))


def test_the_schema_revision_constant_is_the_newest_migration(tmp_path):
    from recruiter_kit.db import SCHEMA_REVISION

    engine = create_db_engine(f"sqlite:///{tmp_path}/x.sqlite")
    assert head_revision(engine) == SCHEMA_REVISION


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("foo://bar", "unsupported database URL scheme 'foo'"),
        ("not a url", "invalid database URL"),
        ("postgresql://nobody@127.0.0.1:1/x", "cannot use the database"),
        ("sqlite:////proc/no-such-dir/x.sqlite", "the folder /proc/no-such-dir does not exist"),
    ],
    ids=["unknown-dialect", "unparseable", "unreachable-server", "unwritable-folder"],
)
def test_an_unusable_database_is_one_clear_error(runner, url, message):
    result = runner.invoke(main, ["--database-url", url, "candidates", "list"])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_mistyped_folder_fails_a_cron_check_instead_of_passing(runner, tmp_path):
    """Only the default data folder is created; a typo is an error, not a new empty database."""
    url = f"sqlite:///{tmp_path}/agnecy/agency.sqlite"
    result = runner.invoke(main, ["--database-url", url, "report", "--fail-on", "overdue"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: the folder {tmp_path}/agnecy does not exist: check the database URL, "
        "or create the folder first\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "command",
    [
        ["report", "--fail-on", "overdue"],
        ["candidates", "list"],
        ["candidates", "add", "Ada Park"],
        ["db", "status"],
        ["demo", "--remove"],
        ["export"],
    ],
    ids=" ".join,
)
def test_a_mistyped_file_is_an_error_not_a_new_database(runner, tmp_path, command):
    """A missing file in an existing folder is refused too, with how to create it."""
    url = f"sqlite:///{tmp_path}/agnecy.sqlite"
    result = runner.invoke(main, ["--database-url", url, *command])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: the database file {tmp_path}/agnecy.sqlite does not exist: check the "
        f"database URL, or create it with `recruiter-kit --database-url {url} db upgrade`\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("command", "output"),
    [
        (["db", "upgrade"], "Schema upgraded from empty"),
        (["demo", "--candidates", "3"], "Demo data loaded"),
    ],
    ids=["db upgrade", "demo"],
)
def test_the_commands_that_set_a_database_up_create_its_file(runner, tmp_path, command, output):
    url = f"sqlite:///{tmp_path}/new.sqlite"
    result = runner.invoke(main, ["--database-url", url, *command])
    assert result.exit_code == 0, result.output
    assert output in result.output
    listed = runner.invoke(main, ["--database-url", url, "candidates", "list"])
    assert listed.exit_code == 0, listed.output


def test_creating_a_file_still_needs_its_folder(runner, tmp_path):
    url = f"sqlite:///{tmp_path}/agnecy/agency.sqlite"
    result = runner.invoke(main, ["--database-url", url, "db", "upgrade"])
    assert result.exit_code == 1
    assert f"the folder {tmp_path}/agnecy does not exist" in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_default_data_folder_is_created_on_first_use(runner, tmp_path, monkeypatch):
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = runner.invoke(main, ["candidates", "list"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "recruiter-kit" / "recruiter-kit.sqlite").is_file()


def test_an_unsupported_backend_is_one_line_naming_the_supported_ones(runner):
    result = runner.invoke(main, ["--database-url", "mysql://user@host/agency", "report"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: unsupported database URL scheme 'mysql': recruiter-kit works with "
        "SQLite (sqlite:///PATH) and PostgreSQL (postgresql://USER@HOST/DBNAME)\n"
    )


def test_a_closed_pipe_ends_the_command_quietly(tmp_path):
    """`recruiter-kit report | head -1` must not print a traceback or an error."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path}/pipe.sqlite"
    base = [sys.executable, "-m", "recruiter_kit", "--database-url", url]
    subprocess.run([*base, "demo", "--candidates", "300"], check=True, capture_output=True)
    reader = subprocess.Popen(
        [*base, "report", "--format", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert reader.stdout.readline().startswith(b"candidate_ref,")
    reader.stdout.close()  # like `head -1` exiting
    reader.wait(timeout=60)
    assert reader.stderr.read() == b""
