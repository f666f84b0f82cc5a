"""Form helpers shared by the pages: enum choices, optional values, and saving a change."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError

from recruiter_kit.services.errors import RecruiterKitError
from recruiter_kit.web.database import db
from recruiter_kit.web.errors import show_error

T = TypeVar("T")

STALE = "Someone else changed this record while you were editing: reload it and try again."


def enum_choices(enum: type[StrEnum], blank: bool = False) -> list[str]:
    """The values of a select (shown as they are in the CLI), optionally a blank one first."""
    values = [member.value for member in enum]
    return ["", *values] if blank else values


def optional(value: str | None) -> str | None:
    """Blank form text as None, anything else trimmed."""
    if value is None:
        return None
    return value.strip() or None


def save(form: FlaskForm, change: Callable[[], T]) -> T | None:
    """Run `change` in this request's transaction and commit it; on an error the user
    caused, roll back and show it on `form` (beside its field), returning None."""
    try:
        result = change()
        db().commit()
    except RecruiterKitError as error:
        db().rollback()
        show_error(form, error)
        return None
    except StaleDataError:  # a concurrent save won the race after our version check
        db().rollback()
        form.form_errors.append(STALE)
        return None
    return result
