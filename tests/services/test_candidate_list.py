"""The web's candidate listing agrees with the report on every candidate's worst status."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from recruiter_kit.enums import STATUS_ORDER, Stage, Status
from recruiter_kit.models import Candidate, User
from recruiter_kit.services.candidate_list import (
    PAGE_SIZE,
    CandidateQuery,
    CandidateSort,
    candidate_rows,
)
from recruiter_kit.services.demo import load_demo
from recruiter_kit.services.reports import ReportFilter, build_report

AS_OF = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def agency(session):
    """A small demo agency (some candidates archived, some without interviews)."""
    load_demo(session, 130, seed=5, as_of=AS_OF)
    archived = select(Candidate.id).order_by(Candidate.id).limit(9).scalar_subquery()
    session.execute(update(Candidate).where(Candidate.id.in_(archived)).values(archived=True))
    session.commit()
    return session


def _expected(session, query):
    """Every candidate `query` selects, by name, with the report's worst status."""
    rank = {status: position for position, status in enumerate(STATUS_ORDER)}
    worst: dict[str, Status] = {}
    filters = ReportFilter(include_archived=query.include_archived)
    for row in build_report(session, AS_OF, filters).rows:
        known = worst.get(row.candidate_ref)
        if known is None or rank[row.status] < rank[known]:
            worst[row.candidate_ref] = row.status
    listed = []
    for candidate, recruiter in session.execute(
        select(Candidate, User.email).outerjoin(User, Candidate.recruiter_id == User.id)
    ):
        status = worst.get(candidate.ref)
        if candidate.archived and not query.include_archived:
            continue
        if query.stage is not None and candidate.stage != query.stage:
            continue
        if query.status is not None and status != query.status:
            continue
        if query.recruiter and recruiter != query.recruiter:
            continue
        listed.append((candidate.name, candidate.ref, status, recruiter))
    return sorted(listed)


def _all_pages(session, query):
    rows, page = [], 1
    while True:
        found = candidate_rows(session, query, AS_OF, page=page)
        rows.extend(found.items)
        if not found.has_more:
            return rows, found.total
        page += 1


@pytest.mark.parametrize("status", [None, *Status])
def test_each_status_filter_lists_the_candidates_whose_worst_status_it_is(agency, status):
    recruiter = agency.scalar(select(User.email).order_by(User.email))
    for query in (
        CandidateQuery(status=status),
        CandidateQuery(status=status, recruiter=recruiter),
        CandidateQuery(status=status, stage=Stage.INTERVIEWING, include_archived=True),
    ):
        expected = _expected(agency, query)
        rows, total = _all_pages(agency, query)
        assert total == len(expected)
        assert [(r.name, r.ref, r.status, r.recruiter) for r in rows] == expected


def test_sorting_by_status_puts_the_worst_first_then_by_name(agency):
    rows, total = _all_pages(agency, CandidateQuery(sort=CandidateSort.STATUS))
    assert total > PAGE_SIZE  # the order holds across pages
    order = {status: position for position, status in enumerate(STATUS_ORDER)}
    keys = [(order.get(row.status, len(order)), row.name, row.ref) for row in rows]
    assert keys == sorted(keys)
    assert {row.status for row in rows} >= {Status.VIOLATION, Status.CLOSED, None}
    assert sorted((r.name, r.ref, r.status) for r in rows) == [
        (name, ref, status) for name, ref, status, _ in _expected(agency, CandidateQuery())
    ]


def test_search_matches_name_email_ref_or_an_interviews_company(agency):
    candidate = agency.scalars(select(Candidate).where(Candidate.archived.is_(False))).first()
    for text in (candidate.name.split()[-1].upper(), candidate.ref.lower()):
        rows, _ = _all_pages(agency, CandidateQuery(search=text))
        assert candidate.ref in {row.ref for row in rows}
    assert _all_pages(agency, CandidateQuery(search="no such person"))[1] == 0
    company = candidate.interviews[0].employer.name if candidate.interviews else None
    if company:
        rows, _ = _all_pages(agency, CandidateQuery(search=company[1:-1]))
        assert candidate.ref in {row.ref for row in rows}


def test_every_page_and_a_page_past_the_end_carry_the_total(agency):
    query = CandidateQuery()
    expected = len(_expected(agency, query))
    last = -(-expected // PAGE_SIZE)
    for page in (1, last, last + 1, last + 5):
        found = candidate_rows(agency, query, AS_OF, page=page)
        assert found.total == expected
        assert bool(found.items) == (page <= last)
    empty = candidate_rows(agency, CandidateQuery(search="no such candidate"), AS_OF)
    assert empty.total == 0 and not empty.items


@pytest.mark.parametrize(
    "query",
    [CandidateQuery(search="a"), CandidateQuery(status=Status.OK)],
    ids=["search", "status"],
)
def test_a_filtered_listing_carries_its_total_on_every_page(agency, query):
    """The total is counted with the page (a window count) for these filters."""
    rows, _ = _all_pages(agency, query)
    expected = len(rows)
    assert expected > 0
    last = -(-expected // PAGE_SIZE)
    for page in (1, last, last + 1):
        assert candidate_rows(agency, query, AS_OF, page=page).total == expected
