import copy
import io
import json
import shutil
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, func, select

from recruiter_kit.db import create_db_engine, session_factory
from recruiter_kit.enums import Channel, CommunicationKind, Outcome, Role, Stage
from recruiter_kit.errors import ValidationError
from recruiter_kit.models import (
    Base,
    Candidate,
    Communication,
    EmployerContact,
    HistoryEntry,
    Interview,
    PolicySetting,
    User,
)
from recruiter_kit.services import interviews as interview_service
from recruiter_kit.services.candidates import add_candidate
from recruiter_kit.services.interchange import (
    FORMAT,
    DocumentError,
    ImportSummary,
    dump_document,
    export_document,
    import_document,
    load_document,
)
from recruiter_kit.services.refs import allocate_refs
from recruiter_kit.services.users import add_user, verify_password

CHICAGO = ZoneInfo("America/Chicago")


def sample_document():
    return {
        "format": FORMAT,
        "recruiters": [
            {"email": "kdennis@agency.example", "name": "Keeley Dennis", "role": "recruiter"}
        ],
        "candidates": [
            {
                "ref": "c01",
                "name": "Ada Park",
                "email": "ada@example.com",
                "phone": "+1 402 555 0101",
                "timezone": "America/Chicago",
                "address": "12 Elm St\nLincoln, NE 68508",
                "recruiter": "kdennis@agency.example",
                "stage": "interviewing",
                "notes": None,
                "archived": False,
                "interviews": [
                    {
                        "ref": "i01",
                        "company": "Acme Corp",
                        "position": "Account Manager",
                        "round": 1,
                        "format": "onsite",
                        "starts_at": "2026-03-02T10:00:00-06:00",
                        "ends_at": "2026-03-02T10:45:00-06:00",
                        "interviewers": [
                            {"name": "Jane Smith", "title": "Hiring Manager", "email": None}
                        ],
                        "decision_by": "2026-03-06",
                        "timeline_asked": False,
                        "contact_preference": "email",
                        "outcome": "pending",
                        "outcome_at": None,
                        "notes": "Strong on the territory plan.",
                        "communications": [
                            {"kind": "thank_you_email", "at": "2026-03-02T16:00:00-06:00"},
                            {
                                "kind": "thank_you_note",
                                "at": "2026-03-02T18:00:00-06:00",
                                "arrived_on": "2026-03-04",
                            },
                            {
                                "kind": "follow_up",
                                "channel": "email",
                                "at": "2026-03-05T09:00:00-06:00",
                            },
                            {
                                "kind": "employer_contact",
                                "channel": "phone",
                                "at": "2026-03-09T11:00:00-05:00",
                                "summary": "Second round next week",
                            },
                            {
                                "kind": "rejection_thank_you",
                                "channel": "email",
                                "at": "2026-03-12T09:00:00-05:00",
                            },
                        ],
                    }
                ],
            },
            {
                "ref": "c02",
                "name": "Ben Ortiz",
                "interviews": [
                    {
                        "ref": "i02",
                        "company": "Acme Corp",
                        "position": "Sales Lead",
                        "starts_at": "2026-03-03T15:00:00Z",
                        "interviewers": [{"name": "Jane Smith"}, {"name": "Raj Patel"}],
                    }
                ],
            },
        ],
    }


def snapshot(session):
    """Every row of every table, to prove a rejected import wrote nothing."""
    return {
        table.name: session.execute(select(table).order_by(*table.primary_key.columns)).all()
        for table in Base.metadata.sorted_tables
    }


def wipe(session):
    for table in reversed(Base.metadata.sorted_tables):
        session.execute(table.delete())
    session.commit()


class StatementLog:
    """The SQL statements an engine runs while the log is attached."""

    def __init__(self, engine):
        self.engine = engine
        self.statements = []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_):
        event.remove(self.engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, *_):
        self.statements.append(statement)

    @property
    def writes(self):
        return [
            s
            for s in self.statements
            if s.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
        ]


def imported(session, document=None, **kwargs):
    summary = import_document(session, document or sample_document(), **kwargs)
    session.commit()
    return summary


# ---------------------------------------------------------------- importing


def test_import_creates_every_record(session):
    summary = imported(session)

    assert (summary.candidates.created, summary.interviews.created) == (2, 2)
    assert summary.communications.created == 5
    assert summary.employers.created == 1 and summary.recruiters.created == 1
    assert summary.contacts.created == 2
    assert "candidates 2 created" in str(summary)

    ada = session.scalar(select(Candidate).where(Candidate.ref == "c01"))
    assert ada.recruiter.email == "kdennis@agency.example"
    assert ada.recruiter.role is Role.RECRUITER and ada.recruiter.password_hash is None
    assert ada.stage is Stage.INTERVIEWING and ada.mailing_address.startswith("12 Elm St")
    ben = session.scalar(select(Candidate).where(Candidate.ref == "c02"))
    assert ben.stage is Stage.SOURCED and ben.recruiter is None and ben.archived is False

    first = session.scalar(select(Interview).where(Interview.ref == "i01"))
    assert first.employer.name == "Acme Corp" and first.employer.ref == "E-000001"
    assert first.starts_at == datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
    assert [person.name for person in first.interviewers] == ["Jane Smith"]
    second = session.scalar(select(Interview).where(Interview.ref == "i02"))
    assert second.employer_id == first.employer_id
    assert [person.name for person in second.interviewers] == ["Jane Smith", "Raj Patel"]
    assert second.interviewers[0].id == first.interviewers[0].id
    assert second.interviewers[0].title == "Hiring Manager"
    assert (second.round, second.outcome, second.timeline_asked) == (1, Outcome.PENDING, False)

    kinds = {c.kind: c for c in first.communications}
    assert kinds[CommunicationKind.THANK_YOU_EMAIL].channel is Channel.EMAIL  # implied
    assert kinds[CommunicationKind.THANK_YOU_NOTE].channel is Channel.MAIL
    assert str(kinds[CommunicationKind.THANK_YOU_NOTE].arrived_on) == "2026-03-04"
    assert kinds[CommunicationKind.EMPLOYER_CONTACT].summary == "Second round next week"
    assert sorted(c.ref for c in first.communications) == [f"M-00000{n}" for n in range(1, 6)]


def test_import_records_initial_stages_and_outcomes_in_the_history(session):
    imported(session, changed_by="kdennis@agency.example")

    entries = session.execute(
        select(
            HistoryEntry.field,
            HistoryEntry.from_value,
            HistoryEntry.to_value,
            HistoryEntry.changed_by,
        )
        .where(HistoryEntry.candidate_id.is_not(None))
        .order_by(HistoryEntry.id)
    ).all()
    assert sorted(entries) == sorted(
        [
            ("stage", None, "interviewing", "kdennis@agency.example"),
            ("stage", None, "sourced", "kdennis@agency.example"),
            ("outcome", None, "pending", "kdennis@agency.example"),
            ("outcome", None, "pending", "kdennis@agency.example"),
        ]
    )
    accounts = session.execute(
        select(HistoryEntry.record_ref, HistoryEntry.field, HistoryEntry.changed_by).where(
            HistoryEntry.candidate_id.is_(None)
        )
    ).all()
    assert accounts == [("kdennis@agency.example", "created", "kdennis@agency.example")]


def test_importing_the_same_file_twice_changes_nothing(session):
    imported(session)
    before = snapshot(session)
    engine = session.get_bind()

    with StatementLog(engine) as log:
        summary = imported(session)

    assert not summary.changed
    assert (summary.candidates.unchanged, summary.interviews.unchanged) == (2, 2)
    assert summary.communications.unchanged == 5
    assert (summary.employers.unchanged, summary.recruiters.unchanged) == (1, 1)
    assert summary.contacts.unchanged == 2
    assert log.writes == []
    assert snapshot(session) == before  # versions, history, refs: all as they were


def test_import_updates_only_what_changed_and_bumps_versions(session):
    imported(session)
    document = sample_document()
    ada = document["candidates"][0]
    ada["name"] = "Ada Park-Lee"
    interview = ada["interviews"][0]
    interview["outcome"] = "rejected"
    interview["outcome_at"] = "2026-03-11T14:00:00-05:00"
    interview["communications"][3]["summary"] = "Went with an internal candidate"

    summary = imported(session, document, changed_by="kdennis")

    assert (summary.candidates.updated, summary.candidates.unchanged) == (1, 1)
    assert (summary.interviews.updated, summary.interviews.unchanged) == (1, 1)
    assert (summary.communications.updated, summary.communications.unchanged) == (1, 4)
    versions = dict(session.execute(select(Candidate.ref, Candidate.version_id)).all())
    assert versions == {"c01": 2, "c02": 1}
    versions = dict(session.execute(select(Interview.ref, Interview.version_id)).all())
    assert versions == {"i01": 2, "i02": 1}
    assert session.scalar(select(Candidate.name).where(Candidate.ref == "c01")) == "Ada Park-Lee"
    assert session.scalar(select(func.count()).select_from(Communication)) == 5
    change = session.execute(
        select(
            HistoryEntry.from_value,
            HistoryEntry.to_value,
            HistoryEntry.changed_by,
            HistoryEntry.changed_at,
        ).where(HistoryEntry.from_value.is_not(None))
    ).one()
    assert change[:3] == ("pending", "rejected", "kdennis")
    assert change.changed_at == datetime(2026, 3, 11, 19, 0, tzinfo=UTC)


def test_stage_change_is_recorded_and_absent_fields_are_kept(session):
    imported(session)
    document = {
        "format": FORMAT,
        "candidates": [{"ref": "c01", "name": "Ada Park", "stage": "offer"}],
    }

    summary = imported(session, document)

    assert summary.candidates.updated == 1 and summary.interviews.total == 0
    ada = session.scalar(select(Candidate).where(Candidate.ref == "c01"))
    session.refresh(ada)
    assert ada.stage is Stage.OFFER
    assert ada.email == "ada@example.com" and ada.recruiter is not None  # not in the file: kept
    assert len(ada.interviews) == 1 and len(ada.interviews[0].communications) == 5
    assert (
        session.scalar(
            select(func.count()).select_from(HistoryEntry).where(HistoryEntry.to_value == "offer")
        )
        == 1
    )


def test_null_clears_an_optional_value(session):
    imported(session)
    document = {
        "format": FORMAT,
        "candidates": [{"ref": "c01", "name": "Ada Park", "email": None, "recruiter": None}],
    }
    imported(session, document)
    row = session.execute(
        select(Candidate.email, Candidate.recruiter_id, Candidate.stage).where(
            Candidate.ref == "c01"
        )
    ).one()
    assert row == (None, None, Stage.INTERVIEWING)


def test_communications_without_refs_are_matched_by_kind_and_time(session):
    document = sample_document()
    imported(session, document)
    communications = document["candidates"][0]["interviews"][0]["communications"]
    communications.append(
        {"kind": "follow_up", "channel": "phone", "at": "2026-03-20T09:00:00-05:00"}
    )

    summary = imported(session, document)

    assert (summary.communications.created, summary.communications.unchanged) == (1, 5)
    assert session.scalar(select(func.count()).select_from(Communication)) == 6


def test_communications_with_refs_are_matched_by_ref(session):
    document = sample_document()
    communications = document["candidates"][0]["interviews"][0]["communications"]
    communications[2]["ref"] = "m-follow"
    imported(session, document)
    communications[2]["at"] = "2026-03-06T09:00:00-06:00"  # moved: same ref, so an update

    summary = imported(session, document)

    assert (summary.communications.updated, summary.communications.created) == (1, 0)
    at = session.scalar(select(Communication.at).where(Communication.ref == "m-follow"))
    assert at == datetime(2026, 3, 6, 15, 0, tzinfo=UTC)


def test_interviewers_are_replaced_and_contacts_completed(session):
    document = sample_document()
    imported(session, document)
    interview = document["candidates"][1]["interviews"][0]
    interview["interviewers"] = [
        {"name": "Raj Patel", "title": "VP Sales", "email": "raj@acme.example"}
    ]

    summary = imported(session, document)

    assert summary.interviews.updated == 1 and summary.contacts.updated == 1
    row = session.scalar(select(Interview).where(Interview.ref == "i02"))
    session.refresh(row)
    assert [(p.name, p.title, p.email) for p in row.interviewers] == [
        ("Raj Patel", "VP Sales", "raj@acme.example")
    ]
    assert row.version_id == 2
    assert session.scalar(select(func.count()).select_from(EmployerContact)) == 2


def test_existing_users_keep_their_role_and_password(session):
    add_user(
        session, "KDennis@agency.example", name="K. Dennis", role=Role.ADMIN, password="s3cret-pass"
    )
    session.commit()

    summary = imported(session)

    assert (summary.recruiters.created, summary.recruiters.updated) == (0, 1)
    user = session.scalar(select(User).where(User.email == "kdennis@agency.example"))
    session.refresh(user)
    assert user.role is Role.ADMIN and user.name == "Keeley Dennis"
    assert verify_password(user, "s3cret-pass")
    assert session.scalar(select(func.count()).select_from(User)) == 1


def test_recruiter_may_be_an_existing_user_not_listed_in_the_file(session):
    add_user(session, "mlopez@agency.example", name="Maria Lopez")
    document = sample_document()
    del document["recruiters"]
    document["candidates"][0]["recruiter"] = "MLopez@agency.example"

    imported(session, document)

    ada = session.scalar(select(Candidate).where(Candidate.ref == "c01"))
    assert ada.recruiter.email == "mlopez@agency.example"


def test_imported_generated_looking_refs_move_the_counters_on(session):
    document = {
        "format": FORMAT,
        "candidates": [{"ref": "C-000007", "name": "Imported"}, {"ref": "C-x", "name": "Other"}],
    }
    imported(session, document)
    assert allocate_refs(session, Candidate, 2) == ["C-000008", "C-000009"]


def test_generated_communication_refs_skip_refs_used_later_in_the_file(session):
    document = sample_document()
    communications = document["candidates"][0]["interviews"][0]["communications"]
    communications[4]["ref"] = "M-000002"  # the ref the second unnamed one would get

    imported(session, document)

    refs = sorted(session.scalars(select(Communication.ref)))
    assert refs == ["M-000002", "M-000003", "M-000004", "M-000005", "M-000006"]


def test_progress_reports_every_candidate(session):
    calls = []
    import_document(session, sample_document(), progress=calls.append)
    assert sum(calls) == 2 and all(n > 0 for n in calls)


def test_policy_is_applied_only_when_asked(session):
    document = sample_document()
    document["policy"] = {"thank_you_email_hours": 12, "default_timezone": "America/Chicago"}

    assert imported(session, document).policy_settings == 0
    assert session.scalar(select(func.count()).select_from(PolicySetting)) == 0

    summary = imported(session, document, apply_policy=True)
    assert summary.policy_settings == 1  # the default zone is the default: not stored
    stored = dict(session.execute(select(PolicySetting.name, PolicySetting.value)).all())
    assert stored == {"thank_you_email_hours": "12"}
    assert export_document(session)["policy"] == {"thank_you_email_hours": 12}
    assert imported(session, document, apply_policy=True).policy_settings == 0


def test_statement_count_does_not_grow_with_the_file(session):
    def document(size):
        doc = sample_document()
        template = doc["candidates"][0]
        doc["candidates"] = []
        for n in range(size):
            candidate = copy.deepcopy(template)
            candidate["ref"] = f"c{n:04d}"
            candidate["interviews"][0]["ref"] = f"i{n:04d}"
            doc["candidates"].append(candidate)
        return doc

    imported(session)  # recruiters, employers and people exist from here on
    engine = session.get_bind()
    counts = []
    for size, prefix in ((5, "a"), (150, "b")):
        doc = document(size)
        for candidate in doc["candidates"]:
            candidate["ref"] = prefix + candidate["ref"]
            candidate["interviews"][0]["ref"] = prefix + candidate["interviews"][0]["ref"]
        with StatementLog(engine) as log:
            import_document(session, doc)
        counts.append(len(log.statements))
        with StatementLog(engine) as log:
            export_document(session)
        counts.append(len(log.statements))
    assert counts[0] == counts[2]  # import of 5 and of 150 candidates
    assert counts[1] == counts[3]  # export


# ---------------------------------------------------------------- rejecting


def _set(path, value):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        if value is KeyError:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


def _communication(n):
    return ("candidates", 0, "interviews", 0, "communications", n)


def _duplicate_candidate(document):
    document["candidates"].append({"ref": "c02", "name": "Someone Else"})


def _duplicate_interview(document):
    document["candidates"][1]["interviews"].append(
        dict(document["candidates"][0]["interviews"][0], communications=[])
    )


def _duplicate_communication_ref(document):
    communications = document["candidates"][0]["interviews"][0]["communications"]
    communications[0]["ref"] = communications[1]["ref"] = "m1"


def _move_interview(document):
    document["candidates"][1]["interviews"].append(
        {
            "ref": "i01",
            "company": "Acme Corp",
            "position": "x",
            "starts_at": "2026-03-02T10:00:00-06:00",
        }
    )
    del document["candidates"][0]["interviews"]


BAD_DOCUMENTS = {
    "impossible-date": (
        _set((*_communication(2), "at"), "2026-02-30T10:00"),
        "candidate c01, interview i01, communication 3: field 'at': "
        "not a valid ISO 8601 date-time with offset: '2026-02-30T10:00'",
    ),
    "unknown-kind": (
        _set((*_communication(0), "kind"), "carrier_pigeon"),
        "candidate c01, interview i01, communication 1: field 'kind': "
        "'carrier_pigeon' is not one of",
    ),
    "missing-company": (
        _set(("candidates", 0, "interviews", 0, "company"), KeyError),
        "candidate c01, interview i01: field 'company': is required",
    ),
    "missing-candidate-name": (
        _set(("candidates", 1, "name"), None),
        "candidate c02: field 'name': is required",
    ),
    "missing-communication-time": (
        _set((*_communication(1), "at"), KeyError),
        "candidate c01, interview i01, communication 2: field 'at': is required",
    ),
    "missing-interview-ref": (
        _set(("candidates", 1, "interviews", 0, "ref"), ""),
        "candidate c02, interview #1: field 'ref': is required",
    ),
    "unknown-time-zone": (
        _set(("candidates", 0, "timezone"), "Mars/Base"),
        "candidate c01: field 'timezone': unknown time zone 'Mars/Base'",
    ),
    "naive-datetime": (
        _set(("candidates", 0, "interviews", 0, "starts_at"), "2026-03-02T10:00:00"),
        "candidate c01, interview i01: field 'starts_at': "
        "date-time '2026-03-02T10:00:00' has no UTC offset",
    ),
    "impossible-decision-date": (
        _set(("candidates", 0, "interviews", 0, "decision_by"), "2026-02-30"),
        "candidate c01, interview i01: field 'decision_by': not a valid date",
    ),
    "unknown-recruiter": (
        _set(("candidates", 0, "recruiter"), "nobody@agency.example"),
        "candidate c01: field 'recruiter': no user with email 'nobody@agency.example'",
    ),
    "unknown-stage": (
        _set(("candidates", 0, "stage"), "hired"),
        "candidate c01: field 'stage': 'hired' is not one of",
    ),
    "not-a-boolean": (
        _set(("candidates", 0, "archived"), "no"),
        "candidate c01: field 'archived': expected true or false",
    ),
    "round-zero": (
        _set(("candidates", 0, "interviews", 0, "round"), 0),
        "candidate c01, interview i01: field 'round': must be from 1 to 100, got 0",
    ),
    "ends-before-start": (
        _set(("candidates", 0, "interviews", 0, "ends_at"), "2026-03-02T09:00:00-06:00"),
        "candidate c01, interview i01: field 'ends_at': must be after starts_at",
    ),
    "channel-contradicts-kind": (
        _set((*_communication(0), "channel"), "phone"),
        "candidate c01, interview i01, communication 1: field 'channel': "
        "a thank_you_email always goes by email",
    ),
    "arrival-on-an-email": (
        _set((*_communication(0), "arrived_on"), "2026-03-04"),
        "communication 1: field 'arrived_on': only a thank_you_note has an arrival date",
    ),
    "unknown-field": (
        _set(("candidates", 0, "adress"), "12 Elm St"),
        "candidate c01: field 'adress': unknown field",
    ),
    "duplicate-candidate-ref": (
        _duplicate_candidate,
        "candidate c02: field 'ref': duplicate ref 'c02'",
    ),
    "duplicate-interview-ref": (
        _duplicate_interview,
        "candidate c02, interview i01: field 'ref': duplicate ref 'i01': "
        "candidate c01, interview i01 has it already",
    ),
    "duplicate-communication-ref": (
        _duplicate_communication_ref,
        "candidate c01, interview i01, communication m1: field 'ref': duplicate ref 'm1'",
    ),
    "interview-moved-between-candidates": (
        _move_interview,
        "candidate c02, interview i01: field 'ref': interview i01 belongs to another candidate",
    ),
    "unknown-policy-setting": (
        _set(("policy",), {"thank_you_hours": 3}),
        "policy: field 'thank_you_hours': unknown setting",
    ),
}


@pytest.mark.parametrize(("change", "message"), BAD_DOCUMENTS.values(), ids=BAD_DOCUMENTS.keys())
def test_invalid_documents_are_rejected_whole(session, change, message):
    imported(session)  # i01 now belongs to c01
    document = sample_document()
    document["candidates"][0]["name"] = "Ada Park-Lee"  # a valid change that must not land
    document["candidates"].append({"ref": "c03", "name": "New Person"})
    change(document)
    before = snapshot(session)

    with pytest.raises(ValidationError) as raised:
        import_document(session, document)

    assert message in str(raised.value)
    session.commit()  # even committing the caller's transaction keeps nothing
    assert snapshot(session) == before


def test_invalid_document_into_an_empty_database_writes_nothing(session):
    document = sample_document()
    document["candidates"][1]["timezone"] = "Mars/Base"
    with pytest.raises(ValidationError):
        import_document(session, document, apply_policy=True)
    session.commit()
    assert all(rows == [] for rows in snapshot(session).values())


def test_all_problems_are_listed_with_record_and_field(session):
    document = sample_document()
    document["candidates"][0]["timezone"] = "Mars/Base"
    document["candidates"][1]["interviews"][0]["starts_at"] = "yesterday"

    with pytest.raises(DocumentError) as raised:
        import_document(session, document)

    error = raised.value
    assert (error.record, error.field) == ("candidate c01", "timezone")
    assert [(p.record, p.field) for p in error.problems] == [
        ("candidate c01", "timezone"),
        ("candidate c02, interview i02", "starts_at"),
    ]
    assert "1 more problem" in str(error) and "'yesterday'" in str(error)


def test_communication_moved_between_interviews_is_rejected(session):
    document = sample_document()
    document["candidates"][0]["interviews"][0]["communications"][0]["ref"] = "m1"
    imported(session, document)
    del document["candidates"][0]["interviews"][0]["communications"][0]
    document["candidates"][1]["interviews"][0]["communications"] = [
        {"ref": "m1", "kind": "thank_you_email", "at": "2026-03-03T16:00:00Z"}
    ]
    with pytest.raises(
        ValidationError, match=r"communication m1: field 'ref': .*another interview"
    ):
        import_document(session, document)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "recruiter-kit/1",\n "candidates": [}', "not valid JSON: line 2 column 17:"),
        ("", "not valid JSON: line 1 column 1:"),
        ('{"candidates": []}', "field 'format': missing"),
        ('{"format": "recruiter-kit/2"}', "field 'format': 'recruiter-kit/2' is not a format"),
        ("[1, 2]", "expected a JSON object, got a list"),
    ],
)
def test_load_document_explains_unreadable_files(text, message):
    with pytest.raises(ValidationError) as raised:
        load_document(text)
    assert message in str(raised.value)


def test_load_and_dump_round_trip_through_streams():
    document = sample_document()
    document["candidates"][0]["name"] = "Zoë Ångström"
    stream = io.StringIO()
    dump_document(document, stream)
    assert "Zoë Ångström" in stream.getvalue()  # not \u-escaped
    assert load_document(io.BytesIO(stream.getvalue().encode("utf-8"))) == document
    assert load_document(io.StringIO(stream.getvalue())) == document


# ---------------------------------------------------------------- exporting


def test_export_renders_times_in_the_candidates_zone(session):
    document = sample_document()
    document["candidates"][1]["timezone"] = None  # policy default zone: America/Chicago
    document["candidates"].append(
        {
            "ref": "c03",
            "name": "Cy Young",
            "timezone": "America/New_York",
            "interviews": [
                {
                    "ref": "i03",
                    "company": "Globex",
                    "position": "Analyst",
                    "starts_at": "2026-07-01T14:30:00.750+00:00",
                }
            ],
        }
    )
    imported(session, document)

    exported = export_document(session)

    c01, c02, c03 = exported["candidates"]
    assert c01["interviews"][0]["starts_at"] == "2026-03-02T10:00:00-06:00"
    assert c01["interviews"][0]["communications"][3]["at"] == "2026-03-09T11:00:00-05:00"
    assert c02["interviews"][0]["starts_at"] == "2026-03-03T09:00:00-06:00"
    assert c03["interviews"][0]["starts_at"] == "2026-07-01T10:30:00-04:00"
    assert exported["recruiters"] == document["recruiters"]
    assert "policy" not in exported


def test_export_is_ordered_and_can_leave_archived_candidates_out(session):
    document = sample_document()
    document["candidates"].reverse()
    communications = document["candidates"][1]["interviews"][0]["communications"]
    communications.reverse()
    document["candidates"][0]["archived"] = True  # c02
    imported(session, document)

    everything = export_document(session)
    assert [c["ref"] for c in everything["candidates"]] == ["c01", "c02"]
    times = [c["at"] for c in everything["candidates"][0]["interviews"][0]["communications"]]
    assert times == sorted(times, key=datetime.fromisoformat)

    active = export_document(session, include_archived=False)
    assert [c["ref"] for c in active["candidates"]] == ["c01"]


def test_export_then_import_into_an_empty_database_reproduces_the_data(session):
    imported(session)
    add_candidate(session, name="Dee Nguyen", ref="c04", timezone="America/Denver", changed_by="t")
    interview_service.add_interview(
        session,
        candidate_ref="c04",
        company="Initech",
        position="Coordinator",
        starts_at=datetime(2026, 4, 1, 9, 0, tzinfo=CHICAGO),
        interviewers=(
            interview_service.Interviewer("Bill Lumbergh", "Director", "bill@initech.example"),
        ),
        changed_by="t",
    )
    interview_service.log_communication(
        session,
        "I-000001",
        CommunicationKind.FOLLOW_UP,
        at=datetime(2026, 4, 8, 9, 0, 30, tzinfo=UTC),
        channel=Channel.PHONE,
        body="Left a voicemail",
    )
    interview_service.set_outcome(
        session,
        "I-000001",
        Outcome.ADVANCED,
        at=datetime(2026, 4, 9, 12, tzinfo=UTC),
        changed_by="t",
    )
    session.add(PolicySetting(name="max_follow_ups_without_reply", value="3"))
    session.commit()
    first = export_document(session)

    wipe(session)
    summary = import_document(session, first, apply_policy=True)
    session.commit()
    second = export_document(session)

    assert summary.candidates.created == 3 and summary.policy_settings == 1
    assert second == first
    assert first["policy"] == {"max_follow_ups_without_reply": 3}
    assert json.loads(json.dumps(first)) == first  # plain JSON data


def test_export_imports_into_a_fresh_database_elsewhere(session, tmp_path, sqlite_template):
    imported(session)
    first = export_document(session)
    path = tmp_path / "other.sqlite"
    shutil.copy(sqlite_template, path)
    other_engine = create_db_engine(f"sqlite:///{path}")
    try:
        with session_factory(other_engine)() as other:
            import_document(other, first)
            other.commit()
            assert export_document(other) == first
            assert import_document(other, first).changed is False
    finally:
        other_engine.dispose()


def test_summary_is_one_line_and_counts_every_kind():
    summary = ImportSummary()
    assert str(summary) == "nothing to import"
    summary.candidates.created = 3
    summary.interviews.unchanged = 2
    summary.interviews.updated = 1
    assert str(summary) == "candidates 3 created; interviews 1 updated, 2 unchanged"
    assert summary.as_dict()["interviews"] == {"created": 0, "updated": 1, "unchanged": 2}
    assert summary.changed


def test_times_logged_with_fractions_of_a_second_are_stored_whole_and_match(session):
    imported(session, {"format": FORMAT, "candidates": sample_document()["candidates"][1:]})
    interview_service.log_communication(
        session,
        "i02",
        CommunicationKind.FOLLOW_UP,
        at=datetime(2026, 3, 10, 15, 0, 0, 250_000, tzinfo=UTC),
        channel=Channel.EMAIL,
    )
    session.commit()
    document = {"format": FORMAT, "candidates": sample_document()["candidates"][1:]}
    document["candidates"][0]["interviews"][0]["communications"] = [
        {"kind": "follow_up", "channel": "email", "at": "2026-03-10T09:00:00-06:00"}
    ]

    summary = imported(session, document)

    assert (summary.communications.created, summary.communications.updated) == (0, 0)
    assert session.scalar(select(Communication.at)) == datetime(2026, 3, 10, 15, tzinfo=UTC)
