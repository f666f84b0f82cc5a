"""A recruiter's day from the command line alone."""

import csv
import io
import json

AS_OF_NEXT_DAY = "2026-03-04T09:00:00-06:00"


def _ok(result):
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_recruiter_tracks_a_candidate_from_first_interview_to_rejection(cli):
    _ok(
        cli(
            "users",
            "add",
            "kd@agency.example",
            "--name",
            "Keeley",
            "--password-stdin",
            input="s3cret-pass\n",
        )
    )
    ref = _ok(
        cli(
            "candidates",
            "add",
            "Ada Park",
            "--email",
            "ada@example.com",
            "--timezone",
            "America/Chicago",
            "--recruiter",
            "kd@agency.example",
            "--stage",
            "submitted",
        )
    )
    assert ref == "C-000001"
    interview = _ok(
        cli(
            "interviews",
            "add",
            ref,
            "--company",
            "Acme Corp",
            "--position",
            "Account Manager",
            "--starts-at",
            "2026-03-02T10:00",
            "--ends-at",
            "2026-03-02T10:45",
            "--contact-preference",
            "email",
            "--interviewer",
            "Jane Smith, Hiring Manager",
        )
    )
    _ok(cli("candidates", "move-stage", ref, "interviewing"))

    # No thank-you two days later: overdue, and cron hears about it.
    report = cli("report", "--as-of", AS_OF_NEXT_DAY, "--format", "json", "--fail-on", "overdue")
    assert report.exit_code == 3
    row = json.loads(report.stdout)["interviews"][0]
    assert row["interview_ref"] == interview and row["status"] == "overdue"
    assert "THANK_YOU_MISSING" in [f["code"] for f in row["findings"]]

    # The candidate sent it on time after all; the recruiter logs it in local time.
    _ok(cli("log", interview, "thank_you_email", "--at", "2026-03-02T15:00"))
    _ok(cli("log", interview, "follow_up", "--channel", "phone", "--at", "2026-03-03T09:00"))
    shown = json.loads(
        _ok(cli("interviews", "show", interview, "--as-of", AS_OF_NEXT_DAY, "--format", "json"))
    )
    assert [c["kind"] for c in shown["communications"]] == ["thank_you_email", "follow_up"]
    assert shown["starts_at"] == "2026-03-02T10:00:00-06:00"
    codes = [f["code"] for f in shown["findings"]]
    assert "THANK_YOU_MISSING" not in codes and "PHONE_AGAINST_PREFERENCE" in codes

    _ok(cli("interviews", "set-outcome", interview, "rejected", "--at", "2026-03-10T15:00-05:00"))
    table = _ok(cli("report", "--as-of", "2026-03-11T09:00:00-05:00"))
    assert "REJECTION_THANK_YOU_DUE" in table and "Ada Park (C-000001)" in table

    details = json.loads(_ok(cli("candidates", "show", ref, "--format", "json")))
    assert [(h["field"], h["to"]) for h in details["history"]] == [
        ("stage", "submitted"),
        ("outcome", "pending"),
        ("stage", "interviewing"),
        ("outcome", "rejected"),
    ]


def test_report_filters_and_csv_output(cli):
    for name, zone in [("Ada Park", "America/Chicago"), ("=HYPERLINK(1)", "America/New_York")]:
        ref = _ok(cli("candidates", "add", name, "--timezone", zone))
        _ok(
            cli(
                "interviews",
                "add",
                ref,
                "--company",
                "Acme",
                "--position",
                "Sales",
                "--starts-at",
                "2026-03-02T10:00",
            )
        )
    out = _ok(cli("report", "--as-of", "2026-03-02T12:00:00-06:00", "--format", "csv"))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sorted(row["candidate"] for row in rows) == ["'=HYPERLINK(1)", "Ada Park"]
    assert {row["status"] for row in rows} == {"due"}

    only = _ok(
        cli(
            "report",
            "--as-of",
            "2026-03-02T12:00:00-06:00",
            "--format",
            "json",
            "--candidate",
            "C-000001",
        )
    )
    assert [r["candidate"] for r in json.loads(only)["interviews"]] == ["Ada Park"]
    none = _ok(
        cli(
            "report",
            "--as-of",
            "2026-03-02T12:00:00-06:00",
            "--format",
            "json",
            "--status",
            "violation",
        )
    )
    assert json.loads(none)["interviews"] == []
    passing = cli("report", "--as-of", "2026-03-02T12:00:00-06:00", "--fail-on", "violation")
    assert passing.exit_code == 0


def test_policy_show_and_set(cli):
    _ok(cli("policy", "set", "thank_you_email_hours", "48"))
    shown = json.loads(_ok(cli("policy", "show", "--format", "json")))
    assert shown["thank_you_email_hours"] == 48
    bad = cli("policy", "set", "thank_you_email_hours", "soon")
    assert bad.exit_code == 1
    assert "expected a whole number" in bad.output and "Traceback" not in bad.output
    _ok(cli("policy", "reset"))
    assert json.loads(_ok(cli("policy", "show", "--format", "json")))["thank_you_email_hours"] == 24


def test_users_list(cli):
    _ok(
        cli(
            "users",
            "add",
            "b@agency.example",
            "--role",
            "admin",
            "--password-stdin",
            input="long-enough\n",
        )
    )
    listed = json.loads(_ok(cli("users", "list", "--format", "json")))
    assert listed == [
        {
            "email": "b@agency.example",
            "name": "",
            "role": "admin",
            "active": True,
            "can_sign_in": True,
        }
    ]


def test_users_add_prompts_for_the_password_twice(cli):
    mismatch = cli(
        "users", "add", "c@agency.example", input="first-pass\nother-pass\nfirst-pass\nfirst-pass\n"
    )
    assert mismatch.exit_code == 0, mismatch.output
    assert "do not match" in mismatch.output
    short = cli("users", "add", "d@agency.example", input="short\nshort\n")
    assert short.exit_code == 1 and "at least 8 characters" in short.output
    listed = json.loads(_ok(cli("users", "list", "--format", "json")))
    assert [(u["email"], u["can_sign_in"]) for u in listed] == [("c@agency.example", True)]
