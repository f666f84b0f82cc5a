"""Parameter types: ISO 8601 moments and dates, checked as they are parsed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import click

from recruiter_kit.errors import ValidationError
from recruiter_kit.services.validation import check_moment, parse_date


class Moment(click.ParamType[datetime]):
    """An ISO 8601 date-time in the accepted range; without an offset it is left naive for
    the command to place."""

    name = "datetime"

    def __init__(self, *, require_offset: bool = True) -> None:
        self.require_offset = require_offset

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, datetime):
            return value
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self.fail(
                f"{value!r} is not an ISO 8601 date-time such as 2026-03-02T10:00-06:00",
                param,
                ctx,
            )
        if self.require_offset and moment.tzinfo is None:
            self.fail(f"{value!r} needs a UTC offset, e.g. {value}-06:00", param, ctx)
        # A local time is placed by the command (and checked again by the service); its
        # range is checked here as if it were UTC, so a year-1 time never reaches the zone.
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        try:
            check_moment(aware, None, param.name if param and param.name else "datetime")
        except ValidationError as error:
            self.fail(error.problem, param, ctx)
        return moment


class Day(click.ParamType[date]):
    """An ISO 8601 date (YYYY-MM-DD) in the accepted range."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, date):
            return value
        try:
            return parse_date(value, None, param.name if param else "date")
        except ValidationError as error:
            self.fail(error.problem, param, ctx)


MOMENT = Moment()
LOCAL_MOMENT = Moment(require_offset=False)
DAY = Day()
