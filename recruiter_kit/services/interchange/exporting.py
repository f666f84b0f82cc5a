"""Exporting the whole agency as a `recruiter-kit/1` document.

The export reads columns only, in a fixed number of queries whatever the amount of
data, and writes what an import reads back unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from recruiter_kit.calendar import zone
from recruiter_kit.policy import DEFAULT_POLICY, SETTING_NAMES, PolicyError, parse_setting
from recruiter_kit.services.bulk import paused_gc
from recruiter_kit.services.interchange.document import CHUNK_SIZE, FORMAT
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
