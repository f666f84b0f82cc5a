"""The docs stay in step with the code."""

import re
from pathlib import Path

from recruiter_kit.cli import main
from recruiter_kit.cli.communications import DefaultCommandGroup
from recruiter_kit.cli.reference import render_reference

ROOT = Path(__file__).resolve().parent.parent


def test_cli_reference_matches_the_commands_help():
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == render_reference(), "docs/cli.md is stale: run `make docs`"


def test_every_command_named_in_the_guides_exists():
    reference = render_reference()
    known = set(re.findall(r"^#+ `(recruiter-kit[^`]*)`", reference, flags=re.MULTILINE))
    # A group that runs a default command (`log I-000001 ...`) is a command in its own right.
    groups = {path.rsplit(" ", 1)[0] for path in known} - {
        f"recruiter-kit {name}"
        for name, command in main.commands.items()
        if isinstance(command, DefaultCommandGroup)
    }
    for guide in ["README.md", "docs/getting-started.md"]:
        text = (ROOT / guide).read_text(encoding="utf-8")
        blocks = "\n".join(re.findall(r"```(?:sh|cron)\n(.*?)```", text, flags=re.DOTALL))
        for line in re.findall(r"(recruiter-kit(?: [a-z][a-z-]*)+)", blocks):
            path = "recruiter-kit"
            for word in line.split()[1:]:
                if f"{path} {word}" not in known:
                    break
                path = f"{path} {word}"
            assert path in known and path not in groups, f"{guide}: unknown command {line!r}"
