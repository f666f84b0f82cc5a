"""The append-only record of stage and outcome changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from recruiter_kit.models import HistoryEntry, utcnow


def record_change(
    session: Session,
    *,
    candidate_id: int,
    field: str,
    from_value: str | None,
    to_value: str,
    changed_by: str,
    interview_id: int | None = None,
    changed_at: datetime | None = None,
) -> HistoryEntry:
    """Append one change of `field` (stage or outcome) to the history."""
    entry = HistoryEntry(
        candidate_id=candidate_id,
        interview_id=interview_id,
        field=field,
        from_value=from_value,
        to_value=to_value,
        changed_by=changed_by,
        changed_at=changed_at or utcnow(),
    )
    session.add(entry)
    return entry
