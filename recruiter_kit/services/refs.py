"""Stable, human-readable refs (`C-000123`) for records the user did not name."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from recruiter_kit.models import Candidate, Communication, Employer, Interview, RefCounter

PREFIXES: dict[type, str] = {
    Candidate: "C",
    Interview: "I",
    Communication: "M",
    Employer: "E",
}


def format_ref(prefix: str, number: int) -> str:
    """The ref for the `number`-th generated record of `prefix`."""
    return f"{prefix}-{number:06d}"


def allocate_refs(session: Session, model: type, count: int) -> list[str]:
    """Reserve `count` unused refs for new rows of `model`, skipping any taken by imports."""
    if count <= 0:
        return []
    prefix = PREFIXES[model]
    column: InstrumentedAttribute[str] = model.ref  # type: ignore[attr-defined]
    refs: list[str] = []
    while len(refs) < count:
        wanted = count - len(refs)
        last = _advance_counter(session, prefix, wanted)
        candidates = [format_ref(prefix, n) for n in range(last - wanted + 1, last + 1)]
        taken = set(session.scalars(select(column).where(column.in_(candidates))))
        refs.extend(ref for ref in candidates if ref not in taken)
    return refs


def allocate_ref(session: Session, model: type) -> str:
    """Reserve one unused ref for a new row of `model`."""
    return allocate_refs(session, model, 1)[0]


def _advance_counter(session: Session, prefix: str, by: int) -> int:
    # One UPDATE ... RETURNING both reserves the block and serialises concurrent writers.
    result = session.execute(
        update(RefCounter)
        .where(RefCounter.prefix == prefix)
        .values(last_value=RefCounter.last_value + by)
        .returning(RefCounter.last_value)
    ).scalar_one_or_none()
    if result is not None:
        return int(result)
    session.add(RefCounter(prefix=prefix, last_value=by))
    session.flush()
    return by
