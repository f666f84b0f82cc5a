"""Stored verdicts: each interview's assessment and the span of time it holds for."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, ForeignKey, Index, String, Text, case, func, literal_column
from sqlalchemy.orm import Mapped, mapped_column

from recruiter_kit.enums import STATUS_ORDER
from recruiter_kit.models.base import Base, UTCDateTime


class InterviewAssessment(Base):
    """The rules' verdict on one interview, valid while `valid_from <= as_of < next_change_at`.

    Kept current by `recruiter_kit.services.assessments` on every write and re-judged on
    read once `next_change_at` has passed; NULL bounds mean "since ever" and "for ever".
    Findings are stored as the report's JSON array so reports can copy them out unparsed.
    """

    __tablename__ = "interview_assessments"

    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(16), index=True)
    findings: Mapped[str] = mapped_column(Text)  # JSON, as in the report
    next_action: Mapped[str | None] = mapped_column(Text)
    next_action_by: Mapped[str | None] = mapped_column(String(40))  # ISO date or moment
    valid_from: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    next_change_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


def _constant(value: int | str) -> ColumnElement[Any]:
    # Written into the SQL, not bound: a query's expression then matches the index's.
    return literal_column(str(value) if isinstance(value, int) else f"'{value}'")


_COLUMNS = InterviewAssessment.__table__.c
# The report's worst-first order as SQL sorts it: the status's rank, deadlines before none,
# then the deadline's day (the first ten characters of the stored ISO date or moment: the
# candidate's local date). One index holds it, so the worst few come first without sorting
# every open interview of the agency (the dashboard's 25 worst).
STATUS_RANK: ColumnElement[int] = case(
    *(
        (_COLUMNS.status == _constant(status.value), _constant(rank))
        for rank, status in enumerate(STATUS_ORDER)
    )
)
NO_DEADLINE: ColumnElement[bool] = _COLUMNS.next_action_by.is_(None)
DEADLINE_DAY: ColumnElement[str] = func.substr(_COLUMNS.next_action_by, _constant(1), _constant(10))
Index("ix_interview_assessments_worst_first", STATUS_RANK, NO_DEADLINE, DEADLINE_DAY)


class AssessmentBasis(Base):
    """What the stored verdicts were judged by (rules, policy, holidays), as a fingerprint.

    When the fingerprint of the running code and stored policy differs, every verdict is
    judged again before it is read.
    """

    __tablename__ = "assessment_basis"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
