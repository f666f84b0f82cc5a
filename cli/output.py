"""Output shared by the commands: the --format option, tables, JSON and safe CSV."""

from __future__ import annotations

import csv
import json
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

import click

from recruiter_kit.services.spreadsheet import safe_cell

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


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def echo_json(data: Any) -> None:
    """Print `data` as JSON: indented on a terminal, compact (and much faster) otherwise."""
    indent = 2 if sys.stdout.isatty() else None
    click.echo(json.dumps(data, indent=indent, ensure_ascii=False, default=_plain))


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], stream: Any = None) -> None:
    """Write a CSV with every cell neutralised for spreadsheets."""
    writer = csv.writer(stream or sys.stdout, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(_plain(cell)) for cell in row])


def echo_table(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    colour_column: int | None = None,
    max_width: int = 60,
) -> None:
    """Print an aligned text table; the `colour_column` is coloured by status on a terminal.

    On a terminal the widest columns are shortened (with an ellipsis) to fit its width.
    """
    texts = [[" ".join(str(_plain(value) or "").split()) for value in row] for row in rows]
    widths = [len(title) for title in header]
    for row in texts:
        widths = [max(width, len(value)) for width, value in zip(widths, row, strict=True)]
    widths = _fit(
        [
            min(width, max(max_width, len(title)))
            for width, title in zip(widths, header, strict=True)
        ]
    )
    titles = zip(header, widths, strict=True)
    click.echo("  ".join(title.upper().ljust(width) for title, width in titles).rstrip())
    for row in texts:
        parts = []
        for index, (value, width) in enumerate(zip(row, widths, strict=True)):
            text = _clip(value, width).ljust(width)
            if index == colour_column and value in STATUS_COLOURS:
                text = click.style(text, fg=STATUS_COLOURS[value], bold=value == "violation")
            parts.append(text)
        click.echo("  ".join(parts).rstrip())


def _fit(widths: list[int], minimum: int = 12) -> list[int]:
    if not sys.stdout.isatty():
        return widths
    available = shutil.get_terminal_size().columns - 2 * (len(widths) - 1)
    widths = list(widths)
    while sum(widths) > available:
        widest = max(range(len(widths)), key=widths.__getitem__)
        if widths[widest] <= minimum:
            break
        widths[widest] -= 1
    return widths


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def echo_record(fields: Sequence[tuple[str, Any]]) -> None:
    """Print `label: value` lines, aligned (continuation lines indented to match)."""
    width = max(len(label) for label, _ in fields)
    for label, value in fields:
        shown = "" if value is None else str(_plain(value))
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
