"""docs/limits.md states the limits the code enforces: its tables are checked against the
models' columns and the policy's ranges."""

import re
from pathlib import Path

from recruiter_kit import models
from recruiter_kit.policy import DEFAULT_POLICY, SETTING_RANGES
from recruiter_kit.services.demo import MAX_CANDIDATES
from recruiter_kit.services.reports import DUE_WITHIN_MAX_DAYS
from recruiter_kit.services.validation import (
    DAY_MAX,
    DAY_MIN,
    MOMENT_MAX,
    MOMENT_MIN,
    ROUND_MAX,
    max_length,
)

LIMITS = (Path(__file__).parent.parent / "docs" / "limits.md").read_text(encoding="utf-8")


def _rows(header: str) -> list[list[str]]:
    table = LIMITS[LIMITS.index(header) :].split("\n\n")[0]
    return [
        [cell.strip().strip("`") for cell in line.strip("|").split("|")]
        for line in table.splitlines()[2:]
    ]


def test_text_lengths_match_the_model_columns():
    rows = _rows("| Record | Field |")
    assert len(rows) >= 18
    for _record, _field, limit, column in rows:
        model, attribute = column.split(".")
        assert int(limit) == max_length(getattr(getattr(models, model), attribute)), column


def test_policy_ranges_match_the_policy():
    rows = _rows("| Setting | Default | Range |")
    documented = {name: (int(default), range_) for name, default, range_ in rows}
    assert documented == {
        name: (getattr(DEFAULT_POLICY, name), f"{low}..{high}")
        for name, (low, high) in SETTING_RANGES.items()
    }


def test_the_date_range_and_round_limit_are_as_documented():
    assert f"{MOMENT_MIN:%Y-%m-%dT%H:%M:%SZ} to {MOMENT_MAX:%Y-%m-%dT%H:%M:%SZ}" in LIMITS
    assert f"{DAY_MIN} to {DAY_MAX}" in LIMITS
    assert re.search(rf"from \*\*1 to {ROUND_MAX}\*\*", LIMITS)
    assert f"at most {DUE_WITHIN_MAX_DAYS} days" in LIMITS
    assert f"at most {MAX_CANDIDATES} candidates" in LIMITS
