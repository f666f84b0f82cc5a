"""Which time-zone names are accepted: canonical IANA names, with suggestions on a miss.

Canonical means a location zone of the IANA database (`Region/City`, as listed in its
zone.tab and zone1970.tab) or `UTC`. Legacy aliases such as `EST` or `US/Eastern` and
folders such as `America` are refused: they are ambiguous or not zones at all.
"""

from __future__ import annotations

import difflib
import zoneinfo
from functools import cache
from importlib import resources

_TABLES = ("zone.tab", "zone1970.tab")
_SUGGESTIONS = 3


@cache
def canonical_timezones() -> frozenset[str]:
    """Every accepted time-zone name (read once from the tzdata package's tables)."""
    names = {"UTC"}
    folder = resources.files("tzdata.zoneinfo")
    for table in _TABLES:
        for line in folder.joinpath(table).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                names.add(line.split("\t")[2])
    return frozenset(names)


@cache
def _by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in canonical_timezones()}


@cache
def _legacy_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) - canonical_timezones()


@cache
def _renamed() -> dict[str, str]:
    """Legacy `Region/City` aliases (US/Eastern, Asia/Calcutta) → the zone they now name.

    Bare abbreviations such as EST are left out: their targets (EST is America/Panama,
    a zone without daylight saving time) would mislead rather than help.
    """
    text = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text(encoding="utf-8")
    links = (line.split() for line in text.splitlines() if line.startswith("L "))
    return {
        alias.casefold(): target
        for _, target, alias in links
        if "/" in alias and target in canonical_timezones()
    }


def timezone_problem(name: str) -> str | None:
    """Why `name` is not an accepted time zone (with the closest names), or None if it is."""
    if name in canonical_timezones():
        return None
    exact = _by_folded_name().get(name.casefold()) or _renamed().get(name.casefold())
    if exact is not None:
        closest = [exact]
    else:
        folded = difflib.get_close_matches(
            name.casefold(), _by_folded_name(), n=_SUGGESTIONS, cutoff=0.6
        )
        closest = [_by_folded_name()[match] for match in folded]
    if name in _legacy_names():
        problem = f"{name!r} is a legacy alias, not a canonical IANA time zone (Region/City)"
    else:
        problem = f"unknown time zone {name!r}"
    if closest:
        return f"{problem}; did you mean {' or '.join(closest)}?"
    return f"{problem}; use a canonical IANA name such as America/Chicago"
