"""The communications log: listing, correcting, a note's arrival, deleting without loss."""

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from recruiter_kit.enums import Channel, CommunicationKind
from recruiter_kit.errors import ConflictError, NotFoundError, ValidationError
from recruiter_kit.services import communications as service
from recruiter_kit.services.candidates import add_candidate
from recruiter_kit.services.history import list_history
from recruiter_kit.services.interviews import add_interview, get_interview, log_communication

CHICAGO = ZoneInfo("America/Chicago")
START = datetime(2026, 3, 2, 10, 0, tzinfo=CHICAGO)


@pytest.fixture
def logged(session):
    add_candidate(session, name="Ada Park", timezone="America/Chicago", changed_by="kd")
    add_candidate(session, name="Ben Ode", changed_by="kd")
    for candidate in ("C-000001", "C-000002"):
        add_interview(
            session,
            candidate_ref=candidate,
            company="Acme Corp",
            position="Account Manager",
            starts_at=START,
            changed_by="kd",
        )
    email = log_communication(
        session,
        "I-000001",
        CommunicationKind.THANK_YOU_EMAIL,
        at=START + timedelta(hours=5),
        changed_by="kd@agency.example",
    )
    note = log_communication(
        session,
        "I-000001",
        CommunicationKind.THANK_YOU_NOTE,
        at=START + timedelta(hours=6),
        summary="Card",
    )
    other = log_communication(
        session,
        "I-000002",
        CommunicationKind.FOLLOW_UP,
        at=START + timedelta(days=8),
        channel=Channel.PHONE,
    )
    return email, note, other


def test_listing_filters_by_interview_candidate_and_kind(session, logged):
    def refs(**filters):
        return [
            c.ref
            for c in service.list_communications(session, service.CommunicationFilter(**filters))
        ]

    assert refs() == ["M-000001", "M-000002", "M-000003"]
    assert refs(interview="I-000001") == ["M-000001", "M-000002"]
    assert refs(candidate="C-000002") == ["M-000003"]
    assert refs(kind=CommunicationKind.THANK_YOU_NOTE) == ["M-000002"]
    with pytest.raises(NotFoundError, match="no interview with ref 'I-9'"):
        refs(interview="I-9")


def test_detail_shows_the_time_in_the_candidates_zone(session, logged):
    detail = service.communication_detail(session, "M-000001")
    assert detail.at.isoformat() == "2026-03-02T15:00:00-06:00"
    assert (detail.interview_ref, detail.candidate, detail.company) == (
        "I-000001",
        "C-000001",
        "Acme Corp",
    )
    assert detail.version == 1
    with pytest.raises(NotFoundError, match="no communication with ref 'M-9'"):
        service.communication_detail(session, "M-9")


def test_a_note_arrival_is_recorded_on_the_note_itself(session, logged):
    _, note, _ = logged
    service.record_note_arrival(session, note.ref, date(2026, 3, 4), changed_by="kd")
    interview = get_interview(session, "I-000001")
    assert [c.arrived_on for c in interview.communications] == [None, date(2026, 3, 4)]
    assert len(interview.communications) == 2  # no second note
    last = list_history(session)[-1]
    assert (last.record, last.field, last.from_value, last.to_value) == (
        "communication M-000002",
        "arrived_on",
        None,
        "2026-03-04",
    )


@pytest.mark.parametrize(
    ("ref", "day", "message"),
    [
        ("M-000001", date(2026, 3, 4), "only a thank_you_note has an arrival date"),
        ("M-000002", date(2026, 2, 20), "is before the note was mailed"),
    ],
)
def test_a_note_arrival_is_checked(session, logged, ref, day, message):
    with pytest.raises(ValidationError, match=f"communication {ref} field 'arrived_on': {message}"):
        service.record_note_arrival(session, ref, day, changed_by="kd")


def test_a_new_kind_takes_its_channel_and_keeps_the_rules(session, logged):
    _, _, follow_up = logged
    edited = service.edit_communication(
        session, follow_up.ref, {"kind": "thank_you_email"}, changed_by="kd"
    ).record
    assert (edited.kind, edited.channel) == (CommunicationKind.THANK_YOU_EMAIL, Channel.EMAIL)
    with pytest.raises(ValidationError, match="a thank_you_email always goes by email, not phone"):
        service.edit_communication(session, follow_up.ref, {"channel": "phone"}, changed_by="kd")
    with pytest.raises(ValidationError, match="field 'channel': 'fax' is not one of"):
        service.edit_communication(session, follow_up.ref, {"channel": "fax"}, changed_by="kd")
    with pytest.raises(ValidationError, match="field 'summary': is 501 characters long"):
        service.edit_communication(session, follow_up.ref, {"summary": "x" * 501}, changed_by="kd")


def test_only_the_employer_gets_in_touch_before_the_interview(session, logged):
    email, _, _ = logged
    before = (START - timedelta(days=1)).isoformat()
    with pytest.raises(ValidationError, match="a thank_you_email cannot be dated before"):
        service.edit_communication(session, email.ref, {"at": before}, changed_by="kd")
    edited = service.edit_communication(
        session, email.ref, {"at": before, "kind": "employer_contact", "channel": "phone"},
        changed_by="kd",
    ).record  # fmt: skip
    assert edited.kind is CommunicationKind.EMPLOYER_CONTACT


def test_a_stale_communication_edit_is_refused(session, logged):
    email, _, _ = logged
    service.edit_communication(session, email.ref, {"summary": "Sent"}, changed_by="kd")
    with pytest.raises(ConflictError, match="communication M-000001 was changed by someone else"):
        service.edit_communication(
            session, email.ref, {"summary": "Again"}, changed_by="kd", expected_version=1
        )
    with pytest.raises(ConflictError):
        service.delete_communication(session, email.ref, changed_by="kd", expected_version=1)


def test_a_deleted_communication_stays_in_the_history(session, logged):
    email, _, _ = logged
    service.delete_communication(
        session, email.ref, changed_by="ms@agency.example", expected_version=1
    )
    assert [c.ref for c in get_interview(session, "I-000001").communications] == ["M-000002"]
    created, deleted = [
        row for row in list_history(session) if row.record == "communication M-000001"
    ]
    assert (created.field, created.changed_by) == ("created", "kd@agency.example")
    assert (deleted.field, deleted.changed_by, deleted.to_value) == (
        "deleted",
        "ms@agency.example",
        None,
    )
    content = json.loads(deleted.from_value)
    assert content == json.loads(created.to_value)
    assert content["kind"] == "thank_you_email" and content["at"] == "2026-03-02T21:00:00+00:00"
    assert content["interview"] == "I-000001"
