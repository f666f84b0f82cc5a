"""Batches: one combined PDF, one file per interview, a zip, HTML; failures stay local."""

import zipfile
from contextlib import contextmanager
from dataclasses import replace

import pikepdf
import pytest
from handout_test_support import ADA_AS_OF, pdf_pages, pdf_text

from recruiter_kit.db import transaction
from recruiter_kit.errors import ValidationError
from recruiter_kit.handouts import (
    Failure,
    Format,
    HandoutSelection,
    HandoutView,
    PreparedViews,
    Target,
    TemplateSource,
    prepare,
    prepare_batch,
    render_batch,
)
from recruiter_kit.handouts import batch as batch_module
from recruiter_kit.services.interviews import get_interview

BOTH = HandoutSelection(interviews=("I-ADA", "I-BEN"))


@pytest.fixture
def views(agency):
    return prepare(agency, BOTH, ADA_AS_OF)


def test_combined_pdf_numbers_pages_per_handout_with_an_outline_entry_each(views, tmp_path):
    steps = []
    path = tmp_path / "print" / "all.pdf"
    path.parent.mkdir()
    result = render_batch(
        views,
        Target.parse(str(path)),
        source=TemplateSource(),
        chunk_size=1,
        workers=2,
        progress=lambda done, total: steps.append((done, total)),
    )
    assert (result.handouts, result.failures, result.files) == (2, [], [path])
    assert result.pages == pdf_pages(path) == 4
    text = pdf_text(path)
    assert text.count("Page 1 of 2") == 2 and text.count("Page 2 of 2") == 2
    assert "Ada Park" in text and "Ben Okafor" in text
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        assert pdf.check_pdf_syntax() == []
        entries = [
            (item.title, pdf.pages.index(pikepdf.Page(item.destination[0])))
            for item in outline.root
        ]
    assert entries == [("Ada Park · Acme Corp", 0), ("Ben Okafor · Globex", 2)]
    assert steps[0] == (0, 2) and steps[-1] == (2, 2)
    assert [p.name for p in path.parent.iterdir()] == ["all.pdf"]  # nothing else left behind


def test_one_file_per_interview_in_a_folder_and_in_a_zip(views, tmp_path):
    folder = tmp_path / "out"
    result = render_batch(views, Target.parse(f"{folder}/"), source=TemplateSource())
    assert sorted(p.name for p in folder.iterdir()) == ["C-ADA-I-ADA.pdf", "C-BEN-I-BEN.pdf"]
    assert "Ada Park" in pdf_text(folder / "C-ADA-I-ADA.pdf")
    assert "Ben Okafor" not in pdf_text(folder / "C-ADA-I-ADA.pdf")
    assert result.pages == sum(pdf_pages(path) for path in folder.iterdir())

    archive = tmp_path / "out.zip"
    render_batch(views, Target.parse(str(archive)), source=TemplateSource())
    with zipfile.ZipFile(archive) as opened:
        assert sorted(opened.namelist()) == ["C-ADA-I-ADA.pdf", "C-BEN-I-BEN.pdf"]
        assert opened.read("C-BEN-I-BEN.pdf").startswith(b"%PDF")


def test_html_for_previews(views, tmp_path):
    render_batch(views, Target.parse(f"{tmp_path}/html/", Format.HTML), source=TemplateSource())
    page = (tmp_path / "html" / "C-ADA-I-ADA.html").read_text()
    assert "<style>" in page and "Ada Park" in page
    with pytest.raises(ValidationError, match="several HTML handouts"):
        render_batch(
            views, Target.parse(f"{tmp_path}/x.html", Format.HTML), source=TemplateSource()
        )


def test_a_broken_handout_fails_alone(views, tmp_path, monkeypatch):
    real = batch_module.Renderer.lay_out

    def lay_out(self, view):
        if view.interview_ref == "I-BEN":
            raise RuntimeError("template exploded")
        return real(self, view)

    monkeypatch.setattr(batch_module.Renderer, "lay_out", lay_out)
    path = tmp_path / "all.pdf"
    result = render_batch(views, Target.parse(str(path)), source=TemplateSource(), workers=1)
    assert result.handouts == 1
    assert [failure.interview_ref for failure in result.failures] == ["I-BEN"]
    assert "template exploded" in result.failures[0].message
    assert "Ada Park" in pdf_text(path)


def test_a_missing_logo_fails_each_handout_with_its_file_named(agency, tmp_path):
    from recruiter_kit.services.agency import set_branding

    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    set_branding(agency, {"logo": str(logo)})
    logo.unlink()
    views = prepare(agency, BOTH, ADA_AS_OF)
    assert all(isinstance(view, Failure) and str(logo) in view.message for view in views)
    result = render_batch(views, Target.parse(str(tmp_path / "all.pdf")), source=TemplateSource())
    assert result.handouts == 0 and len(result.failures) == 2
    assert not (tmp_path / "all.pdf").exists()


@pytest.mark.parametrize(
    ("output", "problem"),
    [("out.txt", "name a .pdf file"), ("missing/out.pdf", "no such folder")],
)
def test_unusable_outputs_are_refused_before_any_work(tmp_path, output, problem):
    with pytest.raises(ValidationError, match=problem):
        Target.parse(str(tmp_path / output)).check_writable()


class CountedViews:
    """Views that count how many have been taken."""

    def __init__(self, views):
        self.views = views
        self.taken = 0

    def __len__(self):
        return len(self.views)

    def __iter__(self):
        for view in self.views:
            self.taken += 1
            yield view


def test_views_are_taken_as_the_workers_need_them_not_all_before_the_first_is_written(
    views, tmp_path
):
    many = CountedViews([replace(views[n % 2], interview_ref=f"I-{n:03d}") for n in range(40)])
    taken_when_written = []

    def progress(done, _total):
        if done:
            taken_when_written.append(many.taken)

    folder = tmp_path / "html"
    result = render_batch(
        many,
        Target.parse(f"{folder}/", Format.HTML),
        source=TemplateSource(),
        workers=2,
        chunk_size=1,
        progress=progress,
    )
    assert result.handouts == 40 and len(list(folder.iterdir())) == 40
    # When the first handout was written, only the chunks in the workers' hands (two
    # each) had been taken; the other 36 were not prepared yet.
    assert taken_when_written[0] <= 2 * 2
    assert taken_when_written[-1] == 40


def test_prepared_views_are_built_as_taken_each_few_in_a_transaction_of_their_own(agency):
    opened, open_now = [], []

    @contextmanager
    def sessions():
        opened.append(True)
        open_now.append(True)
        try:
            yield agency
        finally:
            open_now.pop()

    prepared = prepare_batch(sessions, BOTH, ADA_AS_OF)
    assert (len(prepared), len(opened)) == (2, 1)  # selected, and no view built yet
    one_at_a_time = PreparedViews(sessions, prepared.refs, ADA_AS_OF, prepared.basis, batch_size=1)
    taken = []
    for view in one_at_a_time:
        assert not open_now  # no transaction is open while the caller holds a view
        taken.append((view.interview_ref, len(opened)))
    assert taken == [("I-ADA", 2), ("I-BEN", 3)]


def test_an_interview_deleted_after_the_selection_fails_alone(agency, factory):
    prepared = prepare_batch(factory, BOTH, ADA_AS_OF)
    with transaction(factory) as other:
        other.delete(get_interview(other, "I-BEN"))
    ada, ben = prepared
    assert isinstance(ada, HandoutView) and ada.candidate_name == "Ada Park"
    assert isinstance(ben, Failure) and ben.interview_ref == "I-BEN"
    assert "no longer exists" in ben.message
