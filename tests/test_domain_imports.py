"""The domain (models, rules, calendar, services) never pulls in an adapter's framework."""

import subprocess
import sys

ADAPTER_FRAMEWORKS = ("click", "flask", "weasyprint")

IMPORT_THE_DOMAIN = """
import importlib, pkgutil, sys
import recruiter_kit
for name in ("calendar", "config", "db", "enums", "policy"):
    importlib.import_module(f"recruiter_kit.{name}")
for package in ("models", "rules", "services"):
    module = importlib.import_module(f"recruiter_kit.{package}")
    for info in pkgutil.walk_packages(module.__path__, f"{module.__name__}."):
        importlib.import_module(info.name)
print(" ".join(sorted(name for name in sys.modules if name.split(".")[0] in {frameworks})))
"""


def test_the_domain_imports_no_cli_web_or_pdf_framework():
    script = IMPORT_THE_DOMAIN.replace("{frameworks}", repr(set(ADAPTER_FRAMEWORKS)))
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == []


def test_the_check_would_notice_a_framework():
    script = "import click\n" + IMPORT_THE_DOMAIN.replace(
        "{frameworks}", repr(set(ADAPTER_FRAMEWORKS))
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert "click" in result.stdout.split()
