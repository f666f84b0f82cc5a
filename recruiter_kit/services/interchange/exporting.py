"""Exporting the whole agency as a `recruiter-kit/1` document.

The export reads columns only, in a fixed number of queries whatever the amount of
data, and writes what an import reads back unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, tzinfo
from typing import Any, Final

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from recruiter_kit.calendar import zone
from recruiter_kit.policy import DEFAULT_POLICY, SETTING_NAMES, PolicyError, parse_setting
from recruiter_kit.services.bulk import paused_gc
from recruiter_kit.services.interchange.document import CHUNK_SIZE, FORMAT
from recruiter_kit.services.interchange.records import (
    CandidateRecord,
    CommunicationRecord,
    InterviewRecord,
    column_of,
    field_check,
    is_list,
)
from recruiter_kit.services.interchange.tables import (
    CANDIDATES,
    COMMUNICATIONS,
    CONTACTS,
    EMPLOYERS,
    INTERVIEWS,
    LINKS,
    POLICY,
    USERS,
)

__all__ = ["export_document"]


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
        row.name: row.value for row in session.execute(select(POLICY.c.name, POLICY.c.value))
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
        session.execute(select(USERS.c.id, USERS.c.email, USERS.c.name, USERS.c.role)),
        key=lambda row: row.email,
    )
    emails = {row.id: row.email for row in users}

    candidate_query = select(CANDIDATES)
    if not include_archived:
        candidate_query = candidate_query.where(CANDIDATES.c.archived.is_(False))
    candidates = sorted(session.execute(candidate_query).mappings(), key=lambda row: row["ref"])

    interview_query = select(INTERVIEWS, EMPLOYERS.c.name.label("company")).join(
        EMPLOYERS, EMPLOYERS.c.id == INTERVIEWS.c.employer_id
    )
    if not include_archived:
        interview_query = interview_query.join(
            CANDIDATES, CANDIDATES.c.id == INTERVIEWS.c.candidate_id
        ).where(CANDIDATES.c.archived.is_(False))
    interviews_of: dict[int, list[Any]] = defaultdict(list)
    for row in session.execute(interview_query).mappings():
        interviews_of[row["candidate_id"]].append(row)

    people_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for person in session.execute(
        select(LINKS.c.interview_id, CONTACTS.c.name, CONTACTS.c.title, CONTACTS.c.email).join(
            CONTACTS, CONTACTS.c.id == LINKS.c.contact_id
        )
    ):
        people_of[person.interview_id].append(
            {"name": person.name, "title": person.title, "email": person.email}
        )

    communication_query = select(COMMUNICATIONS)
    if not include_archived:
        communication_query = (
            communication_query.join(INTERVIEWS, INTERVIEWS.c.id == COMMUNICATIONS.c.interview_id)
            .join(CANDIDATES, CANDIDATES.c.id == INTERVIEWS.c.candidate_id)
            .where(CANDIDATES.c.archived.is_(False))
        )
    communications_of: dict[int, list[Any]] = defaultdict(list)
    for row in session.execute(communication_query).mappings():
        communications_of[row["interview_id"]].append(row)

    exported: list[dict[str, Any]] = []
    pending = 0
    for candidate in candidates:
        tz = zone(candidate["timezone"] or default_zone)
        interviews = []
        for interview in sorted(
            interviews_of.get(candidate["id"], ()), key=lambda row: (row["starts_at"], row["ref"])
        ):
            communications = [
                fields_of(item, COMMUNICATION_FIELDS, tz)
                for item in sorted(
                    communications_of.get(interview["id"], ()),
                    key=lambda row: (row["at"], row["kind"].value, row["ref"]),
                )
            ]
            record = fields_of(interview, INTERVIEW_FIELDS, tz)
            record["interviewers"] = sorted(
                people_of.get(interview["id"], ()), key=lambda person: person["name"]
            )
            record["communications"] = communications
            interviews.append(record)
        record = fields_of(candidate, CANDIDATE_FIELDS, tz)
        record["recruiter"] = emails.get(candidate["recruiter_id"])
        record["interviews"] = interviews
        exported.append(record)
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


# --------------------------------------------------------------------------- derived fields

_Write = Callable[[Any, tzinfo], Any]  # a stored value (and the candidate's zone) -> JSON


def _write_moment(value: datetime | None, tz: tzinfo) -> str | None:
    return None if value is None else value.astimezone(tz).isoformat(timespec="seconds")


def _write_day(value: date | None, _tz: tzinfo) -> str | None:
    return None if value is None else value.isoformat()


def _write_choice(value: Any, _tz: tzinfo) -> str | None:
    return None if value is None else str(value.value)


def _write_as_is(value: Any, _tz: tzinfo) -> Any:
    return value


_WRITERS: dict[str, _Write] = {
    "moment": _write_moment,
    "day": _write_day,
    "choice": _write_choice,
}

Fields = tuple[tuple[str, str, _Write], ...]


def exported_fields(model: type[BaseModel], placeholders: Sequence[str] = ()) -> Fields:
    """(field, column, writer) for each field of a record, in declared order.

    Fields in `placeholders` (filled in by the caller) are written as None for now, so
    that every record lists its fields in the declared order.
    """
    result: list[tuple[str, str, _Write]] = []
    for name, info in model.model_fields.items():
        check = field_check(info)
        if name in placeholders or is_list(info):
            result.append((name, "", _write_none))
            continue
        writer = _WRITERS.get(check.kind, _write_as_is) if check is not None else _write_as_is
        result.append((name, column_of(name, info), writer))
    return tuple(result)


def _write_none(_value: Any, _tz: tzinfo) -> None:
    return None


def fields_of(row: Mapping[Any, Any], fields: Fields, tz: tzinfo) -> dict[str, Any]:
    """A stored row as a record of the format."""
    return {name: write(row[column] if column else None, tz) for name, column, write in fields}


CANDIDATE_FIELDS: Final = exported_fields(CandidateRecord, ["recruiter"])
INTERVIEW_FIELDS: Final = exported_fields(InterviewRecord)
COMMUNICATION_FIELDS: Final = exported_fields(CommunicationRecord)
