"""`/candidates`: the listing, one candidate's page, and the forms that change them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Optional

from recruiter_kit.calendar import zone
from recruiter_kit.enums import (
    Channel,
    CommunicationKind,
    ContactPreference,
    InterviewFormat,
    Stage,
    Status,
)
from recruiter_kit.services import candidates as candidate_service
from recruiter_kit.services import interviews as interview_service
from recruiter_kit.services import views
from recruiter_kit.services.access import assignable_recruiter, check_candidate_access
from recruiter_kit.services.candidate_list import CandidateQuery, CandidateSort, candidate_rows
from recruiter_kit.services.communications import CommunicationFilter, list_communications
from recruiter_kit.services.editing import edit_candidate
from recruiter_kit.services.users import list_users
from recruiter_kit.services.validation import localise
from recruiter_kit.web.auth import account
from recruiter_kit.web.database import db
from recruiter_kit.web.forms import (
    CommunicationForm,
    InterviewForm,
    PrefixedForm,
    enum_choices,
    form_version,
    interviewers_from_text,
    optional,
    save,
    whole_number,
)
from recruiter_kit.web.security import safe_next

blueprint = Blueprint("candidates", __name__, url_prefix="/candidates")


class CandidateForm(PrefixedForm):
    """A candidate's profile (adding one, or correcting it)."""

    PREFIX = "profile"

    name = StringField("Name", validators=[DataRequired()])
    email = EmailField("Email", validators=[Optional()])
    phone = StringField("Phone")
    mailing_address = TextAreaField("Mailing address (for handwritten notes)")
    timezone = StringField("Time zone (e.g. America/Chicago; blank: the agency's)")
    recruiter = SelectField("Recruiter", choices=[""], validate_choice=False)
    notes = TextAreaField("Notes")
    version = HiddenField()


class NewCandidateForm(CandidateForm):
    """A new candidate also starts at a stage."""

    PREFIX = ""

    stage = SelectField("Stage", choices=enum_choices(Stage), default=Stage.SOURCED.value)


class MoveForm(FlaskForm):  # type: ignore[misc]
    """Move a candidate to another stage."""

    stage = SelectField("Move to stage", choices=enum_choices(Stage))
    version = HiddenField()
    next = HiddenField()


@blueprint.route("")
def index() -> ResponseReturnValue:
    """Search, filter, sort and page through my candidates (everyone's for an admin)."""
    args = request.args
    me = account()
    query = CandidateQuery(
        search=args.get("q") or None,
        stage=_choice(Stage, args.get("stage")),
        status=_choice(Status, args.get("status")),
        recruiter=me.scope or args.get("recruiter") or None,
        sort=_choice(CandidateSort, args.get("sort")) or CandidateSort.NAME,
    )
    page = candidate_rows(db(), query, datetime.now(UTC), page=whole_number(args.get("page")) or 1)
    recruiters = [user.email for user in list_users(db())] if me.is_admin else []
    return render_template(
        "web/candidates.html",
        page=page,
        query=query,
        recruiters=recruiters,
        stages=list(Stage),
        statuses=list(Status),
        sorts=list(CandidateSort),
        args=args,
    )


@blueprint.route("/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    """Add a candidate (a recruiter's new candidates are their own)."""
    form = NewCandidateForm()
    _offer_recruiters(form)
    if request.method == "GET":
        form.recruiter.data = account().email
    if form.validate_on_submit():
        candidate = save(
            form,
            lambda: candidate_service.add_candidate(
                db(),
                name=form.name.data,
                email=optional(form.email.data),
                phone=optional(form.phone.data),
                mailing_address=optional(form.mailing_address.data),
                timezone=optional(form.timezone.data),
                recruiter=assignable_recruiter(account(), optional(form.recruiter.data)),
                stage=Stage(form.stage.data),
                notes=optional(form.notes.data),
                changed_by=account().email,
            ),
        )
        if candidate is not None:
            flash(f"Added {candidate.name} ({candidate.ref}).", "success")
            return redirect(url_for("candidates.show", ref=candidate.ref))
    return render_template("web/candidate_new.html", form=form), _status(form)


@blueprint.route("/<ref>")
def show(ref: str) -> ResponseReturnValue:
    """A candidate's profile, stage, interviews, communications and history."""
    return _page(ref)


@blueprint.route("/<ref>/stage", methods=["POST"])
def move(ref: str) -> ResponseReturnValue:
    """Move the candidate to another stage (refused if someone changed them meanwhile)."""
    check_candidate_access(db(), account(), ref)
    form = MoveForm()
    back = safe_next(form.next.data) or url_for("candidates.show", ref=ref)
    if form.validate_on_submit():
        moved = save(
            form,
            lambda: candidate_service.move_stage(
                db(),
                ref,
                Stage(form.stage.data),
                changed_by=account().email,
                expected_version=form_version(form.version.data),
            ),
        )
        if moved is not None:
            flash(f"{moved.name} is now at stage {moved.stage.value}.", "success")
            return redirect(back)
    for message in [*form.form_errors, *form.stage.errors]:
        flash(message, "error")
    return redirect(back)


@blueprint.route("/<ref>/profile", methods=["POST"])
def edit(ref: str) -> ResponseReturnValue:
    """Correct the candidate's profile; a stale form is refused and nothing is lost."""
    check_candidate_access(db(), account(), ref)
    form = CandidateForm()
    _offer_recruiters(form)
    if form.validate_on_submit():
        changes: dict[str, Any] = {
            "name": form.name.data,
            "email": optional(form.email.data),
            "phone": optional(form.phone.data),
            "mailing_address": optional(form.mailing_address.data),
            "timezone": optional(form.timezone.data),
            "notes": optional(form.notes.data),
        }
        if account().is_admin and form.recruiter.name in request.form:
            changes["recruiter"] = optional(form.recruiter.data)
        edited = save(
            form,
            lambda: edit_candidate(
                db(),
                ref,
                changes,
                changed_by=account().email,
                expected_version=form_version(form.version.data),
            ),
        )
        if edited is not None:
            flash("Profile saved.", "success")
            return redirect(url_for("candidates.show", ref=ref))
    return _page(ref, profile=form)


@blueprint.route("/<ref>/interviews", methods=["POST"])
def add_interview(ref: str) -> ResponseReturnValue:
    """Schedule (or record) an interview for the candidate."""
    check_candidate_access(db(), account(), ref)
    form = InterviewForm()
    if form.validate_on_submit():
        zone = views.candidate_detail(db(), ref, datetime.now(UTC)).zone
        interview = save(
            form,
            lambda: interview_service.add_interview(
                db(),
                candidate_ref=ref,
                company=form.company.data,
                position=form.position.data,
                starts_at=localise(form.starts_at.data, zone),
                ends_at=localise(form.ends_at.data, zone) if form.ends_at.data else None,
                round=form.round.data,
                format=InterviewFormat(form.format.data),
                interviewers=interviewers_from_text(form.interviewers.data),
                decision_by=form.decision_by.data,
                timeline_asked=form.timeline_asked.data,
                contact_preference=ContactPreference(form.contact_preference.data),
                notes=optional(form.notes.data),
                changed_by=account().email,
            ),
        )
        if interview is not None:
            flash(f"Added interview {interview.ref}.", "success")
            return redirect(url_for("interviews.show", ref=interview.ref))
    return _page(ref, interview=form)


@blueprint.route("/<ref>/communications", methods=["POST"])
def log(ref: str) -> ResponseReturnValue:
    """Log a communication about one of the candidate's interviews."""
    check_candidate_access(db(), account(), ref)
    detail = views.candidate_detail(db(), ref, datetime.now(UTC))
    form = CommunicationForm()
    form.interview.choices = [interview.ref for interview in detail.interviews]
    if form.validate_on_submit():
        if form.interview.data not in form.interview.choices:
            form.interview.errors.append("Choose one of this candidate's interviews.")
        else:
            logged = save(
                form,
                lambda: interview_service.log_communication(
                    db(),
                    form.interview.data,
                    CommunicationKind(form.kind.data),
                    at=localise(form.at.data, detail.zone),
                    channel=Channel(form.channel.data) if form.channel.data else None,
                    arrived_on=form.arrived_on.data,
                    summary=optional(form.summary.data),
                    body=optional(form.body.data),
                    changed_by=account().email,
                ),
            )
            if logged is not None:
                flash(f"Logged {logged.kind.value.replace('_', ' ')} ({logged.ref}).", "success")
                return redirect(url_for("candidates.show", ref=ref))
    return _page(ref, communication=form)


def _page(
    ref: str,
    *,
    profile: CandidateForm | None = None,
    interview: InterviewForm | None = None,
    communication: CommunicationForm | None = None,
) -> ResponseReturnValue:
    check_candidate_access(db(), account(), ref)
    detail = views.candidate_detail(db(), ref, datetime.now(UTC))
    communications = list_communications(db(), CommunicationFilter(candidate=detail.profile.ref))
    if profile is None:
        profile = CandidateForm(
            formdata=None,
            name=detail.profile.name,
            email=detail.profile.email,
            phone=detail.profile.phone,
            mailing_address=detail.mailing_address,
            timezone=detail.profile.timezone,
            recruiter=detail.profile.recruiter or "",
            notes=detail.notes,
            version=detail.version,
        )
        _offer_recruiters(profile)
    move = MoveForm(formdata=None, stage=detail.profile.stage.value, version=detail.version)
    interview = interview or InterviewForm(formdata=None)
    if communication is None:
        now = datetime.now(zone(detail.zone)).replace(tzinfo=None, second=0, microsecond=0)
        communication = CommunicationForm(formdata=None, at=now)
    communication.interview.choices = [item.ref for item in detail.interviews]
    failed = any(form.errors or form.form_errors for form in (profile, interview, communication))
    return render_template(
        "web/candidate.html",
        detail=detail,
        communications=communications,
        profile=profile,
        move=move,
        interview=interview,
        communication=communication,
    ), 422 if failed else 200


def _offer_recruiters(form: CandidateForm) -> None:
    me = account()
    if me.is_admin:
        form.recruiter.choices = ["", *(user.email for user in list_users(db()) if user.active)]
    else:
        form.recruiter.choices = [me.email]


def _choice(enum: Any, value: str | None) -> Any:
    try:
        return enum(value) if value else None
    except ValueError:
        return None


def _status(form: FlaskForm) -> int:
    return 422 if form.errors or form.form_errors else 200
