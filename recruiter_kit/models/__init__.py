"""The recruiter-kit data model (SQLAlchemy 2, typed; no web or CLI imports)."""

from recruiter_kit.models.assessments import AssessmentBasis, InterviewAssessment
from recruiter_kit.models.base import Base, UTCDateTime, utcnow
from recruiter_kit.models.batches import HandoutBatch
from recruiter_kit.models.entities import (
    AgencySetting,
    Candidate,
    Communication,
    Employer,
    EmployerContact,
    HistoryEntry,
    Interview,
    PolicySetting,
    RefCounter,
    SignInFailure,
    User,
    interview_interviewers,
)

__all__ = [
    "AgencySetting",
    "AssessmentBasis",
    "Base",
    "Candidate",
    "Communication",
    "Employer",
    "EmployerContact",
    "HandoutBatch",
    "HistoryEntry",
    "Interview",
    "InterviewAssessment",
    "PolicySetting",
    "RefCounter",
    "SignInFailure",
    "UTCDateTime",
    "User",
    "interview_interviewers",
    "utcnow",
]
