"""The docs stay in step with the code."""

import re
from pathlib import Path

from recruiter_kit.cli.reference import render_reference

ROOT = Path(__file__).resolve().parent.parent


def test_cli_reference_matches_the_commands_help():
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == render_reference(), "docs/cli.md is stale: run `make docs`"


def test_every_command_named_in_the_guides_exists():
    reference = render_reference()
    known = set(re.findall(r"^#+ `(recruiter-kit[^`]*)`", reference, flags=re.MULTILINE))
    for guide in ["README.md", "docs/getting-started.md"]:
        text = (ROOT / guide).read_text(encoding="utf-8")
        for line in re.findall(r"^\s*(?:\$ )?(recruiter-kit [a-z][a-z -]*)", text, re.MULTILINE):
            words = line.split()
            # the longest prefix of the command line that is a documented command
            paths = [" ".join(words[:n]) for n in range(len(words), 0, -1)]
            assert any(path in known for path in paths if path != "recruiter-kit"), line
