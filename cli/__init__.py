"""The `recruiter-kit` command line: thin adapters over `recruiter_kit.services`."""

from __future__ import annotations

from .app import main

__all__ = ["main"]
