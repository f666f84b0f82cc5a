"""Record links: the same URL as `url_for`, the text escaped, under any mount point."""

from __future__ import annotations

import pytest
from flask import url_for
from markupsafe import Markup, escape

from recruiter_kit.web.templating import link_candidate, link_interview

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
