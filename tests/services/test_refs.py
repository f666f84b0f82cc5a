import pytest

from recruiter_kit.errors import NotFoundError
from recruiter_kit.models import Candidate, Interview
from recruiter_kit.services.refs import allocate_refs, resolve_ref


def test_generated_refs_are_sequential_and_skip_refs_taken_by_imports(session):
    session.add(Candidate(ref="C-000002", name="Imported"))
    session.flush()

    assert allocate_refs(session, Candidate, 3) == ["C-000001", "C-000003", "C-000004"]
    assert allocate_refs(session, Candidate, 1) == ["C-000005"]


@pytest.fixture
def refs(session):
    for ref in ("C-000001", "C-000002", "C-000120", "ada", "ADA", "Bob-1"):
        session.add(Candidate(ref=ref, name=ref))
    session.flush()


def test_an_exact_ref_wins_and_case_is_ignored_when_only_one_record_matches(session, refs):
    assert resolve_ref(session, Candidate, "C-000002") == "C-000002"
    assert resolve_ref(session, Candidate, " c-000002 ") == "C-000002"
    assert resolve_ref(session, Candidate, "bob-1") == "Bob-1"
    assert resolve_ref(session, Candidate, "ADA") == "ADA"


def test_a_ref_matching_several_records_but_for_case_is_refused_naming_them(session, refs):
    with pytest.raises(NotFoundError, match="did you mean one of: ADA, ada"):
        resolve_ref(session, Candidate, "Ada")


def test_an_unknown_ref_suggests_the_closest_existing_ones(session, refs):
    with pytest.raises(NotFoundError) as raised:
        resolve_ref(session, Candidate, "c-00012")
    assert str(raised.value).startswith("no candidate with ref 'c-00012'; did you mean C-000120")
    with pytest.raises(
        NotFoundError, match=r"^no candidate with ref 'c120'; did you mean C-000120\?$"
    ):
        resolve_ref(session, Candidate, "c120")
    with pytest.raises(NotFoundError, match=r"^no interview with ref 'C-000001'$"):
        resolve_ref(session, Interview, "C-000001")
