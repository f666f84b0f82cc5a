"""Checking a `recruiter-kit/1` document and turning it into typed records, before any write.

`parse_document` walks the whole document, collecting every problem (each naming the
record's ref and the file's field name), and returns the records in column terms:
converted values keyed by the table's column names, holding only the fields the file
gives. It reads nothing from the database; what only the stored data can reveal
(unknown recruiters, records that would move) is checked by the import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, NamedTuple, ParamSpec, cast

from recruiter_kit.enums import (
    Channel,
    CommunicationKind,
    ContactPreference,
    InterviewFormat,
    Outcome,
    Role,
    Stage,
)
from recruiter_kit.policy import DEFAULT_POLICY, SETTING_NAMES, PolicyError, parse_setting
from recruiter_kit.services.errors import ValidationError
from recruiter_kit.services.interchange.document import (
    MAX_PROBLEMS,
    DocumentError,
    Problem,
    check_format,
    type_name,
)
from recruiter_kit.services.validation import (
    check_arrival,
    check_channel,
    check_email,
    check_interview_end,
    check_outcome_at,
    check_round,
    check_timezone,
    parse_choice,
    parse_date,
    parse_datetime,
)

__all__ = [
    "CandidateIn",
    "CommunicationIn",
    "InterviewIn",
    "ParsedDocument",
    "Person",
    "RecruiterIn",
    "parse_document",
]

P = ParamSpec("P")

Person = tuple[str, str | None, str | None]  # an interviewer: name, title, email

# Field names of the format, per record (the file's names, not the columns').
_TOP_FIELDS = ("format", "recruiters", "policy", "candidates")
_RECRUITER_FIELDS = ("email", "name", "role")
_CANDIDATE_FIELDS = (
    "ref",
    "name",
    "email",
    "phone",
    "timezone",
    "address",
    "recruiter",
    "stage",
    "notes",
    "archived",
    "interviews",
)
_INTERVIEW_FIELDS = (
    "ref",
    "company",
    "position",
    "round",
    "format",
    "starts_at",
    "ends_at",
    "interviewers",
    "decision_by",
    "timeline_asked",
    "contact_preference",
    "outcome",
    "outcome_at",
    "notes",
    "communications",
)
_INTERVIEWER_FIELDS = ("name", "title", "email")
_COMMUNICATION_FIELDS = ("ref", "kind", "channel", "at", "arrived_on", "summary", "body")

# Column lengths (PostgreSQL enforces them; checking first keeps both backends alike).
_REF_MAX = 64
_NAME_MAX = 200
_EMAIL_MAX = 254
_PHONE_MAX = 64
_ZONE_MAX = 64
_SUMMARY_MAX = 500

_KINDS = {member.value: member for member in CommunicationKind}
# `kind.default_channel` per kind, looked up once (the property builds its table each call).
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --------------------------------------------------------------------------- the records


@dataclass(slots=True)
class RecruiterIn:
    email: str  # lower case
    record: str
    name: str | None
    role: Role | None


@dataclass(slots=True)
class CommunicationIn:
    ref: str | None
    record: str
    kind: CommunicationKind
    at: datetime
    values: dict[str, Any]  # columns given (kind and at included)


@dataclass(slots=True)
class InterviewIn:
    ref: str
    record: str
    company: str
    values: dict[str, Any]  # columns given
    interviewers: list[Person] | None  # None: not given
    communications: list[CommunicationIn] | None  # None: not given


@dataclass(slots=True)
class CandidateIn:
    ref: str
    record: str
    values: dict[str, Any]  # columns given
    recruiter: str | None  # email (lower case), when given
    recruiter_given: bool
    interviews: list[InterviewIn] | None  # None: not given


@dataclass(slots=True)
class ParsedDocument:
    recruiters: list[RecruiterIn]
    candidates: list[CandidateIn]
    policy: dict[str, Any] | None


def parse_document(document: Any, candidate_records: Sequence[str] | None = None) -> ParsedDocument:
    """`document` checked and converted to records, or DocumentError listing its problems.

    A missing or wrong "format" raises ValidationError at once. `candidate_records[i]`,
    when given, names candidate i in problems instead of "candidate <ref>".
    """
    parser = _Parser(candidate_records)
    try:
        parsed = parser.document(document)
    except (_TooManyProblems, _Bad):
        raise DocumentError(parser.problems) from None
    if parser.problems:
        raise DocumentError(parser.problems)
    return parsed


# --------------------------------------------------------------------------- the parser


class _TooManyProblems(Exception):
    pass


class _Bad(Exception):
    """A value is unusable; the problem is already recorded."""


class _Parser:
    """Checks a whole document, collecting problems, and returns it in column terms."""

    def __init__(self, candidate_records: Sequence[str] | None) -> None:
        self.problems: list[Problem] = []
        self.candidate_records = candidate_records

    # -- problems

    def problem(self, record: str | None, field_name: str | None, message: str) -> None:
        self.problems.append(Problem(record, field_name, message))
        if len(self.problems) >= MAX_PROBLEMS:
            raise _TooManyProblems

    def bad(self, record: str | None, field_name: str | None, message: str) -> _Bad:
        self.problem(record, field_name, message)
        return _Bad()

    def from_error(self, error: ValidationError) -> _Bad:
        return self.bad(error.record, error.field, error.problem)

    def report(self, check: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> None:
        """Run a check across fields; its ValidationError is recorded and checking goes on."""
        try:
            check(*args, **kwargs)
        except ValidationError as error:
            self.problem(error.record, error.field, error.problem)

    def check_object(self, value: Any, record: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.bad(record, None, f"expected an object, got {type_name(value)}")
        return value

    def check_fields(self, data: Mapping[str, Any], known: Sequence[str], record: str) -> None:
        for key in data:
            if key not in known:
                self.problem(record, key, f"unknown field (known: {', '.join(known)})")

    def fill(self, data: Mapping[str, Any], specs: Sequence[_Field], record: str) -> dict[str, Any]:
        """The converted values of the fields `data` gives, by column.

        Absent keys leave the stored value alone; null clears a nullable column and
        counts as absent for a column with a default; required fields must be given.
        """
        values: dict[str, Any] = {}
        for spec in specs:
            value = data.get(spec.key)
            if value is None:
                if spec.required:
                    self.problem(record, spec.key, "is required")
                elif spec.nullable and spec.key in data:
                    values[spec.column] = None
                continue
            try:
                converted = spec.convert(self, value, record, spec.key)
            except _Bad:
                continue
            if converted is None and spec.required:
                self.problem(record, spec.key, "is required")
                continue
            values[spec.column] = converted
        return values

    # -- values (each raises _Bad after recording the problem)

    def text(
        self, value: Any, record: str, name: str, max_length: int, strip: bool = True
    ) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.bad(record, name, f"expected text, got {type_name(value)}")
        text: str = value.strip() if strip else value
        if not text or text.isspace():
            return None
        if len(text) > max_length:
            raise self.bad(record, name, f"is longer than {max_length} characters")
        return text

    def ref(self, value: Any, record: str) -> str:
        ref = self.text(value, record, "ref", _REF_MAX)
        if ref is None:
            raise self.bad(record, "ref", "is required")
        return ref

    def email(self, value: Any, record: str, name: str) -> str | None:
        text = self.text(value, record, name, _EMAIL_MAX)
        if text is None:
            return None
        try:
            return check_email(text, record, name)
        except ValidationError as error:
            raise self.from_error(error) from None

    def boolean(self, value: Any, record: str, name: str) -> bool:
        if not isinstance(value, bool):
            raise self.bad(record, name, f"expected true or false, got {value!r}")
        return value

    def choice(self, enum: type[StrEnum], value: Any, record: str, name: str) -> StrEnum:
        if not isinstance(value, str):
            raise self.bad(record, name, f"expected text, got {type_name(value)}")
        try:
            return parse_choice(enum, value, record, name)
        except ValidationError as error:
            raise self.from_error(error) from None

    def moment(self, value: Any, record: str, name: str) -> datetime:
        if not isinstance(value, str):
            raise self.bad(
                record, name, f"expected an ISO 8601 date-time text, got {type_name(value)}"
            )
        try:
            parsed = parse_datetime(value, record, name)
        except ValidationError as error:
            raise self.from_error(error) from None
        # Kept to the second, like the export, and held in UTC.
        return parsed.astimezone(UTC).replace(microsecond=0)

    def day(self, value: Any, record: str, name: str) -> date:
        if not isinstance(value, str) or not _ISO_DATE.match(value):
            raise self.bad(record, name, f"not a valid date (YYYY-MM-DD): {value!r}")
        try:
            return parse_date(value, record, name)
        except ValidationError as error:
            raise self.from_error(error) from None

    def timezone(self, value: Any, record: str, name: str) -> str | None:
        text = self.text(value, record, name, _ZONE_MAX)
        if text is None:
            return None
        try:
            return check_timezone(text, record, name)
        except ValidationError as error:
            raise self.from_error(error) from None

    def round(self, value: Any, record: str, name: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.bad(record, name, f"expected a whole number, got {value!r}")
        try:
            check_round(value, record)
        except ValidationError as error:
            raise self.from_error(error) from None
        return value

    def kind(self, value: Any, record: str, name: str) -> CommunicationKind:
        if not isinstance(value, str) or value not in _KINDS:
            raise self.bad(record, name, f"{value!r} is not one of: {', '.join(_KINDS)}")
        return _KINDS[value]

    # -- records

    def document(self, document: Any) -> ParsedDocument:
        if not isinstance(document, dict):
            raise self.bad(None, None, f"expected a JSON object, got {type_name(document)}")
        check_format(document)
        self.check_fields(document, _TOP_FIELDS, "document")
        recruiters = self.recruiters(document.get("recruiters"))
        policy = self.policy(document["policy"]) if document.get("policy") is not None else None
        items = document.get("candidates")
        if items is None:
            items = []
        if not isinstance(items, list):
            raise self.bad("document", "candidates", f"expected a list, got {type_name(items)}")
        candidates: list[CandidateIn] = []
        seen_candidates: dict[str, str] = {}
        seen_interviews: dict[str, str] = {}
        seen_communications: dict[str, str] = {}
        for index, data in enumerate(items, start=1):
            candidate = self.candidate(data, index)
            if candidate is None:
                continue
            if self.duplicate(candidate.ref, candidate.record, seen_candidates):
                continue
            for interview in candidate.interviews or ():
                self.duplicate(interview.ref, interview.record, seen_interviews)
                for communication in interview.communications or ():
                    if communication.ref is not None:
                        self.duplicate(communication.ref, communication.record, seen_communications)
            candidates.append(candidate)
        return ParsedDocument(recruiters=recruiters, candidates=candidates, policy=policy)

    def duplicate(self, ref: str, record: str, seen: dict[str, str]) -> bool:
        first = seen.setdefault(ref, record)
        if first is record:
            return False
        self.problem(record, "ref", f"duplicate ref {ref!r}: {first} has it already")
        return True

    def recruiters(self, data: Any) -> list[RecruiterIn]:
        if data is None:
            return []
        if not isinstance(data, list):
            raise self.bad("document", "recruiters", f"expected a list, got {type_name(data)}")
        recruiters: list[RecruiterIn] = []
        seen: set[str] = set()
        for index, item in enumerate(data, start=1):
            record = f"recruiter #{index}"
            try:
                item = self.check_object(item, record)
                self.check_fields(item, _RECRUITER_FIELDS, record)
                email = self.email(item.get("email"), record, "email")
                if email is None:
                    raise self.bad(record, "email", "is required")
                email = email.lower()
                record = f"recruiter {email}"
                if email in seen:
                    raise self.bad(record, "email", "appears more than once in the file")
                seen.add(email)
                name = self.text(item.get("name"), record, "name", _NAME_MAX)
                role = None
                if item.get("role") is not None:
                    role = cast(Role, self.choice(Role, item["role"], record, "role"))
                recruiters.append(RecruiterIn(email=email, record=record, name=name, role=role))
            except _Bad:
                continue
        return recruiters

    def policy(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.bad("policy", None, f"expected an object, got {type_name(data)}")
        settings: dict[str, Any] = {}
        for name, value in data.items():
            if name not in SETTING_NAMES:
                self.problem("policy", name, f"unknown setting (known: {', '.join(SETTING_NAMES)})")
                continue
            if isinstance(value, dict | list):
                self.problem("policy", name, f"expected a single value, got {type_name(value)}")
                continue
            try:
                settings[name] = parse_setting(name, value)
            except PolicyError as error:
                self.problem("policy", name, str(error))
        try:
            DEFAULT_POLICY.with_settings(settings)
        except PolicyError as error:
            self.problem("policy", None, str(error))
        return settings

    def candidate(self, data: Any, index: int) -> CandidateIn | None:
        records = self.candidate_records
        record = records[index - 1] if records is not None else f"candidate #{index}"
        try:
            data = self.check_object(data, record)
            ref = self.ref(data.get("ref"), record)
        except _Bad:
            if isinstance(data, dict):
                self.check_fields(data, _CANDIDATE_FIELDS, record)
            return None
        if records is None:
            record = f"candidate {ref}"
        self.check_fields(data, _CANDIDATE_FIELDS, record)
        values = self.fill(data, _CANDIDATE_SPECS, record)
        recruiter = values.pop("recruiter", None)
        interviews: list[InterviewIn] | None = None
        items = data.get("interviews")
        if items is not None:
            interviews = []
            if not isinstance(items, list):
                self.problem(record, "interviews", f"expected a list, got {type_name(items)}")
            else:
                for position, item in enumerate(items, start=1):
                    interview = self.interview(item, record, position)
                    if interview is not None:
                        interviews.append(interview)
        return CandidateIn(
            ref=ref,
            record=record,
            values=values,
            recruiter=recruiter.lower() if recruiter else None,
            recruiter_given="recruiter" in data,
            interviews=interviews,
        )

    def interview(self, data: Any, parent: str, position: int) -> InterviewIn | None:
        record = f"{parent}, interview #{position}"
        try:
            data = self.check_object(data, record)
            ref = self.ref(data.get("ref"), record)
        except _Bad:
            return None
        record = f"{parent}, interview {ref}"
        self.check_fields(data, _INTERVIEW_FIELDS, record)
        values = self.fill(data, _INTERVIEW_SPECS, record)
        company = values.pop("company", "")
        starts_at = values.get("starts_at")
        outcome_at = values.get("outcome_at")
        if starts_at is not None:
            self.report(check_interview_end, starts_at, values.get("ends_at"), record)
        if values.get("outcome") is Outcome.PENDING and outcome_at is not None:
            self.problem(record, "outcome_at", "is set but the outcome is pending")
        if starts_at is not None and outcome_at is not None:
            self.report(check_outcome_at, outcome_at, starts_at, record)
        interviewers = None
        if data.get("interviewers") is not None:
            interviewers = self.interviewers(data["interviewers"], record)
        communications = None
        if data.get("communications") is not None:
            communications = self.communications(data["communications"], record)
        return InterviewIn(
            ref=ref,
            record=record,
            company=company,
            values=values,
            interviewers=interviewers,
            communications=communications,
        )

    def interviewers(self, items: Any, record: str) -> list[Person] | None:
        if not isinstance(items, list):
            self.problem(record, "interviewers", f"expected a list, got {type_name(items)}")
            return None
        people: list[Person] = []
        seen: set[str] = set()
        for position, item in enumerate(items, start=1):
            label = f"{record}, interviewer #{position}"
            try:
                item = self.check_object(item, label)
            except _Bad:
                continue
            self.check_fields(item, _INTERVIEWER_FIELDS, label)
            values = self.fill(item, _INTERVIEWER_SPECS, label)
            name = values.get("name")
            if name is None:
                continue
            if name in seen:
                self.problem(label, "name", f"{name!r} is listed twice")
                continue
            seen.add(name)
            people.append((name, values.get("title"), values.get("email")))
        return people

    def communications(self, items: Any, record: str) -> list[CommunicationIn] | None:
        if not isinstance(items, list):
            self.problem(record, "communications", f"expected a list, got {type_name(items)}")
            return None
        result: list[CommunicationIn] = []
        seen: dict[tuple[CommunicationKind, datetime], str] = {}
        for position, item in enumerate(items, start=1):
            communication = self.communication(item, record, position)
            if communication is None:
                continue
            if communication.ref is None:
                key = (communication.kind, communication.at)
                first = seen.setdefault(key, communication.record)
                if first is not communication.record:
                    self.problem(
                        communication.record,
                        "at",
                        f"same kind and time as {first}: give each a ref, or drop one",
                    )
                    continue
            result.append(communication)
        return result

    def communication(self, data: Any, parent: str, position: int) -> CommunicationIn | None:
        record = f"{parent}, communication {position}"
        try:
            data = self.check_object(data, record)
        except _Bad:
            return None
        ref = None
        if data.get("ref") is not None:
            try:
                ref = self.ref(data["ref"], record)
                record = f"{parent}, communication {ref}"
            except _Bad:
                pass
        self.check_fields(data, _COMMUNICATION_FIELDS, record)
        values = self.fill(data, _COMMUNICATION_SPECS, record)
        kind: CommunicationKind | None = values.get("kind")
        at: datetime | None = values.get("at")
        if kind is None or at is None:
            return None
        try:
            values["channel"] = check_channel(kind, values.get("channel"), record)
        except ValidationError as error:
            self.problem(error.record, error.field, error.problem)
        self.report(check_arrival, kind, at, values.get("arrived_on"), record)
        return CommunicationIn(ref=ref, record=record, kind=kind, at=at, values=values)


# --------------------------------------------------------------------------- field specs

_Convert = Callable[[_Parser, Any, str, str], Any]


class _Field(NamedTuple):
    key: str  # in the file
    column: str  # in the table
    convert: _Convert
    nullable: bool = True
    required: bool = False


def _text(max_length: int, *, strip: bool = True) -> _Convert:
    def convert(parser: _Parser, value: Any, record: str, name: str) -> str | None:
        return parser.text(value, record, name, max_length, strip)

    return convert


def _choice(enum: type[StrEnum]) -> _Convert:
    def convert(parser: _Parser, value: Any, record: str, name: str) -> StrEnum:
        return parser.choice(enum, value, record, name)

    return convert


_LONG_TEXT = _text(100_000, strip=False)

_CANDIDATE_SPECS = (
    _Field("name", "name", _text(_NAME_MAX), required=True),
    _Field("email", "email", _Parser.email),
    _Field("phone", "phone", _text(_PHONE_MAX)),
    _Field("address", "mailing_address", _LONG_TEXT),
    _Field("timezone", "timezone", _Parser.timezone),
    _Field("recruiter", "recruiter", _Parser.email),
    _Field("stage", "stage", _choice(Stage), nullable=False),
    _Field("notes", "notes", _LONG_TEXT),
    _Field("archived", "archived", _Parser.boolean, nullable=False),
)
_INTERVIEW_SPECS = (
    _Field("company", "company", _text(_NAME_MAX), required=True),
    _Field("position", "position", _text(_NAME_MAX), required=True),
    _Field("round", "round", _Parser.round, nullable=False),
    _Field("format", "format", _choice(InterviewFormat), nullable=False),
    _Field("starts_at", "starts_at", _Parser.moment, required=True),
    _Field("ends_at", "ends_at", _Parser.moment),
    _Field("decision_by", "decision_by", _Parser.day),
    _Field("timeline_asked", "timeline_asked", _Parser.boolean, nullable=False),
    _Field("contact_preference", "contact_preference", _choice(ContactPreference), False),
    _Field("outcome", "outcome", _choice(Outcome), nullable=False),
    _Field("outcome_at", "outcome_at", _Parser.moment),
    _Field("notes", "notes", _LONG_TEXT),
)
_INTERVIEWER_SPECS = (
    _Field("name", "name", _text(_NAME_MAX), required=True),
    _Field("title", "title", _text(_NAME_MAX)),
    _Field("email", "email", _Parser.email),
)
_COMMUNICATION_SPECS = (
    _Field("kind", "kind", _Parser.kind, required=True),
    _Field("channel", "channel", _choice(Channel)),
    _Field("at", "at", _Parser.moment, required=True),
    _Field("arrived_on", "arrived_on", _Parser.day),
    _Field("summary", "summary", _text(_SUMMARY_MAX, strip=False)),
    _Field("body", "body", _LONG_TEXT),
)
