"""The pipeline board: a column per stage with its count and its first candidates."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from recruiter_kit.enums import Stage
from recruiter_kit.models import Candidate, User

CARDS_PER_COLUMN = 25


@dataclass(frozen=True, slots=True)
class Card:
    """A candidate on the board."""

    ref: str
    name: str
    recruiter: str | None  # email
    version: int  # for the move form's optimistic locking


@dataclass(frozen=True, slots=True)
class Column:
    """One stage: how many candidates are in it, and the first of them by name."""

    stage: Stage
    count: int
    cards: tuple[Card, ...]


def pipeline_board(
    session: Session, recruiter: str | None, per_column: int = CARDS_PER_COLUMN
) -> list[Column]:
    """Every stage in pipeline order, for `recruiter`'s active candidates (None: everyone's).

    Two queries whatever the number of candidates: counts by stage, and the first
    `per_column` candidates of each stage (a window over the stage).
    """
    scope: ColumnElement[bool] = Candidate.archived.is_(False)
    if recruiter is not None:
        owner = select(User.id).where(User.email == recruiter.strip().lower()).scalar_subquery()
        scope = and_(scope, Candidate.recruiter_id == owner)
    counts: dict[Stage, int] = {
        stage: count
        for stage, count in session.execute(
            select(Candidate.stage, func.count()).where(scope).group_by(Candidate.stage)
        )
    }
    position = (
        func.row_number()
        .over(partition_by=Candidate.stage, order_by=(Candidate.name, Candidate.ref))
        .label("position")
    )
    ranked = (
        select(
            Candidate.stage,
            Candidate.ref,
            Candidate.name,
            User.email,
            Candidate.version_id,
            position,
        )
        .outerjoin(User, Candidate.recruiter_id == User.id)
        .where(scope)
        .subquery()
    )
    cards: dict[Stage, list[Card]] = {stage: [] for stage in Stage}
    for stage, ref, name, email, version, _ in session.execute(
        select(ranked).where(ranked.c.position <= per_column).order_by(ranked.c.position)
    ):
        cards[Stage(stage)].append(Card(ref, name, email, version))
    return [Column(stage, counts.get(stage, 0), tuple(cards[stage])) for stage in Stage]
