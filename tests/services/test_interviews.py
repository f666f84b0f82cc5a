from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from recruiter_kit.enums import Channel, CommunicationKind, ContactPreference, Outcome
from recruiter_kit.errors import (
    ConflictError,
    DuplicateError,
    NotFoundError,
    ValidationError,
)
from recruiter_kit.services import interviews as service
from recruiter_kit.services.candidates import add_candidate, candidate_history

CHICAGO = ZoneInfo("America/Chicago")
START = datetime(2026, 3, 2, 10, 0, tzinfo=CHICAGO)


@pytest.fixture
def interview(session):
    add_candidate(session, name="Ada Park", ref="c01", changed_by="test")
    return service.add_interview(
        session,
        candidate_ref="c01",
        company="Acme Corp",
        position="Account Manager",
        starts_at=START,
        ends_at=START + timedelta(minutes=45),
        interviewers=(service.Interviewer("Jane Smith", "Hiring Manager"),),
        contact_preference=ContactPreference.EMAIL,
        changed_by="test",
    )


def test_add_interview_creates_the_employer_and_people_once(session, interview):
    again = service.add_interview(
        session,
        candidate_ref="c01",
        company="Acme Corp",
        position="Account Manager",
        round=2,
        starts_at=START + timedelta(days=7),
        interviewers=(service.Interviewer("Jane Smith"),),
        changed_by="test",
    )
    assert interview.ref == "I-000001" and again.ref == "I-000002"
    assert again.employer.id == interview.employer.id
    assert again.interviewers[0].id == interview.interviewers[0].id
    assert again.interviewers[0].title == "Hiring Manager"  # kept, not blanked
    assert service.get_interview(session, interview.ref).starts_at == START


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"candidate_ref": "nope"}, NotFoundError, "no candidate with ref 'nope'"),
        ({"ends_at": START - timedelta(minutes=1)}, ValidationError, "'ends_at': must be after"),
        ({"company": ""}, ValidationError, "field 'company': is required"),
        ({"round": 0}, ValidationError, "field 'round'"),
    ],
    ids=["unknown-candidate", "ends-before-start", "blank-company", "round-zero"],
)
def test_add_interview_rejects_bad_input(session, interview, changes, error, message):
    arguments = {
        "candidate_ref": "c01",
        "company": "Acme Corp",
        "position": "Sales",
        "starts_at": START,
    } | changes
    with pytest.raises(error, match=message):
        service.add_interview(session, changed_by="test", **arguments)


def test_add_interview_rejects_a_duplicate_ref(session, interview):
    with pytest.raises(DuplicateError, match=f"interview {interview.ref}"):
        service.add_interview(
            session,
            candidate_ref="c01",
            company="Acme Corp",
            position="Sales",
            starts_at=START,
            ref=interview.ref,
            changed_by="test",
        )


def test_set_outcome_records_when_and_who(session, interview):
    decided = START + timedelta(days=3)
    service.set_outcome(session, interview.ref, Outcome.REJECTED, at=decided, changed_by="kd")

    assert interview.outcome is Outcome.REJECTED and interview.outcome_at == decided
    entries = [
        (h.field, h.from_value, h.to_value, h.changed_by)
        for h in candidate_history(session, interview.candidate)
        if h.interview_id == interview.id
    ]
    assert entries == [
        ("outcome", None, "pending", "test"),
        ("outcome", "pending", "rejected", "kd"),
    ]


def test_set_outcome_before_the_interview_is_refused(session, interview):
    with pytest.raises(ValidationError, match="'outcome_at': is before the interview"):
        service.set_outcome(
            session,
            interview.ref,
            Outcome.OFFER,
            at=START - timedelta(days=1),
            changed_by="kd",
        )


def test_log_communication_defaults_the_channel_by_kind(session, interview):
    email = service.log_communication(
        session, interview.ref, CommunicationKind.THANK_YOU_EMAIL, at=START + timedelta(hours=5)
    )
    note = service.log_communication(
        session,
        interview.ref,
        CommunicationKind.THANK_YOU_NOTE,
        at=START + timedelta(hours=6),
        arrived_on=date(2026, 3, 4),
    )
    assert (email.channel, note.channel) == (Channel.EMAIL, Channel.MAIL)
    assert email.ref == "M-000001" and note.ref == "M-000002"


@pytest.mark.parametrize(
    ("kind", "extra", "message"),
    [
        (CommunicationKind.FOLLOW_UP, {}, "field 'channel': a follow_up needs a channel"),
        (
            CommunicationKind.THANK_YOU_EMAIL,
            {"arrived_on": date(2026, 3, 4)},
            "only a thank_you_note has an arrival date",
        ),
        (
            CommunicationKind.THANK_YOU_NOTE,
            {"arrived_on": date(2026, 2, 20)},
            "is before the note was mailed",
        ),
    ],
    ids=["follow-up-without-channel", "arrival-on-email", "arrival-before-mailing"],
)
def test_log_communication_rejects_inconsistent_input(session, interview, kind, extra, message):
    with pytest.raises(ValidationError, match=message):
        service.log_communication(session, interview.ref, kind, at=START, **extra)


def test_a_channel_that_contradicts_the_kind_is_refused(session, interview):
    """What the service accepts, the import must accept too: both refuse this."""
    with pytest.raises(ValidationError, match="a thank_you_email always goes by email, not phone"):
        service.log_communication(
            session,
            interview.ref,
            CommunicationKind.THANK_YOU_EMAIL,
            at=START + timedelta(hours=2),
            channel=Channel.PHONE,
        )


def test_set_outcome_refuses_a_stale_version(session, interview):
    stale = interview.version_id
    interview.notes = "Panel mentioned a hiring freeze"
    session.flush()
    with pytest.raises(ConflictError, match=f"interview {interview.ref} was changed"):
        service.set_outcome(
            session, interview.ref, Outcome.OFFER, changed_by="kd", expected_version=stale
        )
    assert interview.outcome is Outcome.PENDING
