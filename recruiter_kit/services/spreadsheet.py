"""CSV cells that are safe to open in a spreadsheet program."""

from __future__ import annotations

from typing import Any

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
