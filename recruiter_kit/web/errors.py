"""Error pages in the app's style, and errors users cause shown as messages, not tracebacks."""

from __future__ import annotations

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from recruiter_kit.errors import NotFoundError, RecruiterKitError, ValidationError

_TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    413: "Too large",
    500: "Something went wrong",
}


def init_app(app: Flask) -> None:
    """Render HTTP errors, CSRF failures and unknown refs with the app's layout."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(NotFoundError, _not_found)
    app.register_error_handler(RecruiterKitError, _user_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(Exception, _server_error)


def _page(status: int, message: str) -> ResponseReturnValue:
    title = _TITLES.get(status, "Error")
    return render_template("web/error.html", status=status, title=title, message=message), status


def _http_error(error: HTTPException) -> ResponseReturnValue:
    return _page(error.code or 500, error.description or "")


def _not_found(error: NotFoundError) -> ResponseReturnValue:
    return _page(404, str(error))


def _user_error(error: RecruiterKitError) -> ResponseReturnValue:
    return _page(400, str(error))


def _csrf_error(error: CSRFError) -> ResponseReturnValue:
    return _page(400, "The form expired or did not come from this site: reload it and retry.")


def _server_error(error: Exception) -> ResponseReturnValue:
    if isinstance(error, HTTPException):
        return _http_error(error)
    from flask import current_app

    current_app.logger.exception("unhandled error")
    return _page(500, "The error was logged. Go back and try again.")


def show_error(form: FlaskForm, error: RecruiterKitError) -> None:
    """Put an error a user caused beside the field it names, else at the top of the form."""
    if isinstance(error, ValidationError) and error.field:
        field = getattr(form, error.field, None)
        if field is not None and hasattr(field, "errors"):
            if not isinstance(field.errors, list):
                field.errors = list(field.errors)
            field.errors.append(error.problem)
            return
    form.form_errors.append(str(error))
