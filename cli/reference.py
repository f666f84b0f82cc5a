"""Render the CLI reference (docs/cli.md) from the commands' own --help texts.

`python -m recruiter_kit.cli.reference > docs/cli.md` regenerates it; a test checks
the committed file still matches, so the docs cannot drift from the commands.
"""

from __future__ import annotations

from collections.abc import Iterator

import click

from .app import main

HELP_WIDTH = 100

PREAMBLE = """\
# CLI reference

Every `recruiter-kit` command, as its `--help` prints it. This file is generated:
run `make docs` after changing a command (a test fails when it is out of date).

Exit status: 0 on success, 1 for an error you can fix (the message names the record
and field), 2 for a usage error, 3 when `report --fail-on` finds an interview at or
worse than the given level.
"""


def _walk(
    command: click.Command, name: str, parent: click.Context | None
) -> Iterator[tuple[str, str]]:
    ctx = click.Context(
        command,
        info_name=name,
        parent=parent,
        terminal_width=HELP_WIDTH,
        max_content_width=HELP_WIDTH,
        **command.context_settings,
    )
    yield ctx.command_path, command.get_help(ctx)
    if isinstance(command, click.Group):
        for sub_name in sorted(command.list_commands(ctx)):
            sub = command.get_command(ctx, sub_name)
            if sub is not None and not sub.hidden:
                yield from _walk(sub, sub_name, ctx)


def render_reference() -> str:
    """The whole reference as Markdown."""
    parts = [PREAMBLE]
    for path, help_text in _walk(main, "recruiter-kit", None):
        level = "#" * min(2 + path.count(" "), 4)
        parts.append(f"{level} `{path}`\n\n```text\n{help_text}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    click.echo(render_reference(), nl=False)
