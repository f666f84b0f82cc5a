from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from recruiter_kit.enums import CommunicationKind, Outcome, Stage, Status
from recruiter_kit.errors import NotFoundError, ValidationError
from recruiter_kit.services import interviews as interview_service
from recruiter_kit.services import views
from recruiter_kit.services.candidates import CandidateFilter, add_candidate
from recruiter_kit.services.reports import ReportFilter, build_report
from recruiter_kit.services.users import add_user

CHICAGO = ZoneInfo("America/Chicago")
NEW_YORK = ZoneInfo("America/New_York")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=CHICAGO)
WEDNESDAY = datetime(2026, 3, 4, 12, 0, tzinfo=CHICAGO)


@pytest.fixture
def agency(session):
    """Ada (Chicago): a silent interview on Monday and one thanked on time on Tuesday;
    Bo (New York, archived-able): one interview next week."""
    add_user(session, "kd@agency.example")
    add_candidate(
        session,
        name="Ada Park",
        ref="C-1",
        timezone="America/Chicago",
        recruiter="kd@agency.example",
        stage=Stage.INTERVIEWING,
        changed_by="test",
    )
    add_candidate(session, name="Bo Chen", ref="C-2", timezone="America/New_York", changed_by="t")
    for ref, candidate, company, start in (
        ("I-1", "C-1", "Acme", MONDAY),
        ("I-2", "C-1", "Globex", MONDAY + timedelta(days=1)),
        ("I-3", "C-2", "Initech", MONDAY + timedelta(days=7)),
    ):
        interview_service.add_interview(
            session,
            ref=ref,
            candidate_ref=candidate,
            company=company,
            position="Sales",
            starts_at=start,
            interviewers=(interview_service.Interviewer("Jane Smith", "Hiring Manager"),),
            changed_by="test",
        )
    interview_service.log_communication(
        session,
        "I-2",
        CommunicationKind.THANK_YOU_EMAIL,
        at=MONDAY + timedelta(days=1, hours=4),
        summary="Thanks",
    )
    session.flush()


def test_candidate_detail_lists_interviews_with_their_status_in_the_candidates_zone(
    session, agency
):
    detail = views.candidate_detail(session, "c-1", WEDNESDAY)

    assert detail.profile.ref == "C-1" and detail.profile.recruiter == "kd@agency.example"
    assert detail.zone == "America/Chicago" and detail.as_of == WEDNESDAY
    assert [(i.ref, i.company, i.status, i.outcome) for i in detail.interviews] == [
        ("I-1", "Acme", Status.OVERDUE, Outcome.PENDING),
        ("I-2", "Globex", Status.OK, Outcome.PENDING),
    ]
    silent = detail.interviews[0]
    assert silent.starts_at == MONDAY and silent.starts_at.tzinfo == CHICAGO
    assert silent.next_action is not None and silent.next_action.by is not None
    assert [(line.field, line.to_value) for line in detail.history] == [
        ("stage", "interviewing"),
        ("outcome", "pending"),
        ("outcome", "pending"),
    ]
    assert all(line.at.tzinfo == CHICAGO for line in detail.history)


def test_interview_detail_carries_the_assessment_and_local_times(session, agency):
    detail = views.interview_detail(session, "I-1", WEDNESDAY)
    row = views.judge_interview(session, "i-1", WEDNESDAY)

    assert detail.assessment == row.assessment
    assert detail.status is Status.OVERDUE
    assert "THANK_YOU_MISSING" in [finding.code for finding in detail.findings]
    assert detail.next_action is not None and detail.next_action.by == date(2026, 3, 3)
    assert [person.label for person in detail.interviewers] == ["Jane Smith (Hiring Manager)"]

    thanked = views.interview_detail(session, "I-2", WEDNESDAY)
    (entry,) = thanked.communications
    assert entry.kind is CommunicationKind.THANK_YOU_EMAIL and entry.interview_ref == "I-2"
    assert entry.at == MONDAY + timedelta(days=1, hours=4) and entry.at.tzinfo == CHICAGO

    other_zone = views.interview_detail(session, "I-3", WEDNESDAY)
    assert other_zone.starts_at.tzinfo == NEW_YORK and other_zone.status is Status.SCHEDULED


def test_details_of_unknown_refs_say_so(session, agency):
    with pytest.raises(NotFoundError, match="no interview with ref 'I-9'"):
        views.interview_detail(session, "I-9", WEDNESDAY)
    with pytest.raises(NotFoundError, match="no candidate with ref 'C-9'"):
        views.candidate_detail(session, "C-9", WEDNESDAY)


def test_candidate_listing_pages(session, agency):
    first = views.list_candidates(session, CandidateFilter(), limit=1)
    second = views.list_candidates(session, CandidateFilter(), offset=1, limit=1)

    assert [c.ref for c in first.items] == ["C-1"] and first.total == 2 and first.has_more
    assert [c.ref for c in second.items] == ["C-2"] and not second.has_more
    only_kd = views.list_candidates(session, CandidateFilter(recruiter="KD@agency.example"))
    assert [c.name for c in only_kd.items] == ["Ada Park"] and only_kd.total == 1


def test_interview_listing_filters_by_local_start_date_and_sorts_by_start(session, agency):
    everything = views.list_interviews(session, WEDNESDAY)
    assert [row.interview_ref for row in everything.items] == ["I-1", "I-2", "I-3"]

    week = views.list_interviews(
        session, WEDNESDAY, starts_from=date(2026, 3, 3), starts_to=date(2026, 3, 9)
    )
    assert [row.interview_ref for row in week.items] == ["I-2", "I-3"]
    overdue = views.list_interviews(
        session, WEDNESDAY, ReportFilter(statuses=frozenset({Status.OVERDUE}))
    )
    assert [row.interview_ref for row in overdue.items] == ["I-1"]
    paged = views.list_interviews(session, WEDNESDAY, offset=2, limit=5)
    assert [row.interview_ref for row in paged.items] == ["I-3"] and paged.total == 3


def test_listings_refuse_impossible_ranges(session, agency):
    with pytest.raises(ValidationError, match="'to': is before the 'from' date"):
        views.list_interviews(
            session, WEDNESDAY, starts_from=date(2026, 3, 9), starts_to=date(2026, 3, 3)
        )
    with pytest.raises(ValidationError, match="'limit': must be 1 or more"):
        views.list_candidates(session, limit=0)


def test_interview_details_in_bulk_match_one_at_a_time(session, agency):
    rows = build_report(session, WEDNESDAY, ReportFilter(include_archived=True)).rows
    bulk = list(views.interview_details(session, rows, WEDNESDAY))
    assert [detail.ref for detail in bulk] == [row.interview_ref for row in rows]
    assert bulk == [views.interview_detail(session, row.interview_ref, WEDNESDAY) for row in rows]
