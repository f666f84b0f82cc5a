"""docs/rules.md stays true: every worked example is read, run and compared.

Each example is an HTML comment `<!-- example: NAME -->` followed by a ```text block of
inputs (`key: value` lines, local times in the candidate's zone) and then the expected
`Finding ...` lines with their quoted messages, the status and the next action.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from recruiter_kit.calendar import BusinessCalendar
from recruiter_kit.enums import Channel, CommunicationKind, ContactPreference, Outcome
from recruiter_kit.policy import Policy
from recruiter_kit.rules import (
    RULES,
    CandidateFacts,
    CommunicationFacts,
    InterviewFacts,
    assess_interview,
)
from recruiter_kit.rules.formatting import format_when

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
TEXT = DOC.read_text(encoding="utf-8")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
POLICY = Policy()

EXAMPLE = re.compile(
    r"<!-- example: ([a-z0-9-]+) -->\n```text\n(.*?)```\n(.*?)(?=<!-- example|\n## |\Z)", re.DOTALL
)
FINDING = re.compile(r"^Finding `(\w+)` \((\w+)\)(?:, due (.+?))?:\n\n> (.+)$", re.MULTILINE)
STATUS = re.compile(
    r"^Status: \*\*(\w+)\*\*\. Next action: (none|“(.+?)”(?: \(by (.+?)\))?)\.$", re.MULTILINE
)
WHEN = re.compile(r"^(?:(\w{3}) )?(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}))?$")

EXAMPLES = {name: (inputs, expected) for name, inputs, expected in EXAMPLE.findall(TEXT)}


def parse_when(text: str, zone: ZoneInfo | None = None) -> date | datetime:
    """`Tue 2026-03-03 10:00` (the weekday must be right) → aware datetime or date."""
    match = WHEN.match(text.strip())
    assert match, f"unreadable date/time {text!r}"
    weekday, day_text, clock = match.groups()
    day = date.fromisoformat(day_text)
    if weekday is not None:
        assert weekday == WEEKDAYS[day.weekday()], f"{text!r}: {day} is a {day:%A}"
    if clock is None:
        return day
    assert zone is not None
    return datetime.fromisoformat(f"{day_text} {clock}").replace(tzinfo=zone)


def build(inputs: str) -> tuple[CandidateFacts, InterviewFacts, datetime]:
    fields: dict = {"communications": []}
    zone: ZoneInfo | None = None
    as_of: datetime | None = None
    for line in inputs.strip().splitlines():
        key, _, value = (part.strip() for part in line.partition(":"))
        if key == "candidate":
            name, zone_name = re.fullmatch(r"(.+) \((.+)\)", value).groups()
            zone = ZoneInfo(zone_name)
            candidate = CandidateFacts("C-000001", name, zone_name)
        elif key == "interview":
            day_part, span = value.rsplit(" ", 1)
            start, end = span.split("–")
            fields["starts_at"] = parse_when(f"{day_part} {start}", zone)
            fields["ends_at"] = parse_when(f"{day_part} {end}", zone)
        elif key == "decision by":
            fields["decision_by"] = parse_when(value)
        elif key == "timeline asked":
            fields["timeline_asked"] = value == "yes"
        elif key == "contact preference":
            fields["contact_preference"] = ContactPreference(value)
        elif key == "outcome":
            outcome, _, when = value.partition(" at ")
            fields["outcome"] = Outcome(outcome)
            fields["outcome_at"] = parse_when(when, zone) if when else None
        elif key == "thank-you email":
            fields["communications"].append(
                CommunicationFacts(CommunicationKind.THANK_YOU_EMAIL, parse_when(value, zone))
            )
        elif key == "thank-you note":
            mailed, _, arrived = value.removeprefix("mailed ").partition(", arrived ")
            fields["communications"].append(
                CommunicationFacts(
                    CommunicationKind.THANK_YOU_NOTE,
                    parse_when(mailed, zone),
                    Channel.MAIL,
                    parse_when(arrived) if arrived else None,
                )
            )
        elif key == "follow-up":
            when, channel = value.split(" by ")
            fields["communications"].append(
                CommunicationFacts(
                    CommunicationKind.FOLLOW_UP, parse_when(when, zone), Channel(channel)
                )
            )
        elif key == "as of":
            as_of = parse_when(value, zone)
        else:
            raise AssertionError(f"unknown example key {key!r}")
    fields["communications"] = tuple(fields["communications"])
    assert as_of is not None
    return candidate, InterviewFacts(ref="I-000001", **fields), as_of


def test_the_docs_have_examples_for_every_code():
    assert len(EXAMPLES) >= 12
    documented = {
        code for _inputs, expected in EXAMPLES.values() for code, *_ in FINDING.findall(expected)
    }
    assert documented == {code.code for rule in RULES for code in rule.codes}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_worked_example(name):
    inputs, expected = EXAMPLES[name]
    candidate, interview, as_of = build(inputs)
    calendar = BusinessCalendar.for_policy(POLICY)
    assessment = assess_interview(candidate, interview, POLICY, calendar, as_of)

    documented = [
        (code, severity, due or None, message)
        for code, severity, due, message in FINDING.findall(expected)
    ]
    actual = [
        (f.code, f.severity.value, format_when(f.due) if f.due is not None else None, f.message)
        for f in assessment.findings
    ]
    assert actual == documented

    statuses = STATUS.findall(expected)
    assert len(statuses) == 1, "each example states one status line"
    status, whole, action, by = statuses[0]
    assert assessment.status.value == status
    if whole == "none":
        assert assessment.next_action is None
    else:
        assert assessment.next_action is not None
        assert assessment.next_action.action == action
        actual_by = assessment.next_action.by
        assert (format_when(actual_by) if actual_by is not None else "") == by


def _rule_sections() -> dict[int, str]:
    parts = re.split(r"^## Rule (\d+): ", TEXT, flags=re.MULTILINE)
    return {
        int(number): body.split("\n## ")[0]
        for number, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def test_each_rule_section_names_its_codes_and_settings_with_true_defaults():
    sections = _rule_sections()
    assert sorted(sections) == [rule.number for rule in RULES]
    defaults = dataclasses.asdict(POLICY)
    for rule in RULES:
        section = sections[rule.number]
        heading = section.splitlines()[0]
        for code in rule.codes:
            assert f"`{code.code}` ({code.severity.value})" in heading
        settings_line = section.split("**Settings:**", 1)[1].split("\n\n", 1)[0]
        named = dict(re.findall(r"`(\w+)`\s+\(default ([^)]+)\)", settings_line))
        assert set(named) == set(rule.settings), rule.number
        for setting, default in named.items():
            assert default == str(defaults[setting]), setting


def test_definition_examples_hold():
    calendar = BusinessCalendar.for_policy(POLICY)
    d = date.fromisoformat
    assert "bd(Wed 25 Nov 2026, Fri 27 Nov 2026) = 1" in TEXT
    assert calendar.bd(d("2026-11-25"), d("2026-11-27")) == 1
    assert "bd(Fri 6 Mar 2026, Mon 9 Mar 2026) = 1" in TEXT
    assert calendar.bd(d("2026-03-06"), d("2026-03-09")) == 1
    assert "bd(Sat 7 Mar 2026, Fri 6 Mar 2026) = −1" in TEXT
    assert calendar.bd(d("2026-03-07"), d("2026-03-06")) == -1
    assert "add_bd(Wed 25 Nov 2026, 1) = Fri 27 Nov 2026" in TEXT
    assert calendar.add_bd(d("2026-11-25"), 1) == d("2026-11-27")
    assert "add_bd(Sat 7 Mar 2026, 1) = Mon 9 Mar 2026" in TEXT
    assert calendar.add_bd(d("2026-03-07"), 1) == d("2026-03-09")
    assert (
        "add_bd(Wed 25 Nov 2026, 5) = Thu 3 Dec and add_bd(Wed 25 Nov 2026, 9) = Wed 9 Dec" in TEXT
    )
    assert calendar.add_bd(d("2026-11-25"), 5) == d("2026-12-03")
    assert calendar.add_bd(d("2026-11-25"), 9) == d("2026-12-09")
