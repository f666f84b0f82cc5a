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
