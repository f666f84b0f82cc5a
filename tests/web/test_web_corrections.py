"""Correcting on the web what the command line corrects: an interview's details, a logged
communication (edited or deleted, its content kept in the history), for both roles."""

from __future__ import annotations

import html
import re

import pytest
from web_support import ADMIN, OTHER, RECRUITER, add_agency, post, sign_in


@pytest.fixture
def refs(database_url):
    return add_agency(database_url)


def _html(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _edit_form(client, interview) -> dict[str, str]:
    """The interview's edit form as the page fills it in (what a browser would send)."""
    page = client.get(f"/interviews/{interview}").get_data(as_text=True)
    form = page.split('id="edit-form"', 1)[1].split("</form>", 1)[0]
    values = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="(edit-[a-z_]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        wanted = 'type="checkbox"' not in tag or " checked" in tag  # as a browser sends them
        if name and name.group(1) != "edit-csrf_token" and wanted:
            values[name.group(1)] = html.unescape(value.group(1) if value else "")
    for name, text in re.findall(r'<textarea[^>]*name="(edit-[a-z_]+)"[^>]*>([^<]*)<', form):
        values[name] = html.unescape(text).strip("\r\n")
    for name, options in re.findall(
        r'<select[^>]*name="(edit-[a-z_]+)"[^>]*>(.*?)</select>', form, re.S
    ):
        values[name] = re.search(r'<option selected value="([^"]*)"', options).group(1)
    return values


def _log(client, candidate, interview, kind="follow_up", at="2099-01-01T09:00", **extra) -> str:
    logged = post(
        client,
        f"/candidates/{candidate}/communications",
        {
            "log-interview": interview,
            "log-kind": kind,
            "log-channel": "email",
            "log-at": at,
            **extra,
        },
    )
    assert logged.status_code == 302, _html(logged)
    page = _html(client.get(f"/interviews/{interview}"))
    return re.findall(rf"/interviews/{interview}/communications/(M-\d+)", page)[-1]


@pytest.mark.parametrize("who", [RECRUITER, ADMIN])
def test_correct_an_interview(client, refs, who):
    sign_in(client, who)
    interview = refs["mine_interview"]
    form = _edit_form(client, interview)
    assert form["edit-company"] == "Acme Corp" and form["edit-version"] == "1"
    saved = post(
        client,
        f"/interviews/{interview}/edit",
        {
            **form,
            "edit-company": "Acme Holdings",
            "edit-position": "Senior Analyst",
            "edit-round": "2",
            "edit-format": "video",
            "edit-starts_at": "2026-03-02T10:00",
            "edit-ends_at": "2026-03-02T11:00",
            "edit-decision_by": "2026-03-13",
            "edit-timeline_asked": "y",
            "edit-contact_preference": "email",
            "edit-interviewers": "Jane Smith, CEO\nBo Li",
            "edit-notes": "Corrected from the booking email",
        },
    )
    assert saved.status_code == 302, re.findall(r'class="error[^"]*"[^>]*>([^<]*)', _html(saved))
    page = _html(client.get(f"/interviews/{interview}"))
    assert "Acme Holdings, Senior Analyst" in page and "round 2" in page
    assert "Mon 2 Mar 2026 10:00 CST" in page  # typed in the candidate's zone
    assert "Bo Li, Jane Smith (CEO)" in page and "Fri 13 Mar 2026" in page
    assert _edit_form(client, interview)["edit-interviewers"] == "Bo Li\nJane Smith, CEO"
    assert "Corrected from the booking email" in page
    history = _html(client.get(f"/activity?candidate={refs['mine']}"))
    assert "Acme Holdings" in history and who in history
    # Saved again unchanged, nothing changes (and the history gains nothing).
    again = post(client, f"/interviews/{interview}/edit", _edit_form(client, interview))
    assert again.status_code == 302
    assert "Interview saved (0 changes)" in _html(client.get(f"/interviews/{interview}"))


def test_a_stale_interview_edit_is_refused_and_what_was_typed_is_kept(app, refs):
    first, second = app.test_client(), app.test_client()
    sign_in(first, ADMIN)
    sign_in(second, RECRUITER)
    interview = refs["mine_interview"]
    form = _edit_form(first, interview)
    assert (
        post(first, f"/interviews/{interview}/edit", {**form, "edit-position": "Lead"}).status_code
        == 302
    )
    refused = post(
        second, f"/interviews/{interview}/edit", {**form, "edit-notes": "typed by the second"}
    )
    assert refused.status_code == 422
    page = _html(refused)
    assert "changed by someone else" in page
    assert "typed by the second" in page  # the form comes back as typed
    saved = _html(first.get(f"/interviews/{interview}"))
    assert "Acme Corp, Lead" in saved and "typed by the second" not in saved


def test_interview_edit_errors_show_beside_the_field(client, refs):
    sign_in(client, RECRUITER)
    interview = refs["mine_interview"]
    form = _edit_form(client, interview)
    refused = post(
        client,
        f"/interviews/{interview}/edit",
        {**form, "edit-starts_at": "2026-03-02T10:00", "edit-ends_at": "2026-03-02T09:00"},
    )
    assert refused.status_code == 422
    page = _html(refused)
    assert re.search(
        r'aria-invalid="true"[^>]*id="edit-ends_at"|id="edit-ends_at"[^>]*aria-invalid="true"', page
    )
    assert "Traceback" not in page


def test_correct_and_delete_a_logged_communication(client, refs):
    sign_in(client, RECRUITER)
    candidate, interview = refs["mine"], refs["mine_interview"]
    entry = _log(
        client,
        candidate,
        interview,
        **{"log-channel": "phone", "log-summary": "Left a voicemail"},
    )
    url = f"/interviews/{interview}/communications/{entry}"
    page = _html(client.get(url))
    assert "Left a voicemail" in page and 'value="1"' in page  # its version
    saved = post(
        client,
        url,
        {
            "entry-kind": "follow_up",
            "entry-channel": "email",
            "entry-at": "2099-01-02T10:30",
            "entry-summary": "Emailed instead",
            "entry-version": "1",
        },
    )
    assert saved.status_code == 302, _html(saved)
    shown = _html(client.get(f"/interviews/{interview}"))
    assert "Emailed instead" in shown and "Fri 2 Jan 2099 10:30" in shown

    stale = post(
        client,
        url,
        {
            "entry-kind": "follow_up",
            "entry-channel": "phone",
            "entry-at": "2099-01-02T10:30",
            "entry-version": "1",
        },
    )
    assert stale.status_code == 422 and "changed by someone else" in _html(stale)
    wrong = post(
        client,
        url,
        {
            "entry-kind": "thank_you_email",
            "entry-channel": "phone",
            "entry-at": "2099-01-02T10:30",
            "entry-version": "2",
        },
    )
    assert wrong.status_code == 422
    assert re.search(
        r'id="entry-channel"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="entry-channel"',
        _html(wrong),
    )

    unconfirmed = post(client, f"{url}/delete", {"delete-version": "2"})
    assert unconfirmed.status_code == 422 and "Tick the box" in _html(unconfirmed)
    assert entry in _html(client.get(f"/interviews/{interview}"))
    deleted = post(client, f"{url}/delete", {"delete-confirm": "y", "delete-version": "2"})
    assert deleted.status_code == 302
    assert f"/communications/{entry}" not in _html(client.get(f"/interviews/{interview}"))
    assert client.get(url).status_code == 404
    history = _html(client.get(f"/activity?candidate={candidate}"))
    assert "Emailed instead" in history and "deleted" in history  # the content is kept


def test_a_mailed_note_is_marked_arrived_from_its_correction_page(client, refs):
    sign_in(client, RECRUITER)
    candidate, interview = refs["mine"], refs["mine_interview"]
    from datetime import UTC, datetime, timedelta

    sent = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    note = _log(client, candidate, interview, kind="thank_you_note", at=sent, **{"log-channel": ""})
    url = f"/interviews/{interview}/communications/{note}"
    form = _html(client.get(url))
    assert 'id="entry-channel"' in form
    arrived = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    saved = post(
        client,
        url,
        {
            "entry-kind": "thank_you_note",
            "entry-channel": "",
            "entry-at": sent,
            "entry-arrived_on": arrived,
            "entry-version": "1",
        },
    )
    assert saved.status_code == 302, _html(saved)
    assert "mail" in _html(client.get(f"/interviews/{interview}"))
    assert 'name="communication"' not in _html(
        client.get(f"/interviews/{interview}")
    )  # no longer awaited


def test_a_second_arrival_recorded_from_a_stale_page_is_refused(app, refs):
    first, second = app.test_client(), app.test_client()
    sign_in(first, ADMIN)
    sign_in(second, RECRUITER)
    candidate, interview = refs["mine"], refs["mine_interview"]
    note = _log(first, candidate, interview, kind="thank_you_note", **{"log-channel": ""})

    def arrival_form(client) -> dict[str, str]:
        page = client.get(f"/interviews/{interview}").get_data(as_text=True)
        form = page.split(f'value="{note}"', 1)[1].split("</form>", 1)[0]
        return {
            "communication": note,
            "version": re.search(r'name="version" value="(\d+)"', form).group(1),
        }

    seen_by_first, seen_by_second = arrival_form(first), arrival_form(second)
    url = f"/interviews/{interview}/arrival"
    assert post(first, url, {**seen_by_first, "arrived_on": "2099-01-04"}).status_code == 302
    refused = post(
        second, url, {**seen_by_second, "arrived_on": "2099-01-05"}, follow_redirects=True
    )
    assert "changed by someone else" in _html(refused)
    page = _html(first.get(f"/interviews/{interview}/communications/{note}"))
    assert 'value="2099-01-04"' in page and "2099-01-05" not in page


def test_another_recruiters_records_cannot_be_corrected(app, refs, database_url):
    owner, intruder = app.test_client(), app.test_client()
    sign_in(owner, OTHER)
    sign_in(intruder, RECRUITER)
    theirs, interview = refs["theirs"], refs["theirs_interview"]
    entry = _log(owner, theirs, interview)
    url = f"/interviews/{interview}/communications/{entry}"
    assert intruder.get(url).status_code == 404
    for target, data in (
        (f"/interviews/{interview}/edit", {"edit-company": "Taken", "edit-position": "X"}),
        (
            url,
            {"entry-kind": "follow_up", "entry-channel": "email", "entry-at": "2099-01-01T09:00"},
        ),
        (f"{url}/delete", {"delete-confirm": "y"}),
    ):
        response = post(intruder, target, data)
        assert response.status_code == 404, target
        assert "Bea Other" not in _html(response)
    # A communication reached through another interview's address is not found either.
    assert (
        owner.get(f"/interviews/{refs['mine_interview']}/communications/{entry}").status_code == 404
    )
    assert entry in _html(owner.get(f"/interviews/{interview}"))
