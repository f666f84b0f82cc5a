"""`recruiter-kit policy`: the numbers the follow-up rules use."""

from __future__ import annotations

import click

from recruiter_kit.policy import DEFAULT_POLICY, SETTING_NAMES, SETTING_RANGES
from recruiter_kit.services import policy as policy_service

from .context import AppContext
from .output import echo_json, echo_table, format_option


@click.group()
def policy() -> None:
    """Show or change the agency's follow-up policy."""


@policy.command("show")
@format_option("table", "json")
@click.pass_obj
def policy_show(app: AppContext, output_format: str) -> None:
    """Show every setting, its value, its default and the range it may be set to.

    \b
    Example:
      recruiter-kit policy show --format json
    """
    with app.session() as session:
        current = policy_service.load_policy(session).as_dict()
    if output_format == "json":
        echo_json(current)
        return
    defaults = DEFAULT_POLICY.as_dict()
    ranges = {name: f"{low}..{high}" for name, (low, high) in SETTING_RANGES.items()}
    echo_table(
        ("setting", "value", "default", "range"),
        [(name, value, defaults[name], ranges.get(name)) for name, value in current.items()],
    )


@policy.command("set")
@click.argument("name", type=click.Choice(SETTING_NAMES), metavar="NAME")
@click.argument("value")
@click.pass_obj
def policy_set(app: AppContext, name: str, value: str) -> None:
    """Change one setting (see `policy show` for the names and ranges).

    \b
    Example:
      recruiter-kit policy set thank_you_email_hours 48
      recruiter-kit policy set holiday_subdivision NE
    """
    with app.session() as session:
        updated = policy_service.set_policy(session, {name: value}, changed_by=app.actor)
    click.echo(f"{name} = {getattr(updated, name)}")


@policy.command("reset")
@click.pass_obj
def policy_reset(app: AppContext) -> None:
    """Return every setting to its default.

    \b
    Example:
      recruiter-kit policy reset
    """
    with app.session() as session:
        policy_service.reset_policy(session, changed_by=app.actor)
    click.echo("Policy reset to the defaults.")
