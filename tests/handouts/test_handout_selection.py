"""Which interviews get a handout."""

from datetime import datetime, timedelta

import pytest
from handout_test_support import ADA_AS_OF, CHICAGO

from recruiter_kit.enums import Outcome, Status
from recruiter_kit.errors import NotFoundError, ValidationError
from recruiter_kit.handouts import HandoutSelection
from recruiter_kit.handouts.selection import select_interviews
from recruiter_kit.services import interviews as interview_service


def refs(session, as_of=ADA_AS_OF, **selection):
    return sorted(select_interviews(session, HandoutSelection(**selection), as_of))


def test_a_candidate_stands_for_their_most_recent_interview(agency):
    for ref, day in [("I-ADA-NEXT", 9), ("I-ADA-LATER", 16)]:
        interview_service.add_interview(
            agency,
            ref=ref,
            candidate_ref="C-ADA",
            company="Initech",
            position="Analyst",
            starts_at=datetime(2026, 3, day, 10, 0, tzinfo=CHICAGO),
            changed_by="test",
        )
    agency.commit()
    assert refs(agency, candidates=("C-ADA",)) == ["I-ADA"]  # the last one started
    after = datetime(2026, 3, 10, tzinfo=CHICAGO)
    assert refs(agency, as_of=after, candidates=("C-ADA",)) == ["I-ADA-NEXT"]
    before = ADA_AS_OF - timedelta(days=30)
    assert refs(agency, as_of=before, candidates=("C-ADA",)) == ["I-ADA"]  # the next one coming


def test_filters_narrow_and_all_active_leaves_out_closed(agency):
    assert refs(agency, all_active=True) == ["I-ADA", "I-BEN"]  # Ben's is still to come
    assert refs(agency, recruiter="KD@agency.example ") == ["I-ADA"]  # Ben has no recruiter
    assert refs(agency, statuses=frozenset({Status.SCHEDULED})) == ["I-BEN"]
    assert refs(agency, interviewed_on=ADA_AS_OF.date()) == ["I-ADA"]
    interview_service.set_outcome(
        agency, "I-ADA", Outcome.OFFER, at=ADA_AS_OF - timedelta(hours=1), changed_by="test"
    )
    agency.commit()
    assert refs(agency, all_active=True) == ["I-BEN"]
    with pytest.raises(NotFoundError, match="no interviews match"):
        refs(agency, all_active=True, candidates=("C-ADA",))
    assert refs(agency, interviews=("I-ADA",)) == ["I-ADA"]  # named: printed even when closed


def test_nothing_asked_for_is_an_error(agency):
    with pytest.raises(ValidationError, match="choose interviews"):
        refs(agency)
    with pytest.raises(NotFoundError, match="no candidate with ref 'C-NOPE'"):
        refs(agency, candidates=("C-ADA", "C-NOPE"))
