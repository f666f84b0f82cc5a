"""Correcting mistakes from the command line, and the history of who did what."""

import json

import pytest
from sqlalchemy import update

from recruiter_kit.db import create_db_engine
from recruiter_kit.models import User


def _ok(result):
    assert result.exit_code == 0, result.output
    return result.stdout


def _fails(result, message):
    assert result.exit_code == 1, result.output
    assert message in result.output, result.output
    assert "Traceback" not in result.output


@pytest.fixture
def agency(cli):
    """Two recruiters, one candidate with one interview and two logged communications."""
    for email in ("kd@agency.example", "ms@agency.example"):
        _ok(cli("users", "add", email, "--password-stdin", input="s3cret-pass\n"))
    _ok(
        cli(
            "--as", "kd@agency.example", "candidates", "add", "Ada Park",
            "--email", "ada@example.com", "--timezone", "America/Chicago",
            "--recruiter", "kd@agency.example",
        )
    )  # fmt: skip
    _ok(
        cli(
            "--as", "kd@agency.example", "interviews", "add", "C-000001",
            "--company", "Acme Corp", "--position", "Account Manager",
            "--starts-at", "2026-03-02T10:00", "--ends-at", "2026-03-02T10:45",
            "--interviewer", "Jane Smith, Hiring Manager",
        )
    )  # fmt: skip
    _ok(
        cli(
            "--as",
            "kd@agency.example",
            "log",
            "I-000001",
            "thank_you_email",
            "--at",
            "2026-03-02T15:00",
        )
    )
    _ok(
        cli(
            "--as",
            "kd@agency.example",
            "log",
            "I-000001",
            "thank_you_note",
            "--at",
            "2026-03-02T18:00",
        )
    )
    return cli


def history(cli, *args):
    return json.loads(_ok(cli("history", "--format", "json", *args)))


def test_candidates_edit_changes_the_given_fields_and_records_who(agency):
    out = _ok(
        agency(
            "--as", "ms@agency.example", "candidates", "edit", "C-000001",
            "--name", "Ada Park-Lee", "--phone", "+1 402 555 0199", "--email", "",
            "--recruiter", "ms@agency.example",
        )
    )  # fmt: skip
    assert out.splitlines() == [
        "C-000001: 4 change(s), now version 2",
        "  name: 'Ada Park' → 'Ada Park-Lee'",
        "  email: 'ada@example.com' → (empty)",
        "  phone: (empty) → '+1 402 555 0199'",
        "  recruiter: 'kd@agency.example' → 'ms@agency.example'",
    ]
    shown = json.loads(_ok(agency("candidates", "show", "C-000001", "--format", "json")))
    assert (shown["name"], shown["email"], shown["recruiter"]) == (
        "Ada Park-Lee",
        None,
        "ms@agency.example",
    )
    changes = history(agency, "--by", "ms@agency.example")
    assert [(c["record"], c["field"]) for c in changes] == [
        ("candidate C-000001", "name"),
        ("candidate C-000001", "email"),
        ("candidate C-000001", "phone"),
        ("candidate C-000001", "recruiter"),
    ]
    assert _ok(agency("candidates", "edit", "C-000001", "--name", "Ada Park-Lee")) == (
        "C-000001: nothing to change\n"
    )


def test_an_edit_is_checked_and_a_stale_one_refused(agency):
    _fails(
        agency("candidates", "edit", "C-000001", "--timezone", "Mars/Base"),
        "candidate C-000001 field 'timezone': unknown time zone 'Mars/Base'",
    )
    _fails(agency("candidates", "edit", "C-9", "--name", "X"), "no candidate with ref 'C-9'")
    _ok(agency("candidates", "edit", "C-000001", "--notes", "first", "--expected-version", "1"))
    _fails(
        agency("candidates", "edit", "C-000001", "--notes", "again", "--expected-version", "1"),
        "candidate C-000001 was changed by someone else (version 2, you had 1): reload and retry",
    )
    _fails(
        agency("interviews", "edit", "I-000001", "--ends-at", "2026-03-02T09:00"),
        "interview I-000001 field 'ends_at': must be after starts_at",
    )


def test_interviews_edit_reads_local_times_and_replaces_interviewers(agency):
    out = _ok(
        agency(
            "interviews", "edit", "I-000001", "--company", "Zenith", "--round", "2",
            "--starts-at", "2026-03-02T11:00", "--ends-at", "2026-03-02T12:00",
            "--decision-by", "2026-03-13", "--timeline-asked", "--contact-preference", "email",
            "--interviewer", "Jane Smith, CEO", "--interviewer", "Bo Li", "--notes", "Panel",
        )
    )  # fmt: skip
    assert "interviewers: 'Jane Smith (Hiring Manager)' → 'Bo Li; Jane Smith (CEO)'" in out
    assert "starts_at: '2026-03-02T16:00:00+00:00' → '2026-03-02T17:00:00+00:00'" in out
    shown = json.loads(_ok(agency("interviews", "show", "I-000001", "--format", "json")))
    assert shown["company"] == "Zenith" and shown["round"] == 2
    assert shown["starts_at"] == "2026-03-02T11:00:00-06:00"
    assert shown["decision_by"] == "2026-03-13" and shown["timeline_asked"] is True
    assert shown["interviewers"] == "Bo Li, Jane Smith (CEO)"
    _ok(agency("interviews", "edit", "I-000001", "--decision-by", "", "--timeline-not-asked"))
    shown = json.loads(_ok(agency("interviews", "show", "I-000001", "--format", "json")))
    assert shown["decision_by"] is None and shown["timeline_asked"] is False


def test_communications_list_show_and_edit(agency):
    listed = json.loads(_ok(agency("communications", "list", "--format", "json")))
    assert [(c["ref"], c["kind"], c["at"]) for c in listed] == [
        ("M-000001", "thank_you_email", "2026-03-02T15:00:00-06:00"),
        ("M-000002", "thank_you_note", "2026-03-02T18:00:00-06:00"),
    ]
    table = _ok(agency("communications", "list", "--interview", "I-000001"))
    assert table.splitlines()[0].split() == [
        "REF", "INTERVIEW", "CANDIDATE", "KIND", "CHANNEL", "AT", "ARRIVED", "ON", "SUMMARY",
    ]  # fmt: skip
    csv_out = _ok(agency("communications", "list", "--kind", "thank_you_note", "--format", "csv"))
    assert csv_out.splitlines()[1].startswith("M-000002,I-000001,C-000001,thank_you_note,mail,")
    shown = _ok(agency("communications", "show", "M-000001"))
    assert "version:        1" in shown and "at:             Mon 2 Mar 2026 15:00 CST" in shown
    out = _ok(
        agency(
            "communications", "edit", "M-000001", "--at", "2026-03-02T14:00",
            "--summary", "Thanked Jane", "--expected-version", "1",
        )
    )  # fmt: skip
    assert "at: '2026-03-02T21:00:00+00:00' → '2026-03-02T20:00:00+00:00'" in out
    _fails(
        agency("communications", "edit", "M-000001", "--channel", "phone"),
        "communication M-000001 field 'channel': a thank_you_email always goes by email",
    )
    _fails(agency("communications", "show", "M-9"), "no communication with ref 'M-9'")
    assert _ok(agency("communications", "show", "m-000002")).startswith("ref:            M-000002")


def test_log_note_arrived_completes_the_logged_note(agency):
    out = _ok(agency("log", "note-arrived", "M-000002", "--on", "2026-03-04"))
    assert out.splitlines()[1] == "  arrived_on: (empty) → '2026-03-04'"
    shown = json.loads(_ok(agency("interviews", "show", "I-000001", "--format", "json")))
    assert [c["arrived_on"] for c in shown["communications"]] == [None, "2026-03-04"]
    _fails(
        agency("log", "note-arrived", "M-000001", "--on", "2026-03-04"),
        "only a thank_you_note has an arrival date",
    )
    # Recording a communication is still `log INTERVIEW_REF KIND`.
    assert _ok(agency("log", "I-000001", "follow_up", "--channel", "email")).strip() == "M-000003"


def test_a_deleted_communication_is_kept_in_the_history(agency):
    out = _ok(agency("--as", "ms@agency.example", "communications", "delete", "M-000001"))
    assert out.startswith("M-000001: deleted (thank_you_email of I-000001")
    assert [
        c["ref"] for c in json.loads(_ok(agency("communications", "list", "--format", "json")))
    ] == ["M-000002"]
    deleted = history(agency, "--candidate", "C-000001", "--by", "ms@agency.example")
    assert [(c["record"], c["field"], c["to"]) for c in deleted] == [
        ("communication M-000001", "deleted", None)
    ]
    assert json.loads(deleted[0]["from"])["at"] == "2026-03-02T21:00:00+00:00"
    _fails(agency("communications", "delete", "M-000001"), "no communication with ref 'M-000001'")


def test_history_shows_who_and_filters(agency, monkeypatch):
    monkeypatch.setenv("RECRUITER_KIT_USER", "ms@agency.example")
    _ok(agency("candidates", "move-stage", "C-000001", "interviewing"))
    monkeypatch.delenv("RECRUITER_KIT_USER")
    _ok(agency("candidates", "edit", "C-000001", "--notes", "by the OS login"))
    rows = history(agency, "--candidate", "C-000001")
    assert [(r["by"], r["field"]) for r in rows][-2:] == [
        ("ms@agency.example", "stage"),
        (f"cli:{__import__('getpass').getuser()}", "notes"),
    ]
    assert {r["by"] for r in rows[:4]} == {"kd@agency.example"}
    _ok(agency("--as", "kd@agency.example", "candidates", "archive", "C-000001"))
    _ok(agency("--as", "kd@agency.example", "candidates", "archive", "C-000001", "--undo"))
    archived = [r for r in history(agency, "--candidate", "C-000001") if r["field"] == "archived"]
    assert [(r["from"], r["to"], r["by"]) for r in archived] == [
        ("no", "yes", "kd@agency.example"),
        ("yes", "no", "kd@agency.example"),
    ]
    assert history(agency, "--since", "2199-01-01") == []
    assert len(history(agency, "--limit", "2")) == 2
    table = _ok(agency("history", "--candidate", "C-000001"))
    assert table.splitlines()[0].split() == [
        "AT",
        "BY",
        "CANDIDATE",
        "RECORD",
        "FIELD",
        "FROM",
        "TO",
    ]
    _fails(agency("history", "--candidate", "C-9"), "no candidate with ref 'C-9'")


def test_the_acting_person_must_be_an_active_user(agency, database_url, monkeypatch):
    _fails(
        agency("--as", "nobody@agency.example", "candidates", "edit", "C-000001", "--notes", "x"),
        "acting user 'nobody@agency.example': no account with this email",
    )
    monkeypatch.setenv("RECRUITER_KIT_USER", "nobody@agency.example")
    _fails(
        agency("log", "I-000001", "follow_up", "--channel", "email"),
        "acting user 'nobody@agency.example'",
    )
    monkeypatch.delenv("RECRUITER_KIT_USER")
    engine = create_db_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            update(User).where(User.email == "ms@agency.example").values(active=False)
        )
    engine.dispose()
    _fails(
        agency("--as", "MS@agency.example", "candidates", "edit", "C-000001", "--notes", "x"),
        "user ms@agency.example field 'active': the account is deactivated",
    )
    # Reading needs no acting person.
    _ok(agency("--as", "nobody@agency.example", "history"))
