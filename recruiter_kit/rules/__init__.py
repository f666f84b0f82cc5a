"""The follow-up guidance engine: pure functions from interview facts to findings."""

from recruiter_kit.rules.changes import (
    VerdictWindow,
    assess_with_window,
    next_change,
    verdict_window,
)
from recruiter_kit.rules.definitions import RULES
from recruiter_kit.rules.engine import assess_interview
from recruiter_kit.rules.facts import (
    Assessment,
    CandidateFacts,
    CommunicationFacts,
    Finding,
    InterviewFacts,
    NextAction,
)

__all__ = [
    "RULES",
    "Assessment",
    "CandidateFacts",
    "CommunicationFacts",
    "Finding",
    "InterviewFacts",
    "NextAction",
    "VerdictWindow",
    "assess_interview",
    "assess_with_window",
    "next_change",
    "verdict_window",
]
