"""The web admin's candidate listing: search, filters, sort and pages, fast at any size.

A candidate's status is the worst stored verdict among their interviews (violation first),
so filtering and sorting by it is one indexed aggregate, never a judgement per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, case, exists, func, or_, select
from sqlalchemy.orm import Session

from recruiter_kit.enums import Stage, Status
from recruiter_kit.models import Candidate, Employer, Interview, User
from recruiter_kit.models.assessments import InterviewAssessment
from recruiter_kit.services.assessments import bring_up_to_date
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.reports import STATUS_ORDER
from recruiter_kit.services.views import Page

PAGE_SIZE = 50
_RANK = {status.value: rank for rank, status in enumerate(STATUS_ORDER)}


class CandidateSort(StrEnum):
    """The orders a candidate listing can be shown in."""

    NAME = "name"
    STATUS = "status"  # worst first
    STAGE = "stage"  # pipeline order
    RECRUITER = "recruiter"
    NEWEST = "newest"


@dataclass(frozen=True, slots=True)
class CandidateQuery:
    """What the candidate listing shows."""

    search: str | None = None  # part of the name, email, ref, or an interview's company
    stage: Stage | None = None
    status: Status | None = None  # the worst status among the candidate's interviews
    recruiter: str | None = None  # email
    sort: CandidateSort = CandidateSort.NAME
    include_archived: bool = False


@dataclass(frozen=True, slots=True)
class CandidateRow:
    """One candidate as the listing shows them."""

    ref: str
    name: str
    email: str | None
    stage: Stage
    recruiter: str | None
    status: Status | None  # None: no interviews yet
    archived: bool


def candidate_rows(
    session: Session, query: CandidateQuery, as_of: datetime, *, page: int = 1
) -> Page[CandidateRow]:
    """One page (of `PAGE_SIZE`) of the candidates `query` selects, as of `as_of`."""
    bring_up_to_date(session, as_of, load_policy(session))
    worst_query = (
        select(
            Interview.candidate_id.label("candidate_id"),
            func.min(_status_rank(InterviewAssessment.status)).label("rank"),
        )
        .join(InterviewAssessment, InterviewAssessment.interview_id == Interview.id)
        .group_by(Interview.candidate_id)
    )
    if query.recruiter:  # aggregate only the recruiter's interviews, not the agency's
        owner = select(User.id).where(User.email == query.recruiter.strip().lower())
        worst_query = worst_query.join(Candidate, Interview.candidate_id == Candidate.id).where(
            Candidate.recruiter_id == owner.scalar_subquery()
        )
    worst = worst_query.subquery()
    selected = (
        select(
            Candidate.ref,
            Candidate.name,
            Candidate.email,
            Candidate.stage,
            User.email,
            worst.c.rank,
            Candidate.archived,
        )
        .outerjoin(User, Candidate.recruiter_id == User.id)
        .outerjoin(worst, worst.c.candidate_id == Candidate.id)
    )
    selected = _where(selected, query, worst.c.rank)
    total = session.scalar(select(func.count()).select_from(selected.subquery())) or 0
    offset = (max(page, 1) - 1) * PAGE_SIZE
    rows = session.execute(
        _ordered(selected, query.sort, worst.c.rank).offset(offset).limit(PAGE_SIZE)
    )
    items = tuple(
        CandidateRow(
            ref=ref,
            name=name,
            email=email,
            stage=stage,
            recruiter=recruiter,
            status=None if rank is None else STATUS_ORDER[rank],
            archived=archived,
        )
        for ref, name, email, stage, recruiter, rank, archived in rows
    )
    return Page(items, total, offset, PAGE_SIZE)


def _status_rank(column: Any) -> Any:
    return case(_RANK, value=column, else_=len(STATUS_ORDER))


def _where(selected: Select[Any], query: CandidateQuery, rank: Any) -> Select[Any]:
    if not query.include_archived:
        selected = selected.where(Candidate.archived.is_(False))
    if query.stage is not None:
        selected = selected.where(Candidate.stage == query.stage)
    if query.status is not None:
        selected = selected.where(rank == _RANK[query.status.value])
    if query.recruiter:
        selected = selected.where(User.email == query.recruiter.strip().lower())
    if query.search and query.search.strip():
        pattern = f"%{query.search.strip().lower()}%"
        company = exists().where(
            Interview.candidate_id == Candidate.id,
            Employer.id == Interview.employer_id,
            func.lower(Employer.name).like(pattern),
        )
        selected = selected.where(
            or_(
                func.lower(Candidate.name).like(pattern),
                func.lower(Candidate.email).like(pattern),
                func.lower(Candidate.ref).like(pattern),
                company,
            )
        )
    return selected


def _ordered(selected: Select[Any], sort: CandidateSort, rank: Any) -> Select[Any]:
    by_name = (Candidate.name, Candidate.ref)
    if sort is CandidateSort.STATUS:
        no_interviews = len(STATUS_ORDER)
        return selected.order_by(func.coalesce(rank, no_interviews), *by_name)
    if sort is CandidateSort.STAGE:
        stages = {stage.value: position for position, stage in enumerate(Stage)}
        return selected.order_by(case(stages, value=Candidate.stage), *by_name)
    if sort is CandidateSort.RECRUITER:
        return selected.order_by(User.email, *by_name)
    if sort is CandidateSort.NEWEST:
        return selected.order_by(Candidate.created_at.desc(), Candidate.id.desc())
    return selected.order_by(*by_name)
