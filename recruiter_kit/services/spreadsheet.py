"""CSV cells that are safe to open in a spreadsheet program."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import Enum
from typing import IO, Any

# A cell starting with one of these can be run as a formula by Excel, LibreOffice
# or Google Sheets (CSV injection); a leading apostrophe makes it plain text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """`value` as CSV cell text, neutralised when a spreadsheet could read it as a formula."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def unsafe_cell(text: str) -> str:
    """Undo `safe_cell` on import, so an export → import round trip keeps the value."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def plain(value: Any) -> Any:
    """An enum as its value and a date or moment as ISO 8601 text; anything else as it is."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], stream: IO[str]) -> None:
    """Write a CSV with every cell neutralised for spreadsheets."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(plain(cell)) for cell in row])
