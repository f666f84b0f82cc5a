"""Stable, human-readable refs (`C-000123`) for records the user did not name."""

from __future__ import annotations

import difflib
import re

from sqlalchemy import func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from recruiter_kit.errors import NotFoundError
from recruiter_kit.models import Candidate, Communication, Employer, Interview, RefCounter

PREFIXES: dict[type, str] = {
    Candidate: "C",
    Interview: "I",
    Communication: "M",
    Employer: "E",
}

NOUNS: dict[type, str] = {
    Candidate: "candidate",
    Interview: "interview",
    Communication: "communication",
    Employer: "employer",
}
SUGGESTIONS = 3


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


def resolve_ref(session: Session, model: type, ref: str) -> str:
    """The stored ref of the `model` record that `ref` names.

    An exact match wins; otherwise a case-insensitive one, when only one record has it.
    A miss raises NotFoundError suggesting the closest existing refs.
    """
    column: InstrumentedAttribute[str] = model.ref  # type: ignore[attr-defined]
    wanted = ref.strip()
    if session.scalar(select(column).where(column == wanted)) is not None:
        return wanted
    folded = list(
        session.scalars(select(column).where(func.lower(column) == wanted.lower()).limit(2))
    )
    if len(folded) == 1:
        return folded[0]
    noun = NOUNS[model]
    if folded:
        raise NotFoundError(
            f"no {noun} with ref {ref!r}; did you mean one of: {', '.join(sorted(folded))}?"
        )
    suggestions = _closest(session, model, column, wanted)
    hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
    raise NotFoundError(f"no {noun} with ref {ref!r}{hint}")


_GENERATED_SHAPE = re.compile(r"([A-Za-z]+)-?0*(\d{1,9})")


def _closest(
    session: Session, model: type, column: InstrumentedAttribute[str], ref: str
) -> list[str]:
    found: list[str] = []
    # `c16` or `C-0016` most likely means the generated ref C-000016.
    shape = _GENERATED_SHAPE.fullmatch(ref)
    if shape and shape.group(1).upper() == PREFIXES[model]:
        generated = format_ref(PREFIXES[model], int(shape.group(2)))
        found += session.scalars(select(column).where(column == generated))
    # Typos rarely change a ref's length by more than a character or two, so only refs of
    # about that length are compared.
    nearby = select(column).where(func.length(column).between(len(ref) - 2, len(ref) + 2))
    by_folded = {stored.lower(): stored for stored in session.scalars(nearby)}
    for match in difflib.get_close_matches(ref.lower(), by_folded, n=SUGGESTIONS, cutoff=0.6):
        if by_folded[match] not in found:
            found.append(by_folded[match])
    return found[:SUGGESTIONS]
