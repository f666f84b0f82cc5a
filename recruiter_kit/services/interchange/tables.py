"""The Core tables behind the models, for the bulk statements of import and export.

Import and export read and write columns directly (no ORM objects), so that their
number of statements does not grow with the number of rows.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table

from recruiter_kit.models import (
    Candidate,
    Communication,
    Employer,
    EmployerContact,
    HistoryEntry,
    Interview,
    PolicySetting,
    RefCounter,
    User,
    interview_interviewers,
)

USERS = cast(Table, User.__table__)
CANDIDATES = cast(Table, Candidate.__table__)
EMPLOYERS = cast(Table, Employer.__table__)
CONTACTS = cast(Table, EmployerContact.__table__)
INTERVIEWS = cast(Table, Interview.__table__)
COMMUNICATIONS = cast(Table, Communication.__table__)
HISTORY = cast(Table, HistoryEntry.__table__)
POLICY = cast(Table, PolicySetting.__table__)
COUNTERS = cast(Table, RefCounter.__table__)
LINKS = interview_interviewers  # interview <-> employer contact (its interviewers)
