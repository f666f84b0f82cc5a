"""The agency's branding printed on handouts: name, contact lines, logo, colour, paper."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from recruiter_kit.errors import ValidationError
from recruiter_kit.models import AgencySetting
from recruiter_kit.services.history import AGENCY, SYSTEM_ACTOR, record_settings_change
from recruiter_kit.services.validation import check_email, check_text, parse_choice

LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg")
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


class PaperSize(StrEnum):
    """The paper handouts are printed on."""

    LETTER = "letter"
    A4 = "a4"


@dataclass(frozen=True, slots=True)
class Branding:
    """What a handout shows of the agency; unset values keep these defaults."""

    name: str = "Your staffing agency"
    address: str | None = None  # one line
    phone: str | None = None
    email: str | None = None
    logo: str | None = None  # absolute path of a PNG, JPEG, GIF or SVG file
    accent_colour: str = "#1f5f8b"
    paper_size: PaperSize = PaperSize.LETTER

    def as_dict(self) -> dict[str, Any]:
        """The settings as a plain mapping, in declaration order."""
        return {name: getattr(self, name) for name in BRANDING_FIELDS}


DEFAULT_BRANDING = Branding()
BRANDING_FIELDS: tuple[str, ...] = tuple(field.name for field in fields(Branding))


def _text(limit: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        return check_text(value, "agency", "value", max_length=limit, required=True) or ""

    return check


def _email(value: str) -> str:
    return check_email(value, "agency", "email")


def _logo(value: str) -> str:
    path = Path(value).expanduser().resolve()
    if path.suffix.lower() not in LOGO_SUFFIXES:
        raise ValueError(f"a logo must be one of {', '.join(LOGO_SUFFIXES)} files, got {value!r}")
    if not path.is_file():
        raise ValueError(f"no such file: {path}")
    return str(path)


def _colour(value: str) -> str:
    if not _COLOUR.match(value):
        raise ValueError(f"expected a colour like #1f5f8b, got {value!r}")
    return value.lower()


def _paper(value: str) -> PaperSize:
    return parse_choice(PaperSize, value.lower(), "agency", "paper_size")


_PARSERS: dict[str, Callable[[str], Any]] = {
    "name": _text(200),
    "address": _text(300),
    "phone": _text(64),
    "email": _email,
    "logo": _logo,
    "accent_colour": _colour,
    "paper_size": _paper,
}


def parse_branding_value(name: str, value: str) -> Any:
    """Check one setting's text and convert it to the setting's type."""
    if name not in _PARSERS:
        raise ValidationError(
            "agency", name, f"unknown setting; known: {', '.join(BRANDING_FIELDS)}"
        )
    try:
        return _PARSERS[name](value.strip())
    except ValidationError as error:  # name the setting, whichever check refused it
        raise ValidationError("agency", name, error.problem) from None
    except ValueError as error:
        raise ValidationError("agency", name, str(error)) from None


def load_branding(session: Session) -> Branding:
    """The branding in force: the defaults with the stored settings applied.

    Stored values are taken as they are (a logo file that has gone missing since it was set
    is reported when a handout needs it, not here).
    """
    stored: dict[str, Any] = {
        row.name: row.value
        for row in session.scalars(select(AgencySetting))
        if row.name in BRANDING_FIELDS
    }
    if "paper_size" in stored:
        stored["paper_size"] = _paper(stored["paper_size"])
    return dataclasses.replace(DEFAULT_BRANDING, **stored)


def set_branding(
    session: Session, settings: dict[str, str | None], *, changed_by: str = SYSTEM_ACTOR
) -> Branding:
    """Change settings (name → text); None or "" returns a setting to its default.

    Every value is checked before any is stored; each changed value goes into the history
    (old and new) as made by `changed_by`.
    """
    parsed = {
        name: None if value is None or not value.strip() else parse_branding_value(name, value)
        for name, value in settings.items()
    }
    before = load_branding(session)
    for name, value in parsed.items():
        if name == "name" and value is None:
            value = DEFAULT_BRANDING.name
        if value is None or value == getattr(DEFAULT_BRANDING, name):
            session.execute(delete(AgencySetting).where(AgencySetting.name == name))
        else:
            session.merge(AgencySetting(name=name, value=str(value)))
    session.flush()
    after = load_branding(session)
    record_settings_change(
        session,
        AGENCY,
        {name: (getattr(before, name), getattr(after, name)) for name in parsed},
        changed_by=changed_by,
    )
    return after
