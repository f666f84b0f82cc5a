"""Correcting candidates and interviews: checked like an add, kept in the history, locked."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from recruiter_kit.enums import ContactPreference, InterviewFormat, Outcome
from recruiter_kit.errors import ConflictError, NotFoundError, ValidationError
from recruiter_kit.models import HistoryEntry
from recruiter_kit.services import editing
from recruiter_kit.services.candidates import add_candidate
from recruiter_kit.services.history import HistoryFilter, list_history
from recruiter_kit.services.interviews import Interviewer, add_interview, set_outcome
from recruiter_kit.services.users import add_user

CHICAGO = ZoneInfo("America/Chicago")
START = datetime(2026, 3, 2, 10, 0, tzinfo=CHICAGO)


@pytest.fixture
def interview(session):
    add_user(session, "kd@agency.example")
    add_user(session, "ms@agency.example")
    add_candidate(
        session, name="Ada Park", email="ada@example.com", recruiter="kd@agency.example",
        changed_by="kd@agency.example",
    )  # fmt: skip
    return add_interview(
        session,
        candidate_ref="C-000001",
        company="Acme Corp",
        position="Account Manager",
        starts_at=START,
        ends_at=START + timedelta(minutes=45),
        interviewers=(Interviewer("Jane Smith", "Hiring Manager"),),
        changed_by="kd@agency.example",
    )


def corrections(session):
    """(record, field, old, new, by) of every correction, oldest first (not the accounts the
    fixture added)."""
    return [
        (row.record, row.field, row.from_value, row.to_value, row.changed_by)
        for row in list_history(session)
        if row.field not in ("stage", "outcome") and row.candidate is not None
    ]


def test_a_candidate_edit_changes_only_what_differs_and_keeps_old_and_new(session, interview):
    candidate = editing.edit_candidate(
        session,
        "C-000001",
        {
            "name": "Ada Park-Lee",
            "email": "ada@example.com",  # unchanged: no history entry
            "phone": "+1 402 555 0101",
            "timezone": "America/Denver",
            "recruiter": "MS@agency.example",
            "notes": "Prefers mornings",
        },
        changed_by="ms@agency.example",
        expected_version=1,
    ).record
    assert candidate.name == "Ada Park-Lee" and candidate.recruiter.email == "ms@agency.example"
    assert candidate.version_id == 2
    by = "ms@agency.example"
    assert corrections(session) == [
        ("candidate C-000001", "name", "Ada Park", "Ada Park-Lee", by),
        ("candidate C-000001", "phone", None, "+1 402 555 0101", by),
        ("candidate C-000001", "timezone", None, "America/Denver", by),
        ("candidate C-000001", "recruiter", "kd@agency.example", "ms@agency.example", by),
        ("candidate C-000001", "notes", None, "Prefers mornings", by),
    ]


def test_blank_clears_an_optional_field(session, interview):
    candidate = editing.edit_candidate(
        session, "C-000001", {"email": "", "recruiter": None}, changed_by="kd"
    ).record
    assert candidate.email is None and candidate.recruiter is None
    assert corrections(session)[0][1:4] == ("email", "ada@example.com", None)


def test_an_edit_that_changes_nothing_writes_nothing(session, interview):
    candidate = editing.edit_candidate(
        session, "C-000001", {"name": " Ada Park "}, changed_by="kd"
    ).record
    session.flush()
    assert candidate.version_id == 1 and corrections(session) == []


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"name": "  "}, ValidationError, "candidate C-000001 field 'name': is required"),
        ({"email": "nope"}, ValidationError, "field 'email': not an email address"),
        ({"email": 42}, ValidationError, "field 'email': expected text"),
        ({"timezone": "Mars/Base"}, ValidationError, "field 'timezone': "),
        ({"phone": "1\n2"}, ValidationError, "field 'phone': has a control character"),
        ({"recruiter": "who@x.example"}, NotFoundError, "field 'recruiter'"),
        ({"stage": "placed"}, ValidationError, "field 'stage': cannot be edited"),
    ],
    ids=[
        "blank-name",
        "bad-email",
        "email-not-text",
        "bad-zone",
        "two-line-phone",
        "unknown-recruiter",
        "not-editable",
    ],
)
def test_a_candidate_edit_is_checked_like_an_add(session, interview, changes, error, message):
    with pytest.raises(error, match=message):
        editing.edit_candidate(session, "C-000001", changes, changed_by="kd")


def test_a_stale_edit_is_refused_and_changes_nothing(session, interview):
    editing.edit_candidate(session, "C-000001", {"notes": "first"}, changed_by="kd")
    with pytest.raises(ConflictError, match="candidate C-000001 was changed by someone else"):
        editing.edit_candidate(
            session, "C-000001", {"notes": "second"}, changed_by="ms", expected_version=1
        )
    assert [row[3] for row in corrections(session)] == ["first"]


def test_an_interview_edit_accepts_typed_values_or_text(session, interview):
    later = START + timedelta(days=1)
    edited = editing.edit_interview(
        session,
        interview.ref,
        {
            "position": "Senior Account Manager",
            "round": "2",
            "format": InterviewFormat.VIDEO,
            "starts_at": later,
            "ends_at": (later + timedelta(hours=1)).isoformat(),
            "decision_by": "2026-03-13",
            "timeline_asked": "yes",
            "contact_preference": "email",
            "notes": "Hiring freeze rumours",
        },
        changed_by="kd",
        expected_version=interview.version_id,
    ).record
    assert (edited.round, edited.format, edited.decision_by) == (
        2,
        InterviewFormat.VIDEO,
        date(2026, 3, 13),
    )
    assert edited.timeline_asked and edited.contact_preference is ContactPreference.EMAIL
    assert edited.starts_at == later
    fields = {row[1]: row[2:4] for row in corrections(session)}
    assert fields["starts_at"] == ("2026-03-02T16:00:00+00:00", "2026-03-03T16:00:00+00:00")
    assert fields["timeline_asked"] == ("no", "yes")
    assert fields["round"] == ("1", "2")


def test_a_new_company_keeps_the_interviewers_as_its_people(session, interview):
    edited = editing.edit_interview(
        session, interview.ref, {"company": "Zenith"}, changed_by="kd"
    ).record
    assert edited.employer.name == "Zenith"
    assert [(p.name, p.title, p.employer.name) for p in edited.interviewers] == [
        ("Jane Smith", "Hiring Manager", "Zenith")
    ]
    assert corrections(session) == [("interview I-000001", "company", "Acme Corp", "Zenith", "kd")]


def test_changing_only_the_interviewers_is_recorded_and_versioned(session, interview):
    edited = editing.edit_interview(
        session, interview.ref, {"interviewers": "Jane Smith, CEO; Bob Ray"}, changed_by="kd"
    ).record
    session.flush()
    assert [(p.name, p.title) for p in edited.interviewers] == [
        ("Bob Ray", None),
        ("Jane Smith", "CEO"),
    ]
    assert corrections(session)[0][2:4] == (
        "Jane Smith (Hiring Manager)",
        "Bob Ray; Jane Smith (CEO)",
    )
    assert edited.version_id == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_at": START - timedelta(hours=1)}, "field 'ends_at': must be after starts_at"),
        ({"starts_at": datetime(2026, 3, 2, 10, 0)}, "'starts_at': .* has no UTC offset"),
        ({"starts_at": datetime(2300, 1, 1, tzinfo=UTC)}, "outside the accepted range"),
        ({"starts_at": "tomorrow"}, "'starts_at': not a valid ISO 8601"),
        ({"round": 0}, "field 'round': must be from 1 to 100"),
        ({"round": True}, "field 'round': expected a whole number"),
        ({"round": "two"}, "field 'round': expected a whole number"),
        ({"timeline_asked": "maybe"}, "'timeline_asked': expected yes or no"),
        ({"contact_preference": "fax"}, "'contact_preference': 'fax' is not one of"),
        ({"company": ""}, "field 'company': is required"),
        ({"position": None}, "field 'position': is required"),
        ({"position": "x" * 201}, "field 'position': is 201 characters long; the limit is 200"),
        ({"notes": "a\0b"}, "field 'notes': has a NUL character"),
        ({"decision_by": "2026-03-01"}, "'decision_by': 2026-03-01 is before the interview"),
        ({"interviewers": [" , CEO"]}, "field 'interviewers': is required"),
    ],
)
def test_an_interview_edit_is_checked_like_an_add(session, interview, changes, message):
    with pytest.raises(ValidationError, match=message):
        editing.edit_interview(session, interview.ref, changes, changed_by="kd")


def test_an_interview_cannot_move_after_its_decision(session, interview):
    set_outcome(
        session, interview.ref, Outcome.REJECTED, at=START + timedelta(days=3), changed_by="kd"
    )
    with pytest.raises(ValidationError, match="'outcome_at': is before the interview started"):
        editing.edit_interview(
            session,
            interview.ref,
            {"starts_at": START + timedelta(days=5), "ends_at": None},
            changed_by="kd",
        )


def test_history_filters_by_candidate_person_and_day(session, interview):
    add_candidate(session, name="Ben Ode", changed_by="ms@agency.example")
    editing.edit_candidate(session, "C-000002", {"notes": "x"}, changed_by="ms@agency.example")
    old = session.scalars(select(HistoryEntry).where(HistoryEntry.candidate_id == 1)).all()
    for entry in old:
        entry.changed_at = datetime(2026, 1, 5, 12, tzinfo=UTC)
    session.flush()

    def refs(**filters):
        return [
            (row.candidate, row.field) for row in list_history(session, HistoryFilter(**filters))
        ]

    assert refs(candidate="C-000002") == [("C-000002", "stage"), ("C-000002", "notes")]
    assert refs(changed_by="KD@agency.example") == [("C-000001", "stage"), ("C-000001", "outcome")]
    since = refs(since=date(2026, 1, 6))
    assert [ref for ref in since if ref[0] is None] == [(None, "created")] * 2  # the accounts
    assert [ref for ref in since if ref[0]] == refs(candidate="C-000002")
    assert refs(limit=1) == [("C-000002", "notes")]
    with pytest.raises(NotFoundError, match="no candidate with ref 'C-9'"):
        refs(candidate="C-9")
