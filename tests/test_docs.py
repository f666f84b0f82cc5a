"""The docs stay in step with the code."""

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from recruiter_kit.cli import main
from recruiter_kit.cli.communications import DefaultCommandGroup
from recruiter_kit.cli.reference import render_reference
from recruiter_kit.config import ACTING_USER_ENV, DATABASE_URL_ENV

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
        blocks = "\n".join(re.findall(r"```(?:sh|shell|cron)\n(.*?)```", text, flags=re.DOTALL))
        for line in re.findall(r"(recruiter-kit(?: [a-z][a-z-]*)+)", blocks):
            path = "recruiter-kit"
            for word in line.split()[1:]:
                if f"{path} {word}" not in known:
                    break
                path = f"{path} {word}"
            assert path in known and path not in groups, f"{guide}: unknown command {line!r}"


def _runnable_lines(guide: str) -> list[str]:
    """The commands of the guide's ```sh blocks, in order, continuation lines joined.

    ```shell blocks (installing, a PostgreSQL server) and ```cron blocks are not run.
    """
    text = (ROOT / guide).read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)
    return [line for block in blocks for line in block.replace("\\\n", " ").splitlines()]


def test_the_getting_started_examples_run_as_written(database_url, tmp_path, monkeypatch):
    """Every example of the guide runs, in order, on a fresh database, and succeeds."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(DATABASE_URL_ENV, database_url)
    monkeypatch.delenv(ACTING_USER_ENV, raising=False)
    runner = CliRunner()
    ran = 0
    for line in _runnable_lines("docs/getting-started.md"):
        words = shlex.split(line, comments=True)
        if not words:
            continue
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            monkeypatch.setenv(name, value)
            continue
        assert words[0] == "recruiter-kit", f"not a recruiter-kit command: {line!r}"
        args, output = words[1:], None
        if ">" in args:
            args, output = args[: args.index(">")], args[args.index(">") + 1]
        result = runner.invoke(main, args, input="s3cret-pass\ns3cret-pass\n")
        assert result.exit_code == 0, f"{line}\n{result.output}"
        if output is not None:
            (tmp_path / output).write_text(result.stdout, encoding="utf-8")
        ran += 1
    assert ran >= 30  # the whole guide, not an empty match
