"""The root command: database selection, error handling, and the command groups."""

from __future__ import annotations

import os
import sys
from typing import Any

import click
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from recruiter_kit import __version__
from recruiter_kit.config import ACTING_USER_ENV, DATABASE_URL_ENV
from recruiter_kit.db import DatabaseURLError, SchemaError
from recruiter_kit.services.errors import RecruiterKitError

from .context import AppContext
from .output import terminal_text


class RecruiterKitGroup(click.Group):
    """A group that turns errors a user can cause into one clear line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return self._invoke_with_one_line_errors(ctx)
        except click.ClickException as error:  # messages quote what the user typed or stored
            message = error.format_message()
            safe = terminal_text(message, multiline=True)
            if safe == message:
                raise
            if isinstance(error, click.UsageError):
                raise click.UsageError(safe, error.ctx) from None
            raise click.ClickException(safe) from None

    def _invoke_with_one_line_errors(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (RecruiterKitError, SchemaError, DatabaseURLError) as error:
            raise click.ClickException(str(error)) from None
        except StaleDataError:
            raise click.ClickException(
                "the record was changed by someone else while this command ran: try again"
            ) from None
        except IntegrityError as error:  # e.g. another writer took the same ref first
            raise click.ClickException(
                f"the change conflicts with data written at the same time: {error.orig}"
            ) from None
        except OperationalError as error:  # unreachable server, locked or unreadable file
            raise click.ClickException(f"cannot use the database: {error.orig}") from None
        except BrokenPipeError:  # `recruiter-kit report | head`: the reader has had enough
            # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as error:  # a file or folder that cannot be read or created
            where = f": {error.filename}" if error.filename else ""
            raise click.ClickException(f"{error.strerror or error}{where}") from None
        except ArgumentError as error:  # covers an unknown dialect in --database-url
            raise click.ClickException(f"invalid database URL: {error}") from None


@click.group(cls=RecruiterKitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--database-url",
    metavar="URL",
    help=f"SQLAlchemy database URL (default: ${DATABASE_URL_ENV}, else a SQLite file "
    "in your user data directory).",
)
@click.option(
    "--as",
    "acting_email",
    metavar="EMAIL",
    envvar=ACTING_USER_ENV,
    help=f"Who is making the changes: an active user's email (default: ${ACTING_USER_ENV}, "
    "else your OS login, marked as such in the history).",
)
@click.version_option(__version__, prog_name="recruiter-kit")
@click.pass_context
def main(ctx: click.Context, database_url: str | None, acting_email: str | None) -> None:
    """Track interview candidates and coach their follow-ups.

    Every command works on one database: the embedded SQLite file by default,
    or PostgreSQL with --database-url postgresql://user@host/dbname.

    \b
    Example:
      recruiter-kit demo --candidates 200
      recruiter-kit report --status overdue
    """
    ctx.obj = AppContext(database_url, acting_email)
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    from . import (
        agency,
        candidates,
        communications,
        corrections,
        db,
        demo,
        handouts,
        history,
        interchange,
        interviews,
        policy,
        report,
        serve,
        users,
        worker,
    )

    main.add_command(db.db)
    main.add_command(interchange.import_command)
    main.add_command(interchange.export_command)
    main.add_command(candidates.candidates)
    main.add_command(interviews.interviews)
    main.add_command(communications.log_group(interviews.log))
    main.add_command(communications.communications)
    main.add_command(history.history)
    candidates.candidates.add_command(corrections.candidates_edit)
    interviews.interviews.add_command(corrections.interviews_edit)
    main.add_command(report.report)
    main.add_command(demo.demo)
    main.add_command(policy.policy)
    main.add_command(users.users)
    main.add_command(handouts.handouts)
    main.add_command(handouts.drafts)
    main.add_command(agency.agency)
    main.add_command(serve.serve)
    main.add_command(worker.worker)


_register()
