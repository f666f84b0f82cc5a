"""Hostile values from the command line: refused in one line (a usage error for a malformed
option, exit 1 for a value the services refuse), and never stored to crash a later command."""

import pytest

RANGE = "outside the accepted range 1900-01-01 to 2200-01-01"


@pytest.fixture
def interview(cli):
    assert cli("candidates", "add", "Ada Park", "--timezone", "Pacific/Kiritimati").exit_code == 0
    added = cli(
        "interviews",
        "add",
        "C-000001",
        "--company",
        "Acme Corp",
        "--position",
        "Account Manager",
        "--starts-at",
        "2026-03-02T10:00",
    )
    assert added.exit_code == 0, added.output
    return added.output.strip()


def _add_interview(cli, *options):
    return cli(
        "interviews",
        "add",
        "C-000001",
        "--company",
        "Acme Corp",
        "--position",
        "Account Manager",
        *options,
    )


@pytest.mark.parametrize(
    "starts_at", ["0001-01-01T00:00:00Z", "9999-12-31T23:00:00-05:00", "9999-12-31T23:00"]
)
def test_interviews_add_refuses_far_start_times(cli, interview, starts_at):
    result = _add_interview(cli, "--starts-at", starts_at)
    assert result.exit_code in (1, 2)
    assert "starts" in result.output and RANGE in result.output
    assert "Traceback" not in result.output
    assert cli("report").exit_code == 0


def test_interviews_add_refuses_far_and_early_decision_dates(cli, interview):
    far = _add_interview(cli, "--starts-at", "2026-03-02T10:00", "--decision-by", "9999-12-31")
    assert far.exit_code == 2 and RANGE in far.output
    early = _add_interview(cli, "--starts-at", "2026-03-02T10:00", "--decision-by", "2026-03-01")
    assert early.exit_code == 1 and "field 'decision_by'" in early.output


@pytest.mark.parametrize("as_of", ["0001-01-01T00:00:00Z", "9999-12-31T23:00:00-05:00"])
def test_report_refuses_a_far_as_of(cli, interview, as_of):
    for command in (("report",), ("interviews", "show", interview)):
        result = cli(*command, "--as-of", as_of)
        assert result.exit_code == 2 and RANGE in result.output


@pytest.mark.parametrize(
    "args",
    [("report", "--due-within", "99999999999"), ("demo", "--candidates", "99999999999999")],
)
def test_counts_beyond_their_range_are_usage_errors(cli, args):
    result = cli(*args)
    assert result.exit_code == 2 and "is not in the range" in result.output


def test_log_refuses_far_moments_and_thank_yous_before_the_interview(cli, interview):
    far = cli(
        "log", interview, "employer_contact", "--channel", "email", "--at", "0001-01-01T00:00Z"
    )
    assert far.exit_code == 2 and RANGE in far.output
    early = cli("log", interview, "thank_you_email", "--at", "2026-03-02T09:00")
    assert early.exit_code == 1 and f"interview {interview} field 'at'" in early.output
    call = cli(
        "log", interview, "employer_contact", "--channel", "phone", "--at", "2026-03-01T09:00"
    )
    assert call.exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["candidates", "add", "x" * 300],
            "field 'name': is 300 characters long; the limit is 200",
        ),
        (["candidates", "add", "Ada", "--phone", "5" * 100], "field 'phone'"),
        (["candidates", "add", "Ada\x1b[2J"], "field 'name': has a control character"),
        (["candidates", "add", "Ada\udcff"], "field 'name': has an unpaired surrogate"),
        (["candidates", "show", "C\udcff"], "neither stored nor looked up"),
        (["candidates", "list", "--search", "\udcff"], "neither stored nor looked up"),
        (["candidates", "add", "Ada", "--timezone", "EST"], "field 'timezone'"),
        (["candidates", "add", "Ada", "--timezone", "America"], "did you mean"),
        (["candidates", "add", "Ada", "--timezone", "America/Chicgo"], "America/Chicago"),
        (["policy", "set", "thank_you_email_hours", "99999999999"], "must be from 1 to 168"),
        (["policy", "set", "thank_you_email_hours", "2.5"], "expected a whole number"),
        (["policy", "set", "thank_you_email_hours", "Infinity"], "expected a whole number"),
    ],
)
def test_bad_values_are_refused_in_one_line_and_nothing_is_stored(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.count("\n") == 1
    assert cli("candidates", "list", "--format", "json").output.strip() == "[]"
    assert cli("report").exit_code == 0


def test_a_fresh_export_imports_back_with_nothing_updated(cli, interview, tmp_path):
    assert cli("log", interview, "employer_contact", "--channel", "phone").exit_code == 0
    assert cli("interviews", "set-outcome", interview, "rejected").exit_code == 0
    exported = tmp_path / "agency.json"
    assert cli("export", "--output", str(exported)).exit_code == 0

    result = cli("import", str(exported))

    assert result.exit_code == 0, result.output
    assert "updated" not in result.output and "created" not in result.output
