"""Errors a user can cause, each naming the record and field at fault."""

from __future__ import annotations


class RecruiterKitError(Exception):
    """Base of every error that is the user's to fix (shown without a traceback)."""


class ValidationError(RecruiterKitError):
    """A value is missing, malformed or not allowed.

    `record` names the record (usually its ref) and `field` the field at fault.
    """

    def __init__(self, record: str | None, field: str | None, problem: str) -> None:
        self.record = record
        self.field = field
        self.problem = problem
        where = " ".join(part for part in (record, field and f"field {field!r}") if part)
        super().__init__(f"{where}: {problem}" if where else problem)


class NotFoundError(RecruiterKitError):
    """A ref, email or name does not match any record."""


class DuplicateError(RecruiterKitError):
    """A record with the same ref, email or name already exists."""


class ConflictError(RecruiterKitError):
    """The record changed since it was read (optimistic locking)."""
