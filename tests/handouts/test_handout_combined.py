"""The combined PDF, written part by part: pages, shared objects and the outline survive."""

import io
from decimal import Decimal

import pikepdf

from recruiter_kit.handouts.combined import CombinedPdf


def part(pages: int, text: str) -> bytes:
    """A PDF whose pages inherit their size and rotation from the page tree and share a
    font dictionary and a content stream; an array holds values of every scalar type."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Name=pikepdf.String(text)))
    content = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (" + text.encode() + b") Tj ET")
    for _ in range(pages):
        pdf.add_blank_page()
    for page in pdf.pages:
        del page.obj["/MediaBox"]
        page.obj.Contents = content
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.obj.Values = pikepdf.Object.parse(b"[0.0000001 -3 true false null]")
    pdf.Root.Pages.MediaBox = pikepdf.Array([0, 0, 300, 400])
    pdf.Root.Pages.Rotate = 90
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_parts_are_joined_with_an_outline_entry_on_each_handouts_first_page():
    buffer = io.BytesIO()
    combined = CombinedPdf(buffer)
    combined.add(part(3, "first"), [("Zoë Ng · Acme", 2), ("Al Po · Initech", 1)])
    combined.add(part(2, "second"), [("Ben Ode · Globex", 2)])
    combined.finish()

    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert len(pdf.pages) == 5
        for page in pdf.pages:
            assert list(page.mediabox) == [0, 0, 300, 400] and page.obj.Rotate == 90
            assert list(page.obj.Values) == [Decimal("0.0000001"), -3, True, False, None]
        fonts = [page.obj.Resources.Font.F1 for page in pdf.pages]
        assert [str(font.Name) for font in fonts] == ["first"] * 3 + ["second"] * 2
        assert len({font.objgen for font in fonts}) == 2  # shared within a part, as before
        contents = [page.obj.Contents.read_bytes() for page in pdf.pages]
        assert (
            contents
            == [b"BT /F1 12 Tf 72 720 Td (first) Tj ET"] * 3
            + [b"BT /F1 12 Tf 72 720 Td (second) Tj ET"] * 2
        )
        with pdf.open_outline() as outline:
            entries = [
                (item.title, pdf.pages.index(pikepdf.Page(item.destination[0])))
                for item in outline.root
            ]
    assert entries == [("Zoë Ng · Acme", 0), ("Al Po · Initech", 2), ("Ben Ode · Globex", 3)]
