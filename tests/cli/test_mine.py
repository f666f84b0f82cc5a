"""--mine: the acting person's candidates, on the report and the lists."""

import json

import pytest

AS_OF = "2026-03-04T09:00:00-06:00"


def _ok(result):
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def two_recruiters(cli):
    for email, name in [("kd@agency.example", "Ada Park"), ("ms@agency.example", "Ben Ode")]:
        _ok(cli("users", "add", email, "--password-stdin", input="s3cret-pass\n"))
        ref = _ok(cli("candidates", "add", name, "--recruiter", email)).strip()
        _ok(
            cli(
                "interviews", "add", ref, "--company", "Acme Corp", "--position", "Analyst",
                "--starts-at", "2026-03-02T10:00",
            )
        )  # fmt: skip
    _ok(cli("candidates", "add", "Cy Unassigned"))
    return cli


def test_mine_shows_only_the_acting_persons_candidates(two_recruiters, monkeypatch):
    cli = two_recruiters
    listed = json.loads(
        _ok(cli("--as", "ms@agency.example", "candidates", "list", "--mine", "--format", "json"))
    )
    assert [c["name"] for c in listed] == ["Ben Ode"]

    monkeypatch.setenv("RECRUITER_KIT_USER", "kd@agency.example")
    report = json.loads(_ok(cli("report", "--mine", "--as-of", AS_OF, "--format", "json")))
    assert [row["candidate_ref"] for row in report["interviews"]] == ["C-000001"]
    interviews = _ok(cli("interviews", "list", "--mine", "--format", "csv"))
    assert [line.split(",")[:2] for line in interviews.splitlines()[1:]] == [
        ["C-000001", "I-000001"]
    ]


def test_mine_needs_an_acting_person(two_recruiters, monkeypatch):
    monkeypatch.delenv("RECRUITER_KIT_USER", raising=False)
    for command in (["report"], ["candidates", "list"], ["interviews", "list"]):
        result = two_recruiters(*command, "--mine")
        assert result.exit_code == 2, result.output
        assert "--mine needs to know who you are: give --as EMAIL" in result.output
    both = two_recruiters("--as", "kd@agency.example", "report", "--mine", "--recruiter", "x@y.z")
    assert both.exit_code == 2 and "give --mine or --recruiter, not both" in both.output
    unknown = two_recruiters("--as", "who@agency.example", "candidates", "list", "--mine")
    assert unknown.exit_code == 1 and "acting user 'who@agency.example'" in unknown.output
