"""What every command shares: the database, chosen once per invocation."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from recruiter_kit.config import ACTING_USER_ENV, default_database_url, resolve_database_url

if TYPE_CHECKING:  # the database layer loads on first use, not for `--help`
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session


class AppContext:
    """The database URL, the acting person, and an engine created on first use."""

    def __init__(self, database_url: str | None, acting_email: str | None = None) -> None:
        self.database_url = resolve_database_url(database_url)
        self.acting_email = acting_email or None
        self._engine: Engine | None = None
        self._actor: str | None = None
        self._may_create_database = False

    @property
    def engine(self) -> Engine:
        """The engine (created lazily so `--help` never touches the database)."""
        if self._engine is None:
            from recruiter_kit.db import create_db_engine

            is_default = self.database_url == default_database_url()
            self._engine = create_db_engine(
                self.database_url,
                create_folder=is_default,
                create_file=is_default or self._may_create_database,
            )
        return self._engine

    def allow_new_database(self) -> None:
        """Let this command create a SQLite file that does not exist yet (in an existing folder).

        Only commands that set a database up do (`db upgrade`, `demo`): for every other
        command a missing file is a mistyped URL, and an empty new database would hide it.
        """
        self._may_create_database = True

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction on a current schema: committed on success, rolled back on error."""
        from recruiter_kit.db import ensure_schema, session_factory, transaction

        ensure_schema(self.engine)
        with transaction(session_factory(self.engine)) as session:
            yield session

    @property
    def actor(self) -> str:
        """Who history entries written by this command are attributed to.

        The user named by --as (or $RECRUITER_KIT_USER), who must have an active account;
        without one, the OS login, marked as such (`cli:<login>`).
        """
        if self._actor is None:
            if self.acting_email is None:
                from recruiter_kit.services.history import os_login_actor

                self._actor = os_login_actor(getpass.getuser())
            else:
                from recruiter_kit.services.users import acting_user

                with self.session() as session:
                    self._actor = acting_user(session, self.acting_email).email
        return self._actor

    @property
    def own_email(self) -> str:
        """The acting user's email, for --mine: an acting user must have been named."""
        if self.acting_email is None:
            raise click.UsageError(
                f"--mine needs to know who you are: give --as EMAIL or set ${ACTING_USER_ENV}"
            )
        return self.actor

    def close(self) -> None:
        """Release the engine's connections."""
        if self._engine is not None:
            self._engine.dispose()
