"""A small agency for the handout tests."""

from datetime import datetime

import pytest
from handout_test_support import CHICAGO, LOS_ANGELES

from recruiter_kit.enums import ContactPreference
from recruiter_kit.services import interviews as interview_service
from recruiter_kit.services.candidates import add_candidate
from recruiter_kit.services.users import add_user


@pytest.fixture
def agency(session):
    """Two candidates with one interview each (refs C-ADA/I-ADA and C-BEN/I-BEN)."""
    add_user(session, "kd@agency.example", name="Keeley Dennis")
    add_candidate(
        session,
        ref="C-ADA",
        name="Ada Park",
        email="ada@example.com",
        timezone="America/Chicago",
        recruiter="kd@agency.example",
        changed_by="test",
    )
    interview_service.add_interview(
        session,
        ref="I-ADA",
        candidate_ref="C-ADA",
        company="Acme Corp",
        position="Account Manager",
        starts_at=datetime(2026, 3, 2, 10, 0, tzinfo=CHICAGO),
        ends_at=datetime(2026, 3, 2, 10, 45, tzinfo=CHICAGO),
        interviewers=(
            interview_service.Interviewer("Jane Smith", "Hiring Manager"),
            interview_service.Interviewer("Raj Patel", "Team Lead"),
        ),
        contact_preference=ContactPreference.EMAIL,
        notes="They are moving billing to a new platform before the summer.",
        changed_by="test",
    )
    add_candidate(
        session, ref="C-BEN", name="Ben Okafor", timezone="America/Los_Angeles", changed_by="test"
    )
    interview_service.add_interview(
        session,
        ref="I-BEN",
        candidate_ref="C-BEN",
        company="Globex",
        position="Data Analyst",
        starts_at=datetime(2026, 11, 25, 14, 0, tzinfo=LOS_ANGELES),
        ends_at=datetime(2026, 11, 25, 15, 0, tzinfo=LOS_ANGELES),
        interviewers=(interview_service.Interviewer("Mina Cho", "Analytics Lead"),),
        changed_by="test",
    )
    session.commit()
    return session


@pytest.fixture
def write_pdf(tmp_path):
    """Save PDF bytes to a file and return its path."""

    def write(data, name="handout.pdf"):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write
