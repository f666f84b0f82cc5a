"""`/users` (admins): add accounts, change roles, deactivate and reactivate."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired

from recruiter_kit.enums import Role
from recruiter_kit.errors import RecruiterKitError
from recruiter_kit.services import users as user_service
from recruiter_kit.web.auth import account, require_admin
from recruiter_kit.web.database import db
from recruiter_kit.web.errors import show_error
from recruiter_kit.web.forms import enum_choices

blueprint = Blueprint("users", __name__, url_prefix="/users")
blueprint.before_request(require_admin)


class AddUserForm(FlaskForm):  # type: ignore[misc]
    """A new account."""

    email = EmailField("Email", validators=[DataRequired()])
    name = StringField("Full name")
    role = SelectField("Role", choices=enum_choices(Role), default=Role.RECRUITER.value)
    password = PasswordField("Password", validators=[DataRequired()])


class ChangeUserForm(FlaskForm):  # type: ignore[misc]
    """A change to one account: its role, or whether it may sign in."""

    email = HiddenField(validators=[DataRequired()])
    role = SelectField("Role", choices=enum_choices(Role))
    active = HiddenField()


def _page(form: AddUserForm, status: int = 200) -> ResponseReturnValue:
    accounts = user_service.list_users(db())
    return render_template(
        "web/users.html", form=form, accounts=accounts, change=ChangeUserForm()
    ), status


@blueprint.route("", methods=["GET", "POST"])
def index() -> ResponseReturnValue:
    """Every account, and the form to add one."""
    form = AddUserForm()
    if form.validate_on_submit():
        try:
            user = user_service.add_user(
                db(),
                form.email.data,
                name=form.name.data or "",
                role=Role(form.role.data),
                password=form.password.data,
                changed_by=account().email,
            )
        except RecruiterKitError as error:
            db().rollback()
            show_error(form, error)
        else:
            db().commit()
            flash(f"Created {user.role.value} {user.email}.", "success")
            return redirect(url_for("users.index"))
    return _page(form, 422 if form.errors or form.form_errors else 200)


@blueprint.route("/role", methods=["POST"])
def change_role() -> ResponseReturnValue:
    """Give an account another role."""
    form = ChangeUserForm()
    if form.validate_on_submit():
        user = user_service.set_role(
            db(), form.email.data, Role(form.role.data), changed_by=account().email
        )
        db().commit()
        flash(f"{user.email} is now {user.role.value}.", "success")
    return redirect(url_for("users.index"))


@blueprint.route("/active", methods=["POST"])
def change_active() -> ResponseReturnValue:
    """Deactivate (signing the account out everywhere) or reactivate an account."""
    form = ChangeUserForm()
    if form.validate_on_submit():
        active = form.active.data == "yes"
        user = user_service.set_active(db(), form.email.data, active, changed_by=account().email)
        db().commit()
        flash(f"{user.email} is {'active' if active else 'deactivated'}.", "success")
    return redirect(url_for("users.index"))
