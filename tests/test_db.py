"""The database layer: supported URLs, missing folders, read-only files, atomic schema creation."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import event, inspect, text

from recruiter_kit.cli import main
from recruiter_kit.db import (
    DatabaseURLError,
    create_db_engine,
    current_revision,
    head_revision,
    insert_checked_rows,
    upgrade,
)

# The first migration creates `employers`, `policy_settings`, ... before `candidates`:
# failing there leaves several tables already created if DDL is not transactional.
FAILING_STATEMENT = "CREATE TABLE candidates"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path):
    """URL of a database with no tables at all, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/empty.sqlite"
        return
    server = request.getfixturevalue("postgres_engine")
    # Named after the test database, so parallel runs on other test databases never collide.
    name = f"{server.url.database}_empty"
    admin = server.execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield server.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def _table_names(url):
    engine = create_db_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_a_failed_first_upgrade_leaves_nothing_and_the_next_one_succeeds(empty_database_url):
    engine = create_db_engine(empty_database_url)

    @event.listens_for(engine, "before_cursor_execute")
    def fail_midway(_conn, _cursor, statement, *_args):
        if statement.strip().startswith(FAILING_STATEMENT):
            raise RuntimeError("injected failure")

    with pytest.raises(RuntimeError, match="injected failure"):
        upgrade(engine)
    engine.dispose()
    assert _table_names(empty_database_url) == set()

    engine = create_db_engine(empty_database_url)
    assert upgrade(engine) == (None, head_revision(engine))
    assert "candidates" in inspect(engine).get_table_names()
    engine.dispose()


def test_a_first_upgrade_killed_midway_can_be_run_again(empty_database_url):
    """A real `kill -9` after some tables are created (the process kills itself)."""
    script = textwrap.dedent(
        f"""
        import os, signal
        from sqlalchemy import event
        from recruiter_kit.db import create_db_engine, upgrade

        engine = create_db_engine({empty_database_url!r})

        @event.listens_for(engine, "before_cursor_execute")
        def die_midway(_conn, _cursor, statement, *_args):
            if statement.strip().startswith({FAILING_STATEMENT!r}):
                os.kill(os.getpid(), signal.SIGKILL)

        upgrade(engine)
        """
    )
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    engine = create_db_engine(empty_database_url)
    assert current_revision(engine) is None
    assert upgrade(engine) == (None, head_revision(engine))
    engine.dispose()


@pytest.mark.parametrize(
    "url",
    ["mysql://user@host/agency", "postgresql+psycopg2://user@host/agency", "oracle://h/x"],
)
def test_an_unsupported_backend_names_the_supported_ones(url):
    with pytest.raises(DatabaseURLError, match=r"works with SQLite .* and PostgreSQL"):
        create_db_engine(url)


def test_a_missing_folder_is_an_error_not_a_new_database(tmp_path):
    with pytest.raises(DatabaseURLError, match=f"the folder {tmp_path}/no/such does not exist"):
        create_db_engine(f"sqlite:///{tmp_path}/no/such/agency.sqlite")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_file_is_an_error_when_it_may_not_be_created(tmp_path):
    with pytest.raises(DatabaseURLError, match=f"the database file {tmp_path}/x.sqlite does not"):
        create_db_engine(f"sqlite:///{tmp_path}/x.sqlite", create_file=False)
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "x.sqlite").touch()
    create_db_engine(f"sqlite:///{tmp_path}/x.sqlite", create_file=False).dispose()


def test_the_folder_is_created_when_asked_for(tmp_path):
    engine = create_db_engine(f"sqlite:///{tmp_path}/data/agency.sqlite", create_folder=True)
    upgrade(engine)
    engine.dispose()
    assert (tmp_path / "data" / "agency.sqlite").is_file()


def test_a_relative_path_in_the_current_folder_needs_no_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    engine = create_db_engine("sqlite:///agency.sqlite")
    upgrade(engine)
    engine.dispose()
    assert (tmp_path / "agency.sqlite").is_file()


# Read-only databases ───────────────────────────────────────────────────────────────────

AS_OF = "2026-11-20T15:00:00+00:00"


@pytest.fixture
def demo_database(tmp_path):
    """A small demo database in its own folder; anything made read-only is restored after."""
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "agency.sqlite"
    result = CliRunner().invoke(
        main, ["--database-url", f"sqlite:///{path}", "demo", "--candidates", "20"]
    )
    assert result.exit_code == 0, result.output
    undo: list[Callable[[], object]] = []
    yield path, undo
    for step in reversed(undo):
        step()


def _make_read_only(path: Path) -> Callable[[], object]:
    """Make `path` read-only for this process; return how to undo it."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        return lambda: path.chmod(mode)
    # Permissions do not bind root; the immutable attribute does.
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)]).returncode:
        pytest.skip("as root, a read-only file needs chattr on a filesystem that supports +i")
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)


def _cli(url, *args):
    return CliRunner().invoke(main, ["--database-url", url, *args])


def _assert_readable_not_writable(url):
    report = _cli(url, "report", "--all", "--format", "csv", "--as-of", AS_OF)
    assert report.exit_code in (0, 3), report.output
    assert report.stdout.startswith("candidate_ref,")
    assert len(report.stdout.splitlines()) > 20
    assert _cli(url, "db", "status").exit_code == 0
    refused = _cli(url, "candidates", "add", "Ada Park")
    assert refused.exit_code == 1
    assert "readonly database" in refused.output


@pytest.mark.parametrize("read_only", [["file"], ["folder"], ["file", "folder"]])
def test_a_read_only_database_can_be_reported_on(demo_database, read_only):
    path, undo = demo_database
    for part in read_only:
        undo.append(_make_read_only(path if part == "file" else path.parent))
    _assert_readable_not_writable(f"sqlite:///{path}")


def test_a_database_on_a_read_only_filesystem_can_be_reported_on(demo_database):
    """A read-only bind mount of the folder (needs root and mount namespaces)."""
    path, _undo = demo_database
    folder = str(path.parent)
    mount = f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} {folder}"
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("a read-only mount needs root and unshare")
    probe = subprocess.run(["unshare", "-m", "sh", "-c", mount], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot mount read-only here: {probe.stderr.decode()[-200:]}")
    command = [sys.executable, "-m", "recruiter_kit", "--database-url", f"sqlite:///{path}"]
    report = subprocess.run(
        [
            "unshare",
            "-m",
            "sh",
            "-c",
            f'{mount} && exec "$@"',
            "sh",
            *command,
            "report",
            "--all",
            "--format",
            "csv",
            "--as-of",
            AS_OF,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert report.returncode in (0, 3), report.stderr
    assert len(report.stdout.splitlines()) > 20


def test_two_first_upgrades_of_one_sqlite_file_run_one_after_the_other(tmp_path):
    url = f"sqlite:///{tmp_path}/new.sqlite"
    engines = [create_db_engine(url) for _ in range(3)]
    start = threading.Barrier(len(engines))
    results = []

    def run(engine):
        start.wait()
        results.append(upgrade(engine))

    threads = [threading.Thread(target=run, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    head = head_revision(engines[0])
    for engine in engines:
        engine.dispose()
    assert sorted(results, key=str) == [(head, head), (head, head), (None, head)]


def test_bulk_inserts_store_exactly_what_sqlalchemy_stores(session):
    # The import's fast executemany on SQLite builds the driver's parameters itself: every
    # stored value (moments as text, enums, dates, a column's default) must be the same,
    # or comparisons and sorting on the stored text would go wrong.
    from datetime import UTC, date, datetime, timedelta, timezone

    from recruiter_kit.enums import Channel, CommunicationKind
    from recruiter_kit.models import Communication
    from recruiter_kit.services import interviews as interview_service
    from recruiter_kit.services.candidates import add_candidate

    candidate = add_candidate(session, name="Ada Park", changed_by="test")
    interview = interview_service.add_interview(
        session,
        candidate_ref=candidate.ref,
        company="Initech",
        position="Analyst",
        starts_at=datetime(2026, 3, 2, 15, 0, tzinfo=UTC),
        changed_by="test",
    )
    central = timezone(timedelta(hours=-6))
    values = [
        {
            "kind": CommunicationKind.THANK_YOU_EMAIL,
            "channel": Channel.EMAIL,
            "at": datetime(2026, 3, 2, 18, 30, 5, tzinfo=central),
            "arrived_on": None,
            "summary": "Thanks, Ms. Lee",
            "body": "Line one\nline two",
        },
        {
            "kind": CommunicationKind.FOLLOW_UP,
            "channel": None,
            "at": datetime(2026, 3, 9, 9, 0, tzinfo=UTC),
            "arrived_on": date(2026, 3, 10),
            "summary": None,
            "body": None,
        },
    ]
    table = Communication.__table__
    rows = [
        {**row, "interview_id": interview.id, "ref": f"{way}-{number}"}
        for way in ("orm", "bulk")
        for number, row in enumerate(values)
    ]
    session.execute(table.insert(), rows[:2])
    insert_checked_rows(session, table.insert(), rows[2:])
    stored = session.execute(
        text(
            "SELECT kind, channel, at, arrived_on, summary, body, version_id "
            "FROM communications ORDER BY id"
        )
    ).all()
    assert len(stored) == 4
    assert stored[:2] == stored[2:]
    assert stored[0].version_id == 1
    if session.get_bind().dialect.name == "sqlite":  # as every database so far holds them
        assert stored[0].at == "2026-03-03 00:30:05.000000"
