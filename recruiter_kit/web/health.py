"""`/healthz`: is the app up and its database reachable (for load balancers and monitors)."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from recruiter_kit.services.health import database_ok
from recruiter_kit.web.database import db

blueprint = Blueprint("health", __name__)


@blueprint.route("/healthz")
def healthz() -> ResponseReturnValue:
    """200 with {"status": "ok"} when the database answers, else 503."""
    if database_ok(db()):
        return jsonify(status="ok")
    return jsonify(status="database unavailable"), 503
