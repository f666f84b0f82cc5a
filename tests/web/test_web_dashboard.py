"""The dashboard: what needs action today, in the report's words, for my candidates only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from web_support import ADMIN, OTHER, PASSWORD, RECRUITER, overdue_start, sign_in

from recruiter_kit.db import create_db_engine, session_factory, transaction
from recruiter_kit.services.candidates import add_candidate
from recruiter_kit.services.reports import ReportFilter, build_report


def _overdue_candidate(database_url, name, recruiter):
    engine = create_db_engine(database_url)
    from recruiter_kit.services.interviews import add_interview

    started = overdue_start()
    with transaction(session_factory(engine)) as session:
        candidate = add_candidate(session, name=name, recruiter=recruiter, changed_by="test")
        add_interview(
            session,
            candidate_ref=candidate.ref,
            company="Acme Corp",
            position="Analyst",
            starts_at=started,
            ends_at=started + timedelta(hours=1),
            changed_by="test",
        )
    engine.dispose()


def _report_words(database_url, recruiter):
    engine = create_db_engine(database_url)
    with session_factory(engine)() as session:
        rows = build_report(session, datetime.now(UTC), ReportFilter(recruiter=recruiter)).rows
    engine.dispose()
    return [
        (finding.message, row.assessment.next_action)
        for row in rows
        for finding in row.assessment.findings
    ]


def test_dashboard_shows_my_overdue_follow_ups_in_the_reports_words(client, database_url):
    _overdue_candidate(database_url, "Ada Park", RECRUITER)
    _overdue_candidate(database_url, "Bea Other", OTHER)
    sign_in(client, RECRUITER, PASSWORD)
    page = client.get("/").get_data(as_text=True)
    assert "Ada Park" in page and "Bea Other" not in page
    for message, action in _report_words(database_url, RECRUITER):
        assert message.replace("'", "&#39;") in page
        assert action.action.replace("'", "&#39;") in page
    assert "Needs action (1)" in page
    assert "No interviews this week." in page or "Acme Corp" in page


def test_admin_dashboard_covers_every_candidate(client, database_url):
    _overdue_candidate(database_url, "Ada Park", RECRUITER)
    _overdue_candidate(database_url, "Bea Other", OTHER)
    sign_in(client, ADMIN, PASSWORD)
    page = client.get("/").get_data(as_text=True)
    assert "Ada Park" in page and "Bea Other" in page and "Needs action (2)" in page


def test_dashboard_offers_yesterdays_handouts(client, database_url):
    engine = create_db_engine(database_url)
    from recruiter_kit.services.interviews import add_interview

    yesterday = datetime.now(UTC).astimezone(ZoneInfo("America/Chicago")) - timedelta(days=1)
    with transaction(session_factory(engine)) as session:
        candidate = add_candidate(session, name="Ada Park", recruiter=RECRUITER, changed_by="t")
        add_interview(
            session,
            candidate_ref=candidate.ref,
            company="Acme Corp",
            position="Analyst",
            starts_at=yesterday.replace(hour=12, minute=0, second=0, microsecond=0),
            changed_by="t",
        )
    engine.dispose()
    sign_in(client, RECRUITER, PASSWORD)
    page = client.get("/").get_data(as_text=True)
    day = yesterday.date().isoformat()
    assert "1 interview yesterday" in page and f"/handouts?interviewed_on={day}" in page
    form = client.get(f"/handouts?interviewed_on={day}").get_data(as_text=True)
    assert f'value="{day}"' in form
    sign_in(other := client.application.test_client(), OTHER, PASSWORD)
    assert "No interviews yesterday" in other.get("/").get_data(as_text=True)


def test_dashboard_lists_the_worst_and_links_to_every_one(client, database_url, monkeypatch):
    from recruiter_kit.services import dashboard as dashboard_service

    monkeypatch.setattr(dashboard_service, "NEEDS_ACTION_SHOWN", 1)
    _overdue_candidate(database_url, "Ada Park", RECRUITER)
    _overdue_candidate(database_url, "Bea Other", OTHER)
    sign_in(client, ADMIN, PASSWORD)
    page = client.get("/").get_data(as_text=True)
    needs_action = page.partition('id="action"')[2].partition("</section>")[0]
    assert ("Ada Park" in needs_action) != ("Bea Other" in needs_action)  # one of the two
    assert "Needs action (2)" in page and "All 2 in the follow-up report" in page
