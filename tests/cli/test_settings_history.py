"""Changes to the policy, the agency's branding and accounts go into the history."""

import json

import pytest

ADMIN = "boss@agency.example"


def _ok(result):
    assert result.exit_code == 0, result.output
    return result.stdout


def _history(cli, *args):
    return [
        (entry["by"], entry["record"], entry["field"], entry["from"], entry["to"])
        for entry in json.loads(_ok(cli("history", "--format", "json", *args)))
    ]


@pytest.fixture
def as_admin(cli):
    """The CLI acting as an admin account (created by the OS login)."""
    _ok(cli("users", "add", ADMIN, "--role", "admin", "--password-stdin", input="s3cret-pass\n"))
    return lambda *args, **kwargs: cli("--as", ADMIN, *args, **kwargs)


def test_policy_changes_are_recorded_with_old_and_new_values(as_admin):
    _ok(as_admin("policy", "set", "thank_you_email_hours", "48"))
    _ok(as_admin("policy", "set", "thank_you_email_hours", "48"))  # no change: no entry
    _ok(as_admin("policy", "set", "holiday_subdivision", "NE"))
    _ok(as_admin("policy", "reset"))
    assert _history(as_admin, "--by", ADMIN) == [
        (ADMIN, "policy", "thank_you_email_hours", "24", "48"),
        (ADMIN, "policy", "holiday_subdivision", None, "NE"),
        (ADMIN, "policy", "holiday_subdivision", "NE", None),  # reset: by name
        (ADMIN, "policy", "thank_you_email_hours", "48", "24"),
    ]


def test_branding_changes_are_recorded(as_admin):
    _ok(as_admin("agency", "set", "name", "Prairie Staffing"))
    _ok(as_admin("agency", "set", "paper_size", "a4"))
    _ok(as_admin("agency", "set", "name", ""))
    assert _history(as_admin, "--by", ADMIN) == [
        (ADMIN, "agency", "name", "Your staffing agency", "Prairie Staffing"),
        (ADMIN, "agency", "paper_size", "letter", "a4"),
        (ADMIN, "agency", "name", "Prairie Staffing", "Your staffing agency"),
    ]


def test_account_changes_are_recorded_and_no_password_is_kept(as_admin, cli):
    user = "kd@agency.example"
    _ok(as_admin("users", "add", user, "--name", "K D", "--password-stdin", input="pass-word-1\n"))
    _ok(as_admin("users", "set-role", user, "admin"))
    _ok(as_admin("users", "set-password", user, "--password-stdin", input="pass-word-2\n"))
    _ok(as_admin("users", "deactivate", user))
    entries = _history(as_admin, "--by", ADMIN)
    assert [entry[1:3] for entry in entries] == [
        (f"user {user}", "created"),
        (f"user {user}", "role"),
        (f"user {user}", "password"),
        (f"user {user}", "active"),
    ]
    created = json.loads(entries[0][4])
    assert created == {
        "email": user,
        "name": "K D",
        "role": "recruiter",
        "active": "yes",
        "password": "set",
    }
    assert entries[1][3:] == ("recruiter", "admin")
    assert entries[2][3:] == (None, "password changed")
    assert entries[3][3:] == ("yes", "no")
    everything = _ok(cli("history", "--format", "csv"))
    assert (
        "pass-word" not in everything and "pbkdf2" not in everything and "scrypt" not in everything
    )
    # The admin account itself was created without --as: by the OS login.
    (first,) = [entry for entry in _history(cli) if entry[1] == f"user {ADMIN}"]
    assert first[0].startswith("cli:")


def test_settings_entries_belong_to_no_candidate_and_filters_still_work(as_admin):
    _ok(as_admin("candidates", "add", "Ada Park", "--timezone", "America/Chicago"))
    _ok(as_admin("policy", "set", "thank_you_email_hours", "30"))
    assert [entry[1] for entry in _history(as_admin, "--candidate", "C-000001")] == [
        "candidate C-000001"
    ]
    table = _ok(as_admin("history", "--by", ADMIN))
    assert "thank_you_email_hours" in table and "Traceback" not in table
    entries = json.loads(_ok(as_admin("history", "--format", "json", "--since", "2026-01-01")))
    policy = [entry for entry in entries if entry["record"] == "policy"]
    assert policy and policy[0]["candidate"] is None
    assert _history(as_admin, "--since", "2199-01-01") == []


def test_import_applying_a_policy_records_it(as_admin, tmp_path):
    path = tmp_path / "agency.json"
    document = {"format": "recruiter-kit/1", "policy": {"thank_you_email_hours": 36}}
    path.write_text(json.dumps(document))
    _ok(as_admin("import", str(path), "--apply-policy"))
    assert _history(as_admin, "--by", ADMIN) == [
        (ADMIN, "policy", "thank_you_email_hours", "24", "36")
    ]


def test_import_records_the_accounts_it_creates_and_renames(as_admin, tmp_path):
    path = tmp_path / "agency.json"
    recruiters = [
        {"email": "new@agency.example", "name": "New Person"},
        {"email": ADMIN, "name": "The Boss"},  # was created without a name
    ]
    path.write_text(json.dumps({"format": "recruiter-kit/1", "recruiters": recruiters}))
    _ok(as_admin("import", str(path)))
    created, renamed = _history(as_admin, "--by", ADMIN)
    assert created[1:3] == ("user new@agency.example", "created")
    assert json.loads(created[4]) == {
        "email": "new@agency.example",
        "name": "New Person",
        "role": "recruiter",
        "active": "yes",
        "password": None,
    }
    assert renamed == (ADMIN, f"user {ADMIN}", "name", "", "The Boss")
    _ok(as_admin("import", str(path)))  # nothing changes the second time: no entry
    assert len(_history(as_admin, "--by", ADMIN)) == 2
