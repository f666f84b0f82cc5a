"""`demo`, `export` and `import` from the command line."""

import csv
import io
import json
from datetime import datetime

from sqlalchemy import text

from recruiter_kit.cli import main
from recruiter_kit.db import create_db_engine
from recruiter_kit.services.demo import generate_demo_document

AS_OF = "2026-11-20T15:00:00+00:00"


def _report(runner, url):
    result = runner.invoke(
        main, ["--database-url", url, "report", "--format", "json", "--as-of", AS_OF]
    )
    assert result.exit_code in (0, 3), result.output
    return json.loads(result.stdout)


def test_demo_export_import_reproduces_the_report(cli, runner, database_url, tmp_path):
    assert cli("demo", "--candidates", "40", "--as-of", "2026-11-02T15:00:00+00:00").exit_code == 0
    first = _report(runner, database_url)
    again = cli("demo", "--candidates", "40", "--as-of", AS_OF)  # replaces the older demo
    assert "candidates 40 created" in again.stdout
    assert _report(runner, database_url) != first

    exported = tmp_path / "agency.json"
    assert cli("export", "--output", str(exported)).exit_code == 0
    assert json.loads(exported.read_text())["format"] == "recruiter-kit/1"

    copy = f"sqlite:///{tmp_path}/copy.sqlite"
    assert runner.invoke(main, ["--database-url", copy, "db", "upgrade"]).exit_code == 0
    imported = runner.invoke(main, ["--database-url", copy, "import", str(exported)])
    assert imported.exit_code == 0, imported.output
    assert "candidates 40 created" in imported.stdout
    assert _report(runner, copy) == _report(runner, database_url)


def test_csv_export_respects_exclude_archived(cli):
    for name in ["Ada Park", "Ben Ortiz"]:
        assert cli("candidates", "add", name).exit_code == 0
    assert cli("candidates", "archive", "C-000002").exit_code == 0
    everyone = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").stdout)))
    active = list(
        csv.DictReader(io.StringIO(cli("export", "--format", "csv", "--exclude-archived").stdout))
    )
    assert [row["name"] for row in everyone] == ["Ada Park", "Ben Ortiz"]
    assert [row["name"] for row in active] == ["Ada Park"]


def test_a_bad_file_is_rejected_whole_with_every_problem_named(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "recruiter-kit/1",
                "candidates": [
                    {"ref": "c01", "name": "Ada Park"},
                    {"ref": "c02", "name": "Ben", "timezone": "Mars/Base"},
                    {
                        "ref": "c03",
                        "name": "Cy",
                        "interviews": [
                            {
                                "ref": "i01",
                                "company": "Acme",
                                "position": "AM",
                                "starts_at": "2026-02-30T10:00:00-06:00",
                            }
                        ],
                    },
                ],
            }
        )
    )
    result = cli("import", str(bad))
    assert result.exit_code == 1
    assert "candidate c02: field 'timezone': unknown time zone 'Mars/Base'" in result.output
    assert "candidate c03, interview i01: field 'starts_at'" in result.output
    assert "Traceback" not in result.output
    listed = cli("candidates", "list", "--format", "json")
    assert json.loads(listed.stdout) == []


def test_candidates_csv_import_from_a_spreadsheet(cli, tmp_path):
    sheet = tmp_path / "candidates.csv"
    sheet.write_text(
        "\ufeffref,name,email,timezone,stage\n"
        "c01,Ada Park,ada@example.com,America/Chicago,screening\n"
        "c02,Ben Ortiz,,America/New_York,\n",
        encoding="utf-8",
    )
    result = cli("import", str(sheet))
    assert result.exit_code == 0, result.output
    listed = json.loads(cli("candidates", "list", "--format", "json").stdout)
    assert [(c["ref"], c["stage"]) for c in listed] == [("c01", "screening"), ("c02", "sourced")]
    assert "unchanged" in cli("import", str(sheet)).stdout


def test_csv_problems_name_columns_and_duplicate_rows_as_the_header_has_them(cli, tmp_path):
    assert cli("candidates", "add", "Ada Park").exit_code == 0
    sheet = tmp_path / "interviews.csv"
    sheet.write_text(
        "candidate_ref,interview_ref,company,position,starts_at\n"
        f"C-000001,{'i' * 65},Acme Corp,AM,2026-03-09T15:00:00Z\n"
    )
    result = cli("import", str(sheet))
    assert result.exit_code == 1
    assert "field 'interview_ref': is 65 characters long" in result.output
    sheet.write_text(
        "candidate_ref,interview_ref,company,position,starts_at\n"
        "C-000001,i01,Acme Corp,AM,2026-03-09T15:00:00Z\n"
    )
    assert cli("import", str(sheet)).exit_code == 0
    messages = tmp_path / "communications.csv"
    messages.write_text(
        "candidate_ref,interview_ref,kind,at\n"
        "C-000001,i01,thank_you_email,2026-03-09T18:00:00Z\n"
        "C-000001,i01,thank_you_email,2026-03-09T18:00:00Z\n"
    )
    refused = cli("import", str(messages))
    assert refused.exit_code == 1
    assert refused.output == (
        "Error: line 3: field 'at': same kind and time as line 2: give each a ref, or drop one\n"
    )


def test_import_reads_a_windows_spreadsheet_only_when_told_its_encoding(cli, tmp_path):
    sheet = tmp_path / "candidates.csv"
    sheet.write_bytes("ref,name\r\nc01,Zoë Ångström\r\n".encode("cp1252"))
    refused = cli("import", str(sheet))
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "not UTF-8 text: byte 0xeb on line 2" in refused.output
    assert "--encoding cp1252" in refused.output
    assert cli("import", "--encoding", "cp1252", str(sheet)).exit_code == 0
    listed = json.loads(cli("candidates", "list", "--format", "json").stdout)
    assert [c["name"] for c in listed] == ["Zoë Ångström"]


def test_hostile_json_is_refused_in_one_line(cli, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    result = cli("import", str(deep))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: not usable JSON: lists or objects are nested too deeply"
    ]


def test_demo_remove_deletes_only_the_demo(cli, runner, database_url):
    assert cli("demo", "--candidates", "30", "--as-of", AS_OF).exit_code == 0
    assert cli("candidates", "add", "Ada Own").exit_code == 0  # a candidate of the user's own
    refused = cli("demo", "--candidates", "30")
    assert refused.exit_code == 1 and "1 candidate(s) that are not demo data" in refused.output
    removed = cli("demo", "--remove")
    assert removed.stdout == "Demo data removed: 30 candidate(s), with their interviews.\n"
    listed = json.loads(cli("candidates", "list", "--archived", "--format", "json").stdout)
    assert [row["name"] for row in listed] == ["Ada Own"]
    assert json.loads(cli("interviews", "list", "--format", "json").stdout)["interviews"] == []
    assert cli("demo", "--remove").stdout.startswith("Demo data removed: 0 candidate(s)")


def _planned_candidates(database_url) -> set[int]:
    """The number of candidates the query planner's statistics say there are."""
    engine = create_db_engine(database_url)
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # Each index's line starts with the table's row count.
            stats = connection.scalars(
                text("SELECT stat FROM sqlite_stat1 WHERE tbl = 'candidates'")
            ).all()
            counts = {int(stat.split()[0]) for stat in stats}
        else:
            rows = text("SELECT reltuples FROM pg_class WHERE relname = 'candidates'")
            counts = {int(connection.scalar(rows))}
    engine.dispose()
    return counts


def test_demo_leaves_the_planner_statistics_of_what_it_loaded(cli, database_url):
    assert cli("demo", "--candidates", "30", "--as-of", AS_OF).exit_code == 0
    assert _planned_candidates(database_url) == {30}


def test_a_bulk_import_leaves_the_planner_statistics_a_small_one_does_not(
    cli, database_url, tmp_path, monkeypatch
):
    from recruiter_kit.cli import interchange as command

    monkeypatch.setattr(command, "ANALYZE_AFTER", 25)  # records created: 30 candidates and more
    document = generate_demo_document(30, seed=2, as_of=datetime.fromisoformat(AS_OF))
    small = {"format": document["format"], "candidates": [{"ref": "X-1", "name": "Ada Small"}]}
    (tmp_path / "small.json").write_text(json.dumps(small))
    (tmp_path / "bulk.json").write_text(json.dumps(document))
    before = _planned_candidates(database_url)
    assert cli("import", str(tmp_path / "small.json")).exit_code == 0
    assert _planned_candidates(database_url) == before  # one record: not worth it
    assert cli("import", str(tmp_path / "bulk.json")).exit_code == 0
    assert _planned_candidates(database_url) == {31}
