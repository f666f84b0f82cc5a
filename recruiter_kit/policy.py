"""The agency's follow-up policy: every number the guidance rules use, with defaults."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from typing import Any

import holidays

from recruiter_kit.timezones import timezone_problem


class PolicyError(ValueError):
    """A policy setting has an unknown name or an unusable value."""


@dataclass(frozen=True, slots=True)
class Policy:
    """Settings the rules are judged by; the defaults encode the guidance."""

    default_timezone: str = "America/Chicago"
    holiday_country: str = "US"
    holiday_subdivision: str | None = None
    thank_you_email_hours: int = 24
    note_arrival_min_business_days: int = 1
    note_arrival_max_business_days: int = 3
    note_transit_business_days: int = 2
    follow_up_open_business_days: int = 5
    follow_up_close_business_days: int = 9
    decision_week_business_days: int = 4
    max_follow_ups_without_reply: int = 2
    min_business_days_between_follow_ups: int = 5
    rejection_thank_you_business_days: int = 2

    def __post_init__(self) -> None:
        _check_timezone(self.default_timezone)
        _check_holiday_calendar(self.holiday_country, self.holiday_subdivision)
        for field in fields(self):
            if field.type == "int" and getattr(self, field.name) < 0:
                raise PolicyError(f"policy {field.name}: must be zero or more")
        if self.note_arrival_min_business_days > self.note_arrival_max_business_days:
            raise PolicyError(
                "policy note_arrival_min_business_days: must not exceed "
                "note_arrival_max_business_days"
            )
        if self.follow_up_open_business_days > self.follow_up_close_business_days:
            raise PolicyError(
                "policy follow_up_open_business_days: must not exceed follow_up_close_business_days"
            )

    def as_dict(self) -> dict[str, Any]:
        """The settings as a plain mapping, in declaration order."""
        return dataclasses.asdict(self)

    def with_settings(self, settings: dict[str, Any]) -> Policy:
        """A copy with `settings` (name → value or text) applied and validated."""
        return dataclasses.replace(
            self, **{name: parse_setting(name, value) for name, value in settings.items()}
        )


SETTING_NAMES: tuple[str, ...] = tuple(field.name for field in fields(Policy))


def parse_setting(name: str, value: Any) -> Any:
    """Convert `value` (often text from a command line) to the type of setting `name`."""
    by_name = {field.name: field for field in fields(Policy)}
    if name not in by_name:
        raise PolicyError(f"unknown policy setting {name!r}; known: {', '.join(SETTING_NAMES)}")
    kind = by_name[name].type
    if kind == "int":
        if isinstance(value, bool):
            raise PolicyError(f"policy {name}: expected a whole number, got {value!r}")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise PolicyError(f"policy {name}: expected a whole number, got {value!r}") from None
    if kind == "str | None":
        return None if value in (None, "", "none", "null") else str(value)
    return str(value)


def _check_timezone(name: str) -> None:
    problem = timezone_problem(name)
    if problem is not None:
        raise PolicyError(f"policy default_timezone: {problem}")


def _check_holiday_calendar(country: str, subdivision: str | None) -> None:
    try:
        holidays.country_holidays(country, subdiv=subdivision)
    except (NotImplementedError, KeyError):
        raise PolicyError(
            f"policy holiday_country/holiday_subdivision: no holiday calendar for "
            f"{country!r}{'/' + subdivision if subdivision else ''}"
        ) from None


DEFAULT_POLICY = Policy()
