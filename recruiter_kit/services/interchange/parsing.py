"""Checking a `recruiter-kit/1` document against its declarations (`records`), before any write.

`parse_document` validates the whole document with the strict models, turns every problem
pydantic reports (up to MAX_PROBLEMS) into one naming the record by its ref and the file's
field, then checks what spans fields and records (times in order, duplicate refs, ...)
and returns the records in column terms: converted values keyed by the table's column
names, holding only the fields the file gives. `parse_rows` does the same for the rows of
a CSV file. Nothing here reads the database; what only the stored data can reveal
(unknown recruiters, records that would move) is checked by the import.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any, Final

import pydantic
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from recruiter_kit.enums import CommunicationKind, Outcome, Role
from recruiter_kit.errors import ValidationError
from recruiter_kit.policy import DEFAULT_POLICY, PolicyError
from recruiter_kit.services.interchange.document import (
    MAX_PROBLEMS,
    DocumentError,
    Problem,
    check_format,
    type_name,
)
from recruiter_kit.services.interchange.records import (
    PROBLEM,
    CandidateRecord,
    CommunicationRecord,
    DocumentRecord,
    InterviewRecord,
    RecruiterRecord,
    column_of,
    field_check,
    scalar_fields,
)
from recruiter_kit.services.validation import (
    check_arrival,
    check_channel,
    check_communication_time,
    check_decision_by,
    check_interview_end,
    check_outcome_at,
)

__all__ = [
    "CandidateIn",
    "CommunicationIn",
    "InterviewIn",
    "ParsedDocument",
    "Person",
    "RecruiterIn",
    "column_defaults",
    "parse_document",
    "parse_rows",
]

Person = tuple[str, str | None, str | None]  # an interviewer: name, title, email

# Fields that are not a column of the record's own table.
_NOT_COLUMNS: Final = frozenset({"ref", "recruiter", "company"})


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
    company: str | None  # None: an existing interview named only to reach its communications
    values: dict[str, Any]  # columns given
    interviewers: list[Person] | None  # None: not given
    communications: list[CommunicationIn] | None  # None: not given

    @property
    def named_only(self) -> bool:
        """Named (by a communications CSV row) but not described: it must exist already."""
        return self.company is None


@dataclass(slots=True)
class CandidateIn:
    ref: str
    record: str
    values: dict[str, Any]  # columns given
    recruiter: str | None  # email (lower case), when given
    recruiter_given: bool
    interviews: list[InterviewIn] | None  # None: not given
    named_only: bool = False  # named by a CSV row of interviews: it must exist already


@dataclass(slots=True)
class ParsedDocument:
    recruiters: list[RecruiterIn]
    candidates: list[CandidateIn]
    policy: dict[str, Any] | None


def column_defaults(model: type[BaseModel]) -> dict[str, Any]:
    """The columns a record's fields are stored in, with the values new rows get."""
    return {
        column_of(name, info): None if info.is_required() else info.default
        for name, info in scalar_fields(model)
        if name not in _NOT_COLUMNS
    }


# --------------------------------------------------------------------------- entry points


def parse_document(document: Any, candidate_records: Sequence[str] | None = None) -> ParsedDocument:
    """`document` checked and converted to records, or DocumentError listing its problems.

    A missing or wrong "format" raises ValidationError at once. `candidate_records[i]`,
    when given, names candidate i in problems instead of "candidate <ref>".
    """
    if not isinstance(document, dict):
        raise ValidationError(None, None, f"expected a JSON object, got {type_name(document)}")
    check_format(document)
    try:
        validated = DocumentRecord.model_validate(document)
    except pydantic.ValidationError as error:
        raise DocumentError(
            list(_problems(error, DocumentRecord, document, "document", candidate_records))
        ) from None
    checker = _Checker()
    parsed = ParsedDocument(
        recruiters=checker.recruiters(validated.recruiters or []),
        candidates=checker.candidates(
            validated.candidates or [],
            candidate_records or [f"candidate {c.ref}" for c in validated.candidates or []],
        ),
        policy=checker.policy(validated.policy),
    )
    checker.finish()
    return parsed


def parse_rows(
    rows: Sequence[tuple[str, tuple[str, ...], dict[str, Any]]], kind: type[BaseModel]
) -> ParsedDocument:
    """CSV rows of interviews or communications, as records under the candidates and
    interviews they name (which must exist already).

    Each row is (record, parent refs, values): the parent refs are the candidate's, and
    for a communication the interview's too.
    """
    validated: list[Any] = []
    problems: list[Problem] = []
    for record, _parent, values in rows:
        try:
            validated.append(kind.model_validate(values))
        except pydantic.ValidationError as error:
            problems.extend(_problems(error, kind, values, record, None))
            if len(problems) >= MAX_PROBLEMS:
                break
    if problems:
        raise DocumentError(problems)
    checker = _Checker()
    candidates: dict[str, CandidateIn] = {}
    interviews: dict[tuple[str, str], InterviewIn] = {}
    times: dict[tuple[str, str], dict[tuple[CommunicationKind, datetime], str]] = {}
    for (record, parent, _values), item in zip(rows, validated, strict=True):
        candidate_ref, interview_ref = (*parent, "")[:2]
        candidate = candidates.get(candidate_ref)
        if candidate is None:
            candidate = candidates[candidate_ref] = CandidateIn(
                ref=candidate_ref,
                record=record,
                values={},
                recruiter=None,
                recruiter_given=False,
                interviews=[],
                named_only=True,
            )
        assert candidate.interviews is not None
        if isinstance(item, InterviewRecord):
            found = checker.interview(item, record)
            if found is not None:
                candidate.interviews.append(found)
            continue
        interview = interviews.get((candidate_ref, interview_ref))
        if interview is None:
            interview = interviews[(candidate_ref, interview_ref)] = InterviewIn(
                ref=interview_ref,
                record=record,
                company=None,
                values={},
                interviewers=None,
                communications=[],
            )
            candidate.interviews.append(interview)
        assert interview.communications is not None
        communication = checker.communication(item, record, None)
        if communication is not None and not checker.repeats_unnamed(
            times.setdefault((candidate_ref, interview_ref), {}), communication
        ):
            interview.communications.append(communication)
    listed = list(candidates.values())
    checker.duplicates(listed)
    checker.finish()
    return ParsedDocument(recruiters=[], candidates=listed, policy=None)


# --------------------------------------------------------------------------- pydantic's problems


def _problems(
    error: pydantic.ValidationError,
    model: type[BaseModel],
    raw: Any,
    record: str,
    candidate_records: Sequence[str] | None,
) -> Iterator[Problem]:
    for number, detail in enumerate(error.errors(include_url=False)):
        if number >= MAX_PROBLEMS:
            return
        where, field_name, owner = _locate(detail["loc"], model, raw, record, candidate_records)
        yield Problem(where, field_name, _message(detail, owner))


def _locate(
    loc: tuple[int | str, ...],
    model: type[BaseModel],
    raw: Any,
    record: str,
    candidate_records: Sequence[str] | None,
) -> tuple[str, str | None, type[BaseModel]]:
    """The record and field a problem's location names, and the record's model."""
    position = 0
    while position < len(loc):
        key = loc[position]
        info = model.model_fields.get(key) if isinstance(key, str) else None
        child = _child_model(info)
        if info is None or child is None or position == len(loc) - 1:
            return record, str(key), model
        value = raw.get(key) if isinstance(raw, dict) else None
        if isinstance(value, list) and position + 1 < len(loc):
            index = loc[position + 1]
            assert isinstance(index, int)
            raw = value[index] if index < len(value) else None
            if candidate_records is not None and child is CandidateRecord:
                record = candidate_records[index]
            else:
                record = _item_name(child, raw, index, record)
            position += 2
        else:  # a nested object (the policy)
            raw, record = value, str(getattr(child, "label", key))
            position += 1
        model = child
    return record, None, model


def _child_model(info: FieldInfo | None) -> type[BaseModel] | None:
    if info is None:
        return None
    for argument in (info.annotation, *getattr(info.annotation, "__args__", ())):
        for candidate in (argument, *getattr(argument, "__args__", ())):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                return candidate
    return None


def _item_name(model: type[BaseModel], raw: Any, index: int, parent: str) -> str:
    label = str(getattr(model, "label", "record"))
    if model is RecruiterRecord:
        email = raw.get("email") if isinstance(raw, dict) else None
        return _name(email.strip().lower() if isinstance(email, str) else None, label, index)
    ref = raw.get("ref") if isinstance(raw, dict) else None
    name = _name(ref if isinstance(ref, str) else None, label, index)
    if model is CommunicationRecord and not (isinstance(ref, str) and ref.strip()):
        name = f"{label} {index + 1}"  # communications without refs are numbered
    return name if model is CandidateRecord else f"{parent}, {name}"


def _name(ref: str | None, label: str, index: int | None) -> str:
    if ref is not None and ref.strip():
        return f"{label} {ref.strip()}"
    return f"{label} #{(index or 0) + 1}"


def _message(detail: Mapping[str, Any], model: type[BaseModel]) -> str:
    kind = detail["type"]
    value = detail.get("input")
    if kind == PROBLEM:
        return str(detail["ctx"]["problem"])
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        what = "setting" if getattr(model, "label", None) == "policy" else "field"
        return f"unknown {what} (known: {', '.join(model.model_fields)})"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected an object, got {type_name(value)}"
    if kind == "list_type":
        return f"expected a list, got {type_name(value)}"
    if kind == "bool_type":
        shown = repr(value) if isinstance(value, str | int | float) else type_name(value)
        return f"expected true or false, got {shown[:60]}"
    return str(detail["msg"])


# --------------------------------------------------------------------------- across fields


class _Checker:
    """Checks what spans fields and records, collecting problems, and converts records."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.seen: dict[str, dict[str, str]] = {"candidate": {}, "interview": {}, "message": {}}

    def problem(self, record: str | None, field_name: str | None, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(record, field_name, message))

    def report(self, error: ValidationError) -> None:
        self.problem(error.record, error.field, error.problem)

    def finish(self) -> None:
        if self.problems:
            raise DocumentError(self.problems)

    def recruiters(self, items: Sequence[RecruiterRecord]) -> list[RecruiterIn]:
        recruiters: list[RecruiterIn] = []
        seen: set[str] = set()
        for item in items:
            record = f"recruiter {item.email}"
            if item.email in seen:
                self.problem(record, "email", "appears more than once in the file")
                continue
            seen.add(item.email)
            recruiters.append(RecruiterIn(item.email, record, item.name, item.role))
        return recruiters

    def policy(self, item: BaseModel | None) -> dict[str, Any] | None:
        if item is None:
            return None
        settings = {name: getattr(item, name) for name in item.model_fields_set}
        try:
            DEFAULT_POLICY.with_settings(settings)
        except PolicyError as error:
            self.problem("policy", None, str(error))
        return settings

    def candidates(
        self, items: Sequence[CandidateRecord], records: Sequence[str]
    ) -> list[CandidateIn]:
        candidates: list[CandidateIn] = []
        for item, record in zip(items, records, strict=True):
            interviews = None
            if item.interviews is not None:
                interviews = [
                    interview
                    for interview in (
                        self.interview(
                            child, f"{record}, {_name(child.ref, 'interview', position)}"
                        )
                        for position, child in enumerate(item.interviews)
                    )
                    if interview is not None
                ]
            values = _columns(item)
            candidates.append(
                CandidateIn(
                    ref=item.ref,
                    record=record,
                    values=values,
                    recruiter=item.recruiter,
                    recruiter_given="recruiter" in item.model_fields_set,
                    interviews=interviews,
                )
            )
        self.duplicates(candidates)
        return candidates

    def duplicates(self, candidates: list[CandidateIn]) -> None:
        """Refs given twice in the file (the second one is dropped)."""
        kept = []
        for candidate in candidates:
            if candidate.named_only or not self.repeated(
                "candidate", candidate.ref, candidate.record
            ):
                kept.append(candidate)
            for interview in candidate.interviews or ():
                if not interview.named_only:
                    self.repeated("interview", interview.ref, interview.record)
                for communication in interview.communications or ():
                    if communication.ref is not None:
                        self.repeated("message", communication.ref, communication.record)
        candidates[:] = kept

    def repeated(self, kind: str, ref: str, record: str) -> bool:
        """False, after noting the problem, when `ref` was seen already."""
        first = self.seen[kind].setdefault(ref, record)
        if first is record:
            return False
        self.problem(record, "ref", f"duplicate ref {ref!r}: {first} has it already")
        return True

    def interview(self, item: InterviewRecord, record: str) -> InterviewIn | None:
        values = _columns(item)
        starts_at = item.starts_at
        try:
            check_interview_end(starts_at, item.ends_at, record)
            if item.outcome is Outcome.PENDING and item.outcome_at is not None:
                raise ValidationError(record, "outcome_at", "is set but the outcome is pending")
            if item.outcome_at is not None:
                check_outcome_at(item.outcome_at, starts_at, record)
            if item.decision_by is not None:
                # The file's offset is the candidate's: the interview's local date.
                check_decision_by(item.decision_by, starts_at, record)
        except ValidationError as error:
            self.report(error)
        interviewers = None
        if item.interviewers is not None:
            interviewers = []
            names: set[str] = set()
            for position, person in enumerate(item.interviewers, start=1):
                if person.name in names:
                    self.problem(
                        f"{record}, interviewer #{position}",
                        "name",
                        f"{person.name!r} is listed twice",
                    )
                    continue
                names.add(person.name)
                interviewers.append((person.name, person.title, person.email))
        communications = None
        if item.communications is not None:
            communications = []
            times: dict[tuple[CommunicationKind, datetime], str] = {}
            for position, child in enumerate(item.communications, start=1):
                label = f"{record}, communication {child.ref or position}"
                communication = self.communication(child, label, starts_at)
                if communication is not None and not self.repeats_unnamed(times, communication):
                    communications.append(communication)
        return InterviewIn(
            ref=item.ref,
            record=record,
            company=item.company,
            values=values,
            interviewers=interviewers,
            communications=communications,
        )

    def repeats_unnamed(
        self,
        times: dict[tuple[CommunicationKind, datetime], str],
        communication: CommunicationIn,
    ) -> bool:
        """True, after noting the problem, when a communication without a ref has the kind
        and time of an earlier one of its interview (`times`, filled as they come): stored
        by kind and time, the second would silently overwrite the first."""
        if communication.ref is not None:
            return False
        key = (communication.kind, communication.at)
        first = times.setdefault(key, communication.record)
        if first is communication.record:
            return False
        self.problem(
            communication.record,
            "at",
            f"same kind and time as {first}: give each a ref, or drop one",
        )
        return True

    def communication(
        self, item: CommunicationRecord, record: str, starts_at: datetime | None
    ) -> CommunicationIn | None:
        values = _columns(item)
        try:
            values["channel"] = check_channel(item.kind, item.channel, record)
            check_arrival(item.kind, item.at, item.arrived_on, record)
            if starts_at is not None:
                check_communication_time(item.kind, item.at, starts_at, record)
        except ValidationError as error:
            self.report(error)
            return None
        return CommunicationIn(
            ref=item.ref, record=record, kind=item.kind, at=values["at"], values=values
        )


def _columns(item: BaseModel) -> dict[str, Any]:
    """The values a record gives, by column: absent fields are left out, and so is null
    for a field with a default (it keeps the stored value); moments are held in UTC."""
    values: dict[str, Any] = {}
    given = item.__pydantic_fields_set__
    data = item.__dict__
    for name, column, defaulted, moment in _column_fields(type(item)):
        if name not in given:
            continue
        value = data[name]
        if value is None:
            if not defaulted:
                values[column] = None
        elif moment and value.tzinfo is not UTC:
            values[column] = value.astimezone(UTC)
        else:
            values[column] = value
    return values


@cache
def _column_fields(model: type[BaseModel]) -> tuple[tuple[str, str, bool, bool], ...]:
    """(field, column, whether null means "keep", whether it holds a moment) for each
    column a record sets."""
    fields = []
    for name, info in scalar_fields(model):
        if name not in _NOT_COLUMNS:
            check = field_check(info)
            moment = check is not None and check.kind == "moment"
            fields.append((name, column_of(name, info), info.default is not None, moment))
    return tuple(fields)
