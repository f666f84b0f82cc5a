"""Output shared by the commands: --format and --color, terminal-safe text and tables,
exact JSON and spreadsheet-safe CSV."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import IO, Any, TypeVar
from unicodedata import combining, east_asian_width

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
# What `_cell_texts` must escape or squeeze besides spaces: unsafe characters (but NUL,
# which joins its cells and is counted instead) and white space other than the space.
_OTHER_WHITE_SPACE = "\xa0\u1680\u2000-\u200a\u202f\u205f\u3000"
_NEEDS_CARE = re.compile(f"[{_UNSAFE.replace(chr(0) + '-', chr(1) + '-', 1)}{_OTHER_WHITE_SPACE}]")
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

    Rows are taken one at a time: blocks are printed as they come, and aligned lines,
    which need every row's width first, are held in a temporary file (in memory while
    small), so even years of history print in constant memory.
    """
    widths = [len(title) for title in header]
    lines = not sys.stdout.isatty() or wide
    columns = 0 if lines else shutil.get_terminal_size().columns
    gap = 2 * (len(widths) - 1)
    with tempfile.SpooledTemporaryFile(_SPOOL_IN_MEMORY, mode="w+", encoding="utf-8") as held:
        batch: list[str] = []
        for values in rows:
            texts = _cell_texts(values)
            widths = list(map(max, widths, map(screen_width, texts)))
            # Escaped text never holds a control character: one separates the cells.
            batch.append(_CELL.join(texts))
            if len(batch) == _LINES_PER_WRITE:
                held.write("\n".join(batch) + "\n")
                batch.clear()
            if not lines and sum(widths) + gap > columns:
                # Too wide for the terminal: blocks from here on, the rows so far first.
                held.write("".join(line + "\n" for line in batch))
                blocks = _BlockPrinter(header, columns, colour_column, heading_columns)
                blocks.echo(_read_back(held))
                blocks.echo(_cell_texts(row) for row in rows)
                return
        held.write("".join(line + "\n" for line in batch))
        _echo_lines(header, _read_back(held), widths, colour_column)


_SPOOL_IN_MEMORY = 8 * 1024 * 1024  # bytes of held rows kept in memory before using a file
_CELL = "\x1f"  # the unit separator: escaped by terminal_text wherever a value holds it
_LINES_PER_WRITE = 1000


def _cell_texts(values: Sequence[Any]) -> list[str]:
    """The row's values as table cells: escaped (see `terminal_text`), and each on one line
    with runs of white space as one space."""
    texts = [value if value.__class__ is str else terminal_text(value) for value in values]
    # Most rows need neither: a few searches over the whole row say so.
    joined = "\x00".join(texts)
    if not (
        joined.count("\x00") != len(texts) - 1
        or "  " in joined
        or " \x00" in joined
        or "\x00 " in joined
        or joined.startswith(" ")
        or joined.endswith(" ")
        or _NEEDS_CARE.search(joined)
    ):
        return texts
    return [" ".join(terminal_text(text).split()) for text in texts]


def screen_width(text: str) -> int:
    """The columns `text` takes on a terminal: two for each wide (East Asian) character,
    none for a combining mark, one for the rest."""
    if text.isascii():  # nearly every cell: as cheap as len()
        return len(text)
    return sum(
        0 if combining(char) else 2 if east_asian_width(char) in "WF" else 1 for char in text
    )


def _padded(text: str, width: int) -> str:
    return text + " " * (width - screen_width(text))


def _read_back(held: IO[str]) -> Iterator[list[str]]:
    held.seek(0)
    for line in held:
        yield line[:-1].split(_CELL)


def _title(name: str) -> str:
    return name.replace("_", " ")


def _coloured(text: str, value: str, index: int, colour_column: int | None) -> str:
    if index != colour_column or value not in STATUS_COLOURS:
        return text
    return click.style(text, fg=STATUS_COLOURS[value], bold=value == "violation")


def _echo_lines(
    header: Sequence[str],
    texts: Iterable[list[str]],
    widths: list[int],
    colour_column: int | None,
) -> None:
    titles = zip(header, widths, strict=True)
    click.echo("  ".join(_title(title).upper().ljust(width) for title, width in titles).rstrip())
    last = len(widths) - 1
    coloured: dict[str, str] = {}  # a status, padded, as coloured: styled once
    out: list[str] = []
    for row in texts:
        cells = list(map(_padded, row, widths))
        cells[last] = row[last]  # nothing to pad after the last column
        if colour_column is not None:
            cell = cells[colour_column]
            if cell not in coloured:
                coloured[cell] = _coloured(cell, row[colour_column], colour_column, colour_column)
            cells[colour_column] = coloured[cell]
        out.append("  ".join(cells).rstrip())
        if len(out) == _LINES_PER_WRITE:
            click.echo("\n".join(out))
            out.clear()
    if out:
        click.echo("\n".join(out))


class _BlockPrinter:
    """Prints rows as blocks: the heading values on a line, then one wrapped
    `label  value` line per other column."""

    def __init__(
        self,
        header: Sequence[str],
        columns: int,
        colour_column: int | None,
        heading_columns: int,
    ) -> None:
        self.labels = [_title(title) for title in header]
        self.label_width = max(len(label) for label in self.labels[heading_columns:]) + 2
        self.indent = " " * (2 + self.label_width)
        self.wrap_width = max(columns - len(self.indent), 20)
        self.colour_column = colour_column
        self.heading_columns = heading_columns
        self.first = True

    def echo(self, texts: Iterable[list[str]]) -> None:
        """Print each row as a block, a blank line between blocks."""
        colour_column, heading_columns = self.colour_column, self.heading_columns
        for row in texts:
            if not self.first:
                click.echo()
            self.first = False
            heading = (
                _coloured(value, value, index, colour_column)
                for index, value in enumerate(row[:heading_columns])
            )
            click.echo("  ".join(heading))
            for offset, (title, value) in enumerate(zip(self.labels, row, strict=True)):
                if offset < heading_columns or not value:
                    continue
                # Long words (an email, a URL) are broken rather than run past the edge.
                lines = textwrap.wrap(value, self.wrap_width) or [""]
                label = f"  {title:<{self.label_width}}"
                shown = _coloured(lines[0], value, offset, colour_column)
                click.echo(label + shown)
                for line in lines[1:]:
                    click.echo(self.indent + line)


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
