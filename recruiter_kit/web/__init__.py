"""The recruiters' web admin: a Flask app factory over `recruiter_kit.services`.

Views are thin adapters: they read forms and query strings, call services with an explicit
session and the signed-in account, and render templates from `recruiter_kit.templates/web`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from importlib import import_module
from pathlib import Path
from typing import Any

from flask import Flask

from recruiter_kit.config import resolve_database_url

SECRET_KEY_ENV = "RECRUITER_KIT_SECRET_KEY"
MAX_REQUEST_BYTES = 1024 * 1024  # forms are small; uploads are not accepted
# Installed as recruiter_kit.templates; Jinja needs the folder on disk.
TEMPLATES_DIR = Path(str(import_module("recruiter_kit.templates").__file__)).parent


class ConfigurationError(RuntimeError):
    """The app cannot start as configured (one line for the operator)."""


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """A configured web admin; `config` overrides the defaults (DATABASE_URL, SECRET_KEY...)."""
    app = Flask(__name__, template_folder=str(TEMPLATES_DIR), static_folder="static")
    app.config.from_mapping(
        DATABASE_URL=None,
        SECRET_KEY=None,
        SESSION_COOKIE_NAME="recruiter_kit_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=True,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        SEND_FILE_MAX_AGE_DEFAULT=3600,
    )
    app.config.update(config or {})
    if not app.config["SECRET_KEY"]:
        raise ConfigurationError(f"{SECRET_KEY_ENV} is not set: the web admin needs a secret key")
    app.config["DATABASE_URL"] = resolve_database_url(app.config["DATABASE_URL"])

    from recruiter_kit.web import (
        activity,
        auth,
        candidates,
        dashboard,
        database,
        errors,
        handouts,
        health,
        interviews,
        pipeline,
        reports,
        security,
        settings,
        templating,
        users,
    )

    database.init_app(app)
    security.init_app(app)
    auth.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    for blueprint in (
        auth.blueprint,
        health.blueprint,
        dashboard.blueprint,
        candidates.blueprint,
        interviews.blueprint,
        pipeline.blueprint,
        reports.blueprint,
        handouts.blueprint,
        activity.blueprint,
        settings.blueprint,
        users.blueprint,
    ):
        app.register_blueprint(blueprint)
    return app
