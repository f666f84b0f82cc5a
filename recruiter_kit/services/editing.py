"""Correcting candidates and interviews field by field, each change kept in the history.

Each record's editable fields are declared once, in a table of field name → how a new
value is checked and stored. A value may be given typed (a datetime, an enum member) or
as the text a form or command line sends; None or blank text clears an optional field.
Edits go through the ORM session, and a stale `expected_version` is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from recruiter_kit.enums import ContactPreference, InterviewFormat
from recruiter_kit.errors import ValidationError
from recruiter_kit.models import Candidate, Communication, Employer, Interview
from recruiter_kit.services.candidates import candidate_timezone, find_recruiter, get_candidate
from recruiter_kit.services.history import Record, as_text, record_edit
from recruiter_kit.services.interviews import (
    Interviewer,
    check_interviewer,
    employer_contact,
    get_interview,
    get_or_create_employer,
)
from recruiter_kit.services.validation import (
    check_communication_time,
    check_day,
    check_decision_by,
    check_email,
    check_interview_end,
    check_moment,
    check_outcome_at,
    check_round,
    check_text,
    check_timezone,
    check_version,
    in_zone,
    max_length,
    parse_choice,
    parse_date,
    parse_datetime,
)

# (session, the record being edited, the new value, record label, field name) -> stored value
Check = Callable[[Session, Any, object, str, str], Any]


R = TypeVar("R", Candidate, Interview, Communication)

Changes = dict[str, tuple[str | None, str | None]]  # field -> (old, new) as the history shows


@dataclass(frozen=True, slots=True)
class Edit(Generic[R]):
    """An edited record and what changed (empty when every value was already so)."""

    record: R
    changes: Changes


@dataclass(frozen=True, slots=True)
class EditableField:
    """How one field's new value is checked, and the attribute it is stored in."""

    check: Check
    attribute: str | None = None  # default: the field's own name


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(column: Any, *, required: bool = False, multiline: bool = False) -> Check:
    """Free text as long as `column` holds; blank clears it unless `required`."""
    limit = max_length(column)

    def check(session: Session, record: Any, value: object, label: str, field: str) -> Any:
        return check_text(
            value,  # type: ignore[call-overload]  # check_text refuses what is not text
            label,
            field,
            max_length=limit,
            required=required,
            multiline=multiline,
        )

    return check


def optional(parse: Callable[[str, str, str], Any], typed: Callable[[Any, str, str], Any]) -> Check:
    """A value read from text by `parse(text, label, field)` or, given typed, checked by
    `typed(value, label, field)`; blank clears it."""

    def check(session: Session, record: Any, value: object, label: str, field: str) -> Any:
        if _blank(value):
            return None
        if isinstance(value, str):
            return parse(value.strip(), label, field)
        return typed(value, label, field)

    return check


def required(parse: Callable[[str, str, str], Any], typed: Callable[[Any, str, str], Any]) -> Check:
    """As `optional`, for a value that cannot be cleared."""
    read = optional(parse, typed)

    def check(session: Session, record: Any, value: object, label: str, field: str) -> Any:
        if _blank(value):
            raise ValidationError(label, field, "is required")
        return read(session, record, value, label, field)

    return check


def _as_is(value: Any, label: str, field: str) -> Any:
    return value


def _typed(kind: type) -> Callable[[Any, str, str], Any]:
    def check(value: Any, label: str, field: str) -> Any:
        if not isinstance(value, kind) or isinstance(value, bool) is not (kind is bool):
            raise ValidationError(label, field, f"expected {kind.__name__}, got {value!r}")
        return value

    return check


def choice(enum: type[StrEnum], *, can_clear: bool = False) -> Check:
    """One of the values of `enum`, as a member or its text."""
    read = optional if can_clear else required
    return read(lambda value, label, field: parse_choice(enum, value, label, field), _typed(enum))


def _moment(value: Any, label: str, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise ValidationError(label, field, f"expected a date-time, got {value!r}")
    return check_moment(value, label, field)


def _day(value: Any, label: str, field: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError(label, field, f"expected a date, got {value!r}")
    return check_day(value, label, field)


MOMENT = required(parse_datetime, _moment)
OPTIONAL_MOMENT = optional(parse_datetime, _moment)
OPTIONAL_DAY = optional(parse_date, _day)


def _flag(value: str, label: str, field: str) -> bool:
    answers = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
    if value.lower() not in answers:
        raise ValidationError(label, field, f"expected yes or no, got {value!r}")
    return answers[value.lower()]


def _whole_number(value: str, label: str, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValidationError(label, field, f"expected a whole number, got {value!r}") from None


def _round(session: Session, record: Any, value: object, label: str, field: str) -> Any:
    number = required(_whole_number, _as_is)(session, record, value, label, field)
    return check_round(number, label)


def _email(value: str, label: str, field: str) -> str:
    text = check_text(value, label, field, max_length=max_length(Candidate.email))
    return check_email(text or "", label, field)


def _recruiter(session: Session, record: Any, value: object, label: str, field: str) -> Any:
    email = text(Candidate.email)(session, record, value, label, field)
    return None if email is None else find_recruiter(session, email, label)


def _company(session: Session, record: Any, value: object, label: str, field: str) -> Any:
    name = text(Employer.name, required=True)(session, record, value, label, field)
    return get_or_create_employer(session, name)


def _interviewers(session: Session, record: Any, value: object, label: str, field: str) -> Any:
    people: Sequence[object] = () if _blank(value) else value  # type: ignore[assignment]
    if isinstance(people, str):
        people = [part for part in people.split(";") if part.strip()]
    contacts = [
        employer_contact(session, record.employer, _interviewer(person, label, field))
        for person in people
    ]
    return sorted(contacts, key=lambda contact: contact.name)  # as the interview lists them


def _interviewer(person: object, label: str, field: str) -> Interviewer:
    if isinstance(person, str):
        name, _, title = person.partition(",")
        person = Interviewer(name=name, title=title)
    if not isinstance(person, Interviewer):
        raise ValidationError(label, field, f"expected 'Name, Title', got {person!r}")
    return check_interviewer(person, label)


CANDIDATE_FIELDS: Mapping[str, EditableField] = {
    "name": EditableField(text(Candidate.name, required=True)),
    "email": EditableField(optional(_email, _email)),
    "phone": EditableField(text(Candidate.phone)),
    "mailing_address": EditableField(text(Candidate.mailing_address, multiline=True)),
    "timezone": EditableField(optional(check_timezone, check_timezone)),
    "recruiter": EditableField(_recruiter),
    "notes": EditableField(text(Candidate.notes, multiline=True)),
}

INTERVIEW_FIELDS: Mapping[str, EditableField] = {
    # The company comes first: interviewers are people at the (possibly new) employer.
    "company": EditableField(_company, attribute="employer"),
    "position": EditableField(text(Interview.position, required=True)),
    "round": EditableField(_round),
    "format": EditableField(choice(InterviewFormat)),
    "starts_at": EditableField(MOMENT),
    "ends_at": EditableField(OPTIONAL_MOMENT),
    "decision_by": EditableField(OPTIONAL_DAY),
    "timeline_asked": EditableField(required(_flag, _typed(bool))),
    "contact_preference": EditableField(choice(ContactPreference)),
    "interviewers": EditableField(_interviewers),
    "notes": EditableField(text(Interview.notes, multiline=True)),
}


def apply_changes(
    session: Session,
    record: Record,
    fields: Mapping[str, EditableField],
    changes: Mapping[str, object],
    label: str,
) -> Changes:
    """Check and set each changed field; return the (old, new) text of those that changed."""
    unknown = sorted(set(changes) - set(fields))
    if unknown:
        raise ValidationError(
            label, unknown[0], f"cannot be edited (editable: {', '.join(fields)})"
        )
    changed: Changes = {}
    # One edit, one UPDATE (and one new version): the checks' queries must not flush halfway.
    with session.no_autoflush:
        for name, field in fields.items():  # in declaration order, whatever order was given
            if name not in changes:
                continue
            attribute = field.attribute or name
            old = getattr(record, attribute)
            before = as_text(old)  # before the check, which may update a shared contact
            new = field.check(session, record, changes[name], label, name)
            if new != old:  # the same people at a new employer are other rows, same text
                setattr(record, attribute, new)
            after = as_text(new)
            if before != after:
                changed[name] = (before, after)
    if changed:
        # A change of interviewers alone touches only the link table; marking a column makes
        # it an UPDATE of the record too, so its version moves on and a stale edit is caught.
        flag_modified(record, "ref")
    return changed


def edit_candidate(
    session: Session,
    ref: str,
    changes: Mapping[str, object],
    *,
    changed_by: str,
    expected_version: int | None = None,
) -> Edit[Candidate]:
    """Correct a candidate's details (see CANDIDATE_FIELDS), recording each change."""
    candidate = get_candidate(session, ref)
    label = f"candidate {candidate.ref}"
    check_version(label, candidate.version_id, expected_version)
    changed = apply_changes(session, candidate, CANDIDATE_FIELDS, changes, label)
    if changed:
        session.flush()
        record_edit(session, candidate, changed, changed_by=changed_by)
    return Edit(candidate, changed)


def _check_communications_follow(interview: Interview, label: str) -> None:
    """A new start may not come after something the candidate already sent about it."""
    for communication in interview.communications:
        try:
            check_communication_time(
                communication.kind, communication.at, interview.starts_at, label
            )
        except ValidationError:
            raise ValidationError(
                label,
                "starts_at",
                f"would come after its {communication.kind.value} {communication.ref} "
                f"({communication.at.isoformat()})",
            ) from None


def edit_interview(
    session: Session,
    ref: str,
    changes: Mapping[str, object],
    *,
    changed_by: str,
    expected_version: int | None = None,
) -> Edit[Interview]:
    """Correct an interview's details (see INTERVIEW_FIELDS), recording each change.

    A new company keeps the interviewers (as people at the new employer) unless new
    interviewers are given too.
    """
    interview = get_interview(session, ref)
    label = f"interview {interview.ref}"
    check_version(label, interview.version_id, expected_version)
    if "company" in changes and "interviewers" not in changes:
        changes = {
            **changes,
            "interviewers": [
                Interviewer(person.name, person.title, person.email)
                for person in interview.interviewers
            ],
        }
    changed = apply_changes(session, interview, INTERVIEW_FIELDS, changes, label)
    check_interview_end(interview.starts_at, interview.ends_at, label)
    if "starts_at" in changed:
        _check_communications_follow(interview, label)
    if interview.decision_by is not None:
        local_start = in_zone(interview.starts_at, candidate_timezone(session, interview.candidate))
        assert local_start is not None
        check_decision_by(interview.decision_by, local_start, label)
    if interview.outcome_at is not None:
        check_outcome_at(interview.outcome_at, interview.starts_at, label)
    if changed:
        session.flush()
        record_edit(session, interview, changed, changed_by=changed_by)
    return Edit(interview, changed)
