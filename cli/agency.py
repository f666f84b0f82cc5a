"""`recruiter-kit agency`: the branding printed on handouts."""

from __future__ import annotations

import click

from recruiter_kit.services import agency as agency_service

from .context import AppContext
from .output import echo_json, echo_table, format_option, terminal_text


@click.group(short_help="Show or change the agency's handout branding.")
def agency() -> None:
    """Show or change the agency's branding: name, contact lines, logo, colour, paper."""


@agency.command("show")
@format_option("table", "json")
@click.pass_obj
def agency_show(app: AppContext, output_format: str) -> None:
    """Show every branding setting, its value and its default.

    \b
    Example:
      recruiter-kit agency show
    """
    with app.session() as session:
        current = agency_service.load_branding(session).as_dict()
    if output_format == "json":
        echo_json(current)
        return
    defaults = agency_service.DEFAULT_BRANDING.as_dict()
    echo_table(
        ("setting", "value", "default"),
        [(name, value, defaults[name]) for name, value in current.items()],
    )


@agency.command("set")
@click.argument("name", type=click.Choice(agency_service.BRANDING_FIELDS), metavar="NAME")
@click.argument("value")
@click.pass_obj
def agency_set(app: AppContext, name: str, value: str) -> None:
    """Change one setting; an empty VALUE returns it to its default.

    NAME is one of: name, address, phone, email, logo (an image file: PNG, JPEG,
    GIF or SVG), accent_colour (#rrggbb), paper_size (letter or a4).

    \b
    Examples:
      recruiter-kit agency set name "Prairie Staffing"
      recruiter-kit agency set logo ./logo.png
      recruiter-kit agency set paper_size a4
    """
    with app.session() as session:
        updated = agency_service.set_branding(session, {name: value}, changed_by=app.actor)
    click.echo(f"{name} = {terminal_text(getattr(updated, name))}")
