"""The closed vocabularies of the domain, shared by models, rules and adapters."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a user of the web admin may do."""

    ADMIN = "admin"
    RECRUITER = "recruiter"


class Stage(StrEnum):
    """Where a candidate stands in the agency's pipeline."""

    SOURCED = "sourced"
    SUBMITTED = "submitted"
    SCREENING = "screening"
    INTERVIEWING = "interviewing"
    FINAL_ROUND = "final_round"
    OFFER = "offer"
    PLACED = "placed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class InterviewFormat(StrEnum):
    """How an interview took place."""

    ONSITE = "onsite"
    VIDEO = "video"
    PHONE = "phone"


class ContactPreference(StrEnum):
    """How the interviewer asked to be contacted after the interview."""

    EMAIL = "email"
    PHONE = "phone"
    NONE = "none"


class Outcome(StrEnum):
    """The employer's decision on an interview."""

    PENDING = "pending"
    ADVANCED = "advanced"
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def is_final(self) -> bool:
        """True once the employer (or the candidate) has decided."""
        return self is not Outcome.PENDING


class CommunicationKind(StrEnum):
    """What a logged communication was."""

    THANK_YOU_EMAIL = "thank_you_email"
    THANK_YOU_NOTE = "thank_you_note"
    FOLLOW_UP = "follow_up"
    EMPLOYER_CONTACT = "employer_contact"
    REJECTION_THANK_YOU = "rejection_thank_you"

    @property
    def default_channel(self) -> Channel | None:
        """The channel implied by the kind, when it implies one."""
        return {
            CommunicationKind.THANK_YOU_EMAIL: Channel.EMAIL,
            CommunicationKind.THANK_YOU_NOTE: Channel.MAIL,
        }.get(self)


class Channel(StrEnum):
    """The medium a communication went through."""

    EMAIL = "email"
    PHONE = "phone"
    MAIL = "mail"
    IN_PERSON = "in_person"
    OTHER = "other"


class Severity(StrEnum):
    """How serious a finding is, worst first in `SEVERITY_ORDER`."""

    VIOLATION = "violation"
    OVERDUE = "overdue"
    DUE = "due"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER: tuple[Severity, ...] = tuple(Severity)


class Status(StrEnum):
    """One word for where an interview's follow-up stands."""

    SCHEDULED = "scheduled"
    VIOLATION = "violation"
    OVERDUE = "overdue"
    DUE = "due"
    OK = "ok"
    CLOSED = "closed"


# Worst first: the order of reports, counts and the dashboard.
STATUS_ORDER: tuple[Status, ...] = (
    Status.VIOLATION,
    Status.OVERDUE,
    Status.DUE,
    Status.OK,
    Status.SCHEDULED,
    Status.CLOSED,
)


def choices(enum: type[StrEnum]) -> list[str]:
    """The values of an enum, in declaration order, for help texts and validation."""
    return [member.value for member in enum]
