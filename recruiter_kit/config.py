"""Where recruiter-kit keeps its data: the database URL and how it is chosen."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DATABASE_URL_ENV = "RECRUITER_KIT_DATABASE_URL"
ACTING_USER_ENV = "RECRUITER_KIT_USER"
APP_NAME = "recruiter-kit"


def default_database_path() -> Path:
    """The embedded SQLite file in the user's data directory."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "recruiter-kit.sqlite"


def demo_secret_key_path() -> Path:
    """Where `serve --demo` keeps the secret key it generated (the quick start only)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "web-demo-secret-key"


def resolve_database_url(explicit: str | None = None) -> str:
    """The URL to use: `explicit`, else $RECRUITER_KIT_DATABASE_URL, else the SQLite default."""
    if explicit:
        return normalise_database_url(explicit)
    from_env = os.environ.get(DATABASE_URL_ENV)
    if from_env:
        return normalise_database_url(from_env)
    return default_database_url()


def default_database_url() -> str:
    """The URL of the embedded SQLite file (its folder is the only one created on demand)."""
    return f"sqlite:///{default_database_path()}"


def normalise_database_url(url: str) -> str:
    """Route plain `postgresql://` URLs through psycopg 3, the driver recruiter-kit ships."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
