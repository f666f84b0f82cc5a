from recruiter_kit.models import Candidate
from recruiter_kit.services.refs import allocate_refs


def test_generated_refs_are_sequential_and_skip_refs_taken_by_imports(session):
    session.add(Candidate(ref="C-000002", name="Imported"))
    session.flush()

    assert allocate_refs(session, Candidate, 3) == ["C-000001", "C-000003", "C-000004"]
    assert allocate_refs(session, Candidate, 1) == ["C-000005"]
