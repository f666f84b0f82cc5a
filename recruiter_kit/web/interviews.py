"""`/interviews/<ref>`: one interview, its follow-up verdict, outcome and handout."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import DateField, DateTimeLocalField, HiddenField, SelectField
from wtforms.validators import DataRequired, Optional

from recruiter_kit.enums import Outcome
from recruiter_kit.handouts import render_handout, render_handout_html
from recruiter_kit.services import interviews as interview_service
from recruiter_kit.services import views
from recruiter_kit.services.access import check_interview_access
from recruiter_kit.services.communications import record_note_arrival
from recruiter_kit.services.validation import localise
from recruiter_kit.web.auth import account
from recruiter_kit.web.database import db
from recruiter_kit.web.forms import enum_choices, save

blueprint = Blueprint("interviews", __name__, url_prefix="/interviews")

# The handout preview is a standalone page with its own inline styles, shown in a frame.
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox"
)


class OutcomeForm(FlaskForm):  # type: ignore[misc]
    """The employer's decision (or the candidate's withdrawal)."""

    outcome = SelectField("Outcome", choices=enum_choices(Outcome))
    at = DateTimeLocalField("Decided at (blank: now)", validators=[Optional()])
    version = HiddenField()


class ArrivalForm(FlaskForm):  # type: ignore[misc]
    """The day a mailed thank-you note arrived."""

    communication = HiddenField(validators=[DataRequired()])
    arrived_on = DateField("Arrived on", validators=[DataRequired()])


@blueprint.route("/<ref>")
def show(ref: str) -> ResponseReturnValue:
    """The interview, its communications, the rules' findings and next action."""
    return _page(ref)


@blueprint.route("/<ref>/outcome", methods=["POST"])
def outcome(ref: str) -> ResponseReturnValue:
    """Record the outcome (refused if someone changed the interview meanwhile)."""
    check_interview_access(db(), account(), ref)
    form = OutcomeForm()
    if form.validate_on_submit():
        zone = views.interview_detail(db(), ref, datetime.now(UTC)).zone
        version = form.version.data
        saved = save(
            form,
            lambda: interview_service.set_outcome(
                db(),
                ref,
                Outcome(form.outcome.data),
                at=localise(form.at.data, zone) if form.at.data else None,
                changed_by=account().email,
                expected_version=int(version) if version and version.isdigit() else None,
            ),
        )
        if saved is not None:
            flash(f"Outcome recorded: {saved.outcome.value}.", "success")
            return redirect(url_for("interviews.show", ref=ref))
    return _page(ref, outcome_form=form)


@blueprint.route("/<ref>/arrival", methods=["POST"])
def arrival(ref: str) -> ResponseReturnValue:
    """Record the day a mailed thank-you note arrived."""
    check_interview_access(db(), account(), ref)
    form = ArrivalForm()
    detail = views.interview_detail(db(), ref, datetime.now(UTC))
    logged_here = {item.ref for item in detail.communications}
    if form.validate_on_submit() and form.communication.data in logged_here:
        saved = save(
            form,
            lambda: record_note_arrival(
                db(), form.communication.data, form.arrived_on.data, changed_by=account().email
            ),
        )
        if saved is not None:
            flash("Arrival recorded.", "success")
            return redirect(url_for("interviews.show", ref=ref))
    for message in [*form.form_errors, *form.arrived_on.errors]:
        flash(message, "error")
    return redirect(url_for("interviews.show", ref=ref))


@blueprint.route("/<ref>/handout")
def handout_preview(ref: str) -> ResponseReturnValue:
    """The coaching handout as HTML (shown in the interview page's frame)."""
    check_interview_access(db(), account(), ref)
    response = Response(render_handout_html(db(), ref, datetime.now(UTC)), mimetype="text/html")
    response.headers["Content-Security-Policy"] = PREVIEW_POLICY
    return response


@blueprint.route("/<ref>/handout.pdf")
def handout_pdf(ref: str) -> ResponseReturnValue:
    """The coaching handout as a PDF download."""
    check_interview_access(db(), account(), ref)
    pdf = render_handout(db(), ref, datetime.now(UTC))
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="handout-{ref}.pdf"'},
    )


def _page(ref: str, *, outcome_form: OutcomeForm | None = None) -> ResponseReturnValue:
    check_interview_access(db(), account(), ref)
    detail = views.interview_detail(db(), ref, datetime.now(UTC))
    form = outcome_form or OutcomeForm(
        formdata=None, outcome=detail.outcome.value, version=detail.version
    )
    failed = bool(form.errors or form.form_errors)
    return render_template(
        "web/interview.html", detail=detail, outcome=form, arrival=ArrivalForm(formdata=None)
    ), 422 if failed else 200
