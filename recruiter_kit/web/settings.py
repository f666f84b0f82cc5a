"""`/settings` (admins): the follow-up policy, validated as `recruiter-kit policy set` does."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from recruiter_kit.policy import SETTING_NAMES
from recruiter_kit.services.errors import RecruiterKitError
from recruiter_kit.services.policy import load_policy, set_policy
from recruiter_kit.web.auth import require_admin
from recruiter_kit.web.database import db
from recruiter_kit.web.security import csrf

blueprint = Blueprint("settings", __name__, url_prefix="/settings")
blueprint.before_request(require_admin)


@blueprint.route("", methods=["GET", "POST"])
def index() -> ResponseReturnValue:
    """Every policy value; a save keeps all of them or none."""
    values = load_policy(db()).as_dict()
    error = None
    if request.method == "POST":
        csrf.protect()
        submitted = {name: request.form.get(name, "").strip() for name in SETTING_NAMES}
        try:
            set_policy(db(), submitted)
        except RecruiterKitError as problem:
            db().rollback()
            error = str(problem)
            values = submitted
        else:
            db().commit()
            flash("Settings saved.", "success")
            return redirect(url_for("settings.index"))
    status = 422 if error else 200
    return render_template("web/settings.html", values=values, error=error), status
