"""HTML previews: one self-contained file that looks like the PDF and fetches nothing."""

import base64
import io
import re

from fontTools.ttLib import TTFont
from handout_test_support import ADA_AS_OF
from sqlalchemy import update

from recruiter_kit.handouts import (
    Format,
    HandoutSelection,
    Target,
    TemplateSource,
    prepare,
    render_batch,
    render_handout_html,
)
from recruiter_kit.handouts.templating import (
    PREVIEW_CHARACTERS,
    PREVIEW_FOLDER,
    packaged_folder,
)
from recruiter_kit.models import Interview

DATA_URI = re.compile(r"data:([\w/+.-]+);base64,([A-Za-z0-9+/=]+)")


def embedded(page):
    """(media type, bytes) of every data: URI of a page."""
    return [(kind, base64.b64decode(data)) for kind, data in DATA_URI.findall(page)]


def test_a_preview_embeds_the_bundled_fonts_cut_for_previews(agency, tmp_path):
    views = prepare(agency, HandoutSelection(interviews=("I-ADA",)), ADA_AS_OF)
    render_batch(views, Target.parse(f"{tmp_path}/p.html", Format.HTML), source=TemplateSource())
    page = (tmp_path / "p.html").read_text()
    fonts = packaged_folder() / "assets" / "fonts"
    shipped = {path.read_bytes() for path in (fonts / PREVIEW_FOLDER).glob("Lato-*.woff2")}
    assert len(shipped) == 3
    assert {data for kind, data in embedded(page) if kind == "font/woff2"} == shipped
    style = page[page.index("<style>") : page.index("</style>")]
    # every url() of the stylesheet is a data: URI: nothing for a browser to fetch
    assert style.count("url(") == style.count('url("data:') == len(shipped)
    assert "asset:" not in page and "Ada Park" in page
    # The whole Lato made every preview 2.7 MB.
    assert len(page.encode()) < 400_000


def test_the_shipped_cuts_are_the_packaged_fonts_cut_to_the_preview_characters():
    fonts = packaged_folder() / "assets" / "fonts"
    for font in fonts.glob("Lato-*.ttf"):
        whole = set(TTFont(font).getBestCmap())
        cut = TTFont(fonts / PREVIEW_FOLDER / f"{font.stem}.woff2")
        assert set(cut.getBestCmap()) == whole & set(PREVIEW_CHARACTERS)
        assert {"é", "ł", "–", "’", "€"} <= {chr(code) for code in cut.getBestCmap()}
        assert cut["name"].getDebugName(1) == TTFont(font)["name"].getDebugName(1)


def test_an_agencys_own_font_is_cut_when_first_embedded(agency, tmp_path):
    folder = tmp_path / "agency-templates"
    (folder / "assets" / "fonts").mkdir(parents=True)
    own = folder / "assets" / "fonts" / "Lato-Bold.ttf"  # their font, under a packaged name
    own.write_bytes((packaged_folder() / "assets" / "fonts" / "Lato-Regular.ttf").read_bytes())
    page = render_handout_html(agency, "I-ADA", ADA_AS_OF, templates=TemplateSource(folder))
    fonts = [data for kind, data in embedded(page) if kind == "font/woff2"]
    assert len(fonts) == 3
    cuts = packaged_folder() / "assets" / "fonts" / PREVIEW_FOLDER
    bold = fonts[1]  # the stylesheet's second font
    assert bold != (cuts / "Lato-Bold.woff2").read_bytes() and len(bold) < 100_000
    regular = TTFont(cuts / "Lato-Regular.woff2")
    cut = TTFont(io.BytesIO(bold))
    assert cut.getBestCmap() == regular.getBestCmap()
    assert cut["name"].getDebugName(4) == "Lato Regular"  # theirs, cut


def test_only_the_templates_own_asset_references_are_embedded(agency, tmp_path):
    folder = tmp_path / "agency-templates"
    (folder / "assets").mkdir(parents=True)
    (folder / "assets" / "badge.png").write_bytes(b"\x89PNG\r\n\x1a\nbadge")
    (folder / "handout.html").write_text(
        "<html><head><style>{{ stylesheet | safe }}</style></head><body>"
        '<img src="{{ asset("assets/badge.png") }}"><img src="asset:../handout.html">'
        "<p>{{ view.notes }}</p></body></html>"
    )
    notes = 'url(asset:assets/fonts/Lato-Bold.ttf) <img src="asset:assets/badge.png">'
    agency.execute(update(Interview).where(Interview.ref == "I-ADA").values(notes=notes))
    agency.commit()
    page = render_handout_html(agency, "I-ADA", ADA_AS_OF, templates=TemplateSource(folder))
    assert ("image/png", b"\x89PNG\r\n\x1a\nbadge") in embedded(page)
    assert 'src="asset:../handout.html"' in page  # outside assets/: left for nobody to fetch
    # the candidate's notes print as typed, escaped, with nothing embedded in them
    assert notes.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;") in page
    assert len(embedded(page)) == 1 + 3  # the badge and the three bundled fonts
