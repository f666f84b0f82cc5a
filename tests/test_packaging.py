"""The wheel installs `cli/` and `templates/` under `recruiter_kit`, never at top level."""

import shutil
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_editable_install_maps_cli_and_templates_under_the_package():
    import recruiter_kit.cli

    assert Path(recruiter_kit.cli.__file__).resolve().parent == ROOT / "cli"
    assert resources.files("recruiter_kit.templates").joinpath("README.md").is_file()


@pytest.mark.slow
def test_wheel_contents_and_a_non_editable_install_work(tmp_path):
    # Build from a copy without local build leftovers (a stale build/ would leak into the wheel).
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), source],
        check=True,
    )
    (wheel,) = tmp_path.glob("recruiter_kit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/")[0] for name in names}
    assert top_level == {
        "recruiter_kit",
        f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}.dist-info",
    }
    for expected in [
        "recruiter_kit/cli/__init__.py",
        "recruiter_kit/cli/report.py",
        "recruiter_kit/templates/README.md",
        "recruiter_kit/migrations/env.py",
        "recruiter_kit/migrations/script.py.mako",
        "recruiter_kit/migrations/versions/0001_initial_schema.py",
        "recruiter_kit/py.typed",
    ]:
        assert expected in names

    # Install the wheel itself (not the checkout) and run the product from it.
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", target, wheel],
        check=True,
    )
    database = f"sqlite:///{tmp_path}/installed.sqlite"
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    where = subprocess.run(
        [sys.executable, "-c", "import recruiter_kit.cli as c; print(c.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert where.stdout.startswith(str(target))
    for args in (["demo", "--candidates", "5"], ["report", "--format", "csv"]):
        run = subprocess.run(
            [sys.executable, "-m", "recruiter_kit", "--database-url", database, *args],
            env=env,
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert run.returncode == 0, run.stderr
    assert "candidate_ref,interview_ref" in run.stdout
