"""Candidates and interviews as CSV, for spreadsheets.

Import reads candidates only (one row each) and goes through the same checks and
bulk upsert as the JSON interchange import: all or nothing, by ref, idempotent, and
a candidate's interviews are left alone. Every exported cell goes through
`safe_cell`, so a spreadsheet never runs a value as a formula; import undoes that
with `unsafe_cell`, so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import IO, Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from recruiter_kit.calendar import zone
from recruiter_kit.models import Candidate, Employer, Interview, User
from recruiter_kit.services.interchange import (
    DocumentError,
    ImportSummary,
    Problem,
    import_candidates,
)
from recruiter_kit.services.interchange.document import decode_text
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.spreadsheet import safe_cell, unsafe_cell

__all__ = [
    "CANDIDATE_COLUMNS",
    "INTERVIEW_COLUMNS",
    "export_candidates_csv",
    "export_interviews_csv",
    "import_candidates_csv",
]

CANDIDATE_COLUMNS: Final = (
    "ref",
    "name",
    "email",
    "phone",
    "address",
    "timezone",
    "recruiter",
    "stage",
    "notes",
    "archived",
)
REQUIRED_CANDIDATE_COLUMNS: Final = ("ref", "name")
INTERVIEW_COLUMNS: Final = (
    "candidate_ref",
    "interview_ref",
    "company",
    "position",
    "round",
    "format",
    "starts_at",
    "ends_at",
    "decision_by",
    "timeline_asked",
    "contact_preference",
    "outcome",
    "outcome_at",
)

_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})


def import_candidates_csv(
    session: Session,
    stream: IO[str] | IO[bytes],
    *,
    changed_by: str = "import",
    encoding: str | None = None,
) -> ImportSummary:
    """Upsert the candidates of a CSV file (header row first), all or nothing.

    Columns: ref and name are required, the others (see CANDIDATE_COLUMNS) optional;
    a column left out keeps the stored values, an empty cell clears an optional value
    (for stage and archived it keeps the stored value). Problems name the line and the
    candidate's ref, e.g. `line 4 (candidate c07): field 'timezone': unknown time zone`.
    Bytes are decoded as `decode_text` decides (`encoding` names a legacy encoding).
    """
    columns, rows = read_csv(stream, encoding=encoding)
    _check_header(columns)
    candidates: list[dict[str, Any]] = []
    records: list[str] = []
    for line, row in rows:
        records.append(_record(line, row, columns))
        candidates.append(_candidate(row, columns))
    return import_candidates(session, candidates, records, changed_by=changed_by)


def read_csv(
    stream: IO[str] | IO[bytes], *, encoding: str | None = None
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (trimmed, lower case) and the rows, each with the line it starts on.

    Refused whole (DocumentError naming the lines): an empty file, a quoted cell that
    is never closed or text after a closing quote, and rows with fewer or more cells
    than the header. Blank rows are skipped.
    """
    data = stream.read()
    text = decode_text(data, encoding) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise DocumentError([Problem("line 1", None, "no header row: the file is empty")])
        columns = [cell.strip().lower() for cell in header]
        rows: list[tuple[int, list[str]]] = []
        problems: list[Problem] = []
        line = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):  # not a blank line or a row of empty cells
                if len(row) != len(columns):
                    problems.append(
                        Problem(
                            f"line {line}",
                            None,
                            f"{len(row)} cells but the header has {len(columns)} columns "
                            "(a cell with a comma or a line break must be in double quotes)",
                        )
                    )
                rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as error:
        problem = str(error)
        if "unexpected end of data" in problem:
            problem = "a quoted cell is never closed (a double quote is missing)"
        raise DocumentError([Problem(f"line {line}", None, f"not valid CSV: {problem}")]) from None
    if problems:
        raise DocumentError(problems)
    return columns, rows


def _check_header(columns: Sequence[str]) -> None:
    problems: list[Problem] = []
    seen: set[str] = set()
    for column in columns:
        if column not in CANDIDATE_COLUMNS:
            problems.append(
                Problem(
                    "line 1",
                    column,
                    f"unknown column {column!r} (known columns: {', '.join(CANDIDATE_COLUMNS)})",
                )
            )
        elif column in seen:
            problems.append(Problem("line 1", column, f"column {column!r} appears twice"))
        seen.add(column)
    problems.extend(
        Problem("line 1", column, f"required column {column!r} is missing")
        for column in REQUIRED_CANDIDATE_COLUMNS
        if column not in seen
    )
    if problems:
        raise DocumentError(problems)


def _record(line: int, row: Sequence[str], columns: Sequence[str]) -> str:
    ref = unsafe_cell(row[columns.index("ref")].strip())
    return f"line {line} (candidate {ref})" if ref else f"line {line}"


def _candidate(row: Sequence[str], columns: Sequence[str]) -> dict[str, Any]:
    candidate: dict[str, Any] = {}
    for index, column in enumerate(columns):
        cell = unsafe_cell(row[index])
        value: Any = cell if cell.strip() else None
        if column == "archived" and value is not None:
            word = value.strip().lower()
            value = True if word in _TRUE else False if word in _FALSE else value
        candidate[column] = value
    return candidate


def export_candidates_csv(
    session: Session, stream: IO[str], *, include_archived: bool = True
) -> int:
    """Write every candidate (by ref) as CSV with CANDIDATE_COLUMNS; return the row count."""
    query = select(
        Candidate.ref,
        Candidate.name,
        Candidate.email,
        Candidate.phone,
        Candidate.mailing_address,
        Candidate.timezone,
        User.email.label("recruiter"),
        Candidate.stage,
        Candidate.notes,
        Candidate.archived,
    ).outerjoin(User, User.id == Candidate.recruiter_id)
    if not include_archived:
        query = query.where(Candidate.archived.is_(False))
    writer = csv.writer(stream)
    writer.writerow(CANDIDATE_COLUMNS)
    rows = sorted(session.execute(query), key=lambda row: row.ref)
    for row in rows:
        writer.writerow(
            safe_cell(_cell(value))
            for value in (
                row.ref,
                row.name,
                row.email,
                row.phone,
                row.mailing_address,
                row.timezone,
                row.recruiter,
                row.stage,
                row.notes,
                row.archived,
            )
        )
    return len(rows)


def export_interviews_csv(
    session: Session, stream: IO[str], *, include_archived: bool = True
) -> int:
    """Write every interview (by candidate ref, then start) as CSV with INTERVIEW_COLUMNS.

    Times are shown in the candidate's time zone (the policy's default zone for
    candidates without one) with their offset. Returns the row count.
    """
    default_zone = load_policy(session).default_timezone
    query = (
        select(
            Candidate.ref.label("candidate_ref"),
            Candidate.timezone,
            Interview.ref,
            Employer.name.label("company"),
            Interview.position,
            Interview.round,
            Interview.format,
            Interview.starts_at,
            Interview.ends_at,
            Interview.decision_by,
            Interview.timeline_asked,
            Interview.contact_preference,
            Interview.outcome,
            Interview.outcome_at,
        )
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .join(Employer, Employer.id == Interview.employer_id)
    )
    if not include_archived:
        query = query.where(Candidate.archived.is_(False))
    writer = csv.writer(stream)
    writer.writerow(INTERVIEW_COLUMNS)
    rows = sorted(
        session.execute(query), key=lambda row: (row.candidate_ref, row.starts_at, row.ref)
    )
    for row in rows:
        tz = zone(row.timezone or default_zone)
        writer.writerow(
            safe_cell(_cell(value))
            for value in (
                row.candidate_ref,
                row.ref,
                row.company,
                row.position,
                row.round,
                row.format,
                row.starts_at.astimezone(tz),
                row.ends_at and row.ends_at.astimezone(tz),
                row.decision_by,
                row.timeline_asked,
                row.contact_preference,
                row.outcome,
                row.outcome_at and row.outcome_at.astimezone(tz),
            )
        )
    return len(rows)


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value"):  # enum members
        return value.value
    return value
