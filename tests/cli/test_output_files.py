"""`export --output` never destroys the previous file, even when it fails or is killed."""

import json
import signal
import subprocess
import sys
import textwrap

import pytest

from recruiter_kit.cli import main
from recruiter_kit.services import interchange


@pytest.fixture
def backup(tmp_path):
    """A previous backup that a failed export must leave exactly as it was."""
    folder = tmp_path / "backups"
    folder.mkdir()
    path = folder / "agency.json"
    path.write_bytes(b'{"format": "recruiter-kit/1", "candidates": []}\n')
    return path


def _add_candidates(cli, count):
    for number in range(count):
        assert cli("candidates", "add", f"Candidate {number}").exit_code == 0


def test_an_export_failing_midway_leaves_the_old_backup(
    runner, database_url, cli, backup, monkeypatch
):
    _add_candidates(cli, 3)
    before = backup.read_bytes()

    def dump_half_then_fail(document, stream):
        stream.write(json.dumps(document)[:40])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(interchange, "dump_document", dump_half_then_fail)
    result = runner.invoke(
        main, ["--database-url", database_url, "export", "--output", str(backup)]
    )
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert backup.read_bytes() == before
    assert sorted(path.name for path in backup.parent.iterdir()) == ["agency.json"]


@pytest.mark.parametrize("output_format", ["json", "csv"])
def test_a_successful_export_replaces_the_backup(cli, backup, output_format):
    _add_candidates(cli, 2)
    result = cli("export", "--format", output_format, "--output", str(backup))
    assert result.exit_code == 0
    assert "Candidate 1" in backup.read_text(encoding="utf-8")
    assert sorted(path.name for path in backup.parent.iterdir()) == ["agency.json"]


def test_an_export_killed_midway_leaves_the_old_backup(cli, database_url, backup):
    """A real `kill -9` in the middle of writing the file (the process kills itself)."""
    _add_candidates(cli, 3)
    before = backup.read_bytes()
    script = textwrap.dedent(
        f"""
        import json, os, signal, sys
        from recruiter_kit.cli import main
        from recruiter_kit.services import interchange

        def dump_half_then_die(document, stream):
            stream.write(json.dumps(document)[:40])
            stream.flush()
            os.kill(os.getpid(), signal.SIGKILL)

        interchange.dump_document = dump_half_then_die
        sys.argv = ["recruiter-kit", "--database-url", {database_url!r},
                    "export", "--output", {str(backup)!r}]
        main()
        """
    )
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert finished.returncode == -signal.SIGKILL, finished.stderr
    assert backup.read_bytes() == before
    # The half-written temporary file is the only trace, next to the backup, never in its place.
    leftovers = [path.name for path in backup.parent.iterdir() if path != backup]
    assert all(name.startswith(".agency.json.") for name in leftovers)
