"""Forms shared by the pages (interviews, communications) and their helpers: enum choices,
optional values, and saving a change."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any, TypeVar

from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, NumberRange, Optional

from recruiter_kit.enums import Channel, CommunicationKind, ContactPreference, InterviewFormat
from recruiter_kit.errors import RecruiterKitError
from recruiter_kit.services import views
from recruiter_kit.services.interviews import Interviewer
from recruiter_kit.web.database import db
from recruiter_kit.web.errors import show_error

T = TypeVar("T")

STALE = "Someone else changed this record while you were editing: reload it and try again."


class PrefixedForm(FlaskForm):  # type: ignore[misc]
    """A form whose fields are named (and labelled) apart from other forms on its page."""

    PREFIX = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.PREFIX)
        super().__init__(*args, **kwargs)


def enum_choices(enum: type[StrEnum], blank: bool = False) -> list[str]:
    """The values of a select (shown as they are in the CLI), optionally a blank one first."""
    values = [member.value for member in enum]
    return ["", *values] if blank else values


def optional(value: str | None) -> str | None:
    """Blank form text as None, anything else trimmed."""
    if value is None:
        return None
    return value.strip() or None


class InterviewForm(PrefixedForm):
    """A new interview of the candidate (times in the candidate's time zone)."""

    PREFIX = "interview"

    company = StringField("Company", validators=[DataRequired()])
    position = StringField("Position", validators=[DataRequired()])
    starts_at = DateTimeLocalField("Starts", validators=[DataRequired()])
    ends_at = DateTimeLocalField("Ends", validators=[Optional()])
    round = IntegerField("Round", default=1, validators=[NumberRange(min=1)])
    format = SelectField("Format", choices=enum_choices(InterviewFormat))
    interviewers = TextAreaField("Interviewers (one a line: Name, Title)")
    decision_by = DateField("Decision promised by", validators=[Optional()])
    timeline_asked = BooleanField("The candidate asked about the decision timeline")
    contact_preference = SelectField(
        "Interviewer asked to be contacted by", choices=enum_choices(ContactPreference)
    )
    notes = TextAreaField("Notes")


class InterviewEditForm(InterviewForm):
    """Correcting an interview, from the version it was read at."""

    PREFIX = "edit"

    version = HiddenField()


class CommunicationFields(PrefixedForm):
    """What a logged communication says."""

    kind = SelectField("What", choices=enum_choices(CommunicationKind))
    channel = SelectField("Channel (implied for thank-yous)", choices=enum_choices(Channel, True))
    at = DateTimeLocalField("When", validators=[DataRequired()])
    arrived_on = DateField("Arrived on (mailed notes)", validators=[Optional()])
    summary = StringField("Summary")
    body = TextAreaField("Text")


class CommunicationForm(CommunicationFields):
    """Something the candidate sent, or heard, about one of their interviews."""

    PREFIX = "log"

    interview = SelectField("Interview", choices=[], validate_choice=False)


class CommunicationEditForm(CommunicationFields):
    """Correcting a logged communication, from the version it was read at."""

    PREFIX = "entry"

    version = HiddenField()


class DeleteForm(PrefixedForm):
    """Deleting a record: the box must be ticked (a second thought, without script)."""

    PREFIX = "delete"

    confirm = BooleanField("Yes, delete it", validators=[DataRequired("Tick the box to confirm.")])
    version = HiddenField()


def whole_number(text: str | None) -> int | None:
    """`text` as a whole number of at most nine ASCII digits (None if missing, garbled or
    longer: a URL's thousand digits would otherwise fail the conversion itself)."""
    if text and len(text) <= 9 and text.isascii() and text.isdigit():
        return int(text)
    return None


def form_version(text: str | None) -> int | None:
    """The record version a form was rendered from (None if missing or garbled)."""
    return whole_number(text)


def interviewers_from_text(text: str | None) -> tuple[Interviewer, ...]:
    """Interviewers typed one a line as `Name, Title` (blank lines skipped)."""
    people = []
    for line in (text or "").splitlines():
        name, _, title = line.partition(",")
        if name.strip():
            people.append(Interviewer(name=name.strip(), title=title.strip() or None))
    return tuple(people)


def interviewers_as_text(people: Iterable[views.Interviewer]) -> str:
    """Interviewers as `interviewers_from_text` reads them back."""
    return "\n".join(", ".join(filter(None, (person.name, person.title))) for person in people)


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
