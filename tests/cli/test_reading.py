"""Reading the data from the command line: report, interview and candidate listings."""

import csv
import fcntl
import io
import json
import os
import pty
import struct
import subprocess
import sys
import tempfile
import termios
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from recruiter_kit.cli import main, output
from recruiter_kit.db import create_db_engine
from recruiter_kit.models import Candidate
from recruiter_kit.rules.formatting import format_when

AS_OF = "2026-03-04T09:00:00-06:00"  # Wednesday morning in Chicago
CHICAGO = ZoneInfo("America/Chicago")
NEW_YORK = ZoneInfo("America/New_York")
EVIL = "Eve\x1b[2J\x1b]0;title\x07\u202eyraM"
EVIL_SHOWN = "Eve\\x1b[2J\\x1b]0;title\\x07\\u202eyraM"


def _ok(result):
    assert result.exit_code == 0, result.output
    return result.stdout


def _add(cli, name, zone, *interviews):
    ref = _ok(cli("candidates", "add", name, "--timezone", zone)).strip()
    refs = []
    for company, starts_at in interviews:
        refs.append(
            _ok(
                cli(
                    "interviews",
                    "add",
                    ref,
                    "--company",
                    company,
                    "--position",
                    "Account Manager",
                    "--starts-at",
                    starts_at,
                    "--decision-by",
                    "2026-03-20",
                )
            ).strip()
        )
    return ref, refs


def _rename_in_the_database(database_url, ref, name):
    """Store a name the services refuse (as an older version, or a hand edit, could have)."""
    engine = create_db_engine(database_url)
    with engine.begin() as connection:
        connection.execute(update(Candidate).where(Candidate.ref == ref).values(name=name))
    engine.dispose()


@pytest.fixture
def agency(cli, database_url):
    """Ada: silent since Monday (overdue). Cy: silent since the Friday before (overdue
    sooner). Bo: thanked promptly (ok). Eve, with a hostile name: interviews on Thursday."""
    ada, (ada_interview,) = _add(
        cli, "Ada Park", "America/Chicago", ("Acme Corp", "2026-03-02T10:00")
    )
    bo, (bo_interview,) = _add(cli, "Bo Chen", "America/New_York", ("Globex", "2026-03-02T14:00"))
    _ok(cli("log", bo_interview, "thank_you_email", "--at", "2026-03-02T17:00"))
    cy, (cy_interview,) = _add(cli, "Cy Ortiz", "America/Chicago", ("Initech", "2026-02-27T09:00"))
    eve, (eve_interview,) = _add(cli, "Eve", "America/Chicago", ("Umbrella", "2026-03-05T11:00"))
    _rename_in_the_database(database_url, eve, EVIL)
    return {
        "ada": (ada, ada_interview),
        "bo": (bo, bo_interview),
        "cy": (cy, cy_interview),
        "eve": (eve, eve_interview),
    }


def test_report_rows_carry_the_interview_ref_worst_first_then_soonest_due(cli, agency):
    lines = _ok(cli("report", "--as-of", AS_OF)).splitlines()

    assert lines[0].split()[:3] == ["STATUS", "INTERVIEW", "CANDIDATE"]
    rows = [line.split()[:2] for line in lines[1:5]]
    assert rows == [
        ["overdue", agency["cy"][1]],  # its thank-you was due before Ada's
        ["overdue", agency["ada"][1]],
        ["ok", agency["bo"][1]],
        ["scheduled", agency["eve"][1]],
    ]
    assert "Mon 2 Mar 2026 10:00 CST" in lines[2] and "Mon 2 Mar 2026 14:00 EST" in lines[3]
    assert lines[-1].startswith("4 interviews as of Wed 4 Mar 2026 09:00 CST: 2 overdue")


def test_piped_report_shows_every_next_action_and_date_in_full(cli, agency):
    table = _ok(cli("report", "--as-of", AS_OF))
    data = json.loads(_ok(cli("report", "--as-of", AS_OF, "--format", "json")))

    for row in data["interviews"]:
        action = row["next_action"]
        line = next(line for line in table.splitlines() if row["interview_ref"] in line)
        assert action["action"] in line
    ada = next(row for row in data["interviews"] if row["interview_ref"] == agency["ada"][1])
    assert ada["next_action"]["by"] == "2026-03-03"
    assert "Tue 3 Mar 2026" in table
    assert "…" not in table


def test_wide_report_keeps_one_line_per_row(cli, agency):
    lines = _ok(cli("report", "--as-of", AS_OF, "--wide")).splitlines()
    assert len(lines) == 1 + 4 + 2  # header, rows, blank line and footer


def test_colour_follows_the_option_then_no_color(runner, database_url, agency):
    def report(*options, env=None, color=False):
        args = ["--database-url", database_url, "report", "--as-of", AS_OF, *options]
        return _ok(runner.invoke(main, args, env=env, color=color))

    assert "\x1b[31m" in report("--color")
    assert "\x1b[" not in report("--no-color", color=True)
    assert "\x1b[" not in report(env={"NO_COLOR": "1"}, color=True)
    assert "\x1b[31m" in report("--color", env={"NO_COLOR": "1"})
    assert "\x1b[31m" in report(color=True)


def test_interviews_list_takes_the_report_filters_and_a_date_range(cli, agency):
    listed = _ok(cli("interviews", "list", "--as-of", AS_OF, "--from", "2026-03-02"))
    table, footer = listed.split("\n\n")
    refs = [line.split()[1] for line in table.splitlines()[1:]]
    assert footer.startswith("3 interviews as of Wed 4 Mar 2026 09:00 CST")
    assert refs == [agency["ada"][1], agency["bo"][1], agency["eve"][1]]  # by start

    data = json.loads(
        _ok(
            cli(
                "interviews",
                "list",
                "--as-of",
                AS_OF,
                "--to",
                "2026-03-02",
                "--status",
                "overdue",
                "--format",
                "json",
            )
        )
    )
    assert [row["interview_ref"] for row in data["interviews"]] == [
        agency["cy"][1],
        agency["ada"][1],
    ]
    assert data["counts"]["overdue"] == 2
    only_bo = _ok(cli("interviews", "list", "--candidate", agency["bo"][0].lower(), "--wide"))
    assert agency["bo"][1] in only_bo and agency["ada"][1] not in only_bo

    backwards = cli("interviews", "list", "--from", "2026-03-05", "--to", "2026-03-01")
    assert backwards.exit_code == 1 and "before the 'from' date" in backwards.output


def test_interviews_list_csv_has_the_report_columns(cli, agency):
    rows = list(csv.DictReader(io.StringIO(_ok(cli("interviews", "list", "--format", "csv")))))
    assert [row["interview_ref"] for row in rows][-1] == agency["eve"][1]
    assert rows[-1]["candidate"] == EVIL  # CSV stays exact


def test_interviews_show_prints_the_next_action_with_its_date(cli, agency):
    shown = _ok(cli("interviews", "show", agency["ada"][1].lower(), "--as-of", AS_OF))
    assert "Status as of Wed 4 Mar 2026 09:00 CST: overdue" in shown
    next_line = next(line for line in shown.splitlines() if line.startswith("Next: "))
    assert next_line.endswith("(by Tue 3 Mar 2026)")
    assert "starts_at:          Mon 2 Mar 2026 10:00 CST" in shown


def test_candidates_show_lists_interviews_with_their_status(cli, agency):
    shown = _ok(cli("candidates", "show", agency["ada"][0], "--as-of", AS_OF))
    interview_line = next(line for line in shown.splitlines() if agency["ada"][1] in line)
    assert interview_line.split()[:2] == [agency["ada"][1], "overdue"]
    assert "Tue 3 Mar 2026" in interview_line

    data = json.loads(
        _ok(cli("candidates", "show", agency["ada"][0], "--as-of", AS_OF, "--format", "json"))
    )
    (interview,) = data["interviews"]
    assert interview["status"] == "overdue" and interview["next_action_by"] == "2026-03-03"
    assert interview["starts_at"] == "2026-03-02T10:00:00-06:00"


def test_unknown_refs_suggest_the_closest_ones(cli, agency):
    ada = agency["ada"][1]
    typo = ada.replace("-0", "-", 1)  # I-00001
    result = cli("interviews", "show", typo)
    assert result.exit_code == 1
    assert f"no interview with ref '{typo}'; did you mean {ada} or" in result.output
    assert "did you mean" in cli("report", "--candidate", "C-00001").output


@pytest.mark.parametrize(
    "command",
    [
        ("candidates", "list"),
        ("candidates", "show", "{eve}"),
        ("interviews", "list"),
        ("interviews", "show", "{eve_interview}"),
        ("report", "--as-of", AS_OF),
    ],
)
def test_hostile_names_are_shown_escaped(cli, agency, command):
    eve, eve_interview = agency["eve"]
    args = [part.format(eve=eve, eve_interview=eve_interview) for part in command]
    shown = _ok(cli(*args))
    assert EVIL_SHOWN in shown
    assert "\x1b" not in shown and "\u202e" not in shown and "\x07" not in shown


def test_hostile_text_in_error_messages_is_escaped(cli, agency):
    result = cli("candidates", "show", "\x1b]0;pwned\x07")
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\\x1b]0;pwned\\x07" in result.output


def test_json_keeps_hostile_names_exact(cli, agency):
    listed = json.loads(_ok(cli("candidates", "list", "--format", "json")))
    assert EVIL in [candidate["name"] for candidate in listed]
    report = json.loads(_ok(cli("report", "--as-of", AS_OF, "--format", "json")))
    assert EVIL in [row["candidate"] for row in report["interviews"]]


def _run_in_terminal(args, columns):
    """Run the real command on a pseudo-terminal `columns` wide; return what it printed."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    process = subprocess.Popen(
        [sys.executable, "-m", "recruiter_kit", *args],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=env | {"NO_COLOR": "1"},
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed: the command has finished
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    assert process.wait(timeout=60) == 0
    return b"".join(chunks).decode().replace("\r\n", "\n")


def test_an_80_column_terminal_shows_every_next_action_and_date_in_full(cli, database_url, agency):
    data = json.loads(_ok(cli("report", "--as-of", AS_OF, "--format", "json")))
    shown = _run_in_terminal(["--database-url", database_url, "report", "--as-of", AS_OF], 80)

    lines = shown.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in shown
    flowing = " ".join(shown.split())
    for row in data["interviews"]:
        action = row["next_action"]
        assert " ".join(action["action"].split()) in flowing
        heading = lines.index(f"{row['status']}  {row['interview_ref']}")
        block = lines[heading : heading + 10]
        by = next(line for line in block if line.lstrip().startswith("by "))
        zone = NEW_YORK if row["candidate_ref"] == agency["bo"][0] else CHICAGO
        assert by.split(maxsplit=1)[1] == format_when(_parse(action["by"], zone))
    assert any(len(line) > 70 for line in lines)  # the narrow layout was needed and used


def _parse(text, zone):
    if "T" in text:
        return datetime.fromisoformat(text).astimezone(zone)
    return date.fromisoformat(text)


def test_multi_line_error_messages_keep_their_lines(cli, tmp_path):
    document = tmp_path / "bad.json"
    document.write_text(
        '{"format": "recruiter-kit/1", "candidates": '
        '[{"ref": "a", "name": ""}, {"ref": "b\\u001b[2J", "name": ""}]}'
    )
    result = cli("import", str(document))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "Error: candidate a: field 'name': is required"
    # The ref itself is refused too (a control character), and shown escaped.
    assert lines[1] == "(2 more problems:)"
    assert lines[2].startswith("  candidate b\\x1b[2J: field 'ref': has a control character")
    assert lines[3] == "  candidate b\\x1b[2J: field 'name': is required"


# Zones far from UTC on both sides: the same local day is 25 hours apart, and a deadline's
# day and moment sort differently from one zone to the next.
FAR_ZONES = ("Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kolkata")
FAR_AS_OF = "2026-03-04T09:00:00+00:00"


# Each candidate's interviews: overdue, due by a day, due by a moment, on at the report's
# moment, then scheduled (their deadlines are their starts: Kiritimati's on the 6th comes
# before Pago Pago's on the 5th).
FAR_STARTS = (
    "2026-03-02T10:00",
    "2026-03-03T21:00",
    "2026-03-04T20:30",
    "2026-03-04T23:00",
    "2026-03-05T10:00",
    "2026-03-06T09:00",
)


@pytest.fixture
def far_agency(cli):
    """A candidate at UTC+14, one at -11 and one at +5:30, with interviews at FAR_STARTS
    (their local times): the candidates' zones by ref."""
    zones = {}
    for zone in FAR_ZONES:
        ref, _ = _add(cli, f"Zoë Ŋgata {zone}", zone, *(("Acme", start) for start in FAR_STARTS))
        zones[ref] = ZoneInfo(zone)
    return zones


def _report_json(cli):
    return json.loads(_ok(cli("report", "--as-of", FAR_AS_OF, "--format", "json")))["interviews"]


def _shown_deadline(row, zones):
    return format_when(_parse(row["next_action"]["by"], zones[row["candidate_ref"]]))


def test_the_table_lists_far_zones_worst_first_then_by_the_deadline_as_a_moment(cli, far_agency):
    rows = _report_json(cli)
    ranks = ("violation", "overdue", "due", "ok", "scheduled", "closed")

    def deadline(row):
        by = _parse(row["next_action"]["by"], far_agency[row["candidate_ref"]])
        if not isinstance(by, datetime):  # a day lasts until its end in the candidate's zone
            by = datetime.combine(by, time.max, far_agency[row["candidate_ref"]])
        return by.astimezone(UTC)

    expected = sorted(
        rows,
        key=lambda row: (
            ranks.index(row["status"]),
            deadline(row),
            row["candidate_ref"],
            datetime.fromisoformat(row["starts_at"]),
        ),
    )
    lines = _ok(cli("report", "--as-of", FAR_AS_OF)).splitlines()
    listed = [line.split()[1] for line in lines[1 : len(rows) + 1]]
    assert listed == [row["interview_ref"] for row in expected]
    # By the deadlines' local days alone, Pago Pago's would come before Kiritimati's later
    # ones that fall earlier.
    by_day = sorted(
        rows, key=lambda row: (ranks.index(row["status"]), row["next_action"]["by"][:10])
    )
    assert listed != [row["interview_ref"] for row in by_day]


@pytest.mark.parametrize("wide", [False, True])
def test_piped_table_shows_far_zones_next_actions_and_deadlines_in_full(cli, far_agency, wide):
    rows = _report_json(cli)
    table = _ok(cli("report", "--as-of", FAR_AS_OF, *(["--wide"] if wide else [])))

    shown = set()
    for row in rows:
        line = next(line for line in table.splitlines() if f"  {row['interview_ref']}  " in line)
        assert row["next_action"]["action"] in line
        by = _shown_deadline(row, far_agency)
        assert line.endswith("  " + by)  # the last column: never padded, never cut
        shown.add(by.rsplit(maxsplit=1)[-1])
    assert {"+14", "SST", "IST", "2026"} <= shown  # moments carry their zone, days do not


def test_a_40_column_terminal_shows_far_zones_next_actions_and_deadlines_in_full(
    cli, database_url, far_agency
):
    rows = _report_json(cli)
    shown = _run_in_terminal(["--database-url", database_url, "report", "--as-of", FAR_AS_OF], 40)

    lines = shown.splitlines()
    assert "…" not in shown
    for row in rows:
        heading = lines.index(f"{row['status']}  {row['interview_ref']}")
        block = lines[heading + 1 : lines.index("", heading)]
        action = next(n for n, line in enumerate(block) if line.lstrip().startswith("next action"))
        by = next(n for n, line in enumerate(block) if line.lstrip().startswith("by "))
        # The action wraps onto the lines below its label, up to the deadline's.
        wrapped = "".join(block[action:by]).removeprefix("  next action")
        assert "".join(wrapped.split()) == "".join(row["next_action"]["action"].split())
        assert block[by].split(maxsplit=1)[1] == _shown_deadline(row, far_agency)
        assert by == len(block) - 1  # the last line of its block: nothing wrapped after it


@pytest.mark.parametrize("options", [(), ("--wide",)])
def test_a_table_held_in_a_file_prints_exactly_as_one_held_in_memory(
    cli, far_agency, monkeypatch, options
):
    """Aligned lines wait for every row's width, in memory up to a limit, then in a
    temporary file: the text is the same either way."""
    args = ("report", "--as-of", FAR_AS_OF, "--all", *options)
    in_memory = _ok(cli(*args))
    rolled = []
    rollover = tempfile.SpooledTemporaryFile.rollover

    def spy(self):
        rolled.append(self)
        rollover(self)

    monkeypatch.setattr(tempfile.SpooledTemporaryFile, "rollover", spy)
    assert _ok(cli(*args)) == in_memory and not rolled  # well within the limit
    monkeypatch.setattr(output, "_SPOOL_IN_MEMORY", 200)
    assert _ok(cli(*args)) == in_memory
    assert rolled  # beyond the limit: held in a file
    assert len(in_memory.splitlines()) == 1 + len(far_agency) * len(FAR_STARTS) + 2
