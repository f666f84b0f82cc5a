"""`recruiter-kit db`: create and migrate the schema."""

from __future__ import annotations

import click

from recruiter_kit.db import current_revision, head_revision, upgrade

from .context import AppContext


@click.group()
def db() -> None:
    """Manage the database schema."""


@db.command("upgrade", short_help="Create the schema or migrate it to this version.")
@click.pass_obj
def db_upgrade(app: AppContext) -> None:
    """Create the schema, or migrate it to this version of recruiter-kit.

    Back up the database first: migrations change tables in place.

    \b
    Example:
      recruiter-kit --database-url postgresql://postgres@127.0.0.1/agency db upgrade
    """
    app.allow_new_database()
    before, after = upgrade(app.engine)
    if before == after:
        click.echo(f"Schema already current (revision {after}).")
    else:
        click.echo(f"Schema upgraded from {before or 'empty'} to revision {after}.")


@db.command("status")
@click.pass_obj
def db_status(app: AppContext) -> None:
    """Show the database URL and whether its schema is current.

    \b
    Example:
      recruiter-kit db status
    """
    current, head = current_revision(app.engine), head_revision(app.engine)
    click.echo(f"Database: {app.engine.url.render_as_string(hide_password=True)}")
    click.echo(f"Schema:   {current or 'empty'} (this version needs {head})")
    if current != head:
        click.echo("Run `recruiter-kit db upgrade` to bring it up to date.")
