import json
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from recruiter_kit.enums import CommunicationKind, Outcome
from recruiter_kit.errors import RecruiterKitError
from recruiter_kit.models import Candidate, Communication, Interview, User
from recruiter_kit.rules.definitions import RULE_CODES
from recruiter_kit.services.candidates import add_candidate
from recruiter_kit.services.demo import generate_demo_document, load_demo
from recruiter_kit.services.interchange import FORMAT
from recruiter_kit.services.reports import build_report

AS_OF = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def interviews_of(document):
    return [i for c in document["candidates"] for i in c["interviews"]]


def communications_of(document):
    return [m for i in interviews_of(document) for m in i["communications"]]


@pytest.fixture(scope="module")
def large():
    return generate_demo_document(2000, seed=3, as_of=AS_OF)


def test_same_arguments_give_the_same_document():
    first = generate_demo_document(150, seed=7, as_of=AS_OF)
    second = generate_demo_document(150, seed=7, as_of=AS_OF)
    assert first == second
    assert json.dumps(first) == json.dumps(second)


def test_another_seed_or_moment_gives_another_document():
    base = generate_demo_document(150, seed=7, as_of=AS_OF)
    assert generate_demo_document(150, seed=8, as_of=AS_OF) != base
    assert generate_demo_document(150, seed=7, as_of=AS_OF + timedelta(days=1)) != base


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="aware"):
        generate_demo_document(5, as_of=datetime(2026, 11, 20, 15, 0))


def test_sizes_are_as_documented(large):
    assert large["format"] == FORMAT
    candidates = large["candidates"]
    interviews = interviews_of(large)
    communications = communications_of(large)
    assert len(candidates) == 2000
    assert len(large["recruiters"]) == 5  # max(3, 2000 // 400)
    assert 1.8 <= len(interviews) / len(candidates) <= 2.2
    assert 4.5 <= len(communications) / len(interviews) <= 5.5
    assert len(generate_demo_document(10, as_of=AS_OF)["recruiters"]) == 3
    refs = [c["ref"] for c in candidates]
    assert refs[:2] == ["C-000001", "C-000002"] and len(set(refs)) == len(refs)
    assert interviews[0]["ref"] == "I-000001"
    assert len({i["ref"] for i in interviews}) == len(interviews)
    assert all(r["email"].endswith("@agency.example") for r in large["recruiters"])


def test_times_spread_over_the_last_90_days_and_the_next_two_weeks(large):
    starts = [datetime.fromisoformat(i["starts_at"]) for i in interviews_of(large)]
    assert min(starts) >= AS_OF - timedelta(days=92)
    assert max(starts) <= AS_OF + timedelta(days=17)
    ahead = sum(start > AS_OF for start in starts)
    assert 0.03 < ahead / len(starts) < 0.2
    moments = [datetime.fromisoformat(m["at"]) for m in communications_of(large)]
    assert max(moments) <= AS_OF  # nothing logged in the future
    zones = Counter(c["timezone"] for c in large["candidates"])
    assert {"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"} <= set(
        zones
    )
    assert 0 < zones[None] < 0.1 * len(large["candidates"])


def test_every_kind_outcome_and_habit_appears_in_a_small_demo():
    document = generate_demo_document(200, as_of=AS_OF)
    communications = communications_of(document)
    interviews = interviews_of(document)
    assert {m["kind"] for m in communications} == {kind.value for kind in CommunicationKind}
    assert {i["outcome"] for i in interviews} == {outcome.value for outcome in Outcome}
    assert {i["timeline_asked"] for i in interviews} == {True, False}
    assert any(i["decision_by"] for i in interviews) and any(
        not i["decision_by"] for i in interviews
    )
    assert {m.get("channel") for m in communications if m["kind"] == "follow_up"} >= {
        "email",
        "phone",
    }
    assert any(i["round"] > 1 for i in interviews)
    notes = [m for m in communications if m["kind"] == "thank_you_note"]
    assert any(m.get("arrived_on") for m in notes) and any(not m.get("arrived_on") for m in notes)


def test_demo_imports_cleanly(session):
    document = generate_demo_document(200, as_of=AS_OF)
    progress = []

    summary = load_demo(session, 200, as_of=AS_OF, progress=progress.append)
    session.commit()

    assert sum(progress) == 200
    assert summary.candidates.created == 200
    assert summary.interviews.created == len(interviews_of(document))
    assert summary.communications.created == len(communications_of(document))
    assert session.scalar(select(func.count()).select_from(Candidate)) == 200
    assert session.scalar(select(func.count()).select_from(Interview)) == len(
        interviews_of(document)
    )
    assert session.scalar(select(func.count()).select_from(Communication)) == len(
        communications_of(document)
    )
    assert session.scalar(select(func.count()).select_from(User)) == 3


def test_every_rule_fires_somewhere_in_a_small_demo(session):
    load_demo(session, 200, as_of=AS_OF)
    session.commit()

    report = build_report(session, AS_OF)

    codes = {finding.code for row in report.rows for finding in row.assessment.findings}
    assert codes == set(RULE_CODES)


@pytest.mark.parametrize("seed", [1, 2])
def test_even_a_tiny_demo_shows_every_rule(session, seed):
    as_of = datetime(2027, 7, 4, 12, 0, tzinfo=UTC)  # a holiday, a Sunday
    load_demo(session, 13, seed=seed, as_of=as_of)
    report = build_report(session, as_of)
    codes = {finding.code for row in report.rows for finding in row.assessment.findings}
    assert codes == set(RULE_CODES)


def test_loading_the_demo_again_later_replaces_it_without_duplicates(session):
    load_demo(session, 60, as_of=AS_OF)
    session.commit()
    later = AS_OF + timedelta(days=9)
    fresh = generate_demo_document(60, as_of=later)

    summary = load_demo(session, 60, as_of=later)
    session.commit()

    assert summary.candidates.created == 60
    assert session.scalar(select(func.count()).select_from(Candidate)) == 60
    assert session.scalar(select(func.count()).select_from(Interview)) == len(interviews_of(fresh))
    assert session.scalar(select(func.count()).select_from(Communication)) == len(
        communications_of(fresh)
    )
    assert session.scalar(select(func.count()).select_from(User)) == 3  # accounts are kept


def test_the_demo_never_touches_an_agency_s_own_candidates(session):
    add_candidate(session, name="Real Person", changed_by="cli:kd")
    session.commit()
    with pytest.raises(RecruiterKitError, match=r"holds 1 candidate\(s\) that are not demo data"):
        load_demo(session, 10, as_of=AS_OF)
    session.rollback()
    assert session.scalars(select(Candidate.name)).all() == ["Real Person"]


def test_the_demo_is_valid_whatever_the_time_of_day_it_is_made():
    # The showcase interviews end at the current time of day minus whole days, so a demo
    # made in the evening has evening interviews: nothing the candidate sends may then be
    # moved back into the day before the interview.
    from recruiter_kit.services.interchange.parsing import parse_document

    start = datetime(2026, 11, 30, 0, 5, tzinfo=UTC)
    for step in range(48 * 2):
        parse_document(
            generate_demo_document(30, seed=1, as_of=start + step * timedelta(minutes=30))
        )
