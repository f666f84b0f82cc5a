"""`/interviews/<ref>`: one interview, its follow-up verdict, outcome and handout; correcting
it and its logged communications."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import DateField, DateTimeLocalField, HiddenField, SelectField
from wtforms.validators import DataRequired, Optional

from recruiter_kit.enums import Channel, Outcome
from recruiter_kit.errors import NotFoundError
from recruiter_kit.handouts import render_handout, render_handout_html
from recruiter_kit.services import communications as communication_service
from recruiter_kit.services import interviews as interview_service
from recruiter_kit.services import views
from recruiter_kit.services.access import check_interview_access
from recruiter_kit.services.candidates import candidate_timezone
from recruiter_kit.services.communications import CommunicationDetail, record_note_arrival
from recruiter_kit.services.editing import edit_interview
from recruiter_kit.services.validation import localise
from recruiter_kit.web.auth import account
from recruiter_kit.web.database import db
from recruiter_kit.web.forms import (
    CommunicationEditForm,
    DeleteForm,
    InterviewEditForm,
    enum_choices,
    form_version,
    interviewers_as_text,
    interviewers_from_text,
    optional,
    save,
)

blueprint = Blueprint("interviews", __name__, url_prefix="/interviews")

# The handout preview is a standalone page with its own inline styles, shown in a frame.
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "frame-ancestors 'self'; sandbox"
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
    version = HiddenField()


@blueprint.route("/<ref>")
def show(ref: str) -> ResponseReturnValue:
    """The interview, its communications, the rules' findings and next action."""
    return _page(ref)


@blueprint.route("/<ref>/edit", methods=["POST"])
def edit(ref: str) -> ResponseReturnValue:
    """Correct the interview; a stale form is refused and shown again as typed."""
    check_interview_access(db(), account(), ref)
    form = InterviewEditForm()
    if form.validate_on_submit():
        zone = views.interview_detail(db(), ref, datetime.now(UTC)).zone
        changes = {
            "company": form.company.data,
            "position": form.position.data,
            "round": form.round.data,
            "format": form.format.data,
            "starts_at": localise(form.starts_at.data, zone),
            "ends_at": localise(form.ends_at.data, zone) if form.ends_at.data else None,
            "decision_by": form.decision_by.data,
            "timeline_asked": form.timeline_asked.data,
            "contact_preference": form.contact_preference.data,
            "interviewers": list(interviewers_from_text(form.interviewers.data)),
            "notes": optional(form.notes.data),
        }
        edited = save(
            form,
            lambda: edit_interview(
                db(),
                ref,
                changes,
                changed_by=account().email,
                expected_version=form_version(form.version.data),
            ),
        )
        if edited is not None:
            count = len(edited.changes)
            flash(f"Interview saved ({count} change{'' if count == 1 else 's'}).", "success")
            return redirect(url_for("interviews.show", ref=ref))
    return _page(ref, edit_form=form)


@blueprint.route("/<ref>/communications/<entry>", methods=["GET", "POST"])
def communication(ref: str, entry: str) -> ResponseReturnValue:
    """Correct a communication logged about this interview."""
    detail = _communication(ref, entry)
    form = CommunicationEditForm()
    if form.validate_on_submit():
        changes = {
            "kind": form.kind.data,
            "channel": form.channel.data or None,
            "at": localise(form.at.data, _zone_of(detail)),
            "arrived_on": form.arrived_on.data,
            "summary": optional(form.summary.data),
            "body": optional(form.body.data),
        }
        edited = save(
            form,
            lambda: communication_service.edit_communication(
                db(),
                detail.ref,
                changes,
                changed_by=account().email,
                expected_version=form_version(form.version.data),
            ),
        )
        if edited is not None:
            flash(f"{detail.ref} saved.", "success")
            return redirect(url_for("interviews.show", ref=ref))
    elif request.method == "GET":
        form = _communication_form(detail)
    return _communication_page(detail, edit_form=form)


@blueprint.route("/<ref>/communications/<entry>/delete", methods=["POST"])
def delete_communication(ref: str, entry: str) -> ResponseReturnValue:
    """Delete a communication logged by mistake (its content stays in the history)."""
    detail = _communication(ref, entry)
    form = DeleteForm()
    if form.validate_on_submit():
        deleted = save(
            form,
            lambda: communication_service.delete_communication(
                db(),
                detail.ref,
                changed_by=account().email,
                expected_version=form_version(form.version.data),
            ),
        )
        if deleted is not None:
            flash(f"{deleted.ref} deleted (its content is kept in the history).", "success")
            return redirect(url_for("interviews.show", ref=ref))
    return _communication_page(detail, delete_form=form)


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
                expected_version=form_version(version),
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
                db(),
                form.communication.data,
                form.arrived_on.data,
                changed_by=account().email,
                expected_version=form_version(form.version.data),
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


def _page(
    ref: str,
    *,
    outcome_form: OutcomeForm | None = None,
    edit_form: InterviewEditForm | None = None,
) -> ResponseReturnValue:
    check_interview_access(db(), account(), ref)
    detail = views.interview_detail(db(), ref, datetime.now(UTC))
    outcome = outcome_form or OutcomeForm(
        formdata=None, outcome=detail.outcome.value, version=detail.version
    )
    edit = edit_form or InterviewEditForm(
        formdata=None,
        company=detail.company,
        position=detail.position,
        round=detail.round,
        format=detail.format.value,
        starts_at=_local(detail.starts_at),
        ends_at=_local(detail.ends_at),
        decision_by=detail.decision_by,
        timeline_asked=detail.timeline_asked,
        contact_preference=detail.contact_preference.value,
        interviewers=interviewers_as_text(detail.interviewers),
        notes=detail.notes,
        version=detail.version,
    )
    failed = any(form.errors or form.form_errors for form in (outcome, edit))
    return render_template(
        "web/interview.html",
        detail=detail,
        outcome=outcome,
        edit=edit,
        arrival=ArrivalForm(formdata=None),
    ), 422 if failed else 200


def _local(moment: datetime | None) -> datetime | None:
    """A moment as a form shows it: the wall-clock time in the zone it carries."""
    return moment.replace(tzinfo=None) if moment is not None else None


def _communication(ref: str, entry: str) -> CommunicationDetail:
    """The communication `entry`, if it was logged about interview `ref` and the signed-in
    person may see that interview (else not found)."""
    check_interview_access(db(), account(), ref)
    detail = communication_service.communication_detail(db(), entry)
    if detail.interview_ref != ref:
        raise NotFoundError(f"no communication {entry!r} of interview {ref}")
    return detail


def _zone_of(detail: CommunicationDetail) -> str:
    """The time zone the communication's times are typed in: its candidate's."""
    logged = communication_service.get_communication(db(), detail.ref)
    return candidate_timezone(db(), logged.interview.candidate)


def _communication_form(detail: CommunicationDetail) -> CommunicationEditForm:
    # A channel the kind implies is left blank, so changing the kind brings its own.
    return CommunicationEditForm(
        formdata=None,
        kind=detail.kind.value,
        channel="" if detail.kind.default_channel else _value(detail.channel),
        at=_local(detail.at),
        arrived_on=detail.arrived_on,
        summary=detail.summary,
        body=detail.body,
        version=detail.version,
    )


def _value(channel: Channel | None) -> str:
    return channel.value if channel else ""


def _communication_page(
    detail: CommunicationDetail,
    *,
    edit_form: CommunicationEditForm | None = None,
    delete_form: DeleteForm | None = None,
) -> ResponseReturnValue:
    edit = edit_form or _communication_form(detail)
    delete = delete_form or DeleteForm(formdata=None, version=detail.version)
    failed = any(form.errors or form.form_errors for form in (edit, delete))
    return render_template(
        "web/communication.html", entry=detail, edit=edit, delete=delete
    ), 422 if failed else 200
