"""Candidates, interviews and communications as CSV, for spreadsheets.

The columns are derived from the records of the interchange format (`interchange.records`):
a table's rows hold a record's single-valued fields, after the refs of the records they
belong to. Import goes through the same checks and bulk upsert as the JSON import: all or
nothing, by ref, idempotent; importing candidates leaves their interviews alone, and
interviews and communications must belong to candidates (and interviews) that exist.
Every exported cell goes through `safe_cell`, so a spreadsheet never runs a value as a
formula; import undoes that with `unsafe_cell`, so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import IO, Any, Final

from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from recruiter_kit.calendar import zone
from recruiter_kit.services.interchange import (
    DocumentError,
    ImportSummary,
    Problem,
    import_candidates,
)
from recruiter_kit.services.interchange.document import decode_text
from recruiter_kit.services.interchange.exporting import (
    CANDIDATE_FIELDS,
    COMMUNICATION_FIELDS,
    INTERVIEW_FIELDS,
    Fields,
    fields_of,
)
from recruiter_kit.services.interchange.importing import import_rows
from recruiter_kit.services.interchange.records import (
    CandidateRecord,
    CommunicationRecord,
    InterviewRecord,
    field_check,
    is_boolean,
    scalar_fields,
)
from recruiter_kit.services.interchange.tables import (
    CANDIDATES,
    COMMUNICATIONS,
    EMPLOYERS,
    INTERVIEWS,
    USERS,
)
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.spreadsheet import safe_cell, unsafe_cell

__all__ = [
    "CANDIDATE_COLUMNS",
    "COMMUNICATION_COLUMNS",
    "INTERVIEW_COLUMNS",
    "TABLES",
    "export_csv",
    "import_csv",
    "read_csv",
]

_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})
_WHOLE = re.compile(r"^[+-]?\d{1,20}$")


@dataclass(frozen=True, slots=True)
class _Table:
    """One CSV table: the refs that place a row, then a record's single-valued fields."""

    name: str
    record: type[BaseModel]
    parents: tuple[str, ...]  # columns naming the records a row belongs to
    own_ref: str  # the column holding the record's own ref

    @property
    def columns(self) -> tuple[str, ...]:
        return (
            *self.parents,
            self.own_ref,
            *(name for name, _info in scalar_fields(self.record) if name != "ref"),
        )

    @property
    def required(self) -> tuple[str, ...]:
        names = [name for name, info in scalar_fields(self.record) if info.is_required()]
        return (*self.parents, *(self.own_ref if n == "ref" else n for n in names))


_CANDIDATES = _Table("candidates", CandidateRecord, (), "ref")
_INTERVIEWS = _Table("interviews", InterviewRecord, ("candidate_ref",), "interview_ref")
_COMMUNICATIONS = _Table(
    "communications", CommunicationRecord, ("candidate_ref", "interview_ref"), "communication_ref"
)
TABLES: Final = {table.name: table for table in (_CANDIDATES, _INTERVIEWS, _COMMUNICATIONS)}
CANDIDATE_COLUMNS: Final = _CANDIDATES.columns
INTERVIEW_COLUMNS: Final = _INTERVIEWS.columns
COMMUNICATION_COLUMNS: Final = _COMMUNICATIONS.columns


# --------------------------------------------------------------------------- import


def import_csv(
    session: Session,
    stream: IO[str] | IO[bytes],
    *,
    changed_by: str = "import",
    encoding: str | None = None,
) -> ImportSummary:
    """Upsert the rows of a CSV file of candidates, interviews or communications.

    The table is recognised from the header: a `communication_ref` or `kind` column makes
    it communications, an `interview_ref` column interviews, anything else candidates.
    Columns may come in any order; only the required ones must be there. A column left
    out keeps the stored values; an empty cell clears an optional value (and keeps the
    stored value of one with a default, such as stage). Problems name the line and the
    record, e.g. `line 4 (candidate c07): field 'timezone': unknown time zone 'Mars/Base'`.
    All or nothing. Bytes are decoded by `decode_text` (`encoding` names a legacy one).
    """
    columns, rows = read_csv(stream, encoding=encoding)
    if "communication_ref" in columns or "kind" in columns:
        table = _COMMUNICATIONS
    elif "interview_ref" in columns:
        table = _INTERVIEWS
    else:
        table = _CANDIDATES
    _check_header(table, columns)
    records: list[str] = []
    values: list[dict[str, Any]] = []
    parents: list[tuple[str, ...]] = []
    for line, row in rows:
        cells = {column: unsafe_cell(cell) for column, cell in zip(columns, row, strict=True)}
        ref = cells.get(table.own_ref, "").strip()
        label = getattr(table.record, "label", "record")
        records.append(f"line {line} ({label} {ref})" if ref else f"line {line}")
        parents.append(tuple(cells[parent].strip() for parent in table.parents))
        values.append(_record_values(table, cells))
    if table is _CANDIDATES:
        return import_candidates(session, values, records, changed_by=changed_by)
    missing = [
        Problem(record, parent, "is required")
        for record, refs in zip(records, parents, strict=True)
        for parent, ref in zip(table.parents, refs, strict=True)
        if not ref
    ]
    if missing:
        raise DocumentError(missing)
    kind = InterviewRecord if table is _INTERVIEWS else CommunicationRecord
    try:
        return import_rows(
            session, list(zip(records, parents, values, strict=True)), kind, changed_by=changed_by
        )
    except DocumentError as error:
        # A record's own ref is its `ref` field, but this file's column has another name.
        raise DocumentError(
            [
                replace(problem, field=table.own_ref) if problem.field == "ref" else problem
                for problem in error.problems
            ]
        ) from None


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


def _check_header(table: _Table, columns: Sequence[str]) -> None:
    problems: list[Problem] = []
    seen: set[str] = set()
    known = table.columns
    for column in columns:
        if column not in known:
            problems.append(
                Problem(
                    "line 1",
                    column,
                    f"unknown column {column!r} in a CSV of {table.name} "
                    f"(known columns: {', '.join(known)})",
                )
            )
        elif column in seen:
            problems.append(Problem("line 1", column, f"column {column!r} appears twice"))
        seen.add(column)
    problems.extend(
        Problem("line 1", column, f"required column {column!r} is missing")
        for column in table.required
        if column not in seen
    )
    if problems:
        raise DocumentError(problems)


def _record_values(table: _Table, cells: dict[str, str]) -> dict[str, Any]:
    """A row's cells as the record's values: empty is null, and true/false and whole
    numbers are read as such (anything else is left as text for the record to refuse)."""
    values: dict[str, Any] = {}
    for name, info in scalar_fields(table.record):
        column = table.own_ref if name == "ref" else name
        if column not in cells:
            continue
        cell = cells[column]
        value: Any = cell if cell.strip() else None
        if value is not None:
            check = field_check(info)
            word = value.strip().lower()
            if is_boolean(info):
                value = True if word in _TRUE else False if word in _FALSE else value
            elif check is not None and check.kind == "whole" and _WHOLE.match(word):
                value = int(word)
        values[name] = value
    return values


# --------------------------------------------------------------------------- export


def export_csv(
    session: Session, stream: IO[str], table: str, *, include_archived: bool = True
) -> int:
    """Write one table (`candidates`, `interviews` or `communications`) as CSV; return the
    row count.

    Rows are ordered by candidate ref, then start (interviews) or time (communications).
    Times are shown in the candidate's time zone (the policy's default zone for
    candidates without one) with their offset.
    """
    default_zone = load_policy(session).default_timezone
    writer = csv.writer(stream)
    columns = TABLES[table].columns
    writer.writerow(columns)
    count = 0
    for row in _rows(session, table, include_archived):
        record = fields_of(row, _FIELDS[table], zone(row["timezone"] or default_zone))
        record.update(
            (column, row[column])
            for column in ("recruiter", *TABLES[table].parents)
            if column in row
        )
        record[TABLES[table].own_ref] = row["ref"]
        writer.writerow(safe_cell(_cell(record[column])) for column in columns)
        count += 1
    return count


_FIELDS: Final[dict[str, Fields]] = {
    "candidates": CANDIDATE_FIELDS,
    "interviews": INTERVIEW_FIELDS,
    "communications": COMMUNICATION_FIELDS,
}


def _rows(session: Session, table: str, include_archived: bool) -> Iterable[Any]:
    query: Select[Any]
    order: tuple[str, ...]
    if table == "candidates":
        query = select(CANDIDATES, USERS.c.email.label("recruiter")).outerjoin(
            USERS, USERS.c.id == CANDIDATES.c.recruiter_id
        )
        order = ("ref",)
    elif table == "interviews":
        query = (
            select(
                INTERVIEWS,
                CANDIDATES.c.ref.label("candidate_ref"),
                CANDIDATES.c.timezone,
                EMPLOYERS.c.name.label("company"),
            )
            .join(CANDIDATES, CANDIDATES.c.id == INTERVIEWS.c.candidate_id)
            .join(EMPLOYERS, EMPLOYERS.c.id == INTERVIEWS.c.employer_id)
        )
        order = ("candidate_ref", "starts_at", "ref")
    else:
        query = (
            select(
                COMMUNICATIONS,
                INTERVIEWS.c.ref.label("interview_ref"),
                CANDIDATES.c.ref.label("candidate_ref"),
                CANDIDATES.c.timezone,
            )
            .join(INTERVIEWS, INTERVIEWS.c.id == COMMUNICATIONS.c.interview_id)
            .join(CANDIDATES, CANDIDATES.c.id == INTERVIEWS.c.candidate_id)
        )
        order = ("candidate_ref", "interview_ref", "at", "ref")
    if not include_archived:
        query = query.where(CANDIDATES.c.archived.is_(False))
    rows = session.execute(query).mappings()
    return sorted(rows, key=lambda row: tuple(row[key] for key in order))


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
