"""What the services refuse, the same on SQLite and PostgreSQL: moments out of range, text
too long or unstorable, rounds out of range, legacy time zones, communications and decision
dates that contradict their interview. Whatever they accept can be exported and imported back
unchanged."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from recruiter_kit.enums import Channel, CommunicationKind, Outcome
from recruiter_kit.errors import ValidationError
from recruiter_kit.models import (
    Candidate,
    Communication,
    Employer,
    EmployerContact,
    HistoryEntry,
    Interview,
    User,
)
from recruiter_kit.services import interviews as interview_service
from recruiter_kit.services.candidates import (
    CandidateFilter,
    add_candidate,
    get_candidate,
    list_candidates,
)
from recruiter_kit.services.demo import MAX_CANDIDATES, load_demo
from recruiter_kit.services.editing import edit_interview
from recruiter_kit.services.interchange import FORMAT, export_document, import_document
from recruiter_kit.services.reports import DUE_WITHIN_MAX_DAYS, ReportFilter, build_report
from recruiter_kit.services.users import add_user
from recruiter_kit.services.validation import LONG_TEXT_MAX, ROUND_MAX, max_length

CHICAGO = ZoneInfo("America/Chicago")
START = datetime(2026, 3, 2, 10, 0, tzinfo=CHICAGO)


def _refused(call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


def _candidate(session, **values):
    return add_candidate(session, **({"name": "Ada Park", "changed_by": "t"} | values))


def _interview(session, **values):
    defaults = {
        "candidate_ref": "c01",
        "company": "Acme Corp",
        "position": "Account Manager",
        "starts_at": START,
        "changed_by": "t",
    }
    return interview_service.add_interview(session, **(defaults | values))


@pytest.fixture
def interview(session):
    _candidate(session, ref="c01")
    return _interview(session, ref="i01")


# ---------------------------------------------------------------- lengths and characters


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "x" * (max_length(Candidate.name) + 1)),
        ("phone", "5" * 100),
        ("email", "a" * 250 + "@example.com"),
        ("ref", "r" * (max_length(Candidate.ref) + 1)),
        ("notes", "n" * (LONG_TEXT_MAX + 1)),
        ("name", "Ada\x00Park"),
        ("name", "Ada\ud800"),
        ("name", "Ada\x1b[2J"),
        ("phone", "555\n0100"),
        ("mailing_address", "1 Main St\x00"),
    ],
    ids=[
        "long-name",
        "long-phone",
        "long-email",
        "long-ref",
        "long-notes",
        "nul",
        "surrogate",
        "escape",
        "newline-in-phone",
        "nul-in-address",
    ],
)
def test_candidates_refuse_text_no_database_or_export_can_hold(session, field, value):
    error = _refused(_candidate, session, **{field: value})
    assert error.field == field
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Candidate)) == 0


def test_interview_and_communication_text_is_checked(session, interview):
    long_company = "c" * (max_length(Employer.name) + 1)
    assert _refused(_interview, session, company=long_company).field == "company"
    assert _refused(_interview, session, position="Sales\x00").field == "position"
    person = interview_service.Interviewer("J" * (max_length(EmployerContact.name) + 1))
    assert _refused(_interview, session, interviewers=(person,)).field == "interviewers"
    summary = "s" * (max_length(Communication.summary) + 1)
    error = _refused(
        interview_service.log_communication,
        session,
        "i01",
        CommunicationKind.THANK_YOU_EMAIL,
        at=START + timedelta(hours=2),
        summary=summary,
    )
    assert (error.record, error.field) == ("interview i01", "summary")
    assert f"limit is {max_length(Communication.summary)}" in error.problem


def test_user_accounts_refuse_long_or_unstorable_text(session):
    too_long = "K" * (max_length(User.name) + 1)
    assert _refused(add_user, session, "kd@agency.example", name=too_long).field == "name"
    assert _refused(add_user, session, "kd@agency\x00.example").field == "email"
    assert add_user(session, "kd@agency.example", name="  Keeley  ").name == "Keeley"


@pytest.mark.parametrize("round_", [0, ROUND_MAX + 1, 2**31, 2**63])
def test_interview_rounds_stay_in_range(session, interview, round_):
    error = _refused(_interview, session, round=round_)
    assert error.field == "round"


def test_text_at_every_limit_is_stored_and_survives_export_and_import(session):
    _candidate(
        session,
        ref="r" * max_length(Candidate.ref),
        name="N" * max_length(Candidate.name),
        email="e" * (max_length(Candidate.email) - len("@example.com")) + "@example.com",
        phone="5" * max_length(Candidate.phone),
        mailing_address="1 Main St\n\tSpringfield",
        notes="line one\r\nline two",
        timezone="Pacific/Kiritimati",
    )
    _interview(
        session,
        candidate_ref="r" * max_length(Candidate.ref),
        company="C" * max_length(Employer.name),
        position="P" * max_length(Interview.position),
        round=ROUND_MAX,
    )
    session.commit()
    assert session.scalar(select(Candidate.notes)) == "line one\nline two"

    summary = import_document(session, export_document(session))
    session.commit()

    assert not summary.changed


@pytest.mark.parametrize("text", ["C\x00", "C\udcff"])
def test_lookups_and_writes_past_the_services_refuse_unstorable_text_on_both_backends(
    session, text
):
    with pytest.raises(ValidationError, match="neither stored nor looked up"):
        get_candidate(session, text)
    with pytest.raises(ValidationError, match="neither stored nor looked up"):
        list_candidates(session, CandidateFilter(search=text))
    session.rollback()
    session.add(Candidate(ref="c01", name=text))
    with pytest.raises(ValidationError, match="neither stored nor looked up"):
        session.flush()


@pytest.mark.parametrize("text", ["kd\x00", "kd\udcff"])
def test_an_import_whose_statements_skip_the_guard_still_refuses_an_unstorable_actor(session, text):
    """The import's bulk statements are not searched again (their records were checked):
    the one text from elsewhere, who made the changes, is checked on its own."""
    document = {"format": FORMAT, "candidates": [{"ref": "c01", "name": "Ada Park"}]}
    with pytest.raises(ValidationError, match="neither stored nor looked up"):
        import_document(session, document, changed_by=text)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Candidate)) == 0


# ---------------------------------------------------------------- moments and days


FAR_MOMENTS = [
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))),
    datetime(9999, 12, 31, 23, tzinfo=ZoneInfo("Pacific/Kiritimati")),
    datetime(1899, 12, 31, 23, 59, tzinfo=UTC),
]


@pytest.mark.parametrize("moment", FAR_MOMENTS)
def test_interviews_refuse_moments_outside_the_range(session, interview, moment):
    assert _refused(_interview, session, starts_at=moment).field == "starts_at"
    error = _refused(_interview, session, ref="i02", ends_at=moment)
    assert (error.record, error.field) == ("interview i02", "ends_at")


def test_a_far_date_for_a_candidate_far_east_is_refused(session):
    _candidate(session, ref="c09", timezone="Pacific/Kiritimati")
    moment = datetime(9999, 12, 31, 9, tzinfo=UTC)  # would be year 10000 in Kiritimati
    assert _refused(_interview, session, candidate_ref="c09", starts_at=moment).field == (
        "starts_at"
    )


@pytest.mark.parametrize("moment", FAR_MOMENTS[1:])
def test_communications_and_outcomes_refuse_moments_outside_the_range(session, interview, moment):
    error = _refused(
        interview_service.log_communication,
        session,
        "i01",
        CommunicationKind.EMPLOYER_CONTACT,
        at=moment,
        channel=Channel.EMAIL,
    )
    assert (error.record, error.field) == ("interview i01", "at")
    error = _refused(
        interview_service.set_outcome,
        session,
        "i01",
        Outcome.REJECTED,
        at=moment,
        changed_by="t",
    )
    assert error.field == "outcome_at"


def test_far_days_are_refused(session, interview):
    assert _refused(_interview, session, decision_by=date(9999, 12, 31)).field == "decision_by"
    error = _refused(
        interview_service.log_communication,
        session,
        "i01",
        CommunicationKind.THANK_YOU_NOTE,
        at=START + timedelta(hours=3),
        arrived_on=date(9999, 12, 31),
    )
    assert error.field == "arrived_on"


def test_a_report_as_of_a_far_moment_is_refused(session, interview):
    session.commit()
    assert _refused(build_report, session, datetime(1, 1, 1, tzinfo=UTC)).field == "as_of"


@pytest.mark.parametrize("days", [-1, DUE_WITHIN_MAX_DAYS + 1, 10**11])
def test_a_report_looks_ahead_at_most_ten_years(session, interview, days):
    as_of = datetime(2026, 3, 3, tzinfo=UTC)
    error = _refused(build_report, session, as_of, ReportFilter(due_within_days=days))
    assert error.field == "due_within"
    assert build_report(session, as_of, ReportFilter(due_within_days=DUE_WITHIN_MAX_DAYS))


def test_the_demo_has_a_size_limit(session):
    assert _refused(load_demo, session, MAX_CANDIDATES + 1).field == "candidates"


def test_a_decision_is_not_promised_before_the_interview_day(session, interview):
    # 22:30 in Chicago on 2 March is already 3 March in UTC: the local day counts.
    late = START.replace(hour=22, minute=30)
    error = _refused(_interview, session, starts_at=late, decision_by=date(2026, 3, 1))
    assert error.field == "decision_by"
    same_day = _interview(session, starts_at=late, decision_by=date(2026, 3, 2))
    assert same_day.decision_by == date(2026, 3, 2)


@pytest.mark.parametrize(
    "kind", [kind for kind in CommunicationKind if kind.value != "employer_contact"]
)
def test_only_the_employer_gets_in_touch_before_the_interview(session, interview, kind):
    error = _refused(
        interview_service.log_communication,
        session,
        "i01",
        kind,
        at=START - timedelta(minutes=5),
        channel=None if kind.default_channel else Channel.EMAIL,
    )
    assert (error.record, error.field) == ("interview i01", "at")


def test_an_interview_may_not_be_moved_after_what_was_sent_about_it(session, interview):
    interview_service.log_communication(
        session, "i01", CommunicationKind.THANK_YOU_EMAIL, at=START + timedelta(hours=2)
    )
    later = START + timedelta(days=1)
    error = _refused(edit_interview, session, "i01", {"starts_at": later}, changed_by="t")
    assert (error.record, error.field) == ("interview i01", "starts_at")
    assert "thank_you_email" in error.problem
    earlier = START - timedelta(days=1)
    assert edit_interview(session, "i01", {"starts_at": earlier}, changed_by="t").changes


def test_employer_contact_before_the_interview_is_kept(session, interview):
    contact = interview_service.log_communication(
        session,
        "i01",
        CommunicationKind.EMPLOYER_CONTACT,
        at=START - timedelta(days=2),
        channel=Channel.PHONE,
    )
    assert contact.id is not None


def test_moments_are_stored_to_the_whole_second(session, interview):
    interview_service.log_communication(
        session,
        "i01",
        CommunicationKind.THANK_YOU_EMAIL,
        at=START + timedelta(hours=2, microseconds=654_321),
    )
    _interview(session, ref="i02", starts_at=START + timedelta(days=7, microseconds=1))
    session.commit()
    session.expire_all()

    stored = [
        *session.scalars(select(Communication.at)),
        *session.scalars(select(Interview.starts_at)),
        *session.scalars(select(Candidate.created_at)),
        *session.scalars(select(Candidate.updated_at)),
        *session.scalars(select(HistoryEntry.changed_at)),
    ]
    assert stored and all(moment.microsecond == 0 for moment in stored)


# ---------------------------------------------------------------- time zones


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [("EST", None), ("America", "America/"), ("America/Chicgo", "America/Chicago")],
)
def test_candidates_take_canonical_time_zones_only(session, name, suggestion):
    error = _refused(_candidate, session, ref="c05", timezone=name)
    assert (error.record, error.field) == ("candidate c05", "timezone")
    if suggestion:
        assert suggestion in error.problem
