"""What every template may use: date formatting as the CLI shows it, and record links."""

from __future__ import annotations

from flask import Flask, url_for
from markupsafe import Markup

from recruiter_kit.rules.formatting import format_when


def init_app(app: Flask) -> None:
    """Register the filters and globals."""
    app.add_template_filter(format_when, "format_when")
    app.add_template_global(link_candidate)
    app.add_template_global(link_interview)


def _link(endpoint: str, ref: str, label: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(url_for(endpoint, ref=ref), label)


def link_candidate(ref: str, label: str) -> Markup:
    """A link to a candidate's page, its text escaped."""
    return _link("candidates.show", ref, label)


def link_interview(ref: str, label: str) -> Markup:
    """A link to an interview's page, its text escaped."""
    return _link("interviews.show", ref, label)
