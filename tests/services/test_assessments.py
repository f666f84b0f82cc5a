"""Stored verdicts give exactly the report judged from scratch, at any moment, and every
kind of write keeps them current."""

from __future__ import annotations

import copy
import gc
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text, update

from recruiter_kit.db import session_factory
from recruiter_kit.enums import Channel, CommunicationKind, Outcome, Status
from recruiter_kit.models import Candidate, Communication, Interview, InterviewAssessment, User
from recruiter_kit.services import interviews as interview_service
from recruiter_kit.services.assessments import refresh_assessments
from recruiter_kit.services.candidates import add_candidate
from recruiter_kit.services.demo import generate_demo_document, load_demo
from recruiter_kit.services.interchange import import_document
from recruiter_kit.services.policy import set_policy
from recruiter_kit.services.reports import (
    OPEN_STATUSES,
    ReportFilter,
    build_report,
    judge_interviews,
    stream_report,
    write_report_json,
)

AS_OF = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
# Before any interview, during the demo's weeks, across both US daylight-saving changes,
# on holidays (Thanksgiving, Christmas, New Year's Day), at a local midnight, and long after;
# not in order, so stored verdicts are judged again both forwards and backwards.
MOMENTS = [
    AS_OF,
    AS_OF + timedelta(hours=1),
    datetime(2026, 3, 8, 7, 59, tzinfo=UTC),  # just before clocks go forward in Chicago
    datetime(2026, 3, 8, 8, 0, tzinfo=UTC),
    datetime(2025, 1, 1, 12, 0, tzinfo=UTC),
    AS_OF - timedelta(days=30),
    datetime(2026, 11, 1, 6, 59, tzinfo=UTC),  # just before clocks go back in Chicago
    datetime(2026, 11, 1, 7, 0, tzinfo=UTC),
    datetime(2026, 11, 26, 18, 0, tzinfo=UTC),  # Thanksgiving
    datetime(2026, 11, 27, 6, 0, tzinfo=UTC),  # midnight in Chicago
    datetime(2026, 12, 25, 15, 0, tzinfo=UTC),
    datetime(2027, 1, 1, 0, 0, tzinfo=UTC),
    AS_OF + timedelta(days=1, minutes=7),
    AS_OF + timedelta(seconds=0.25),  # moments are stored to the second, reads need not be
    AS_OF + timedelta(days=120),
    AS_OF - timedelta(days=3),
]


def _json(session, as_of, filters=None, *, from_scratch=False) -> str:
    out = io.StringIO()
    rows = stream_report(session, as_of, filters, from_scratch=from_scratch)
    write_report_json(as_of, rows, out)
    return out.getvalue()


@pytest.fixture
def demo(session):
    load_demo(session, 120, as_of=AS_OF)
    session.commit()
    return session


def _a_recruiter(session) -> str:
    return session.scalars(select(User.email).order_by(User.email)).first()


def test_stored_verdicts_equal_judging_from_scratch_at_every_moment(demo):
    session = demo
    for moment in MOMENTS:
        stored = _json(session, moment)
        assert stored == _json(session, moment, from_scratch=True), moment
        session.commit()
    # With filters too, including one that reads the findings' deadlines.
    for filters in (
        ReportFilter(statuses=OPEN_STATUSES),
        ReportFilter(statuses=frozenset({Status.OVERDUE}), recruiter=_a_recruiter(session)),
        ReportFilter(due_within_days=2, include_archived=True),
    ):
        for moment in MOMENTS[:4]:
            assert _json(session, moment, filters) == _json(
                session, moment, filters, from_scratch=True
            )


def test_judging_named_interviews_gives_the_reports_rows_at_every_moment(demo):
    # Handout batches keep refs and judge a few interviews at a time with this.
    for moment in MOMENTS[:4]:
        rows = build_report(demo, moment, ReportFilter(include_archived=True)).rows
        some = rows[::7]
        judged = judge_interviews(demo, [row.interview_ref for row in some] + ["I-NONE"], moment)
        assert judged == {row.interview_ref: row for row in some}
        demo.commit()


def test_build_report_keeps_its_rows_and_order_on_both_paths(demo):
    stored = build_report(demo, AS_OF)
    scratch = build_report(demo, AS_OF, from_scratch=True)
    assert stored == scratch
    assert [row.assessment for row in stored.rows] == [row.assessment for row in scratch.rows]
    assert stored.counts()["closed"] > 0 and stored.rows[0].status == Status.VIOLATION


def _stored_rows_hold(session) -> None:
    """Every interview has a stored verdict that holds now, equal to judging it now."""
    now = datetime.now(UTC)
    table = InterviewAssessment.__table__
    stored = session.execute(select(table.c.interview_id, table.c.next_change_at)).all()
    assert len(stored) == session.scalar(select(text("count(*)")).select_from(Interview))
    assert all(until is None or until > now for _, until in stored)
    assert _json(session, now) == _json(session, now, from_scratch=True)


def _verdicts(session) -> dict:
    table = InterviewAssessment.__table__
    return {
        row.interview_id: row
        for row in session.execute(
            select(
                table.c.interview_id,
                table.c.status,
                table.c.findings,
                table.c.next_action,
                table.c.next_action_by,
            )
        )
    }


def test_an_import_stores_the_verdicts_judging_every_interview_again_stores(session):
    # Interviews of candidates an import creates are judged from the rows it wrote, the
    # others are read back: both must store what judging everything from the database does.
    document = generate_demo_document(60, seed=3, as_of=AS_OF)
    earlier = copy.deepcopy(document)
    earlier["candidates"] = earlier["candidates"][:40]
    for candidate in earlier["candidates"][::2]:  # known candidates get new interviews...
        del candidate["interviews"][1:]
        for interview in candidate["interviews"]:  # ...and new communications
            del interview["communications"][2:]
    import_document(session, earlier)
    session.commit()
    summary = import_document(session, document)
    session.commit()
    assert summary.candidates.created == 20 and summary.interviews.created > 20
    assert summary.communications.created > summary.interviews.created
    imported = _verdicts(session)
    assert len(imported) == session.scalar(select(text("count(*)")).select_from(Interview))
    _stored_rows_hold(session)
    refresh_assessments(session)
    assert _verdicts(session) == imported


def test_every_kind_of_write_keeps_the_stored_verdicts_current(demo):
    session = demo
    _stored_rows_hold(session)
    interview = session.scalars(select(Interview).order_by(Interview.id)).first()
    assert interview is not None
    before = session.get(InterviewAssessment, interview.id)
    assert before is not None
    before_findings = before.findings

    # A communication logged through the service, then edited and deleted through the ORM.
    logged = interview_service.log_communication(
        session,
        interview.ref,
        CommunicationKind.FOLLOW_UP,
        at=datetime.now(UTC),
        channel=Channel.PHONE,
    )
    session.commit()
    _stored_rows_hold(session)
    logged.channel = Channel.EMAIL
    session.commit()
    _stored_rows_hold(session)
    session.delete(logged)
    session.commit()
    _stored_rows_hold(session)
    session.expire_all()
    assert session.get(InterviewAssessment, interview.id).findings == before_findings

    # The outcome, the candidate's name (it is in the messages) and the policy.
    interview_service.set_outcome(
        session, interview.ref, Outcome.REJECTED, at=datetime.now(UTC), changed_by="test"
    )
    session.commit()
    _stored_rows_hold(session)
    candidate = session.get(Candidate, interview.candidate_id)
    candidate.name = "Renamed Person"
    session.commit()
    _stored_rows_hold(session)
    set_policy(session, {"rejection_thank_you_business_days": 5, "holiday_country": "CA"})
    session.commit()
    _stored_rows_hold(session)


def test_writes_not_yet_committed_are_seen_by_a_report_in_the_same_session(demo):
    session = demo
    interview = session.scalars(select(Interview).order_by(Interview.id)).first()
    session.add(
        Communication(
            ref="M-999999",
            interview_id=interview.id,
            kind=CommunicationKind.FOLLOW_UP,
            channel=Channel.PHONE,
            at=AS_OF - timedelta(minutes=1),
        )
    )
    assert _json(session, AS_OF) == _json(session, AS_OF, from_scratch=True)
    session.rollback()
    assert _json(session, AS_OF) == _json(session, AS_OF, from_scratch=True)


def test_bulk_writes_are_caught_or_refreshed_explicitly(demo):
    session = demo
    # An ORM bulk statement is noticed by the session.
    session.execute(update(Interview).values(timeline_asked=True))
    session.commit()
    _stored_rows_hold(session)
    # Core writes behind the ORM's back are judged again when refreshed explicitly...
    first = session.scalars(select(Interview.id).order_by(Interview.id)).first()
    session.connection().execute(
        Interview.__table__.update()
        .where(Interview.__table__.c.id == first)
        .values(outcome="offer", outcome_at=AS_OF - timedelta(days=400))
    )
    refresh_assessments(session, [first])
    session.commit()
    _stored_rows_hold(session)
    # ...and a policy changed behind its back is noticed by its fingerprint.
    session.connection().execute(
        text("INSERT INTO policy_settings (name, value) VALUES ('thank_you_email_hours', '48')")
    )
    session.commit()
    assert _json(session, AS_OF) == _json(session, AS_OF, from_scratch=True)


def _count_judged(monkeypatch) -> list[int]:
    from recruiter_kit.services import assessments

    judged: list[int] = []
    original = assessments._judge_and_store

    def counting(*args, **kwargs):
        count = original(*args, **kwargs)
        judged.append(count)
        return count

    monkeypatch.setattr(assessments, "_judge_and_store", counting)
    return judged


def _stale_at(session, moment) -> int:
    return session.scalar(
        select(text("count(*)"))
        .select_from(InterviewAssessment)
        .where(
            (InterviewAssessment.next_change_at <= moment)
            | (InterviewAssessment.valid_from > moment)
        )
    )


def test_a_report_as_of_now_judges_only_what_has_changed(demo, monkeypatch):
    session = demo
    build_report(session, AS_OF)
    session.commit()
    judged = _count_judged(monkeypatch)
    build_report(session, AS_OF + timedelta(minutes=1))
    later = AS_OF + timedelta(hours=6)
    stale = _stale_at(session, later)
    build_report(session, later)
    assert sum(judged) == stale < session.scalar(select(text("count(*)")).select_from(Interview))


def test_an_import_into_an_empty_agency_leaves_nothing_to_judge_on_first_read(session, monkeypatch):
    # The import judges every interview it writes as of now: the first report as of now
    # must not judge them all again (20,000 candidates: seconds, and a rewritten table).
    import_document(session, generate_demo_document(60, seed=3, as_of=AS_OF))
    session.commit()
    judged = _count_judged(monkeypatch)
    now = datetime.now(UTC)
    stale = _stale_at(session, now)
    build_report(session, now)
    assert sum(judged) == stale < session.scalar(select(text("count(*)")).select_from(Interview))


def test_an_import_into_an_agency_with_unjudged_verdicts_leaves_them_to_be_judged(
    session, monkeypatch
):
    # Verdicts stored by other code (no fingerprint, as after an upgrade) stay suspect
    # after an import adds to them: every one is judged on first read.
    import_document(session, generate_demo_document(30, seed=3, as_of=AS_OF))
    session.execute(text("DELETE FROM assessment_basis"))
    session.commit()
    later = generate_demo_document(60, seed=3, as_of=AS_OF)
    later["candidates"] = later["candidates"][30:]
    import_document(session, later)
    session.commit()
    judged = _count_judged(monkeypatch)
    build_report(session, datetime.now(UTC))
    assert sum(judged) == session.scalar(select(text("count(*)")).select_from(Interview))


def test_a_verdict_holds_to_the_microsecond_around_a_deadline(session):
    # The thank-you email deadline is the end plus 24 h: still open at it, closed just after.
    add_candidate(session, name="Ada Park", timezone="America/Chicago", changed_by="test")
    end = datetime(2026, 3, 3, 16, 45, tzinfo=UTC)
    interview = interview_service.add_interview(
        session,
        candidate_ref="C-000001",
        company="Acme",
        position="Sales",
        starts_at=end - timedelta(hours=1),
        ends_at=end,
        changed_by="test",
    )
    session.commit()
    deadline = end + timedelta(hours=24)
    for moment in (
        deadline + timedelta(microseconds=1),
        deadline,
        deadline - timedelta(microseconds=1),
        deadline + timedelta(seconds=1),
        deadline,
        deadline + timedelta(microseconds=500_000),
    ):
        filters = ReportFilter(interview=interview.ref)
        assert _json(session, moment, filters) == _json(session, moment, filters, from_scratch=True)
        session.commit()


def _an_interview(session, name: str) -> Interview:
    """A new candidate `name`'s interview three days before AS_OF, nothing logged."""
    candidate = add_candidate(session, name=name, changed_by="test")
    return interview_service.add_interview(
        session,
        candidate_ref=candidate.ref,
        company="Initech",
        position="Analyst",
        starts_at=AS_OF - timedelta(days=3),
        changed_by="test",
    )


def test_every_new_session_factory_judges_its_writes(engine):
    # A factory made where a discarded one lived (the same id()) once got no hooks, and its
    # sessions stored interviews that no report could show.
    for number in range(30):
        factory = session_factory(engine)
        with factory() as session:
            interview = _an_interview(session, f"Ada Park {number}")
            session.commit()
            assert session.get(InterviewAssessment, interview.id) is not None, number
        del factory, session
        gc.collect()


def test_a_write_a_failed_refresh_could_not_judge_is_judged_at_commit(session, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from recruiter_kit.services import assessments

    build_report(session, AS_OF)  # stores what the verdicts depend on
    session.commit()
    interview = _an_interview(session, "Ada Park")  # flushed; only the commit judges it
    judge_again = assessments._judge_again

    def refused(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(assessments, "_judge_again", refused)
    before = build_report(session, AS_OF)  # cannot store: judged from scratch instead
    monkeypatch.setattr(assessments, "_judge_again", judge_again)
    session.commit()
    stored = build_report(session, AS_OF)
    assert [row.interview_ref for row in stored.rows] == [interview.ref]
    assert stored.rows == before.rows
