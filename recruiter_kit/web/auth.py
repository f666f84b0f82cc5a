"""Signing in and out; every other page needs a signed-in, active account."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from recruiter_kit.services.access import Account
from recruiter_kit.services.sign_in import SignInRefused, load_account, sign_in
from recruiter_kit.services.users import end_sessions, get_user
from recruiter_kit.web.database import db
from recruiter_kit.web.security import safe_next

blueprint = Blueprint("auth", __name__)
login_manager = LoginManager()
PUBLIC_ENDPOINTS = frozenset({"auth.login", "health.healthz", "static"})


class SignedIn(UserMixin):  # type: ignore[misc]
    """Flask-Login's view of an account: its id travels with the account's session token."""

    def __init__(self, account: Account) -> None:
        self.account = account

    def get_id(self) -> str:
        return f"{self.account.id}:{self.account.session_token}"


def init_app(app: Flask) -> None:
    """Load the account of each request's session; send anonymous visitors to /login."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.user_loader(_load)
    app.before_request(_require_sign_in)


def _load(user_id: str) -> SignedIn | None:
    number, _, token = user_id.partition(":")
    if not number.isdigit() or not token:
        return None
    account = load_account(db(), int(number), token)
    return None if account is None else SignedIn(account)


def _require_sign_in() -> ResponseReturnValue | None:
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return None


def account() -> Account:
    """The signed-in account of this request."""
    signed_in: SignedIn = current_user
    return signed_in.account


def require_admin() -> None:
    """Refuse a page meant for admins (settings, users) to recruiters."""
    if not account().is_admin:
        abort(403)


class SignInForm(FlaskForm):  # type: ignore[misc]
    """Email and password."""

    email = EmailField("Email", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """The sign-in form; on success, a fresh session and the page asked for."""
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("dashboard.index"))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            signed_in = sign_in(
                db(),
                form.email.data,
                form.password.data,
                request.remote_addr,
                datetime.now(UTC),
            )
        except SignInRefused as refusal:
            db().commit()  # keep the failure: it counts towards throttling
            form.password.errors.append(str(refusal))
        else:
            db().commit()
            session.clear()  # a new session at sign-in: nothing set before carries over
            login_user(SignedIn(signed_in))
            return redirect(target or url_for("dashboard.index"))
    return render_template(
        "web/login.html", form=form, next=target
    ), 200 if not form.errors else 401


@blueprint.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    """Sign out: the account's sessions end everywhere (an old cookie no longer works)."""
    end_sessions(get_user(db(), account().email))
    db().commit()
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))
