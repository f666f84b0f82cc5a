"""`report`: open interviews by default, --all, streamed JSON and CSV, --from-scratch."""

import csv
import io
import json

import pytest

AS_OF = "2026-11-20T15:00:00+00:00"


@pytest.fixture
def demo(cli):
    assert cli("demo", "--candidates", "40", "--as-of", AS_OF).exit_code == 0
    return cli


def _json(cli, *args):
    result = cli("report", "--format", "json", "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_report_lists_open_interviews_unless_asked_for_all(demo):
    everything = _json(demo, "--all")
    open_only = _json(demo)
    statuses = {row["status"] for row in everything["interviews"]}
    assert "closed" in statuses and len(statuses) > 2
    assert [row for row in everything["interviews"] if row["status"] != "closed"] == open_only[
        "interviews"
    ]
    assert open_only["counts"]["closed"] == 0
    assert everything["counts"]["closed"] == sum(
        row["status"] == "closed" for row in everything["interviews"]
    )
    closed = _json(demo, "--status", "closed")
    assert {row["status"] for row in closed["interviews"]} == {"closed"}


def test_rows_come_by_interview_ref_in_the_documented_shape(demo):
    rows = _json(demo, "--all")["interviews"]
    assert [row["interview_ref"] for row in rows] == sorted(row["interview_ref"] for row in rows)
    assert list(rows[0]) == [
        "candidate_ref",
        "interview_ref",
        "candidate",
        "recruiter",
        "company",
        "position",
        "starts_at",
        "status",
        "findings",
        "next_action",
    ]


@pytest.mark.parametrize("output_format", ["json", "csv"])
def test_from_scratch_prints_exactly_the_same(demo, output_format):
    for moment in (AS_OF, "2026-10-01T12:00:00-05:00", "2027-02-01T00:00:00+00:00"):
        args = ("report", "--all", "--format", output_format, "--as-of", moment)
        stored = demo(*args)
        scratch = demo(*args, "--from-scratch")
        assert stored.exit_code == scratch.exit_code == 0
        assert stored.stdout == scratch.stdout


def test_csv_streams_every_row_and_fail_on_still_exits_3(demo):
    result = demo("report", "--all", "--format", "csv", "--as-of", AS_OF, "--fail-on", "overdue")
    assert result.exit_code == 3
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(_json(demo, "--all")["interviews"])
    calm = demo("report", "--status", "closed", "--format", "csv", "--fail-on", "violation")
    assert calm.exit_code == 0
