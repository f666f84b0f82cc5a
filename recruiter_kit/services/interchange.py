"""The interchange format `recruiter-kit/1`: import and export of the whole agency as JSON.

Import is an all-or-nothing upsert by ref. The whole document is checked first (every
problem names the record's ref and the field); only then is anything written, inside
the caller's transaction, with a fixed number of bulk statements per chunk of
candidates rather than one ORM flush per row, so that a 20,000-candidate file imports
in seconds. Rows whose values are unchanged are not touched, so importing the same
file twice changes nothing the second time.

Export writes the same format in a fixed number of column-only queries.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import IO, Any, ClassVar, Final, NamedTuple, cast

from sqlalchemy import CursorResult, Table, bindparam, select
from sqlalchemy.orm import Session

from recruiter_kit.enums import (
    Channel,
    CommunicationKind,
    ContactPreference,
    InterviewFormat,
    Outcome,
    Role,
    Stage,
)
from recruiter_kit.models import (
    Candidate,
    Communication,
    Employer,
    EmployerContact,
    HistoryEntry,
    Interview,
    PolicySetting,
    RefCounter,
    User,
    interview_interviewers,
    utcnow,
)
from recruiter_kit.policy import DEFAULT_POLICY, SETTING_NAMES, PolicyError, parse_setting
from recruiter_kit.services.bulk import paused_gc
from recruiter_kit.services.errors import ConflictError, ValidationError
from recruiter_kit.services.refs import PREFIXES, allocate_refs
from recruiter_kit.services.validation import (
    check_email,
    check_timezone,
    parse_choice,
    parse_date,
    parse_datetime,
    zone,
)

__all__ = [
    "FORMAT",
    "Counts",
    "DocumentError",
    "ImportSummary",
    "Problem",
    "dump_document",
    "export_document",
    "import_candidates",
    "import_document",
    "load_document",
]

FORMAT: Final = "recruiter-kit/1"

# Candidates are written (and progress reported) this many at a time.
CHUNK_SIZE: Final = 2000
# Generated refs are reserved at most this many at a time (allocate_refs checks them with IN).
REF_BATCH: Final = 5000
# Validation stops collecting after this many problems.
MAX_PROBLEMS: Final = 50
# Refs in the file that look generated (`C-000123`) move the ref counters past them,
# so later generated refs never collide; absurd numbers are ignored.
_MAX_COUNTER: Final = 1_000_000_000

_USERS = cast(Table, User.__table__)
_CANDIDATES = cast(Table, Candidate.__table__)
_EMPLOYERS = cast(Table, Employer.__table__)
_CONTACTS = cast(Table, EmployerContact.__table__)
_INTERVIEWS = cast(Table, Interview.__table__)
_COMMUNICATIONS = cast(Table, Communication.__table__)
_HISTORY = cast(Table, HistoryEntry.__table__)
_POLICY = cast(Table, PolicySetting.__table__)
_COUNTERS = cast(Table, RefCounter.__table__)
_LINKS = interview_interviewers

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

# Candidate and interview columns an import may set, with the values new rows get.
_CANDIDATE_DEFAULTS: Final[dict[str, Any]] = {
    "name": "",
    "email": None,
    "phone": None,
    "mailing_address": None,
    "timezone": None,
    "recruiter_id": None,
    "notes": None,
    "stage": Stage.SOURCED,
    "archived": False,
}
_INTERVIEW_DEFAULTS: Final[dict[str, Any]] = {
    "candidate_id": None,
    "employer_id": None,
    "position": "",
    "round": 1,
    "starts_at": None,
    "ends_at": None,
    "format": InterviewFormat.ONSITE,
    "decision_by": None,
    "timeline_asked": False,
    "contact_preference": ContactPreference.NONE,
    "outcome": Outcome.PENDING,
    "outcome_at": None,
    "notes": None,
}
_COMMUNICATION_DEFAULTS: Final[dict[str, Any]] = {
    "interview_id": None,
    "kind": None,
    "channel": None,
    "at": None,
    "arrived_on": None,
    "summary": None,
    "body": None,
}


# --------------------------------------------------------------------------- results


@dataclass(slots=True)
class Counts:
    """How many records of one kind an import created, updated or left unchanged."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        """Every record of this kind the file mentioned."""
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass(slots=True)
class ImportSummary:
    """What an import did, per kind of record."""

    candidates: Counts = field(default_factory=Counts)
    interviews: Counts = field(default_factory=Counts)
    communications: Counts = field(default_factory=Counts)
    employers: Counts = field(default_factory=Counts)
    recruiters: Counts = field(default_factory=Counts)
    contacts: Counts = field(default_factory=Counts)  # interviewers (employer contacts)
    policy_settings: int = 0  # settings changed (only with apply_policy=True)

    KINDS: ClassVar[tuple[str, ...]] = (
        "candidates",
        "interviews",
        "communications",
        "employers",
        "recruiters",
        "contacts",
    )

    @property
    def changed(self) -> bool:
        """True when the import wrote anything."""
        return self.policy_settings > 0 or any(
            counts.created or counts.updated for counts in self._counts()
        )

    def as_dict(self) -> dict[str, Any]:
        """The counts as plain data (for JSON output)."""
        result: dict[str, Any] = {
            kind: {
                "created": counts.created,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
            }
            for kind, counts in zip(self.KINDS, self._counts(), strict=True)
        }
        result["policy_settings"] = self.policy_settings
        return result

    def _counts(self) -> tuple[Counts, ...]:
        return tuple(getattr(self, kind) for kind in self.KINDS)

    def __str__(self) -> str:
        parts = []
        for kind, counts in zip(self.KINDS, self._counts(), strict=True):
            if counts.total:
                numbers = [
                    f"{number} {label}"
                    for number, label in (
                        (counts.created, "created"),
                        (counts.updated, "updated"),
                        (counts.unchanged, "unchanged"),
                    )
                    if number
                ]
                parts.append(f"{kind} {', '.join(numbers)}")
        if self.policy_settings:
            parts.append(f"policy {self.policy_settings} setting(s) changed")
        return "; ".join(parts) if parts else "nothing to import"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an import document."""

    record: str | None
    field: str | None
    problem: str

    def __str__(self) -> str:
        where = [part for part in (self.record, self.field and f"field {self.field!r}") if part]
        return ": ".join([*where, self.problem])


class DocumentError(ValidationError):
    """An import document is invalid; nothing was written.

    `record`, `field` and `problem` describe the first problem; `problems` lists them
    all (up to `MAX_PROBLEMS`).
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        first = problems[0]
        super().__init__(first.record, first.field, first.problem)
        self.problems = list(problems)
        lines = [str(first)]
        if len(problems) > 1:
            more = len(problems) - 1
            capped = "+" if len(problems) >= MAX_PROBLEMS else ""
            lines.append(f"({more}{capped} more problem{'s' if more > 1 else ''}:)")
            lines.extend(f"  {problem}" for problem in problems[1:])
        self.args = ("\n".join(lines),)


# --------------------------------------------------------------------------- parsing


@dataclass(slots=True)
class _RecruiterIn:
    email: str
    record: str
    name: str | None
    role: Role | None


@dataclass(slots=True)
class _CommunicationIn:
    ref: str | None
    record: str
    kind: CommunicationKind
    at: datetime
    values: dict[str, Any]  # columns given (kind and at included)


@dataclass(slots=True)
class _InterviewIn:
    ref: str
    record: str
    company: str
    values: dict[str, Any]  # columns given
    interviewers: list[tuple[str, str | None, str | None]] | None  # None: not given
    communications: list[_CommunicationIn] | None  # None: not given


@dataclass(slots=True)
class _CandidateIn:
    ref: str
    record: str
    values: dict[str, Any]  # columns given
    recruiter: str | None  # email (lower case), when given
    recruiter_given: bool
    interviews: list[_InterviewIn] | None  # None: not given


@dataclass(slots=True)
class _Document:
    recruiters: list[_RecruiterIn]
    candidates: list[_CandidateIn]
    policy: dict[str, Any] | None


class _TooManyProblems(Exception):
    pass


class _Bad(Exception):
    """A value is unusable; the problem is already recorded."""


_KINDS = {member.value: member for member in CommunicationKind}
_IMPLIED_CHANNELS = {member: member.default_channel for member in CommunicationKind}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class _Parser:
    """Checks a whole document, collecting problems, and returns it in column terms."""

    def __init__(self, candidate_records: Sequence[str] | None = None) -> None:
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

    def check_object(self, value: Any, record: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.bad(record, None, f"expected an object, got {_type_name(value)}")
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
            raise self.bad(record, name, f"expected text, got {_type_name(value)}")
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
            raise self.bad(record, name, f"expected text, got {_type_name(value)}")
        try:
            return parse_choice(enum, value, record, name)
        except ValidationError as error:
            raise self.from_error(error) from None

    def moment(self, value: Any, record: str, name: str) -> datetime:
        if not isinstance(value, str):
            raise self.bad(
                record, name, f"expected an ISO 8601 date-time text, got {_type_name(value)}"
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
        if value < 1:
            raise self.bad(record, name, "must be 1 or more")
        return value

    def kind(self, value: Any, record: str, name: str) -> CommunicationKind:
        if not isinstance(value, str) or value not in _KINDS:
            raise self.bad(record, name, f"{value!r} is not one of: {', '.join(_KINDS)}")
        return _KINDS[value]

    # -- records

    def document(self, document: Any) -> _Document:
        if not isinstance(document, dict):
            raise self.bad(None, None, f"expected a JSON object, got {_type_name(document)}")
        check_format(document)
        self.check_fields(document, _TOP_FIELDS, "document")
        recruiters = self.recruiters(document.get("recruiters"))
        policy = self.policy(document["policy"]) if document.get("policy") is not None else None
        items = document.get("candidates")
        if items is None:
            items = []
        if not isinstance(items, list):
            raise self.bad("document", "candidates", f"expected a list, got {_type_name(items)}")
        candidates: list[_CandidateIn] = []
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
        return _Document(recruiters=recruiters, candidates=candidates, policy=policy)

    def duplicate(self, ref: str, record: str, seen: dict[str, str]) -> bool:
        first = seen.setdefault(ref, record)
        if first is record:
            return False
        self.problem(record, "ref", f"duplicate ref {ref!r}: {first} has it already")
        return True

    def recruiters(self, data: Any) -> list[_RecruiterIn]:
        if data is None:
            return []
        if not isinstance(data, list):
            raise self.bad("document", "recruiters", f"expected a list, got {_type_name(data)}")
        recruiters: list[_RecruiterIn] = []
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
                recruiters.append(_RecruiterIn(email=email, record=record, name=name, role=role))
            except _Bad:
                continue
        return recruiters

    def policy(self, data: Any) -> dict[str, Any] | None:
        if not isinstance(data, dict):
            raise self.bad("policy", None, f"expected an object, got {_type_name(data)}")
        settings: dict[str, Any] = {}
        for name, value in data.items():
            if name not in SETTING_NAMES:
                self.problem("policy", name, f"unknown setting (known: {', '.join(SETTING_NAMES)})")
                continue
            if isinstance(value, dict | list):
                self.problem("policy", name, f"expected a single value, got {_type_name(value)}")
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

    def candidate(self, data: Any, index: int) -> _CandidateIn | None:
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
        interviews: list[_InterviewIn] | None = None
        items = data.get("interviews")
        if items is not None:
            interviews = []
            if not isinstance(items, list):
                self.problem(record, "interviews", f"expected a list, got {_type_name(items)}")
            else:
                for position, item in enumerate(items, start=1):
                    interview = self.interview(item, record, position)
                    if interview is not None:
                        interviews.append(interview)
        return _CandidateIn(
            ref=ref,
            record=record,
            values=values,
            recruiter=recruiter.lower() if recruiter else None,
            recruiter_given="recruiter" in data,
            interviews=interviews,
        )

    def interview(self, data: Any, parent: str, position: int) -> _InterviewIn | None:
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
        ends_at = values.get("ends_at")
        if starts_at is not None and ends_at is not None and ends_at <= starts_at:
            self.problem(record, "ends_at", "must be after starts_at")
        outcome = values.get("outcome")
        outcome_at = values.get("outcome_at")
        if outcome is Outcome.PENDING and outcome_at is not None:
            self.problem(record, "outcome_at", "is set but the outcome is pending")
        if starts_at is not None and outcome_at is not None and outcome_at < starts_at:
            self.problem(record, "outcome_at", "is before the interview started")
        interviewers = None
        if data.get("interviewers") is not None:
            interviewers = self.interviewers(data["interviewers"], record)
        communications = None
        if data.get("communications") is not None:
            communications = self.communications(data["communications"], record)
        return _InterviewIn(
            ref=ref,
            record=record,
            company=company,
            values=values,
            interviewers=interviewers,
            communications=communications,
        )

    def interviewers(self, items: Any, record: str) -> list[_Person] | None:
        if not isinstance(items, list):
            self.problem(record, "interviewers", f"expected a list, got {_type_name(items)}")
            return None
        people: list[_Person] = []
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

    def communications(self, items: Any, record: str) -> list[_CommunicationIn] | None:
        if not isinstance(items, list):
            self.problem(record, "communications", f"expected a list, got {_type_name(items)}")
            return None
        result: list[_CommunicationIn] = []
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

    def communication(self, data: Any, parent: str, position: int) -> _CommunicationIn | None:
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
        implied = _IMPLIED_CHANNELS[kind]
        if implied is not None:
            given = values.get("channel")
            if given is not None and given is not implied:
                self.problem(
                    record, "channel", f"a {kind.value} always goes by {implied.value}, not {given}"
                )
            values["channel"] = implied
        arrived_on = values.get("arrived_on")
        if arrived_on is not None:
            if kind is not CommunicationKind.THANK_YOU_NOTE:
                self.problem(record, "arrived_on", "only a thank_you_note has an arrival date")
            elif arrived_on < at.date() - timedelta(days=1):
                self.problem(record, "arrived_on", "is before the note was mailed")
        return _CommunicationIn(ref=ref, record=record, kind=kind, at=at, values=values)


_Convert = Callable[[_Parser, Any, str, str], Any]
_Person = tuple[str, str | None, str | None]  # name, title, email


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


def check_format(document: Mapping[str, Any]) -> None:
    """Raise ValidationError unless `document` declares the `recruiter-kit/1` format."""
    found = document.get("format")
    if found is None:
        raise ValidationError(
            None, "format", f'missing: a recruiter-kit document starts with "format": "{FORMAT}"'
        )
    if found != FORMAT:
        raise ValidationError(
            None, "format", f"{found!r} is not a format this version reads (expected {FORMAT!r})"
        )


# --------------------------------------------------------------------------- load / dump


def load_document(stream_or_text: str | bytes | IO[str] | IO[bytes]) -> dict[str, Any]:
    """Parse a `recruiter-kit/1` JSON document from text, bytes or a readable stream.

    Raises ValidationError for text that is not JSON (naming the line and column), for
    JSON that is not an object, and for a missing or wrong "format".
    """
    source: Any = stream_or_text
    if hasattr(source, "read"):
        source = source.read()
    if isinstance(source, bytes | bytearray):
        try:
            source = bytes(source).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                None, None, f"not valid JSON: not UTF-8 text (byte {error.start})"
            ) from None
    elif isinstance(source, str) and source.startswith("\ufeff"):
        source = source[1:]
    try:
        document = json.loads(source)
    except json.JSONDecodeError as error:
        raise ValidationError(
            None,
            None,
            f"not valid JSON: line {error.lineno} column {error.colno}: {error.msg}",
        ) from None
    if not isinstance(document, dict):
        raise ValidationError(
            None,
            None,
            f"not a recruiter-kit document: expected a JSON object, got {_type_name(document)}",
        )
    check_format(document)
    return document


def dump_document(document: Mapping[str, Any], stream: IO[str]) -> None:
    """Write `document` as indented UTF-8 JSON (non-ASCII kept as is)."""
    json.dump(document, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


# --------------------------------------------------------------------------- import


def import_document(
    session: Session,
    document: dict[str, Any],
    *,
    changed_by: str = "import",
    apply_policy: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Upsert everything in a `recruiter-kit/1` document, all or nothing.

    The whole document is checked before anything is written: on any problem a
    ValidationError (a DocumentError listing every problem found) is raised and
    nothing is written. The work joins the caller's transaction; the caller commits.
    `progress(n)` is called as candidates are written, with the number since the last
    call. The policy in the file is applied only with `apply_policy=True`.
    """
    return _import(
        session,
        document,
        changed_by=changed_by,
        apply_policy=apply_policy,
        progress=progress,
    )


def import_candidates(
    session: Session,
    candidates: list[dict[str, Any]],
    records: Sequence[str],
    *,
    changed_by: str = "import",
) -> ImportSummary:
    """Upsert candidate objects (as in a document) from another source, such as CSV rows.

    `records[i]` names candidate i in problems (e.g. "line 4 (candidate c07)"); the
    same checks and all-or-nothing guarantee as `import_document` apply.
    """
    return _import(
        session,
        {"format": FORMAT, "candidates": candidates},
        changed_by=changed_by,
        apply_policy=False,
        progress=None,
        candidate_records=records,
    )


def _import(
    session: Session,
    document: Any,
    *,
    changed_by: str,
    apply_policy: bool,
    progress: Callable[[int], None] | None,
    candidate_records: Sequence[str] | None = None,
) -> ImportSummary:
    with paused_gc():
        parser = _Parser(candidate_records)
        parsed: _Document | None = None
        with contextlib.suppress(_TooManyProblems, _Bad):
            parsed = parser.document(document)
        if parser.problems or parsed is None:
            raise DocumentError(parser.problems)
        session.flush()
        stored = _Stored.load(session, parsed, with_policy=apply_policy)
        problems = stored.check(parsed)
        if problems:
            raise DocumentError(problems)
        writer = _Writer(session, stored, changed_by=changed_by, progress=progress)
        summary = writer.run(parsed, apply_policy=apply_policy)
    if summary.changed:
        # Rows changed behind the ORM's back: make loaded objects re-read them.
        session.expire_all()
    return summary


@dataclass(slots=True)
class _Stored:
    """What the database holds already, loaded in one query per table."""

    users: dict[str, tuple[int, str]]  # email (lower) -> (id, name)
    candidates: dict[str, Any]  # ref -> row mapping
    interviews: dict[str, Any]  # ref -> row mapping
    communications_by_ref: dict[str, Any]
    communications_by_key: dict[tuple[int, CommunicationKind, datetime], Any]
    employers: dict[str, int]  # name -> id
    contacts: dict[tuple[int, str], Any]  # (employer id, name) -> row mapping
    links: dict[int, set[int]]  # interview id -> contact ids
    policy: dict[str, str | None] | None  # name -> stored text

    @classmethod
    def load(cls, session: Session, document: _Document, *, with_policy: bool) -> _Stored:
        users = {
            row.email.lower(): (row.id, row.name)
            for row in session.execute(select(_USERS.c.id, _USERS.c.email, _USERS.c.name))
        }
        candidates = {
            row["ref"]: row
            for row in session.execute(
                select(
                    _CANDIDATES.c.id,
                    _CANDIDATES.c.version_id,
                    *_columns(_CANDIDATES, _CANDIDATE_DEFAULTS),
                    _CANDIDATES.c.ref,
                )
            ).mappings()
        }
        with_interviews = any(c.interviews is not None for c in document.candidates)
        interviews: dict[str, Any] = {}
        by_ref: dict[str, Any] = {}
        by_key: dict[tuple[int, CommunicationKind, datetime], Any] = {}
        employers: dict[str, int] = {}
        contacts: dict[tuple[int, str], Any] = {}
        links: dict[int, set[int]] = defaultdict(set)
        if with_interviews:
            interviews = {
                row["ref"]: row
                for row in session.execute(
                    select(
                        _INTERVIEWS.c.id,
                        _INTERVIEWS.c.version_id,
                        _INTERVIEWS.c.ref,
                        *_columns(_INTERVIEWS, _INTERVIEW_DEFAULTS),
                    )
                ).mappings()
            }
            for row in session.execute(
                select(
                    _COMMUNICATIONS.c.id,
                    _COMMUNICATIONS.c.ref,
                    *_columns(_COMMUNICATIONS, _COMMUNICATION_DEFAULTS),
                ).order_by(_COMMUNICATIONS.c.id)
            ).mappings():
                by_ref[row["ref"]] = row
                # Matched to the second, as times in files are.
                key = (row["interview_id"], row["kind"], row["at"].replace(microsecond=0))
                by_key.setdefault(key, row)
            employers = {
                row.name: row.id
                for row in session.execute(select(_EMPLOYERS.c.id, _EMPLOYERS.c.name))
            }
            contacts = {
                (row["employer_id"], row["name"]): row
                for row in session.execute(
                    select(
                        _CONTACTS.c.id,
                        _CONTACTS.c.employer_id,
                        _CONTACTS.c.name,
                        _CONTACTS.c.title,
                        _CONTACTS.c.email,
                    )
                ).mappings()
            }
            for link in session.execute(select(_LINKS.c.interview_id, _LINKS.c.contact_id)):
                links[link.interview_id].add(link.contact_id)
        policy = None
        if with_policy and document.policy is not None:
            policy = {
                row.name: row.value
                for row in session.execute(select(_POLICY.c.name, _POLICY.c.value))
            }
        return cls(
            users=users,
            candidates=candidates,
            interviews=interviews,
            communications_by_ref=by_ref,
            communications_by_key=by_key,
            employers=employers,
            contacts=contacts,
            links=links,
            policy=policy,
        )

    def check(self, document: _Document) -> list[Problem]:
        """Problems only the stored data reveals (unknown recruiters, moved records)."""
        problems: list[Problem] = []
        known = set(self.users) | {recruiter.email for recruiter in document.recruiters}
        for candidate in document.candidates:
            if candidate.recruiter is not None and candidate.recruiter not in known:
                problems.append(
                    Problem(
                        candidate.record,
                        "recruiter",
                        f"no user with email {candidate.recruiter!r} "
                        '(add the user first, or list them under "recruiters")',
                    )
                )
            stored_candidate = self.candidates.get(candidate.ref)
            for interview in candidate.interviews or ():
                stored = self.interviews.get(interview.ref)
                if stored is not None and (
                    stored_candidate is None or stored["candidate_id"] != stored_candidate["id"]
                ):
                    problems.append(
                        Problem(
                            interview.record,
                            "ref",
                            f"interview {interview.ref} belongs to another candidate; an "
                            "import does not move interviews between candidates",
                        )
                    )
                    continue
                for communication in interview.communications or ():
                    if communication.ref is None:
                        continue
                    stored_communication = self.communications_by_ref.get(communication.ref)
                    if stored_communication is not None and (
                        stored is None or stored_communication["interview_id"] != stored["id"]
                    ):
                        problems.append(
                            Problem(
                                communication.record,
                                "ref",
                                f"communication {communication.ref} belongs to another "
                                "interview; an import does not move communications",
                            )
                        )
                if len(problems) >= MAX_PROBLEMS:
                    return problems
        if self.policy is not None and document.policy is not None:
            try:
                DEFAULT_POLICY.with_settings({**_known_settings(self.policy), **document.policy})
            except PolicyError as error:
                problems.append(Problem("policy", None, f"with the stored settings: {error}"))
        return problems


def _columns(table: Table, defaults: Mapping[str, Any]) -> list[Any]:
    return [table.c[name] for name in defaults]


def _known_settings(stored: Mapping[str, str | None]) -> dict[str, str | None]:
    return {name: value for name, value in stored.items() if name in SETTING_NAMES}


class _Writer:
    """Writes a checked document with bulk statements, chunk by chunk."""

    def __init__(
        self,
        session: Session,
        stored: _Stored,
        *,
        changed_by: str,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.session = session
        self.stored = stored
        self.changed_by = changed_by
        self.progress = progress
        self.summary = ImportSummary()
        self.now = utcnow().replace(microsecond=0)
        self.user_ids: dict[str, int] = {email: ids[0] for email, ids in stored.users.items()}
        self.candidate_ids: dict[str, int] = {
            ref: row["id"] for ref, row in stored.candidates.items()
        }
        dialect = session.get_bind().dialect
        self.check_rowcounts = bool(dialect.supports_sane_multi_rowcount)

    def run(self, document: _Document, *, apply_policy: bool) -> ImportSummary:
        if apply_policy and document.policy is not None:
            self.write_policy(document.policy)
        self.write_recruiters(document.recruiters)
        self.advance_counters(document)
        self.write_employers_and_contacts(document)
        for start in range(0, len(document.candidates), CHUNK_SIZE):
            chunk = document.candidates[start : start + CHUNK_SIZE]
            self.write_candidates(chunk)
            self.write_interviews(chunk)
            if self.progress is not None:
                self.progress(len(chunk))
        return self.summary

    # -- helpers

    def execute_many(self, statement: Any, rows: list[dict[str, Any]]) -> Any:
        if not rows:
            return None
        return self.session.execute(statement, rows)

    def insert_by_ref(self, table: Table, rows: list[dict[str, Any]]) -> dict[str, int]:
        """Insert `rows` and return their new ids by ref.

        A plain executemany and one select of the ids is faster than INSERT ... RETURNING
        on PostgreSQL (psycopg pipelines the executemany) and as fast on SQLite.
        """
        self.session.execute(table.insert(), rows)
        ids: dict[str, int] = {}
        for start in range(0, len(rows), REF_BATCH):
            refs = [row["ref"] for row in rows[start : start + REF_BATCH]]
            query = select(table.c.ref, table.c.id).where(table.c.ref.in_(refs))
            ids.update({row.ref: row.id for row in self.session.execute(query)})
        return ids

    def update_versioned(self, table: Table, rows: list[dict[str, Any]], what: str) -> None:
        if not rows:
            return
        statement = (
            table.update()
            .where(table.c.id == bindparam("b_id"), table.c.version_id == bindparam("b_version"))
            .values(version_id=table.c.version_id + 1)
        )
        result = cast(CursorResult[Any], self.session.execute(statement, rows))
        if self.check_rowcounts and result.rowcount != len(rows):
            raise ConflictError(
                f"{what} changed in the database while the import ran: nothing was imported; "
                "run the import again"
            )

    # -- policy

    def write_policy(self, settings: Mapping[str, Any]) -> None:
        stored = self.stored.policy or {}
        removals: list[dict[str, Any]] = []
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for name, value in settings.items():
            text = None if value is None else str(value)
            if value == getattr(DEFAULT_POLICY, name):
                if name in stored:
                    removals.append({"b_name": name})
            elif name not in stored:
                inserts.append({"name": name, "value": text})
            elif stored[name] != text:
                updates.append({"b_name": name, "value": text})
        self.execute_many(_POLICY.delete().where(_POLICY.c.name == bindparam("b_name")), removals)
        self.execute_many(_POLICY.insert(), inserts)
        self.execute_many(_POLICY.update().where(_POLICY.c.name == bindparam("b_name")), updates)
        self.summary.policy_settings = len(removals) + len(inserts) + len(updates)

    # -- recruiters

    def write_recruiters(self, recruiters: list[_RecruiterIn]) -> None:
        counts = self.summary.recruiters
        new: list[dict[str, Any]] = []
        renamed: list[dict[str, Any]] = []
        for recruiter in recruiters:
            stored = self.stored.users.get(recruiter.email)
            if stored is None:
                new.append(
                    {
                        "email": recruiter.email,
                        "name": recruiter.name or "",
                        "role": recruiter.role or Role.RECRUITER,
                        "password_hash": None,
                        "active": True,
                        "created_at": self.now,
                    }
                )
            elif recruiter.name is not None and recruiter.name != stored[1]:
                # The name may change; the role and password stay the agency's business.
                renamed.append({"b_id": stored[0], "name": recruiter.name})
            else:
                counts.unchanged += 1
        if new:
            result = self.session.execute(
                _USERS.insert().returning(_USERS.c.email, _USERS.c.id), new
            )
            self.user_ids.update({row.email: row.id for row in result})
        self.execute_many(_USERS.update().where(_USERS.c.id == bindparam("b_id")), renamed)
        counts.created += len(new)
        counts.updated += len(renamed)

    # -- generated-looking refs

    def advance_counters(self, document: _Document) -> None:
        highest: dict[str, int] = {}
        patterns = {
            model: re.compile(rf"^{re.escape(prefix)}-(\d+)$") for model, prefix in PREFIXES.items()
        }

        def note(model: type, ref: str | None) -> None:
            if ref is None:
                return
            match = patterns[model].match(ref)
            if match is None:
                return
            number = int(match.group(1))
            if number < _MAX_COUNTER:
                prefix = PREFIXES[model]
                highest[prefix] = max(highest.get(prefix, 0), number)

        for candidate in document.candidates:
            note(Candidate, candidate.ref)
            for interview in candidate.interviews or ():
                note(Interview, interview.ref)
                for communication in interview.communications or ():
                    note(Communication, communication.ref)
        if not highest:
            return
        counters = {
            row.prefix: row.last_value
            for row in self.session.execute(select(_COUNTERS.c.prefix, _COUNTERS.c.last_value))
        }
        inserts = [
            {"prefix": prefix, "last_value": value}
            for prefix, value in highest.items()
            if prefix not in counters
        ]
        updates = [
            {"b_prefix": prefix, "last_value": value}
            for prefix, value in highest.items()
            if prefix in counters and counters[prefix] < value
        ]
        self.execute_many(_COUNTERS.insert(), inserts)
        self.execute_many(
            _COUNTERS.update().where(_COUNTERS.c.prefix == bindparam("b_prefix")), updates
        )

    # -- employers and their people

    def write_employers_and_contacts(self, document: _Document) -> None:
        employer_ids = dict(self.stored.employers)
        needed: dict[str, None] = {}
        # (company, name) -> (title, email): the last non-null value in the file wins.
        people: dict[tuple[str, str], list[str | None]] = {}
        for candidate in document.candidates:
            for interview in candidate.interviews or ():
                needed.setdefault(interview.company, None)
                for name, title, email in interview.interviewers or ():
                    known = people.setdefault((interview.company, name), [None, None])
                    if title is not None:
                        known[0] = title
                    if email is not None:
                        known[1] = email
        new_names = [name for name in needed if name not in employer_ids]
        counts = self.summary.employers
        counts.unchanged += len(needed) - len(new_names)
        if new_names:
            refs = allocate_refs(self.session, Employer, len(new_names))
            result = self.session.execute(
                _EMPLOYERS.insert().returning(_EMPLOYERS.c.name, _EMPLOYERS.c.id),
                [{"ref": ref, "name": name} for ref, name in zip(refs, new_names, strict=True)],
            )
            employer_ids.update({row.name: row.id for row in result})
            counts.created += len(new_names)
        self.employer_ids = employer_ids

        contact_ids = {key: row["id"] for key, row in self.stored.contacts.items()}
        new_contacts: list[dict[str, Any]] = []
        changed_contacts: list[dict[str, Any]] = []
        contact_counts = self.summary.contacts
        for (company, name), (title, email) in people.items():
            employer_id = employer_ids[company]
            stored = self.stored.contacts.get((employer_id, name))
            if stored is None:
                new_contacts.append(
                    {"employer_id": employer_id, "name": name, "title": title, "email": email}
                )
                continue
            new_title = title if title is not None else stored["title"]
            new_email = email if email is not None else stored["email"]
            if (new_title, new_email) != (stored["title"], stored["email"]):
                changed_contacts.append(
                    {"b_id": stored["id"], "title": new_title, "email": new_email}
                )
            else:
                contact_counts.unchanged += 1
        if new_contacts:
            result = self.session.execute(
                _CONTACTS.insert().returning(
                    _CONTACTS.c.employer_id, _CONTACTS.c.name, _CONTACTS.c.id
                ),
                new_contacts,
            )
            contact_ids.update({(row.employer_id, row.name): row.id for row in result})
        self.execute_many(
            _CONTACTS.update().where(_CONTACTS.c.id == bindparam("b_id")), changed_contacts
        )
        contact_counts.created += len(new_contacts)
        contact_counts.updated += len(changed_contacts)
        self.contact_ids = contact_ids

    # -- candidates

    def write_candidates(self, chunk: Sequence[_CandidateIn]) -> None:
        counts = self.summary.candidates
        new: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        history: list[dict[str, Any]] = []
        new_stages: list[tuple[str, Stage]] = []
        for candidate in chunk:
            values = dict(candidate.values)
            if candidate.recruiter_given:
                values["recruiter_id"] = (
                    self.user_ids[candidate.recruiter] if candidate.recruiter else None
                )
            stored = self.stored.candidates.get(candidate.ref)
            if stored is None:
                row = {**_CANDIDATE_DEFAULTS, **values}
                row.update(
                    ref=candidate.ref, created_at=self.now, updated_at=self.now, version_id=1
                )
                new.append(row)
                new_stages.append((candidate.ref, row["stage"]))
                continue
            if all(stored[key] == value for key, value in values.items()):
                counts.unchanged += 1
                continue
            row = {key: stored[key] for key in _CANDIDATE_DEFAULTS}
            row.update(values, updated_at=self.now, b_id=stored["id"])
            row["b_version"] = stored["version_id"]
            changed.append(row)
            if row["stage"] != stored["stage"]:
                history.append(
                    self.history(stored["id"], None, "stage", stored["stage"], row["stage"])
                )
        if new:
            self.candidate_ids.update(self.insert_by_ref(_CANDIDATES, new))
            history.extend(
                self.history(self.candidate_ids[ref], None, "stage", None, stage)
                for ref, stage in new_stages
            )
        self.update_versioned(_CANDIDATES, changed, "a candidate")
        self.execute_many(_HISTORY.insert(), history)
        counts.created += len(new)
        counts.updated += len(changed)

    def history(
        self,
        candidate_id: int,
        interview_id: int | None,
        field_name: str,
        before: Any,
        after: Any,
        at: datetime | None = None,
    ) -> dict[str, Any]:
        return {
            "candidate_id": candidate_id,
            "interview_id": interview_id,
            "field": field_name,
            "from_value": None if before is None else str(before.value),
            "to_value": str(after.value),
            "changed_by": self.changed_by,
            "changed_at": at or self.now,
        }

    # -- interviews, their interviewers and communications

    def write_interviews(self, chunk: Sequence[_CandidateIn]) -> None:
        counts = self.summary.interviews
        stored_interviews = self.stored.interviews
        new: list[dict[str, Any]] = []
        new_items: list[_InterviewIn] = []
        changed: list[dict[str, Any]] = []
        history: list[dict[str, Any]] = []
        relink: list[tuple[int, list[int]]] = []
        interview_ids: dict[str, int] = {}
        for candidate in chunk:
            if candidate.interviews is None:
                continue
            candidate_id = self.candidate_ids[candidate.ref]
            for interview in candidate.interviews:
                values = dict(interview.values)
                values["employer_id"] = employer_id = self.employer_ids[interview.company]
                contacts = None
                if interview.interviewers is not None:
                    contacts = [
                        self.contact_ids[(employer_id, name)]
                        for name, _title, _email in interview.interviewers
                    ]
                stored = stored_interviews.get(interview.ref)
                if stored is None:
                    row = {**_INTERVIEW_DEFAULTS, **values}
                    row.update(ref=interview.ref, candidate_id=candidate_id, version_id=1)
                    new.append(row)
                    new_items.append(interview)
                    continue
                interview_ids[interview.ref] = stored["id"]
                relinked = contacts is not None and set(contacts) != self.stored.links.get(
                    stored["id"], set()
                )
                if relinked:
                    relink.append((stored["id"], contacts or []))
                if not relinked and all(stored[key] == value for key, value in values.items()):
                    counts.unchanged += 1
                    continue
                row = {key: stored[key] for key in _INTERVIEW_DEFAULTS}
                row.update(values, b_id=stored["id"], b_version=stored["version_id"])
                changed.append(row)
                if row["outcome"] != stored["outcome"]:
                    history.append(
                        self.history(
                            candidate_id,
                            stored["id"],
                            "outcome",
                            stored["outcome"],
                            row["outcome"],
                            _outcome_moment(row),
                        )
                    )
        if new:
            created = self.insert_by_ref(_INTERVIEWS, new)
            interview_ids.update(created)
            for row, item in zip(new, new_items, strict=True):
                interview_id = created[item.ref]
                history.append(
                    self.history(row["candidate_id"], interview_id, "outcome", None, row["outcome"])
                )
                if item.interviewers:
                    relink.append(
                        (
                            interview_id,
                            [
                                self.contact_ids[(row["employer_id"], name)]
                                for name, _title, _email in item.interviewers
                            ],
                        )
                    )
        self.update_versioned(_INTERVIEWS, changed, "an interview")
        self.execute_many(_HISTORY.insert(), history)
        self.write_links(relink)
        counts.created += len(new)
        counts.updated += len(changed)
        self.write_communications(chunk, interview_ids)

    def write_links(self, relink: list[tuple[int, list[int]]]) -> None:
        stale = [
            {"b_interview": interview_id}
            for interview_id, _contacts in relink
            if self.stored.links.get(interview_id)
        ]
        self.execute_many(
            _LINKS.delete().where(_LINKS.c.interview_id == bindparam("b_interview")), stale
        )
        self.execute_many(
            _LINKS.insert(),
            [
                {"interview_id": interview_id, "contact_id": contact_id}
                for interview_id, contacts in relink
                for contact_id in contacts
            ],
        )

    def write_communications(
        self, chunk: Sequence[_CandidateIn], interview_ids: Mapping[str, int]
    ) -> None:
        counts = self.summary.communications
        by_ref = self.stored.communications_by_ref
        by_key = self.stored.communications_by_key
        new: list[dict[str, Any]] = []
        unnamed: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for candidate in chunk:
            for interview in candidate.interviews or ():
                if interview.communications is None:
                    continue
                interview_id = interview_ids[interview.ref]
                claimed = {
                    by_ref[item.ref]["id"]
                    for item in interview.communications
                    if item.ref is not None and item.ref in by_ref
                }
                for item in interview.communications:
                    stored = None
                    if item.ref is not None:
                        stored = by_ref.get(item.ref)
                    else:
                        match = by_key.get((interview_id, item.kind, item.at))
                        if match is not None and match["id"] not in claimed:
                            stored = match
                            claimed.add(match["id"])
                    if stored is None:
                        row = {**_COMMUNICATION_DEFAULTS, **item.values}
                        row.update(interview_id=interview_id, ref=item.ref)
                        new.append(row)
                        if item.ref is None:
                            unnamed.append(row)
                        continue
                    if all(stored[key] == value for key, value in item.values.items()):
                        counts.unchanged += 1
                        continue
                    row = {key: stored[key] for key in _COMMUNICATION_DEFAULTS}
                    row.update(item.values, b_id=stored["id"])
                    changed.append(row)
        for start in range(0, len(unnamed), REF_BATCH):
            batch = unnamed[start : start + REF_BATCH]
            for row, ref in zip(
                batch, allocate_refs(self.session, Communication, len(batch)), strict=True
            ):
                row["ref"] = ref
        self.execute_many(_COMMUNICATIONS.insert(), new)
        self.execute_many(
            _COMMUNICATIONS.update().where(_COMMUNICATIONS.c.id == bindparam("b_id")), changed
        )
        counts.created += len(new)
        counts.updated += len(changed)


def _outcome_moment(row: Mapping[str, Any]) -> datetime | None:
    # Like `set_outcome`: a decision is logged at the moment it was made, when known.
    outcome: Outcome = row["outcome"]
    moment: datetime | None = row["outcome_at"]
    return moment if outcome.is_final else None


# --------------------------------------------------------------------------- export


def export_document(
    session: Session,
    *,
    include_archived: bool = True,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Everything in the database as a `recruiter-kit/1` document.

    Times are shown in the candidate's time zone (the policy's default zone for
    candidates without one), to the second, with their offset. Candidates are
    ordered by ref, interviews by start, communications by time. The number of
    queries does not depend on the amount of data.
    """
    with paused_gc():
        return _export(session, include_archived=include_archived, progress=progress)


def _export(
    session: Session, *, include_archived: bool, progress: Callable[[int], None] | None
) -> dict[str, Any]:
    session.flush()
    stored_policy = {
        row.name: row.value for row in session.execute(select(_POLICY.c.name, _POLICY.c.value))
    }
    policy: dict[str, Any] = {}
    for name in SETTING_NAMES:
        if name not in stored_policy:
            continue
        try:
            value = parse_setting(name, stored_policy[name])
        except PolicyError:
            continue
        if value != getattr(DEFAULT_POLICY, name):
            policy[name] = value
    default_zone = str(policy.get("default_timezone", DEFAULT_POLICY.default_timezone))

    users = sorted(
        session.execute(select(_USERS.c.id, _USERS.c.email, _USERS.c.name, _USERS.c.role)),
        key=lambda row: row.email,
    )
    emails = {row.id: row.email for row in users}

    candidate_query = select(_CANDIDATES)
    if not include_archived:
        candidate_query = candidate_query.where(_CANDIDATES.c.archived.is_(False))
    candidates = sorted(session.execute(candidate_query).mappings(), key=lambda row: row["ref"])

    interview_query = select(_INTERVIEWS, _EMPLOYERS.c.name.label("company")).join(
        _EMPLOYERS, _EMPLOYERS.c.id == _INTERVIEWS.c.employer_id
    )
    if not include_archived:
        interview_query = interview_query.join(
            _CANDIDATES, _CANDIDATES.c.id == _INTERVIEWS.c.candidate_id
        ).where(_CANDIDATES.c.archived.is_(False))
    interviews_of: dict[int, list[Any]] = defaultdict(list)
    for row in session.execute(interview_query).mappings():
        interviews_of[row["candidate_id"]].append(row)

    people_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for person in session.execute(
        select(_LINKS.c.interview_id, _CONTACTS.c.name, _CONTACTS.c.title, _CONTACTS.c.email).join(
            _CONTACTS, _CONTACTS.c.id == _LINKS.c.contact_id
        )
    ):
        people_of[person.interview_id].append(
            {"name": person.name, "title": person.title, "email": person.email}
        )

    communication_query = select(_COMMUNICATIONS)
    if not include_archived:
        communication_query = (
            communication_query.join(
                _INTERVIEWS, _INTERVIEWS.c.id == _COMMUNICATIONS.c.interview_id
            )
            .join(_CANDIDATES, _CANDIDATES.c.id == _INTERVIEWS.c.candidate_id)
            .where(_CANDIDATES.c.archived.is_(False))
        )
    communications_of: dict[int, list[Any]] = defaultdict(list)
    for row in session.execute(communication_query).mappings():
        communications_of[row["interview_id"]].append(row)

    exported: list[dict[str, Any]] = []
    pending = 0
    for candidate in candidates:
        tz = zone(candidate["timezone"] or default_zone)

        def moment(value: datetime | None, tz: Any = tz) -> str | None:
            return None if value is None else value.astimezone(tz).isoformat(timespec="seconds")

        interviews = []
        for interview in sorted(
            interviews_of.get(candidate["id"], ()), key=lambda row: (row["starts_at"], row["ref"])
        ):
            communications = [
                {
                    "ref": item["ref"],
                    "kind": item["kind"].value,
                    "channel": _value(item["channel"]),
                    "at": moment(item["at"]),
                    "arrived_on": _day(item["arrived_on"]),
                    "summary": item["summary"],
                    "body": item["body"],
                }
                for item in sorted(
                    communications_of.get(interview["id"], ()),
                    key=lambda row: (row["at"], row["kind"].value, row["ref"]),
                )
            ]
            interviews.append(
                {
                    "ref": interview["ref"],
                    "company": interview["company"],
                    "position": interview["position"],
                    "round": interview["round"],
                    "format": interview["format"].value,
                    "starts_at": moment(interview["starts_at"]),
                    "ends_at": moment(interview["ends_at"]),
                    "interviewers": sorted(
                        people_of.get(interview["id"], ()), key=lambda person: person["name"]
                    ),
                    "decision_by": _day(interview["decision_by"]),
                    "timeline_asked": interview["timeline_asked"],
                    "contact_preference": interview["contact_preference"].value,
                    "outcome": interview["outcome"].value,
                    "outcome_at": moment(interview["outcome_at"]),
                    "notes": interview["notes"],
                    "communications": communications,
                }
            )
        exported.append(
            {
                "ref": candidate["ref"],
                "name": candidate["name"],
                "email": candidate["email"],
                "phone": candidate["phone"],
                "timezone": candidate["timezone"],
                "address": candidate["mailing_address"],
                "recruiter": emails.get(candidate["recruiter_id"]),
                "stage": candidate["stage"].value,
                "notes": candidate["notes"],
                "archived": candidate["archived"],
                "interviews": interviews,
            }
        )
        pending += 1
        if progress is not None and pending >= CHUNK_SIZE:
            progress(pending)
            pending = 0
    if progress is not None and pending:
        progress(pending)

    document: dict[str, Any] = {
        "format": FORMAT,
        "recruiters": [
            {"email": row.email, "name": row.name, "role": row.role.value} for row in users
        ],
    }
    if policy:
        document["policy"] = policy
    document["candidates"] = exported
    return document


def _value(member: Any) -> str | None:
    return None if member is None else str(member.value)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
