"""`/`: what needs action today across my candidates."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from recruiter_kit.services.dashboard import build_dashboard
from recruiter_kit.web.auth import account
from recruiter_kit.web.database import db

blueprint = Blueprint("dashboard", __name__)


@blueprint.route("/")
def index() -> ResponseReturnValue:
    """Violations, overdue and due follow-ups, counts by status, this week's interviews."""
    dashboard = build_dashboard(db(), datetime.now(UTC), account().scope)
    return render_template("web/dashboard.html", dashboard=dashboard)
