"""The root command: database selection, error handling, and the command groups.

Each command's module is imported only when that command is run or its help shown, and
this module imports neither SQLAlchemy nor the holiday tables, so `--help`, `--version`
and the listing of commands start quickly.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from importlib import import_module
from typing import Any

import click

from recruiter_kit import __version__
from recruiter_kit.config import ACTING_USER_ENV, DATABASE_URL_ENV
from recruiter_kit.errors import RecruiterKitError
from recruiter_kit.services.bulk import paused_gc

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
        except BrokenPipeError:  # `recruiter-kit report | head`: the reader has had enough
            # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except Exception as error:
            message = _one_line(error)
            if message is None:
                raise
            raise click.ClickException(message) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            # Loading a command's modules (SQLAlchemy, the models) creates a hundred thousand
            # objects that live as long as the process: the cyclic collector would walk them
            # again and again (a seventh of the loading time) and once more at exit (a tenth
            # of a report), so it waits, then leaves them out of every later collection.
            with paused_gc():
                self.add_command(COMMANDS[cmd_name][0](), cmd_name)
            gc.freeze()
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands from `COMMANDS` without importing them."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            loaded = self.commands.get(name)
            short = loaded.get_short_help_str(limit) if loaded is not None else COMMANDS[name][1]
            rows.append((name, short))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _one_line(error: Exception) -> str | None:
    """The one line an error a user can cause is shown as (None: a bug, shown in full)."""
    if isinstance(error, RecruiterKitError):
        return str(error)
    if "recruiter_kit.db" in sys.modules:  # only then can the database have failed
        from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError
        from sqlalchemy.orm.exc import StaleDataError

        from recruiter_kit.db import DatabaseURLError, SchemaError

        if isinstance(error, SchemaError | DatabaseURLError):
            return str(error)
        if isinstance(error, StaleDataError):
            return "the record was changed by someone else while this command ran: try again"
        if isinstance(error, IntegrityError):  # e.g. another writer took the same ref first
            return f"the change conflicts with data written at the same time: {error.orig}"
        if isinstance(error, OperationalError):  # unreachable server, locked or unreadable file
            return f"cannot use the database: {error.orig}"
        if isinstance(error, ArgumentError):  # covers an unknown dialect in --database-url
            return f"invalid database URL: {error}"
    if isinstance(error, OSError):  # a file or folder that cannot be read or created
        where = f": {error.filename}" if error.filename else ""
        return f"{error.strerror or error}{where}"
    return None


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


def _candidates() -> click.Command:
    from .candidates import candidates
    from .corrections import candidates_edit

    candidates.add_command(candidates_edit)
    return candidates


def _interviews() -> click.Command:
    from .corrections import interviews_edit
    from .interviews import interviews

    interviews.add_command(interviews_edit)
    return interviews


def _log() -> click.Command:
    from .communications import log_group
    from .interviews import log

    return log_group(log)


def _attribute(module: str, name: str) -> Callable[[], click.Command]:
    def load() -> click.Command:
        command: click.Command = getattr(import_module(f"{__package__}.{module}"), name)
        return command

    return load


# name -> (how to load the command, its short help as `--help` lists it). A test keeps
# each short help equal to the loaded command's own.
COMMANDS: dict[str, tuple[Callable[[], click.Command], str]] = {
    "agency": (_attribute("agency", "agency"), "Show or change the agency's handout branding."),
    "candidates": (_candidates, "Add, list and move candidates through the pipeline."),
    "communications": (
        _attribute("communications", "communications"),
        "List, show, correct or delete logged communications.",
    ),
    "db": (_attribute("db", "db"), "Manage the database schema."),
    "demo": (_attribute("demo", "demo"), "Load a reproducible demo agency."),
    "drafts": (
        _attribute("handouts", "drafts"),
        "Print message drafts a candidate can adapt and send.",
    ),
    "export": (
        _attribute("interchange", "export_command"),
        "Export everything as JSON, or a table as CSV.",
    ),
    "handouts": (
        _attribute("handouts", "handouts"),
        "Print personalised coaching handouts (PDF).",
    ),
    "history": (_attribute("history", "history"), "Who changed what, and when."),
    "import": (
        _attribute("interchange", "import_command"),
        "Import recruiter-kit/1 JSON or a CSV table.",
    ),
    "interviews": (_interviews, "Add interviews, check follow-ups, record outcomes."),
    "log": (_log, "Record a thank-you, follow-up or reply."),
    "policy": (_attribute("policy", "policy"), "Show or change the agency's follow-up policy."),
    "report": (_attribute("report", "report"), "Who needs a nudge: judge the follow-ups."),
    "serve": (_attribute("serve", "serve"), "Run the web admin."),
    "users": (_attribute("users", "users"), "Manage recruiter and administrator accounts."),
    "worker": (_attribute("worker", "worker"), "Run background work from the task queue."),
}
