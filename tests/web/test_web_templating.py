"""Template helpers: record links (the same URL as `url_for`, the text escaped, under any
mount point), moments as the command line shows them, status badges."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from flask import url_for
from markupsafe import Markup, escape

from recruiter_kit.web.templating import link_candidate, link_interview, status_badge, when

REFS = ["C-000123", "I-7", "odd ref/with?#%&<\"'>", "é-1"]


@pytest.mark.parametrize("script_root", ["", "/agency"])
def test_links_match_url_for_and_escape_their_text(app, script_root):
    with app.test_request_context("/", base_url=f"https://admin.example{script_root}"):
        for ref in REFS:
            for link, endpoint in (
                (link_candidate, "candidates.show"),
                (link_interview, "interviews.show"),
            ):
                href = escape(url_for(endpoint, ref=ref))
                assert link(ref, "<b>Ada & Bo</b>") == Markup(
                    f'<a href="{href}">&lt;b&gt;Ada &amp; Bo&lt;/b&gt;</a>'
                )


def test_moments_show_as_the_command_line_shows_them_and_nothing_for_none():
    moment = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("America/Denver"))
    assert when(moment) == Markup(
        '<time datetime="2026-03-02T10:00:00-07:00">Mon 2 Mar 2026 10:00 MST</time>'
    )
    assert when(date(2026, 3, 2)) == Markup('<time datetime="2026-03-02">Mon 2 Mar 2026</time>')
    assert when(None) == Markup("")


def test_status_badges_escape_their_text():
    assert status_badge("overdue") == Markup('<span class="badge badge-overdue">overdue</span>')
    assert status_badge("<x>") == Markup('<span class="badge badge-&lt;x&gt;">&lt;x&gt;</span>')
