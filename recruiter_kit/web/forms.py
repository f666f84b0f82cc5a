"""Form helpers shared by the pages: choices from the domain's enums, optional values."""

from __future__ import annotations

from enum import StrEnum


def enum_choices(enum: type[StrEnum], blank: bool = False) -> list[str]:
    """The values of a select (shown as they are in the CLI), optionally a blank one first."""
    values = [member.value for member in enum]
    return ["", *values] if blank else values


def optional(value: str | None) -> str | None:
    """Blank form text as None, anything else trimmed."""
    if value is None:
        return None
    return value.strip() or None
