"""The agency's follow-up policy: every number the guidance rules use, with defaults."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from recruiter_kit.errors import RecruiterKitError
from recruiter_kit.timezones import timezone_problem


class PolicyError(ValueError, RecruiterKitError):
    """A policy setting has an unknown name or an unusable value."""


def _whole(default: int, minimum: int, maximum: int) -> Any:
    """A whole-number setting with its default and the range it may be set to."""
    return field(default=default, metadata={"range": (minimum, maximum)})


@dataclass(frozen=True, slots=True)
class Policy:
    """Settings the rules are judged by; the defaults encode the guidance.

    Each whole-number setting has a range (see docs/limits.md): wide enough for any agency's
    practice, narrow enough that every date the rules compute stays a real date. Whether the
    holiday calendar exists is checked by `with_settings` and when the calendar is built, not
    here: the holiday tables take longer to load than a report of stored verdicts takes.
    """

    default_timezone: str = "America/Chicago"
    holiday_country: str = "US"
    holiday_subdivision: str | None = None
    thank_you_email_hours: int = _whole(24, 1, 168)
    note_arrival_min_business_days: int = _whole(1, 0, 20)
    note_arrival_max_business_days: int = _whole(3, 0, 20)
    note_transit_business_days: int = _whole(2, 0, 20)
    follow_up_open_business_days: int = _whole(5, 0, 60)
    follow_up_close_business_days: int = _whole(9, 0, 60)
    decision_week_business_days: int = _whole(4, 0, 20)
    max_follow_ups_without_reply: int = _whole(2, 0, 20)
    min_business_days_between_follow_ups: int = _whole(5, 0, 60)
    rejection_thank_you_business_days: int = _whole(2, 0, 20)

    def __post_init__(self) -> None:
        _check_timezone(self.default_timezone)
        for name, (minimum, maximum) in SETTING_RANGES.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise PolicyError(f"policy {name}: expected a whole number, got {value!r}")
            if not minimum <= value <= maximum:
                shown = value if value.bit_length() <= 64 else "a larger number"
                raise PolicyError(
                    f"policy {name}: must be from {minimum} to {maximum}, got {shown}"
                )
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

    def with_settings(self, settings: dict[str, Any], *, check_calendar: bool = True) -> Policy:
        """A copy with `settings` (name → value or text) applied and validated; the holiday
        calendar too unless `check_calendar` is false (settings checked when they were stored)."""
        policy = dataclasses.replace(
            self, **{name: parse_setting(name, value) for name, value in settings.items()}
        )
        if check_calendar:
            holiday_calendar(policy.holiday_country, policy.holiday_subdivision, years=())
        return policy


SETTING_NAMES: tuple[str, ...] = tuple(setting.name for setting in fields(Policy))
SETTING_RANGES: dict[str, tuple[int, int]] = {
    setting.name: setting.metadata["range"] for setting in fields(Policy) if setting.metadata
}
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
_MAX_DIGITS = 18


def parse_setting(name: str, value: Any) -> Any:
    """Convert `value` (often text from a command line) to the type of setting `name`."""
    by_name = {field.name: field for field in fields(Policy)}
    if name not in by_name:
        raise PolicyError(f"unknown policy setting {name!r}; known: {', '.join(SETTING_NAMES)}")
    kind = by_name[name].type
    if kind == "int":
        # Only whole numbers and their digits: 2.5, 24.0, NaN and Infinity are refused, not
        # rounded (the range is checked when the policy is built).
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()):
            digits = value.strip()
            if len(digits.lstrip("+-")) <= _MAX_DIGITS:
                return int(digits)
            raise PolicyError(f"policy {name}: {digits[:20]}... is far too large")
        raise PolicyError(f"policy {name}: expected a whole number, got {value!r}")
    if kind == "str | None":
        return None if value in (None, "", "none", "null") else str(value)
    return str(value)


def _check_timezone(name: str) -> None:
    problem = timezone_problem(name)
    if problem is not None:
        raise PolicyError(f"policy default_timezone: {problem}")


def holiday_calendar(country: str, subdivision: str | None, *, years: Iterable[int]) -> Any:
    """The public holidays of `years` in `country` (and `subdivision`), as a mapping of dates
    to names; PolicyError when the holidays package has no such calendar."""
    import holidays  # loaded only when needed: its tables take longer to load than a report

    try:
        return holidays.country_holidays(country, subdiv=subdivision, years=years)
    except (NotImplementedError, KeyError):
        raise PolicyError(
            f"policy holiday_country/holiday_subdivision: no holiday calendar for "
            f"{country!r}{'/' + subdivision if subdivision else ''}"
        ) from None


DEFAULT_POLICY = Policy()
