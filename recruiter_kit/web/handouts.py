"""`/handouts`: print a batch of coaching handouts in the background and download it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectMultipleField
from wtforms.validators import Optional

from recruiter_kit.enums import Status
from recruiter_kit.handouts.jobs import batch_pdf, list_batches, start_batch
from recruiter_kit.handouts.selection import HandoutSelection
from recruiter_kit.queue import Queue, create_queue
from recruiter_kit.web.auth import account
from recruiter_kit.web.database import db
from recruiter_kit.web.forms import enum_choices, save

blueprint = Blueprint("handouts", __name__, url_prefix="/handouts")


class BatchForm(FlaskForm):  # type: ignore[misc]
    """Which interviews to print handouts for."""

    statuses = SelectMultipleField("Follow-up status", choices=enum_choices(Status))
    interviewed_on = DateField("Interviewed on", validators=[Optional()])
    all_active = BooleanField("Every interview still open")


def queue() -> Queue:
    """The app's task queue (created on first use)."""
    if "recruiter_kit.queue" not in current_app.extensions:
        current_app.extensions["recruiter_kit.queue"] = create_queue(
            current_app.config.get("REDIS_URL"),
            current_app.config.get("QUEUE_PATH"),
            current_app.config.get("QUEUE_NAME"),
        )
    found: Queue = current_app.extensions["recruiter_kit.queue"]
    return found


@blueprint.route("", methods=["GET", "POST"])
def index() -> ResponseReturnValue:
    """Start a batch; see the recent ones with their progress and downloads."""
    me = account()
    form = BatchForm()
    if request.method == "GET" and request.args.get("interviewed_on"):  # from the dashboard
        form.interviewed_on.data = _day(request.args["interviewed_on"])
    if form.validate_on_submit():
        selection = HandoutSelection(
            statuses=frozenset(Status(value) for value in form.statuses.data or ()),
            interviewed_on=form.interviewed_on.data,
            all_active=form.all_active.data,
            recruiter=me.scope,
        )
        if selection == HandoutSelection(recruiter=me.scope):
            form.form_errors.append("Choose a status, an interview day or every open interview.")
        else:
            batch_id = save(form, lambda: start_batch(db(), selection, me.email, datetime.now(UTC)))
            if batch_id is not None:
                queue().enqueue_handout_batch(current_app.config["DATABASE_URL"], batch_id)
                flash(f"Batch {batch_id} started.", "success")
                return redirect(url_for("handouts.index"))
    batches = list_batches(db(), None if me.is_admin else me.email)
    running = any(not batch.finished for batch in batches)
    failed = bool(form.errors or form.form_errors)
    return render_template(
        "web/handouts.html", form=form, batches=batches, running=running
    ), 422 if failed else 200


@blueprint.route("/<int:batch_id>.pdf")
def download(batch_id: int) -> ResponseReturnValue:
    """A finished batch's handouts, one PDF."""
    me = account()
    pdf = batch_pdf(db(), batch_id, None if me.is_admin else me.email)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="handouts-{batch_id}.pdf"'},
    )


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
