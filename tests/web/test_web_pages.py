"""Every page and form, for both roles; a recruiter never reaches another's candidates."""

from __future__ import annotations

import re

import pytest
from web_support import ADMIN, OTHER, RECRUITER, add_agency, post, sign_in


@pytest.fixture
def refs(database_url):
    return add_agency(database_url)


def _html(response) -> str:
    return response.get_data(as_text=True)


PAGES = [
    "/",
    "/candidates",
    "/candidates?q=acme&stage=sourced&status=overdue&sort=status&page=2",
    "/candidates/new",
    "/candidates/{mine}",
    "/interviews/{mine_interview}",
    "/pipeline",
    "/reports/follow-ups",
    "/reports/follow-ups?status=overdue&due_within=2",
    "/handouts",
    "/activity",
    "/activity?candidate={mine}&by=test",
]


@pytest.mark.parametrize("who", [ADMIN, RECRUITER])
def test_every_page_opens_for_both_roles(client, refs, who):
    sign_in(client, who)
    for page in PAGES:
        response = client.get(page.format(**refs))
        assert response.status_code == 200, page
        assert "<h1>" in _html(response)


def test_recruiter_never_reaches_another_recruiters_candidate(client, refs):
    sign_in(client, RECRUITER)
    theirs, interview = refs["theirs"], refs["theirs_interview"]
    for url in (
        f"/candidates/{theirs}",
        f"/interviews/{interview}",
        f"/interviews/{interview}/handout",
        f"/interviews/{interview}/handout.pdf",
        f"/reports/follow-ups?candidate={theirs}",
        f"/reports/follow-ups?candidate={theirs}&format=csv",
        f"/activity?candidate={theirs}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Bea Other" not in _html(response)
    forms = {
        f"/candidates/{theirs}/stage": {"stage": "placed"},
        f"/candidates/{theirs}/profile": {"profile-name": "Taken"},
        f"/candidates/{theirs}/interviews": {"interview-company": "X", "interview-position": "Y"},
        f"/candidates/{theirs}/communications": {"log-kind": "follow_up"},
        f"/interviews/{interview}/outcome": {"outcome": "rejected"},
        f"/interviews/{interview}/arrival": {"communication": "M-000001"},
    }
    for url, data in forms.items():
        assert post(client, url, data).status_code == 404, url
    for page in ("/", "/candidates", "/pipeline", "/reports/follow-ups", "/activity"):
        assert "Bea Other" not in _html(client.get(page)), page
    assert "Ada Park" in _html(client.get("/candidates"))


def test_admin_sees_every_candidate(client, refs):
    sign_in(client, ADMIN)
    listing = _html(client.get("/candidates"))
    assert "Ada Park" in listing and "Bea Other" in listing
    assert client.get(f"/candidates/{refs['theirs']}").status_code == 200


def test_unknown_refs_are_404(client, refs):
    sign_in(client, ADMIN)
    assert client.get("/candidates/C-999999").status_code == 404
    assert client.get("/interviews/I-999999").status_code == 404


def test_add_a_candidate_then_an_interview_then_log_a_thank_you(client, refs):
    sign_in(client, RECRUITER)
    created = post(
        client,
        "/candidates/new",
        {
            "name": "Cleo Diaz",
            "email": "cleo@example.com",
            "timezone": "America/Denver",
            "recruiter": OTHER,
            "stage": "submitted",
        },
    )
    assert created.status_code == 302
    ref = created.headers["Location"].rsplit("/", 1)[1]
    page = _html(client.get(f"/candidates/{ref}"))
    assert "Cleo Diaz" in page and "submitted" in page and "America/Denver" in page

    scheduled = post(
        client,
        f"/candidates/{ref}/interviews",
        {
            "interview-company": "Initech",
            "interview-position": "Account Manager",
            "interview-starts_at": "2026-03-02T10:00",
            "interview-ends_at": "2026-03-02T10:45",
            "interview-round": "1",
            "interview-format": "video",
            "interview-contact_preference": "email",
            "interview-interviewers": "Jane Smith, Hiring Manager",
        },
    )
    assert scheduled.status_code == 302
    interview = scheduled.headers["Location"].rsplit("/", 1)[1]
    before = _html(client.get(f"/interviews/{interview}"))
    assert "Jane Smith (Hiring Manager)" in before and "Mon 2 Mar 2026 10:00 MST" in before
    assert "THANK_YOU_MISSING" in before  # no thank-you for months

    logged = post(
        client,
        f"/candidates/{ref}/communications",
        {
            "log-interview": interview,
            "log-kind": "thank_you_email",
            "log-channel": "",
            "log-at": "2026-03-02T15:00",
        },
    )
    assert logged.status_code == 302, re.findall(
        r"class=\"error[^\"]*\"[^>]*>([^<]*)", _html(logged)
    )
    after = _html(client.get(f"/interviews/{interview}"))
    assert "thank you email" in after
    assert "THANK_YOU_MISSING" not in after
    # The recruiter's own candidates are theirs, whatever the form says.
    assert "Cleo Diaz" in _html(client.get("/candidates"))


def test_form_errors_show_beside_the_field(client, refs):
    sign_in(client, RECRUITER)
    response = post(
        client,
        f"/candidates/{refs['mine']}/interviews",
        {
            "interview-company": "Initech",
            "interview-position": "Analyst",
            "interview-starts_at": "2026-03-02T10:00",
            "interview-ends_at": "2026-03-02T09:00",
            "interview-round": "1",
            "interview-format": "onsite",
            "interview-contact_preference": "none",
        },
    )
    assert response.status_code == 422
    page = _html(response)
    assert re.search(
        r'id="interview-ends_at"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="interview-ends_at"',
        page,
    )
    assert "must be after" in page and "Traceback" not in page


def test_move_a_stage_and_a_stale_move_is_refused(client, app, refs):
    sign_in(client, RECRUITER)
    ref = refs["mine"]
    assert (
        post(client, f"/candidates/{ref}/stage", {"stage": "screening", "version": "1"}).status_code
        == 302
    )
    page = _html(client.get(f"/candidates/{ref}"))
    assert "Stage <strong>screening</strong>" in page
    stale = post(
        client,
        f"/candidates/{ref}/stage",
        {"stage": "offer", "version": "1"},
        follow_redirects=True,
    )
    assert "changed by someone else" in _html(stale)
    assert "Stage <strong>screening</strong>" in _html(client.get(f"/candidates/{ref}"))


def test_pipeline_moves_with_a_form_and_comes_back(client, refs):
    sign_in(client, RECRUITER)
    board = _html(client.get("/pipeline"))
    assert 'sourced <span class="muted">(2)</span>' in board
    moved = post(
        client,
        f"/candidates/{refs['mine_too']}/stage",
        {"stage": "offer", "version": "1", "next": "/pipeline"},
    )
    assert moved.headers["Location"] == "/pipeline"
    assert 'offer <span class="muted">(1)</span>' in _html(client.get("/pipeline"))


def test_two_people_editing_a_profile_the_second_save_is_refused(app, refs):
    first, second = app.test_client(), app.test_client()
    sign_in(first, ADMIN)
    sign_in(second, RECRUITER)
    ref = refs["mine"]
    form = {
        "profile-name": "Ada Park",
        "profile-email": "mine@example.com",
        "profile-recruiter": RECRUITER,
        "profile-version": "1",
    }
    assert (
        post(first, f"/candidates/{ref}/profile", {**form, "profile-phone": "555-0100"}).status_code
        == 302
    )
    refused = post(
        second, f"/candidates/{ref}/profile", {**form, "profile-notes": "from the second"}
    )
    assert refused.status_code == 422
    assert "changed by someone else" in _html(refused)
    page = _html(first.get(f"/candidates/{ref}"))
    assert "555-0100" in page and "from the second" not in page


def test_outcome_and_note_arrival_are_recorded(client, refs):
    sign_in(client, RECRUITER)
    interview, ref = refs["mine_interview"], refs["mine"]
    post(
        client,
        f"/candidates/{ref}/communications",
        {
            "log-interview": interview,
            "log-kind": "thank_you_note",
            "log-channel": "",
            "log-at": _today_local(client, interview),
        },
    )
    page = _html(client.get(f"/interviews/{interview}"))
    note = re.search(r'name="communication" value="(M-\d+)"', page).group(1)
    assert (
        post(
            client,
            f"/interviews/{interview}/arrival",
            {"communication": note, "arrived_on": "2099-01-01"},
        ).status_code
        == 302
    )
    assert post(
        client, f"/interviews/{interview}/outcome", {"outcome": "rejected", "version": "2"}
    ).status_code in (302, 422)
    assert (
        post(client, f"/interviews/{interview}/outcome", {"outcome": "advanced"}).status_code == 302
    )
    assert "Outcome recorded: advanced" in _html(client.get(f"/interviews/{interview}"))


def _today_local(client, interview):
    from datetime import datetime

    return datetime.now().strftime("%Y-%m-%dT%H:%M")


def test_activity_names_the_signed_in_person(client, refs):
    sign_in(client, RECRUITER)
    post(client, f"/candidates/{refs['mine']}/stage", {"stage": "screening"})
    page = _html(client.get(f"/activity?candidate={refs['mine']}"))
    assert RECRUITER in page and "screening" in page
    assert "screening" in _html(client.get(f"/activity?by={RECRUITER}"))
    assert "screening" not in _html(client.get("/activity?by=nobody@agency.example"))


def test_candidate_list_searches_companies_and_filters_by_status(client, refs):
    sign_in(client, ADMIN)
    found = _html(client.get("/candidates?q=globex"))
    assert "Bea Other" in found and "Ada Park" not in found
    overdue = _html(client.get("/candidates?status=overdue"))
    assert "Ada Park" in overdue and "Ben Okafor" not in overdue
    by_recruiter = _html(client.get(f"/candidates?recruiter={OTHER}"))
    assert "Bea Other" in by_recruiter and "Ada Park" not in by_recruiter


def test_handout_preview_and_pdf(client, refs):
    sign_in(client, RECRUITER)
    interview = refs["mine_interview"]
    preview = client.get(f"/interviews/{interview}/handout")
    assert preview.status_code == 200 and "Ada Park" in _html(preview)
    policy = preview.headers["Content-Security-Policy"]
    assert "sandbox" in policy and "font-src data:" in policy  # the embedded fonts may load
    assert len(preview.data) < 400_000
    pdf = client.get(f"/interviews/{interview}/handout.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # The candidate's page previews the latest interview's handout and links every PDF.
    page = _html(client.get(f"/candidates/{refs['mine']}"))
    assert f'src="/interviews/{interview}/handout"' in page
    assert f'href="/interviews/{interview}/handout.pdf"' in page
    assert "handout.pdf" not in _html(client.get(f"/candidates/{refs['mine_too']}"))  # none yet


def test_activity_shows_times_in_the_agencys_zone(client, database_url, refs):
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from recruiter_kit.db import create_db_engine, session_factory, transaction
    from recruiter_kit.services.policy import set_policy

    engine = create_db_engine(database_url)
    with transaction(session_factory(engine)) as session:
        set_policy(session, {"default_timezone": "Asia/Tokyo"})
    engine.dispose()
    sign_in(client, RECRUITER)
    before = datetime.now(UTC)
    post(client, f"/candidates/{refs['mine']}/stage", {"stage": "screening"})
    page = _html(client.get(f"/activity?candidate={refs['mine']}"))
    shown = re.findall(r"<time datetime=\"([^\"]+)\">([^<]+) (\w+)</time>", page)
    moment, text, abbreviation = shown[0]  # the newest change: the move just made
    assert abbreviation == "JST" and "UTC" not in page
    local = datetime.fromisoformat(moment)
    assert local.utcoffset().total_seconds() == 9 * 3600
    assert abs((local - before).total_seconds()) < 120
    assert text.endswith(local.astimezone(ZoneInfo("Asia/Tokyo")).strftime("%H:%M"))


def test_the_pipeline_script_is_this_sites_own_and_only_enhances_the_form(client, refs):
    sign_in(client, RECRUITER)
    board = _html(client.get("/pipeline"))
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", board, re.S)
    assert scripts == [(' src="/static/pipeline.js" defer', "")]  # no inline script
    assert f'data-card="{refs["mine"]}"' in board and 'data-stage="offer"' in board
    assert f'action="/candidates/{refs["mine"]}/stage"' in board  # the form still moves
    script = client.get("/static/pipeline.js")
    assert script.status_code == 200 and "javascript" in script.mimetype
    assert "http" not in script.get_data(as_text=True)  # nothing from another host
