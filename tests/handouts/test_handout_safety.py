"""Untrusted text prints literally, and a handout never fetches anything but its own assets.

A listener on 127.0.0.1 stands in for any server a hostile value could point at: it must
never receive a request, whether the markup comes from a candidate's data (escaped) or from
an agency template that really contains it (refused by the URL fetcher).
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pikepdf
import pytest
from handout_test_support import ADA_AS_OF, pdf_text
from sqlalchemy import update

from recruiter_kit.handouts import TemplateSource, render_handout
from recruiter_kit.models import Candidate, Interview


@pytest.fixture
def listener():
    """A local HTTP server that records every request it gets."""
    requests = []

    class Record(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Record)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def hostile_markup(base):
    return (
        '<img src="file:///etc/passwd">'
        f'<link rel="stylesheet" href="{base}/link.css">'
        f"<style>@import url({base}/import.css); h1 {{ background: url({base}/bg.png) }}</style>"
        f'<a rel="attachment" href="{base}/attachment.txt">attached</a>'
        '<a rel="attachment" href="file:///etc/passwd">passwd</a>'
    )


def assert_no_embedded_files(path):
    with pikepdf.open(path) as pdf:
        names = pdf.Root.get("/Names")
        assert names is None or "/EmbeddedFiles" not in names
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                assert annotation.get("/Subtype") != "/FileAttachment"
        assert not pdf.attachments


def test_hostile_candidate_data_prints_literally_and_fetches_nothing(agency, listener, write_pdf):
    base, requests = listener
    markup = hostile_markup(base)
    name = f'Ada <img src="file:///etc/passwd"><link rel="stylesheet" href="{base}/name.css">'
    agency.execute(update(Candidate).where(Candidate.ref == "C-ADA").values(name=name))
    agency.execute(update(Interview).where(Interview.ref == "I-ADA").values(notes=markup))
    agency.commit()
    path = write_pdf(render_handout(agency, "I-ADA", ADA_AS_OF))
    text = pdf_text(path)
    squeezed = "".join(text.split())  # long markup wraps anywhere
    assert "".join(name.split()) in squeezed  # the name, as typed
    assert "".join(markup.split()) in squeezed  # the notes, as typed
    assert "root:" not in text
    assert requests == []
    assert_no_embedded_files(path)


def test_agency_templates_cannot_fetch_files_or_servers(agency, listener, write_pdf, tmp_path):
    base, requests = listener
    folder = tmp_path / "agency-templates"
    folder.mkdir()
    (folder / "handout.html").write_text(
        "<html><head>"
        f'<link rel="stylesheet" href="{base}/link.css">'
        f'<link rel="attachment" href="{base}/head-attachment.txt">'
        "</head><body><h1>{{ view.candidate_name }}</h1>"
        f"{hostile_markup(base)}"
        f'<img src="{base}/img.png"><object data="{base}/object.svg"></object>'
        "</body></html>"
    )
    (folder / "handout.css").write_text(
        f"@import url({base}/sheet-import.css);"
        f'@font-face {{ font-family: X; src: url("{base}/font.ttf"); }}'
        f"body {{ font-family: X; background: url(file:///etc/passwd) }}"
    )
    pdf = render_handout(agency, "I-ADA", ADA_AS_OF, templates=TemplateSource(folder))
    path = write_pdf(pdf)
    assert "Ada Park" in pdf_text(path)
    assert "root:" not in pdf_text(path)
    assert requests == []
    assert_no_embedded_files(path)


def test_assets_never_leave_the_template_folders(tmp_path):
    from recruiter_kit.handouts.pdf import AssetFetcher, RefusedURL

    fetcher = AssetFetcher(TemplateSource())
    assert fetcher.fetch("asset:assets/fonts/Lato-Regular.ttf").read()[:4] == b"\x00\x01\x00\x00"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for url in [
        "asset:../handout.html",
        "asset:assets/../../../../../etc/passwd",
        "asset:/etc/passwd",
        "file:///etc/passwd",
        "http://127.0.0.1:1/x",
        "https://example.com/x",
        "ftp://example.com/x",
    ]:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
