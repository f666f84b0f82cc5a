"""Start-up: `--help` and `--version` load no command module, no SQLAlchemy and no holiday
tables; the listing `--help` prints without loading the commands matches the commands."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from recruiter_kit.cli import app
from recruiter_kit.cli.app import COMMANDS, main

HEAVY = ("sqlalchemy", "holidays", "recruiter_kit.db", "recruiter_kit.services.reports")


@pytest.mark.parametrize("args", [["--help"], ["--version"], []])
def test_help_and_version_import_nothing_heavy(args):
    probe = (
        "import sys\n"
        "from recruiter_kit.cli import main\n"
        f"try:\n    main({args!r}, prog_name='recruiter-kit')\n"
        "except SystemExit:\n    pass\n"
        f"print([name for name in {HEAVY!r} if name in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "[]"


def test_the_listed_short_help_is_each_command_s_own():
    for name, (load, short_help) in COMMANDS.items():
        command = load()
        assert command.name == name
        assert command.get_short_help_str(limit=200) == short_help, name


def test_help_lists_every_command_and_running_one_loads_it():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:")[1].split()
    assert set(COMMANDS) <= set(listed)
    assert CliRunner().invoke(main, ["report", "--help"]).exit_code == 0
    assert "report" in app.main.commands


# Modules a report of stored verdicts never needs: the holiday tables (only to judge), the
# web, handout and interchange layers.
NOT_FOR_A_REPORT = (
    "holidays",
    "flask",
    "jinja2",
    "weasyprint",
    "pydantic",
    "recruiter_kit.services.interchange",
)


def test_a_report_of_stored_verdicts_loads_only_what_it_needs(cli, database_url):
    moment = "2026-11-20T15:07:31+00:00"  # no deadline falls on this second
    assert cli("demo", "--candidates", "40", "--as-of", moment).exit_code == 0
    assert cli("report", "--as-of", moment).exit_code == 0  # every verdict holds from now on
    other_dialect = "sqlite" if database_url.startswith("postgresql") else "postgresql"
    unwanted = (*NOT_FOR_A_REPORT, f"sqlalchemy.dialects.{other_dialect}")
    probe = (
        "import sys\n"
        "from recruiter_kit.cli import main\n"
        "args = ['--database-url', sys.argv[1], 'report', '--as-of', sys.argv[2], *sys.argv[3:]]\n"
        "try:\n    main(args, prog_name='recruiter-kit')\n"
        "except SystemExit:\n    pass\n"
        f"print([name for name in {unwanted!r} if name in sys.modules])\n"
    )
    for output_format in ("table", "json"):
        result = subprocess.run(
            [sys.executable, "-c", probe, database_url, moment, "--format", output_format],
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.splitlines()[-1] == "[]"
