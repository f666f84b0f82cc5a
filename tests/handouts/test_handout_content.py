"""What a printed handout says: this candidate, this interview, these dates."""

from datetime import UTC, datetime

import pytest
from handout_test_support import ADA_AS_OF, BEN_AS_OF, pdf_fonts, pdf_pages, pdf_text
from sqlalchemy import update

from recruiter_kit.enums import ContactPreference, Outcome
from recruiter_kit.handouts import handout_view, render_handout
from recruiter_kit.models import Interview
from recruiter_kit.services import interviews as interview_service
from recruiter_kit.services.agency import set_branding
from recruiter_kit.services.reports import ReportFilter, build_report


def test_handout_prints_the_people_and_the_dates_worked_out_for_them(agency, write_pdf):
    path = write_pdf(render_handout(agency, "I-ADA", ADA_AS_OF))
    text = pdf_text(path)
    for expected in [
        "Your staffing agency",
        "Ada Park",
        "Acme Corp",
        "Account Manager",
        "Monday, March 2, 2026, 10:00 AM CST",
        "Jane Smith, Hiring Manager",
        "Raj Patel, Team Lead",
        "Keeley Dennis",
        "kd@agency.example",
        # within 24 hours of the end (10:45), a note mailed the next business day
        "by Tuesday, March 3, 2026, 10:45 AM CST",
        "mail a handwritten note by Tuesday, March 3, 2026",
        "arrives between Tuesday, March 3, 2026 and Thursday, March 5, 2026",
        # no decision date: 5-9 business days after the interview
        "between Monday, March 9, 2026 and Friday, March 13, 2026",
        "They asked for email: do not phone.",
        "moving billing to a new platform",
        "Dear Jane Smith and Raj Patel,",
        "at most 2 follow-ups without a reply, at least 5 business days apart",
    ]:
        assert expected in text, expected
    assert pdf_pages(path) <= 2
    fonts = pdf_fonts(path)
    assert fonts and all(embedded for _name, embedded in fonts)
    assert all("Handout-Sans" in name for name, _embedded in fonts)


def test_the_first_page_is_filled_before_the_second_begins(agency, write_pdf):
    path = write_pdf(render_handout(agency, "I-ADA", ADA_AS_OF))
    first, second = pdf_text(path, page=1), pdf_text(path, page=2)
    # The plan and the advice on the thank-you share page 1: no forced break leaves it
    # half empty; the rest follows on page 2.
    assert "Your plan, with dates" in first and "Make your thank-you personal" in first
    assert "If the answer is no" in second


def test_next_step_is_the_reports_next_action(agency):
    view = handout_view(agency, "I-ADA", ADA_AS_OF)
    (row,) = build_report(agency, ADA_AS_OF, ReportFilter(interview="I-ADA")).rows
    assert row.assessment.next_action is not None
    assert view.next_action == row.assessment.next_action.action


def test_candidate_in_another_time_zone_before_a_us_holiday(agency, write_pdf):
    text = pdf_text(write_pdf(render_handout(agency, "I-BEN", BEN_AS_OF)))
    assert "Wednesday, November 25, 2026, 2:00 PM PST" in text
    assert "(America/Los_Angeles)" in text
    # Email: 24 hours, holiday or not. Note: Thanksgiving (Thursday 26) is no business day.
    assert "by Thursday, November 26, 2026, 3:00 PM PST" in text
    assert "mail a handwritten note by Friday, November 27, 2026" in text
    assert "arrives between Friday, November 27, 2026 and Tuesday, December 1, 2026" in text
    assert "between Thursday, December 3, 2026 and Wednesday, December 9, 2026" in text


def test_done_steps_show_their_date_and_findings_are_explained(agency, write_pdf):
    from recruiter_kit.enums import Channel, CommunicationKind

    interview_service.log_communication(
        agency,
        "I-ADA",
        CommunicationKind.THANK_YOU_EMAIL,
        at=datetime(2026, 3, 4, 9, 0, tzinfo=UTC),
        channel=Channel.EMAIL,
    )
    agency.commit()
    text = pdf_text(write_pdf(render_handout(agency, "I-ADA", datetime(2026, 3, 5, tzinfo=UTC))))
    assert "Done: Thank-you email sent (Wednesday, March 4, 2026, 3:00 AM CST)" in text
    assert "later than the 24 hours we aim for" in text  # THANK_YOU_EMAIL_LATE, kindly


def test_rejection_brings_the_gracious_reply_and_its_draft(agency, write_pdf):
    interview_service.set_outcome(
        agency,
        "I-ADA",
        Outcome.REJECTED,
        at=datetime(2026, 3, 10, 15, 0, tzinfo=UTC),
        changed_by="test",
    )
    agency.commit()
    text = pdf_text(
        write_pdf(render_handout(agency, "I-ADA", datetime(2026, 3, 10, 18, tzinfo=UTC)))
    )
    assert "Send a short, gracious thank-you by Thursday, March 12, 2026" in text
    assert "Subject: Thank you for considering me" in text
    assert "Dear hiring team" not in text


@pytest.mark.parametrize("notes_length", [800, 20_000])
def test_long_notes_fit_two_pages_and_a_cut_is_marked(agency, write_pdf, notes_length):
    words = "The team wants someone who can untangle the quarterly reporting backlog. "
    agency.execute(
        update(Interview)
        .where(Interview.ref == "I-ADA")
        .values(notes=(words * (notes_length // len(words) + 1))[:notes_length])
    )
    agency.commit()
    path = write_pdf(render_handout(agency, "I-ADA", ADA_AS_OF))
    assert pdf_pages(path) <= 2
    assert ("notes shortened to fit" in pdf_text(path)) == (notes_length > 900)


def test_branding_and_paper_size(agency, write_pdf, tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="#c00"/></svg>'
    )
    set_branding(
        agency,
        {
            "name": "Prairie Staffing",
            "phone": "402-555-0100",
            "address": "12 O Street, Lincoln NE",
            "logo": str(logo),
            "paper_size": "a4",
        },
    )
    agency.commit()
    path = write_pdf(render_handout(agency, "I-ADA", ADA_AS_OF))
    text = pdf_text(path)
    assert "Prairie Staffing" in text and "402-555-0100" in text and "12 O Street" in text
    import subprocess

    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info


def test_the_busiest_handout_still_fits_two_pages(agency, write_pdf):
    from recruiter_kit.enums import Channel, CommunicationKind

    interview_service.add_interview(
        agency,
        ref="I-BUSY",
        candidate_ref="C-ADA",
        company="Consolidated Intercontinental Holdings and Logistics Group",
        position="Senior Regional Operations and Customer Experience Manager",
        starts_at=datetime(2026, 3, 2, 16, 0, tzinfo=UTC),
        interviewers=tuple(
            interview_service.Interviewer(
                f"Interviewer Number {n} Longname-Hyphenated", "Vice President of Operations"
            )
            for n in range(9)
        ),
        contact_preference=ContactPreference.EMAIL,
        notes="Quarterly reporting backlog and a warehouse migration. " * 300,
        changed_by="test",
    )
    late_email = datetime(2026, 3, 5, 16, 0, tzinfo=UTC)
    interview_service.log_communication(
        agency, "I-BUSY", CommunicationKind.THANK_YOU_EMAIL, at=late_email, channel=Channel.EMAIL
    )
    for day in (9, 10, 11):
        interview_service.log_communication(
            agency,
            "I-BUSY",
            CommunicationKind.FOLLOW_UP,
            at=datetime(2026, 3, day, 16, 0, tzinfo=UTC),
            channel=Channel.PHONE,
        )
    interview_service.set_outcome(
        agency, "I-BUSY", Outcome.REJECTED, at=datetime(2026, 3, 12, 16, tzinfo=UTC), changed_by="t"
    )
    agency.commit()
    view = handout_view(agency, "I-BUSY", datetime(2026, 3, 13, 16, 0, tzinfo=UTC))
    assert len(view.findings) >= 4 and view.drafts and view.notes_cut and view.more_people
    path = write_pdf(render_handout(agency, "I-BUSY", datetime(2026, 3, 13, 16, 0, tzinfo=UTC)))
    assert pdf_pages(path) == 2
    assert "and 3 more" in pdf_text(path)
