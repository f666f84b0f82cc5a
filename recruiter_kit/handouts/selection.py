"""Which interviews get a handout: by ref, candidate, status, recruiter, day, or all active."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from recruiter_kit.enums import Status
from recruiter_kit.models import Candidate, Interview
from recruiter_kit.services.errors import NotFoundError, ValidationError
from recruiter_kit.services.refs import resolve_ref
from recruiter_kit.services.reports import ReportFilter, ReportRow, build_report


@dataclass(frozen=True, slots=True)
class HandoutSelection:
    """What to print. Named candidates and interviews form the set when given (a candidate
    stands for their most recent interview as of the moment); otherwise every interview of a
    candidate who is not archived. Status, recruiter and day then narrow the set down, and
    `all_active` leaves out closed interviews."""

    candidates: tuple[str, ...] = ()
    interviews: tuple[str, ...] = ()
    statuses: frozenset[Status] = frozenset()
    recruiter: str | None = None  # email
    interviewed_on: date | None = None  # in the candidate's time zone
    all_active: bool = False

    @property
    def is_empty(self) -> bool:
        """True when nothing at all was asked for (printing everything needs `all_active`)."""
        return not (
            self.candidates
            or self.interviews
            or self.statuses
            or self.recruiter
            or self.interviewed_on
            or self.all_active
        )


def select_interviews(
    session: Session, selection: HandoutSelection, as_of: datetime
) -> list[ReportRow]:
    """The selected interviews, judged as of `as_of`, in report order (worst first).

    Raises NotFoundError for an unknown ref and when nothing matches.
    """
    if selection.is_empty:
        raise ValidationError(
            None,
            None,
            "choose interviews with --interview, --candidate, --status, --recruiter, "
            "--interviewed-on or --all-active",
        )
    # Refs as people type them (any case), each checked: a typo is an error, not a gap.
    selection = replace(
        selection,
        interviews=tuple(resolve_ref(session, Interview, ref) for ref in selection.interviews),
        candidates=tuple(resolve_ref(session, Candidate, ref) for ref in selection.candidates),
    )
    named = bool(selection.candidates or selection.interviews)
    # One named record: let the report load just that one.
    only_interview = selection.interviews[0] if len(selection.interviews) == 1 else None
    only_candidate = selection.candidates[0] if len(selection.candidates) == 1 else None
    filters = ReportFilter(
        recruiter=selection.recruiter,
        interview=None if selection.candidates else only_interview,
        candidate=None if selection.interviews else only_candidate,
        include_archived=named,
    )
    rows = build_report(session, as_of, filters).rows
    if named:
        wanted = set(selection.interviews) | _latest_interviews(rows, selection.candidates, as_of)
        rows = [row for row in rows if row.interview_ref in wanted]
    chosen = [row for row in rows if _narrowed(row, selection)]
    if not chosen:
        raise NotFoundError("no interviews match the selection")
    return chosen


def _latest_interviews(
    rows: list[ReportRow], candidates: tuple[str, ...], as_of: datetime
) -> set[str]:
    """Each named candidate's most recent interview: the last one started by `as_of`, else
    the next one coming up."""
    latest: dict[str, ReportRow] = {}
    for row in rows:
        if row.candidate_ref not in candidates:
            continue
        best = latest.get(row.candidate_ref)
        if best is None or _recency(row, as_of) > _recency(best, as_of):
            latest[row.candidate_ref] = row
    for ref in candidates:
        if ref not in latest:
            raise NotFoundError(f"candidate {ref} has no interviews")
    return {row.interview_ref for row in latest.values()}


def _recency(row: ReportRow, as_of: datetime) -> tuple[bool, float]:
    started = row.starts_at <= as_of
    # Started interviews rank above upcoming ones; among started the latest wins, among
    # upcoming the soonest.
    stamp = row.starts_at.timestamp()
    return started, stamp if started else -stamp


def _narrowed(row: ReportRow, selection: HandoutSelection) -> bool:
    if selection.statuses and row.status not in selection.statuses:
        return False
    if selection.all_active and row.status == Status.CLOSED:
        return False
    return selection.interviewed_on is None or row.starts_at.date() == selection.interviewed_on
