"""The declared dependencies: floors past known advisories, and nothing that nothing uses."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

# The first release without each published advisory that affects the versions allowed before.
FIXED_IN = {
    "werkzeug": (
        "3.1.6",
        "CVE-2024-49766, CVE-2024-49767, CVE-2025-66221, CVE-2026-21860, CVE-2026-27199",
    ),
    "pytest": ("9.0.3", "CVE-2025-71176 (predictable /tmp/pytest-of-USER)"),
}

# Used without an import statement of their own.
USED_INDIRECTLY = {
    "psycopg": "the PostgreSQL driver SQLAlchemy loads for postgresql:// URLs",
    "tzdata": "zoneinfo's time-zone database where the system has none (Windows, slim images)",
    "ruff": "run by `make test`",
    "mypy": "run by `make test`",
    "redis": "the client Huey's Redis storage loads when REDIS_URL is set",
}


def _requirements(group):
    declared = (
        PROJECT["dependencies"] if group == "runtime" else PROJECT["optional-dependencies"][group]
    )
    return [Requirement(line) for line in declared]


def _floor(requirement):
    floors = [Version(spec.version) for spec in requirement.specifier if spec.operator == ">="]
    return max(floors, default=None)


@pytest.mark.parametrize("name", sorted(FIXED_IN))
def test_the_floor_is_past_known_advisories(name):
    fixed, advisories = FIXED_IN[name]
    declared = {
        requirement.name.lower(): requirement
        for group in ["runtime", *PROJECT["optional-dependencies"]]
        for requirement in _requirements(group)
    }
    floor = _floor(declared[name])
    assert floor is not None and floor >= Version(fixed), f"{name}>={fixed} ({advisories})"


def _imported_modules(*folders):
    pattern = re.compile(r"^\s*(?:from|import)\s+([A-Za-z_]\w*)", re.MULTILINE)
    return {
        match.lower()
        for folder in folders
        for path in (ROOT / folder).rglob("*.py")
        for match in pattern.findall(path.read_text(encoding="utf-8"))
    }


@pytest.mark.parametrize(
    ("group", "folders"),
    [("runtime", ["recruiter_kit", "cli"]), ("test", ["tests", "benchmarks"])],
)
def test_every_dependency_is_used(group, folders):
    imported = _imported_modules(*folders)
    unused = [
        requirement.name
        for requirement in _requirements(group)
        if requirement.name.lower().replace("-", "_") not in imported
        and requirement.name.lower() not in USED_INDIRECTLY
    ]
    assert unused == [], f"declared but never imported: {unused}"
