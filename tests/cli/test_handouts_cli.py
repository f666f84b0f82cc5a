"""`recruiter-kit handouts`, `drafts` and `agency` from the command line."""

import zipfile

import pytest

AS_OF = "2026-03-02T13:00:00-06:00"


@pytest.fixture
def two_interviews(cli):
    cli(
        "users", "add", "kd@agency.example", "--name", "Keeley Dennis", "--password-stdin",
        input="s3cret-pass\n",
    )  # fmt: skip
    for name, zone, company in [
        ("Ada Park", "America/Chicago", "Acme Corp"),
        ("Ben Okafor", "America/Los_Angeles", "Globex"),
    ]:
        ref = cli(
            "candidates", "add", name, "--timezone", zone, "--recruiter", "kd@agency.example"
        ).stdout.strip()
        cli(
            "interviews", "add", ref, "--company", company, "--position", "Analyst",
            "--starts-at", "2026-03-02T10:00", "--interviewer", "Jane Smith, Hiring Manager",
        )  # fmt: skip
    return cli


def test_combined_pdf_from_a_day_of_interviews(two_interviews, tmp_path):
    output = tmp_path / "morning.pdf"
    result = two_interviews(
        "handouts", "--interviewed-on", "2026-03-02", "--as-of", AS_OF, "--output", str(output)
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2 handouts, 4 pages in ")
    assert result.stdout.strip().endswith(str(output))
    assert output.read_bytes().startswith(b"%PDF")


def test_candidates_recruiter_and_zip(two_interviews, tmp_path):
    output = tmp_path / "out.zip"
    result = two_interviews(
        "handouts", "--candidate", "C-000001", "--candidate", "C-000002",
        "--recruiter", "kd@agency.example", "--as-of", AS_OF, "--output", str(output),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(zipfile.ZipFile(output).namelist()) == [
        "C-000001-I-000001.pdf",
        "C-000002-I-000002.pdf",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "choose interviews with --interview"),
        (["--interview", "I-404"], "no interview with ref 'I-404'"),
        (["--candidate", "C-404"], "no candidate with ref 'C-404'"),
        (["--status", "violation"], "no interviews match the selection"),
        (["--interviewed-on", "2026-03-03"], "no interviews match the selection"),
        (["--all-active", "--recruiter", "nobody@agency.example"], "no user with email"),
    ],
)
def test_selection_errors_are_one_line_and_leave_no_file(two_interviews, tmp_path, args, message):
    output = tmp_path / "out.pdf"
    result = two_interviews("handouts", *args, "--as-of", AS_OF, "--output", str(output))
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.glob("out*")) == []


def test_unwritable_output_is_one_line(two_interviews, tmp_path):
    result = two_interviews(
        "handouts", "--all-active", "--output", str(tmp_path / "missing" / "out.pdf")
    )
    assert result.exit_code == 1
    assert "no such folder" in result.stderr


def test_a_missing_logo_fails_the_batch_with_a_clear_message(two_interviews, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert two_interviews("agency", "set", "logo", str(logo)).exit_code == 0
    logo.unlink()
    output = tmp_path / "out.pdf"
    result = two_interviews("handouts", "--all-active", "--as-of", AS_OF, "--output", str(output))
    assert result.exit_code == 1
    assert f"cannot read the logo file {logo}" in result.stderr
    assert "2 of 2 handouts failed" in result.stderr
    assert not output.exists()


def test_drafts_print_what_applies_and_any_kind_on_request(two_interviews):
    result = two_interviews("drafts", "I-000001", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "To: Jane Smith (Hiring Manager)" in result.stdout
    assert "Subject: Thank you for the Analyst interview" in result.stdout
    rejection = two_interviews(
        "drafts", "I-000001", "--kind", "rejection-thank-you", "--as-of", AS_OF
    )
    assert "Thank you for letting me know about your decision" in rejection.stdout


def test_agency_show_and_set(two_interviews):
    cli = two_interviews
    assert cli("agency", "set", "name", "Prairie Staffing").stdout.strip() == (
        "name = Prairie Staffing"
    )
    assert cli("agency", "set", "paper_size", "A4").stdout.strip() == "paper_size = a4"
    shown = cli("agency", "show", "--format", "json").stdout
    assert '"name": "Prairie Staffing"' in shown and '"paper_size": "a4"' in shown
    bad = cli("agency", "set", "accent_colour", "red")
    assert bad.exit_code == 1
    assert "agency field 'accent_colour': expected a colour like #1f5f8b" in bad.stderr
    assert cli("agency", "set", "name", "").stdout.strip() == "name = Your staffing agency"


def test_a_broken_agency_template_is_one_clear_line(two_interviews, tmp_path):
    folder = tmp_path / "agency-templates"
    (folder / "drafts").mkdir(parents=True)
    (folder / "drafts" / "thank-you.txt").write_text("Dear {{ view.no_such_field }}")
    result = two_interviews("drafts", "I-000001", "--as-of", AS_OF, "--templates", str(folder))
    assert result.exit_code == 1
    assert "interview I-000001: cannot render the handout" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    output = tmp_path / "previews.zip"
    result = two_interviews(
        "handouts", "--all-active", "--as-of", AS_OF, "--format", "html",
        "--templates", str(folder), "--output", str(output),
    )  # fmt: skip
    assert result.exit_code == 1
    assert "2 of 2 handouts failed" in result.stderr
    assert not output.exists()
