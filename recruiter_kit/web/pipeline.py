"""`/pipeline`: a column per stage; moving a candidate is a plain form post."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from recruiter_kit.enums import Stage
from recruiter_kit.services.pipeline import pipeline_board
from recruiter_kit.web.auth import account
from recruiter_kit.web.database import db

blueprint = Blueprint("pipeline", __name__, url_prefix="/pipeline")


@blueprint.route("")
def index() -> ResponseReturnValue:
    """The board for my candidates (every candidate for an admin)."""
    columns = pipeline_board(db(), account().scope)
    return render_template("web/pipeline.html", columns=columns, stages=list(Stage))
