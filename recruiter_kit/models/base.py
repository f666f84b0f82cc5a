"""Declarative base, constraint naming convention and shared column types."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Named constraints let Alembic alter them later (SQLite batch mode needs the names).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every recruiter-kit table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as naive UTC, identically on SQLite and PostgreSQL.

    SQLite has no time-zone type, so every moment is normalised to UTC on the way
    in and comes back as an aware UTC datetime; local dates are derived from the
    candidate's time zone, never from the stored offset.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value.isoformat()} has no time zone")
        # To the whole second, like every moment the services accept. Built field by field:
        # replace() costs about three times as much, and bulk writes convert every moment.
        utc = value.astimezone(UTC)
        return datetime(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        """On SQLite, the stored text straight from the moment (as SQLAlchemy's DATETIME
        writes it, `YYYY-MM-DD HH:MM:SS.000000` in UTC): a bulk import binds a few hundred
        thousand moments, and the generic path builds a naive datetime, then a dictionary
        of its fields, then the text, for each."""
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)

        def stored_text(value: datetime | None) -> str | None:
            if value is None:
                return None
            if value.tzinfo is not UTC:  # the services' moments are in UTC already
                if value.tzinfo is None:
                    raise ValueError(f"naive datetime {value.isoformat()} has no time zone")
                value = value.astimezone(UTC)
            return value.isoformat(" ", "seconds")[:19] + ".000000"

        return stored_text

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        if not isinstance(moment, datetime):
            raise TypeError(f"expected a datetime from the database, got {value!r}")
        return moment.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """The current moment as an aware UTC datetime, to the whole second (as every moment is
    stored, so that an export and its re-import compare equal)."""
    return datetime.now(UTC).replace(microsecond=0)
