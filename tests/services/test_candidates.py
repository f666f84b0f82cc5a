import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from recruiter_kit.enums import Role, Stage
from recruiter_kit.errors import (
    ConflictError,
    DuplicateError,
    NotFoundError,
    ValidationError,
)
from recruiter_kit.models import Candidate, HistoryEntry
from recruiter_kit.services import candidates as service
from recruiter_kit.services.users import add_user


def _add(session, name="Ada Park", **kwargs):
    return service.add_candidate(session, name=name, changed_by="test", **kwargs)


def test_add_generates_ref_and_records_the_first_stage(session):
    candidate = _add(session, stage=Stage.SUBMITTED, timezone="America/Denver")

    assert candidate.ref == "C-000001"
    history = service.candidate_history(session, candidate)
    assert [(h.field, h.from_value, h.to_value, h.changed_by) for h in history] == [
        ("stage", None, "submitted", "test")
    ]


def test_add_assigns_the_recruiter_by_email_case_insensitively(session):
    add_user(session, "kdennis@agency.example", role=Role.RECRUITER)
    candidate = _add(session, recruiter="KDennis@Agency.example")
    assert candidate.recruiter is not None
    assert candidate.recruiter.email == "kdennis@agency.example"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"timezone": "Mars/Olympus"}, ValidationError, "field 'timezone': unknown time zone"),
        ({"email": "not-an-email"}, ValidationError, "field 'email': not an email address"),
        ({"name": "   "}, ValidationError, "field 'name': is required"),
        ({"recruiter": "nobody@agency.example"}, NotFoundError, "field 'recruiter'"),
    ],
    ids=["timezone", "email", "blank-name", "unknown-recruiter"],
)
def test_add_rejects_bad_values_naming_the_field(session, kwargs, error, message):
    with pytest.raises(error, match=message):
        _add(session, **({"name": "Ada Park"} | kwargs))


def test_add_rejects_a_duplicate_ref(session):
    _add(session, ref="c01")
    with pytest.raises(DuplicateError, match="candidate c01"):
        _add(session, name="Someone Else", ref="c01")


def test_move_stage_appends_history_and_ignores_a_no_op(session):
    candidate = _add(session)
    service.move_stage(session, candidate.ref, Stage.SCREENING, changed_by="kd")
    service.move_stage(session, candidate.ref, Stage.SCREENING, changed_by="kd")
    service.move_stage(session, candidate.ref, Stage.REJECTED, changed_by="kd")

    changes = [(h.from_value, h.to_value) for h in service.candidate_history(session, candidate)]
    assert changes == [(None, "sourced"), ("sourced", "screening"), ("screening", "rejected")]


def test_move_stage_refuses_a_stale_version(session):
    candidate = _add(session)
    version = candidate.version_id
    service.move_stage(session, candidate.ref, Stage.SUBMITTED, changed_by="a")
    with pytest.raises(ConflictError, match="changed by someone else"):
        service.move_stage(
            session, candidate.ref, Stage.SCREENING, changed_by="b", expected_version=version
        )


def test_concurrent_writers_cannot_overwrite_each_other(factory):
    with factory() as session, session.begin():
        ref = _add(session).ref
    with factory() as first, factory() as second:
        mine = first.scalar(select(Candidate).where(Candidate.ref == ref))
        theirs = second.scalar(select(Candidate).where(Candidate.ref == ref))
        mine.notes = "first"
        first.commit()
        theirs.notes = "second"
        with pytest.raises(StaleDataError):
            second.commit()
    with factory() as session:
        assert session.scalar(select(Candidate.notes).where(Candidate.ref == ref)) == "first"


def test_list_filters_and_archive(session):
    add_user(session, "kd@agency.example")
    _add(session, name="Ada Park", recruiter="kd@agency.example", stage=Stage.INTERVIEWING)
    _add(session, name="Ben Ortiz", email="ben@example.com")
    cy = _add(session, name="Cy Young", stage=Stage.INTERVIEWING)

    def names(**kwargs):
        filters = service.CandidateFilter(**kwargs)
        return [c.name for c in service.list_candidates(session, filters)]

    assert names() == ["Ada Park", "Ben Ortiz", "Cy Young"]
    assert names(stage=Stage.INTERVIEWING) == ["Ada Park", "Cy Young"]
    assert names(recruiter="kd@agency.example") == ["Ada Park"]
    assert names(search="BEN@") == ["Ben Ortiz"]

    service.set_archived(session, cy.ref)
    assert names(stage=Stage.INTERVIEWING) == ["Ada Park"]
    assert names(stage=Stage.INTERVIEWING, include_archived=True) == ["Ada Park", "Cy Young"]


def test_a_failed_transaction_writes_nothing(factory):
    with pytest.raises(ValidationError), factory() as session, session.begin():
        _add(session, name="Ada Park")
        _add(session, name="Bad Zone", timezone="Nowhere/Land")
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(Candidate)) == 0
        assert session.scalar(select(func.count()).select_from(HistoryEntry)) == 0
