"""`/handouts`: print a batch of coaching handouts in the background and download it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import (
    Blueprint,
    Response,
    abort,
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
from recruiter_kit.errors import ConflictError
from recruiter_kit.handouts.jobs import (
    NOT_QUEUED,
    BatchExpiredError,
    QueuedBatch,
    batch_pdf,
    delete_batch,
    fail_unqueued_batch,
    list_batches,
    restart_batch,
    start_batch,
)
from recruiter_kit.handouts.selection import HandoutSelection
from recruiter_kit.queue import Queue, create_queue
from recruiter_kit.web.auth import account
from recruiter_kit.web.database import db
from recruiter_kit.web.forms import enum_choices, save

blueprint = Blueprint("handouts", __name__, url_prefix="/handouts")


class BatchActionForm(FlaskForm):  # type: ignore[misc]
    """A button acting on one batch (start again, delete): only the CSRF token."""


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
            batch = save(form, lambda: start_batch(db(), selection, me.email, datetime.now(UTC)))
            if batch is not None:
                if _enqueue(batch):
                    flash(f"Batch {batch.id} started.", "success")
                return redirect(url_for("handouts.index"))
    batches = list_batches(db(), None if me.is_admin else me.email, datetime.now(UTC))
    running = any(not batch.finished for batch in batches)
    failed = bool(form.errors or form.form_errors)
    return render_template(
        "web/handouts.html",
        form=form,
        batches=batches,
        running=running,
        action=BatchActionForm(formdata=None),
    ), 422 if failed else 200


@blueprint.route("/<int:batch_id>/restart", methods=["POST"])
def restart(batch_id: int) -> ResponseReturnValue:
    """Queue again a batch that failed or whose worker stopped."""
    me = account()
    form = BatchActionForm()
    if form.validate_on_submit():
        try:
            batch = restart_batch(
                db(), batch_id, None if me.is_admin else me.email, datetime.now(UTC)
            )
            db().commit()
        except ConflictError as error:  # running or done meanwhile: say so on the page
            db().rollback()
            flash(str(error), "error")
        else:
            if _enqueue(batch):
                flash(f"Batch {batch_id} started again.", "success")
    return redirect(url_for("handouts.index"))


@blueprint.route("/<int:batch_id>/delete", methods=["POST"])
def remove(batch_id: int) -> ResponseReturnValue:
    """Delete a batch and its PDF (admins only)."""
    if not account().is_admin:
        abort(403)
    if BatchActionForm().validate_on_submit():
        delete_batch(db(), batch_id)
        db().commit()
        flash(f"Batch {batch_id} deleted.", "success")
    return redirect(url_for("handouts.index"))


@blueprint.route("/<int:batch_id>.pdf")
def download(batch_id: int) -> ResponseReturnValue:
    """A finished batch's handouts, one PDF."""
    me = account()
    try:
        pdf = batch_pdf(db(), batch_id, None if me.is_admin else me.email)
    except BatchExpiredError as error:
        return render_template(
            "web/error.html", status=410, title="Batch expired", message=str(error)
        ), 410
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="handouts-{batch_id}.pdf"'},
    )


def _enqueue(batch: QueuedBatch) -> bool:
    """Put `batch` on the queue; if the queue cannot take it, the batch fails saying so."""
    try:
        queue().enqueue_handout_batch(batch)
    except Exception:  # Redis down, the queue's file locked or read-only: the batch is recorded
        current_app.logger.exception("handout batch %s could not be queued", batch.id)
        fail_unqueued_batch(db(), batch, datetime.now(UTC))
        db().commit()
        flash(f"Batch {batch.id} could not be queued: {NOT_QUEUED}.", "error")
        return False
    return True


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
