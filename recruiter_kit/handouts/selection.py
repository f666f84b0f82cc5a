"""Which interviews get a handout: by ref, candidate, status, recruiter, day, or all active."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from recruiter_kit.enums import Status
from recruiter_kit.errors import NotFoundError, ValidationError
from recruiter_kit.models import Candidate, Interview
from recruiter_kit.services.refs import resolve_ref
from recruiter_kit.services.reports import ReportFilter, ReportRow, stream_report


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


def select_interviews(session: Session, selection: HandoutSelection, as_of: datetime) -> list[str]:
    """The refs of the selected interviews, judged as of `as_of`, in report order (worst
    first).

    The report's rows are read one at a time and only the refs kept, so selecting thousands
    of interviews holds a few bytes each. Raises NotFoundError for an unknown ref and when
    nothing matches.
    """
    if selection.is_empty:
        raise ValidationError(
            None,
            None,
            "choose interviews with --interview, --candidate, --status, --recruiter, "
            "--interviewed-on or --all-active",
        )
    # Refs as people type them (any case), each checked: a typo is an error, not a gap.
    interviews = {resolve_ref(session, Interview, ref) for ref in selection.interviews}
    named_candidates = [resolve_ref(session, Candidate, ref) for ref in selection.candidates]
    candidates = set(named_candidates)
    named = bool(candidates or interviews)
    # One named record: let the report load just that one.
    only_interview = next(iter(interviews)) if len(interviews) == 1 else None
    only_candidate = next(iter(candidates)) if len(candidates) == 1 else None
    filters = ReportFilter(
        recruiter=selection.recruiter,
        interview=None if candidates else only_interview,
        candidate=None if interviews else only_candidate,
        include_archived=named,
    )
    picked: list[tuple[str, str | None]] = []  # (interview, named candidate), in report order
    latest: dict[str, tuple[tuple[bool, float], str]] = {}  # candidate: (recency, interview)
    for row in stream_report(session, as_of, filters, worst_first=True):
        of_candidate = row.candidate_ref in candidates
        if of_candidate:
            recency = _recency(row, as_of)
            best = latest.get(row.candidate_ref)
            if best is None or recency > best[0]:
                latest[row.candidate_ref] = (recency, row.interview_ref)
        elif named and row.interview_ref not in interviews:
            continue
        if _narrowed(row, selection):
            picked.append((row.interview_ref, row.candidate_ref if of_candidate else None))
    for ref in named_candidates:
        if ref not in latest:
            raise NotFoundError(f"candidate {ref} has no interviews")
    # A named candidate stands for their most recent interview: the others are dropped.
    chosen = [
        ref
        for ref, candidate in picked
        if candidate is None or ref in interviews or latest[candidate][1] == ref
    ]
    if not chosen:
        raise NotFoundError("no interviews match the selection")
    return chosen


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
