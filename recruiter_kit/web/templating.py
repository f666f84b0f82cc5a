"""What every template may use: date formatting as the CLI shows it, and record links."""

from __future__ import annotations

from flask import Flask, g, url_for
from markupsafe import Markup, escape
from werkzeug.routing import Map, UnicodeConverter

from recruiter_kit.rules.formatting import format_when

_SLOT = "__ref__"  # stands for the ref in a link's URL pattern
_REF_IN_PATH = UnicodeConverter(Map())  # quotes a ref as `url_for` does for `<ref>`


def init_app(app: Flask) -> None:
    """Register the filters and globals."""
    app.add_template_filter(format_when, "format_when")
    app.add_template_global(link_candidate)
    app.add_template_global(link_interview)


def _link(endpoint: str, ref: str, label: str) -> Markup:
    # `url_for` costs tens of microseconds and a dashboard links hundreds of rows: each
    # endpoint's URL is built once a request around a slot, then only the ref is quoted in.
    patterns: dict[str, tuple[str, str, str]] = g.setdefault("link_patterns", {})
    pattern = patterns.get(endpoint)
    if pattern is None:
        pattern = patterns[endpoint] = url_for(endpoint, ref=_SLOT).partition(_SLOT)
    href = pattern[0] + _REF_IN_PATH.to_url(ref) + pattern[2]
    return Markup(f'<a href="{escape(href)}">{escape(label)}</a>')


def link_candidate(ref: str, label: str) -> Markup:
    """A link to a candidate's page, its text escaped."""
    return _link("candidates.show", ref, label)


def link_interview(ref: str, label: str) -> Markup:
    """A link to an interview's page, its text escaped."""
    return _link("interviews.show", ref, label)
