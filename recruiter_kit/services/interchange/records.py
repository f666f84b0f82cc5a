"""The records of the `recruiter-kit/1` format, each declared once as a strict pydantic model.

Everything else is derived from these declarations: the import's checks (`parsing`), the
export's fields (`exporting`), the CSV columns (`csv_io`) and the published JSON Schema
(`docs/interchange.schema.json`, see `json_schema`). Each field's check is one of
`recruiter_kit.services.validation`'s, so a file is held to exactly the limits every other
entry point enforces.

A field that is absent from the file is not in the model's `model_fields_set`; one given
as `null` is, with the value None; so "leave alone", "clear" and "set" stay apart.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Final

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, GetJsonSchemaHandler, create_model
from pydantic.fields import FieldInfo
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from recruiter_kit.enums import (
    Channel,
    CommunicationKind,
    ContactPreference,
    InterviewFormat,
    Outcome,
    Role,
    Stage,
)
from recruiter_kit.errors import ValidationError
from recruiter_kit.models import (
    Candidate,
    Communication,
    Employer,
    EmployerContact,
    Interview,
    User,
)
from recruiter_kit.policy import SETTING_NAMES, SETTING_RANGES, PolicyError, parse_setting
from recruiter_kit.services.interchange.document import FORMAT, type_name
from recruiter_kit.services.validation import (
    ROUND_MAX,
    check_email,
    check_int,
    check_moment,
    check_text,
    check_timezone,
    max_length,
    parse_choice,
    parse_date,
    parse_datetime,
)

__all__ = [
    "CandidateRecord",
    "CommunicationRecord",
    "DocumentRecord",
    "FieldCheck",
    "InterviewRecord",
    "InterviewerRecord",
    "PolicyRecord",
    "RecruiterRecord",
    "column_of",
    "field_check",
    "is_boolean",
    "is_list",
    "json_schema",
    "scalar_fields",
]

# The problem type every check's refusal is reported under (its message is ours).
PROBLEM: Final = "recruiter_kit"

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --------------------------------------------------------------------------- field checks


@dataclass(frozen=True, slots=True, eq=False)  # compared (and hashed) by identity
class FieldCheck:
    """A field's check (a function of the value) and the JSON Schema it implies.

    `check` raises ValidationError; its record and field are not used, since the
    problem's location in the document names them. `kind` tells the export and CSV how to
    write and read the value: "text", "whole", "moment", "day" or "choice".
    """

    check: Callable[[Any], Any]
    schema: dict[str, Any]
    kind: str = "text"
    column: str | None = None  # the table's column, when it differs from the field's name
    takes_null: bool = False  # null reaches `check` (else a field given as null is missing)

    def __get_pydantic_core_schema__(
        self, _source: Any, _handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(self._validate)

    def __get_pydantic_json_schema__(
        self, _schema: CoreSchema, _handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return dict(self.schema)

    def _validate(self, value: Any) -> Any:
        if value is None and not self.takes_null:  # optional fields take null before this
            raise PydanticCustomError(PROBLEM, "{problem}", {"problem": "is required"})
        try:
            return self.check(value)
        except ValidationError as error:
            raise PydanticCustomError(PROBLEM, "{problem}", {"problem": error.problem}) from None


def _is_text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError(None, None, f"expected text, got {type_name(value)}")
    return value


def text(
    length: int, *, required: bool = False, multiline: bool = False, column: str | None = None
) -> FieldCheck:
    """Text up to `length` characters (blank counts as not given)."""

    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            raise ValidationError(None, None, f"expected text, got {type_name(value)}")
        return check_text(
            value, None, "", max_length=length, required=required, multiline=multiline
        )

    return FieldCheck(check, {"type": "string", "maxLength": length}, column=column)


_EMAIL_MAX: Final = max_length(User.email)
_TIMEZONE_MAX: Final = max_length(Candidate.timezone)


def _email(value: Any) -> str | None:
    found = check_text(_is_text(value), None, "", max_length=_EMAIL_MAX)
    return None if found is None else check_email(found, None, "")


def _user_email(value: Any) -> str | None:
    found = _email(value)
    return None if found is None else found.lower()  # users are known by lower-case email


def _timezone(value: Any) -> str | None:
    found = check_text(_is_text(value), None, "", max_length=_TIMEZONE_MAX)
    return None if found is None else check_timezone(found, None, "")


def _written_moment(value: Any) -> tuple[datetime, datetime]:
    """The moment as written (with its offset), and in UTC to the second, checked."""
    if not isinstance(value, str):
        raise ValidationError(
            None, None, f"expected an ISO 8601 date-time text, got {type_name(value)}"
        )
    try:
        written = datetime.fromisoformat(value)
    except ValueError:
        written = None
    if written is None or written.tzinfo is None:
        parse_datetime(value, None, "")  # raises the problem
    assert written is not None
    return written, check_moment(written, None, "")


def _moment(value: Any) -> datetime:
    return _written_moment(value)[1]


def _local_moment(value: Any) -> datetime:
    # The same moment with the file's offset: the interview's local date is the file's.
    written, moment = _written_moment(value)
    return moment.astimezone(written.tzinfo)


def _day(value: Any) -> date:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValidationError(None, None, f"not a valid date (YYYY-MM-DD): {value!r}")
    return parse_date(value, None, "")


def _round(value: Any) -> int:
    return check_int(value, None, "", minimum=1, maximum=ROUND_MAX)


def choice(enum: type[StrEnum]) -> FieldCheck:
    """One of `enum`'s values."""
    members = {member.value: member for member in enum}

    def check(value: Any) -> StrEnum:
        found = members.get(value) if isinstance(value, str) else None
        return found if found is not None else parse_choice(enum, _is_text(value), None, "")

    return FieldCheck(check, {"type": "string", "enum": list(members)}, kind="choice")


EMAIL = FieldCheck(_email, {"type": "string", "maxLength": _EMAIL_MAX})
USER_EMAIL = FieldCheck(_user_email, {"type": "string", "maxLength": _EMAIL_MAX})
TIMEZONE = FieldCheck(
    _timezone, {"type": "string", "maxLength": _TIMEZONE_MAX, "examples": ["America/Chicago"]}
)
_MOMENT_SCHEMA: Final = {"type": "string", "format": "date-time"}
MOMENT = FieldCheck(_moment, _MOMENT_SCHEMA, kind="moment")
LOCAL_MOMENT = FieldCheck(_local_moment, _MOMENT_SCHEMA, kind="moment")
DAY = FieldCheck(_day, {"type": "string", "format": "date"}, kind="day")
ROUND = FieldCheck(_round, {"type": "integer", "minimum": 1, "maximum": ROUND_MAX}, kind="whole")


# --------------------------------------------------------------------------- the records


class _Record(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    # What problems call one of these records ("candidate", "interview", ...).
    label: ClassVar[str]


class RecruiterRecord(_Record):
    """A user candidates may be assigned to."""

    label: ClassVar[str] = "recruiter"

    email: Annotated[str, USER_EMAIL]
    name: Annotated[str, text(max_length(User.name))] | None = None
    role: Annotated[Role, choice(Role)] | None = None


class InterviewerRecord(_Record):
    """A person met at an interview (one of the employer's contacts)."""

    label: ClassVar[str] = "interviewer"

    name: Annotated[str, text(max_length(EmployerContact.name), required=True)]
    title: Annotated[str, text(max_length(EmployerContact.title))] | None = None
    email: Annotated[str, EMAIL] | None = None


class CommunicationRecord(_Record):
    """Something sent to or received from the employer about an interview."""

    label: ClassVar[str] = "communication"

    ref: Annotated[str, text(max_length(Communication.ref))] | None = None
    kind: Annotated[CommunicationKind, choice(CommunicationKind)]
    channel: Annotated[Channel, choice(Channel)] | None = None
    at: Annotated[datetime, MOMENT]
    arrived_on: Annotated[date, DAY] | None = None
    summary: Annotated[str, text(max_length(Communication.summary))] | None = None
    body: Annotated[str, text(max_length(Communication.body), multiline=True)] | None = None


class InterviewRecord(_Record):
    """One interview of a candidate, with the people met and the follow-ups."""

    label: ClassVar[str] = "interview"

    ref: Annotated[str, text(max_length(Interview.ref), required=True)]
    company: Annotated[str, text(max_length(Employer.name), required=True)]
    position: Annotated[str, text(max_length(Interview.position), required=True)]
    round: Annotated[int, ROUND] | None = 1
    format: Annotated[InterviewFormat, choice(InterviewFormat)] | None = InterviewFormat.ONSITE
    starts_at: Annotated[datetime, LOCAL_MOMENT]
    ends_at: Annotated[datetime, MOMENT] | None = None
    interviewers: list[InterviewerRecord] | None = None
    decision_by: Annotated[date, DAY] | None = None
    timeline_asked: bool | None = False
    contact_preference: Annotated[ContactPreference, choice(ContactPreference)] | None = (
        ContactPreference.NONE
    )
    outcome: Annotated[Outcome, choice(Outcome)] | None = Outcome.PENDING
    outcome_at: Annotated[datetime, MOMENT] | None = None
    notes: Annotated[str, text(max_length(Interview.notes), multiline=True)] | None = None
    communications: list[CommunicationRecord] | None = None


class CandidateRecord(_Record):
    """A candidate, with their interviews."""

    label: ClassVar[str] = "candidate"

    ref: Annotated[str, text(max_length(Candidate.ref), required=True)]
    name: Annotated[str, text(max_length(Candidate.name), required=True)]
    email: Annotated[str, EMAIL] | None = None
    phone: Annotated[str, text(max_length(Candidate.phone))] | None = None
    address: (
        Annotated[
            str,
            text(max_length(Candidate.mailing_address), multiline=True, column="mailing_address"),
        ]
        | None
    ) = None
    timezone: Annotated[str, TIMEZONE] | None = None
    recruiter: Annotated[str, USER_EMAIL] | None = None
    stage: Annotated[Stage, choice(Stage)] | None = Stage.SOURCED
    notes: Annotated[str, text(max_length(Candidate.notes), multiline=True)] | None = None
    archived: bool | None = False
    interviews: list[InterviewRecord] | None = None


def _setting(name: str) -> FieldCheck:
    if name in SETTING_RANGES:
        minimum, maximum = SETTING_RANGES[name]

        def whole(value: Any) -> int:
            return check_int(value, None, "", minimum=minimum, maximum=maximum)

        schema = {"type": "integer", "minimum": minimum, "maximum": maximum}
        return FieldCheck(whole, schema, kind="whole", takes_null=True)

    def check(value: Any) -> Any:
        if value is not None and not isinstance(value, str):
            raise ValidationError(None, None, f"expected text, got {type_name(value)}")
        try:
            return parse_setting(name, value)
        except PolicyError as error:
            raise ValidationError(None, None, str(error)) from None

    return FieldCheck(check, {"type": ["string", "null"]}, takes_null=True)


class _PolicyBase(_Record):
    label: ClassVar[str] = "policy"


# The policy's settings, one optional field each, as `recruiter_kit.policy` declares them.
PolicyRecord: type[_PolicyBase] = create_model(
    "PolicyRecord",
    __base__=_PolicyBase,
    __doc__="Policy settings (name: value); only those given are set.",
    **{name: (Annotated[Any, _setting(name)], None) for name in SETTING_NAMES},  # type: ignore[call-overload]
)


class DocumentRecord(_Record):
    """A whole `recruiter-kit/1` document."""

    label: ClassVar[str] = "document"

    format: Annotated[str, FieldCheck(lambda value: value, {"const": FORMAT})]
    recruiters: list[RecruiterRecord] | None = None
    policy: PolicyRecord | None = None  # type: ignore[valid-type]
    candidates: list[CandidateRecord] | None = None


# --------------------------------------------------------------------------- derived facts


def field_check(info: FieldInfo) -> FieldCheck | None:
    """The FieldCheck declared for a field, if any."""
    for item in info.metadata:
        if isinstance(item, FieldCheck):
            return item
    annotation = info.annotation
    for argument in getattr(annotation, "__args__", ()):
        for item in getattr(argument, "__metadata__", ()):
            if isinstance(item, FieldCheck):
                return item
    return None


def column_of(name: str, info: FieldInfo) -> str:
    """The table column a field is stored in."""
    check = field_check(info)
    return check.column if check is not None and check.column else name


def scalar_fields(model: type[BaseModel]) -> Iterator[tuple[str, FieldInfo]]:
    """A record's fields that hold one value (not a list of records), in declared order."""
    for name, info in model.model_fields.items():
        if not is_list(info):
            yield name, info


def is_boolean(info: FieldInfo) -> bool:
    """Whether a field holds true or false."""
    return bool in getattr(info.annotation, "__args__", (info.annotation,))


def is_list(info: FieldInfo) -> bool:
    """Whether a field holds a list of records."""
    return any(
        getattr(argument, "__origin__", None) is list
        for argument in getattr(info.annotation, "__args__", (info.annotation,))
    )


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a `recruiter-kit/1` document, as published in the docs."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **DocumentRecord.model_json_schema(),
        "title": FORMAT,
    }


def render_json_schema() -> str:
    """`json_schema()` as the text of docs/interchange.schema.json."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
