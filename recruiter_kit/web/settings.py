"""`/settings` (admins): the follow-up policy and the agency's branding, each validated as
`recruiter-kit policy set` and `recruiter-kit agency set` do."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from recruiter_kit.errors import RecruiterKitError
from recruiter_kit.policy import SETTING_NAMES
from recruiter_kit.services.agency import BRANDING_FIELDS, load_branding, set_branding
from recruiter_kit.services.policy import load_policy, set_policy
from recruiter_kit.web.auth import account, require_admin
from recruiter_kit.web.database import db
from recruiter_kit.web.security import csrf

blueprint = Blueprint("settings", __name__, url_prefix="/settings")
blueprint.before_request(require_admin)


@blueprint.route("", methods=["GET", "POST"])
def index() -> ResponseReturnValue:
    """Every policy value; a save keeps all of them or none."""
    return _save("policy", SETTING_NAMES, set_policy)


@blueprint.route("/branding", methods=["POST"])
def branding() -> ResponseReturnValue:
    """The agency's name, contact lines, logo, colour and paper on handouts."""
    return _save("branding", BRANDING_FIELDS, set_branding)


def _save(section: str, names: Iterable[str], store: Callable[..., object]) -> ResponseReturnValue:
    values = {"policy": load_policy(db()).as_dict(), "branding": load_branding(db()).as_dict()}
    errors: dict[str, str] = {}
    if request.method == "POST":
        csrf.protect()
        submitted = {name: request.form.get(name, "").strip() for name in names}
        try:
            store(db(), submitted, changed_by=account().email)
        except RecruiterKitError as problem:
            db().rollback()
            errors[section] = str(problem)
            values[section] = submitted
        else:
            db().commit()
            flash(f"{section.capitalize()} saved.", "success")
            return redirect(url_for("settings.index"))
    return render_template("web/settings.html", values=values, errors=errors), (
        422 if errors else 200
    )
