"""The follow-up guidance engine: pure functions from interview facts to findings."""

from recruiter_kit.rules.facts import (
    Assessment,
    CandidateFacts,
    CommunicationFacts,
    Finding,
    InterviewFacts,
    NextAction,
)

__all__ = [
    "Assessment",
    "CandidateFacts",
    "CommunicationFacts",
    "Finding",
    "InterviewFacts",
    "NextAction",
]
