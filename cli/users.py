"""`recruiter-kit users`: accounts for the web admin."""

from __future__ import annotations

import sys

import click

from recruiter_kit.enums import Role, choices
from recruiter_kit.services import users as user_service

from .context import AppContext
from .output import echo_json, echo_table, format_option, write_csv


@click.group()
def users() -> None:
    """Manage recruiter and administrator accounts."""


@users.command("add")
@click.argument("email")
@click.option("--name", default="", help="Full name.")
@click.option(
    "--role", type=click.Choice(choices(Role)), default=Role.RECRUITER.value, show_default=True
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of prompting.",
)
@click.pass_obj
def users_add(app: AppContext, email: str, name: str, role: str, password_stdin: bool) -> None:
    """Create an account that can sign in to the web admin.

    \b
    Example:
      recruiter-kit users add kdennis@agency.example --name "Keeley Dennis" --role admin
      echo 's3cret-pass' | recruiter-kit users add ops@agency.example --password-stdin
    """
    password = _read_password(password_stdin)
    with app.session() as session:
        user = user_service.add_user(
            session, email, name=name, role=Role(role), password=password, changed_by=app.actor
        )
        click.echo(f"Created {user.role.value} {user.email}.")


@users.command("list")
@format_option("table", "json", "csv")
@click.pass_obj
def users_list(app: AppContext, output_format: str) -> None:
    """List accounts.

    \b
    Example:
      recruiter-kit users list --format csv
    """
    header = ("email", "name", "role", "active", "can_sign_in")
    with app.session() as session:
        rows = [
            (user.email, user.name, user.role.value, user.active, user.password_hash is not None)
            for user in user_service.list_users(session)
        ]
    if output_format == "json":
        echo_json([dict(zip(header, row, strict=True)) for row in rows])
    elif output_format == "csv":
        write_csv(header, rows)
    else:
        echo_table(header, rows)


@users.command("deactivate")
@click.argument("email")
@click.pass_obj
def users_deactivate(app: AppContext, email: str) -> None:
    """Stop an account from signing in, and end its web sessions at once.

    \b
    Example:
      recruiter-kit users deactivate mlopez@agency.example
    """
    with app.session() as session:
        user = user_service.set_active(session, email, False, changed_by=app.actor)
        click.echo(f"Deactivated {user.email}.")


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(choices(Role)))
@click.pass_obj
def users_set_role(app: AppContext, email: str, role: str) -> None:
    """Change what an account may do (admins manage settings and accounts).

    \b
    Example:
      recruiter-kit users set-role kdennis@agency.example admin
    """
    with app.session() as session:
        user = user_service.set_role(session, email, Role(role), changed_by=app.actor)
        click.echo(f"{user.email} is now {user.role.value}.")


@users.command("set-password")
@click.argument("email")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of prompting.",
)
@click.pass_obj
def users_set_password(app: AppContext, email: str, password_stdin: bool) -> None:
    """Give an account a new password (its web sessions end).

    \b
    Example:
      recruiter-kit users set-password kdennis@agency.example
    """
    password = _read_password(password_stdin)
    with app.session() as session:
        user = user_service.change_password(session, email, password, changed_by=app.actor)
        click.echo(f"Password changed for {user.email}.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password
