"""Output shared by the commands: --format and --color, terminal-safe text and tables,
exact JSON and spreadsheet-safe CSV."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import click

from recruiter_kit.services.spreadsheet import plain
from recruiter_kit.services.spreadsheet import write_csv as write_safe_csv

F = TypeVar("F", bound=Callable[..., Any])

STATUS_COLOURS = {
    "violation": "red",
    "overdue": "red",
    "due": "yellow",
    "warning": "yellow",
    "ok": "green",
    "scheduled": "cyan",
    "closed": "bright_black",
}


def format_option(*choices: str, default: str = "table") -> Callable[[F], F]:
    """The shared `--format` option."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format: a table for people, json or csv for programs and spreadsheets.",
    )


def echo_json(data: Any) -> None:
    """Print `data` as JSON: indented on a terminal, compact (and much faster) otherwise."""
    indent = 2 if sys.stdout.isatty() else None
    click.echo(json.dumps(data, indent=indent, ensure_ascii=False, default=plain))


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], stream: Any = None) -> None:
    """Write a CSV with every cell neutralised for spreadsheets (to stdout by default)."""
    write_safe_csv(header, rows, stream or sys.stdout)


def wide_option(function: F) -> F:
    """The shared `--wide` option: one line per row, however wide."""
    return click.option(
        "--wide", is_flag=True, help="One line per row even when wider than the terminal."
    )(function)


def colour_option(function: F) -> F:
    """The shared `--color/--no-color` option (default: colour on a terminal, unless
    the NO_COLOR environment variable is set)."""
    return click.option(
        "--color/--no-color",
        "colour",
        default=None,
        expose_value=False,
        callback=_set_colour,
        help="Colour the statuses (default: on a terminal, unless NO_COLOR is set).",
    )(function)


def _set_colour(ctx: click.Context, param: click.Parameter, value: bool | None) -> None:
    if value is None and os.environ.get("NO_COLOR"):
        value = False
    ctx.color = value  # what click.echo and click.style consult for this command


# Characters that must never reach a terminal raw: C0 and C1 controls (escape sequences
# start with one), line and paragraph separators, invisible marks, bidi overrides and
# isolates (they reorder what follows), and lone surrogates (which cannot be printed).
_UNSAFE = (
    "\x00-\x1f\x7f-\x9f"  # controls
    "\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"  # marks, bidi
    "\u2028\u2029"  # separators
    "\ud800-\udfff"  # surrogates
)
_UNSAFE_IN_LINE = re.compile(f"[{_UNSAFE}]")
_UNSAFE_IN_TEXT = re.compile(f"(?!\n)[{_UNSAFE}]")
_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def terminal_text(value: Any, *, multiline: bool = False) -> str:
    """`value` as text that is safe to print on a terminal.

    Escape sequences, other control characters and bidi overrides are shown escaped
    (`\\x1b[2J`, `\\u202e`) instead of acting on the terminal; newlines are kept only
    when `multiline`. Moments read like `Mon 2 Mar 2026 10:00 CST`. JSON and CSV output
    never go through here: they stay exact.
    """
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        from recruiter_kit.rules.formatting import format_when  # the rules load on demand

        text = format_when(value)
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    else:
        text = str(plain(value))
    pattern = _UNSAFE_IN_TEXT if multiline else _UNSAFE_IN_LINE
    return pattern.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    code = ord(character)
    return _NAMED_ESCAPES.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def echo_table(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    colour_column: int | None = None,
    wide: bool = False,
    heading_columns: int = 1,
) -> None:
    """Print rows for people, never cutting a value short.

    One aligned line per row when `wide`, when the output is not a terminal (a pipe, a
    file) or when the rows fit the terminal; otherwise one block per row: its first
    `heading_columns` values on a line, then one `label  value` line per column, wrapped
    to the terminal's width. The `colour_column` is coloured by status.
    """
    texts = [[" ".join(terminal_text(value).split()) for value in row] for row in rows]
    widths = [len(title) for title in header]
    for row in texts:
        widths = [max(width, len(value)) for width, value in zip(widths, row, strict=True)]
    columns = shutil.get_terminal_size().columns
    if wide or not sys.stdout.isatty() or sum(widths) + 2 * (len(widths) - 1) <= columns:
        _echo_lines(header, texts, widths, colour_column)
    else:
        _echo_blocks(header, texts, columns, colour_column, heading_columns)


def _title(name: str) -> str:
    return name.replace("_", " ")


def _coloured(text: str, value: str, index: int, colour_column: int | None) -> str:
    if index != colour_column or value not in STATUS_COLOURS:
        return text
    return click.style(text, fg=STATUS_COLOURS[value], bold=value == "violation")


def _echo_lines(
    header: Sequence[str], texts: list[list[str]], widths: list[int], colour_column: int | None
) -> None:
    titles = zip(header, widths, strict=True)
    click.echo("  ".join(_title(title).upper().ljust(width) for title, width in titles).rstrip())
    for row in texts:
        cells = (
            _coloured(value.ljust(width), value, index, colour_column)
            for index, (value, width) in enumerate(zip(row, widths, strict=True))
        )
        click.echo("  ".join(cells).rstrip())


def _echo_blocks(
    header: Sequence[str],
    texts: list[list[str]],
    columns: int,
    colour_column: int | None,
    heading_columns: int,
) -> None:
    labels = [_title(title) for title in header]
    label_width = max(len(label) for label in labels[heading_columns:]) + 2
    indent = " " * (2 + label_width)
    wrap_width = max(columns - len(indent), 20)
    for number, row in enumerate(texts):
        if number:
            click.echo()
        heading = (
            _coloured(value, value, index, colour_column)
            for index, value in enumerate(row[:heading_columns])
        )
        click.echo("  ".join(heading))
        for offset, (title, value) in enumerate(zip(labels, row, strict=True)):
            if offset < heading_columns or not value:
                continue
            # Long words (an email, a URL) are broken rather than run past the edge.
            lines = textwrap.wrap(value, wrap_width) or [""]
            label = f"  {title:<{label_width}}"
            shown = _coloured(lines[0], value, offset, colour_column)
            click.echo(label + shown)
            for line in lines[1:]:
                click.echo(indent + line)


def echo_record(fields: Sequence[tuple[str, Any]]) -> None:
    """Print `label: value` lines, aligned (continuation lines indented to match)."""
    width = max(len(label) for label, _ in fields)
    for label, value in fields:
        shown = terminal_text(value, multiline=True)
        shown = shown.replace("\n", "\n" + " " * (width + 2))
        click.echo(f"{label + ':':<{width + 1}} {shown}".rstrip())


class _NoProgress:
    """Stands in for a progress bar when standard error is not a terminal (cron, pipes)."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def update(self, steps: int) -> None:
        """Ignore progress."""


def progress_reporter(label: str, total: int) -> Any:
    """A progress bar on a terminal, nothing otherwise; use as a context manager."""
    if not sys.stderr.isatty():
        return _NoProgress()
    return click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)
