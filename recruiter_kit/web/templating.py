"""What every template may use: dates as the CLI shows them, status badges, record links.

Helpers used once per row of a long table are Python functions, not Jinja macros: a macro
call costs tens of microseconds, and a dashboard makes hundreds.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, g, url_for
from markupsafe import Markup, escape
from werkzeug.routing import Map, UnicodeConverter

from recruiter_kit.rules.formatting import format_when

_SLOT = "__ref__"  # stands for the ref in a link's URL pattern
_REF_IN_PATH = UnicodeConverter(Map())  # quotes a ref as `url_for` does for `<ref>`


def init_app(app: Flask) -> None:
    """Register the filters and globals."""
    app.add_template_filter(format_when, "format_when")
    app.add_template_global(when)
    app.add_template_global(status_badge)
    app.add_template_global(link_candidate)
    app.add_template_global(link_interview)


def when(moment: date | datetime | None) -> Markup:
    """A date or moment as the command line shows it (moments in the zone they carry)."""
    if moment is None:
        return Markup("")
    text = escape(format_when(moment))
    return Markup(f'<time datetime="{escape(moment.isoformat())}">{text}</time>')


def status_badge(status: str) -> Markup:
    """A follow-up status as a coloured badge."""
    text = escape(status)
    return Markup(f'<span class="badge badge-{text}">{text}</span>')


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
