"""Reproducible demo data: a synthetic agency as a `recruiter-kit/1` document.

`generate_demo_document` is a pure function of (candidates, seed, as_of): the same
arguments always give the same document. The agency's interviews are spread over the
90 days before `as_of` (plus a few scheduled in the next two weeks) across several US
time zones, with the good and bad habits the follow-up rules look for: prompt and late
thank-you emails, handwritten notes arriving early, on time or late, timelines asked
or not, phone calls to interviewers who asked for email, too many follow-ups, silent
waiting, rejections with and without a gracious reply, offers and further rounds.
The first candidates each show one rule's situation as of `as_of`, so even a small
demo has something for every rule.

All names, companies, addresses and phone numbers are invented (555-01xx numbers and
example.* domains are reserved for fiction).
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from recruiter_kit.calendar import BusinessCalendar, zone
from recruiter_kit.enums import CommunicationKind, ContactPreference, Outcome, Stage
from recruiter_kit.errors import RecruiterKitError
from recruiter_kit.models import Candidate, HistoryEntry
from recruiter_kit.policy import DEFAULT_POLICY
from recruiter_kit.services.bulk import paused_gc
from recruiter_kit.services.interchange import FORMAT, ImportSummary, import_document
from recruiter_kit.services.validation import check_int

__all__ = ["MAX_CANDIDATES", "generate_demo_document", "load_demo", "remove_demo"]

DAYS_BACK: Final = 90
DAYS_AHEAD: Final = 14
CANDIDATES_PER_RECRUITER: Final = 400
MAX_CANDIDATES: Final = 200_000  # ten times the largest benchmark database

FIRST_NAMES: Final = (
    "Ada", "Alma", "Amir", "Ana", "Ben", "Bianca", "Caleb", "Carmen", "Chen", "Chloe",
    "Dana", "Darius", "Devon", "Elena", "Eli", "Emeka", "Erin", "Farah", "Felix", "Gabe",
    "Grace", "Hana", "Hector", "Imani", "Isaac", "Ivy", "Jamal", "Jana", "Jonah", "Julia",
    "Kai", "Keisha", "Kofi", "Lara", "Leo", "Lena", "Luis", "Maya", "Mateo", "Mei",
    "Miles", "Nadia", "Nate", "Nia", "Noah", "Omar", "Olivia", "Priya", "Quinn", "Rafael",
    "Rosa", "Ruth", "Sam", "Sana", "Seth", "Sofia", "Tariq", "Tess", "Theo", "Uma",
    "Vera", "Victor", "Wes", "Yara", "Yusuf", "Zoe",
)  # fmt: skip
LAST_NAMES: Final = (
    "Abbott", "Alvarez", "Banks", "Bauer", "Bell", "Brooks", "Carter", "Castillo", "Chang",
    "Cohen", "Cruz", "Dalton", "Diaz", "Duffy", "Ellis", "Erikson", "Fischer", "Flores",
    "Foster", "Garcia", "Gill", "Greene", "Hale", "Hansen", "Hayes", "Hughes", "Ibarra",
    "Jensen", "Johansson", "Kaur", "Keller", "Kim", "Klein", "Lam", "Larsen", "Lopez",
    "Mendez", "Meyer", "Mills", "Morales", "Nakamura", "Novak", "Nguyen", "Okafor",
    "Olsen", "Ortiz", "Park", "Patel", "Pham", "Price", "Quinn", "Ramos", "Reed", "Reyes",
    "Rossi", "Santos", "Schmidt", "Shah", "Singh", "Sousa", "Stone", "Sullivan", "Tanaka",
    "Torres", "Tran", "Vance", "Vargas", "Walsh", "Weber", "Wells", "Young", "Zimmer",
)  # fmt: skip
COMPANIES: Final = (
    "Acme Corp", "Bluestem Bank", "Bright Harbor Hotels", "Cedar Ridge Foods",
    "Cobalt Freight", "Copperline Utilities", "Cornerstone Insurance", "Crescent Labs",
    "Driftwood Media", "Evergreen Health Partners", "Fieldstone Builders", "Flatwater Analytics",
    "Golden Prairie Credit Union", "Granite Peak Engineering", "Great Plains Logistics",
    "Harvest Moon Grocers", "Heartland Telecom", "Ironwood Manufacturing", "Juniper Retail",
    "Keystone Legal Services", "Lakeshore Medical Group", "Lantern Education",
    "Maple Street Software", "Meridian Property Management", "Northgate Aerospace",
    "Oakhurst Pharmaceuticals", "Pioneer Wind Energy", "Platte Valley Farms",
    "Quarry Hill Construction", "Redbud Marketing", "Riverbend Hospitality",
    "Sagebrush Outdoor Co.", "Sandhill Software", "Silver Creek Financial",
    "Skyline Staffing Solutions", "Summit Dental Care", "Tallgrass Biotech",
    "Union Station Transit", "Westfield Auto Group", "Willow & Finch Design",
)  # fmt: skip
POSITIONS: Final = (
    "Account Manager", "Accounts Payable Specialist", "Administrative Assistant",
    "Business Analyst", "Customer Success Manager", "Customer Service Representative",
    "Data Analyst", "Dental Hygienist", "Executive Assistant", "Financial Analyst",
    "Front Desk Coordinator", "HR Generalist", "Inside Sales Representative",
    "Logistics Coordinator", "Marketing Coordinator", "Medical Assistant", "Office Manager",
    "Operations Manager", "Payroll Specialist", "Project Coordinator", "Quality Technician",
    "Registered Nurse", "Sales Associate", "Software Developer", "Staff Accountant",
    "Warehouse Supervisor",
)  # fmt: skip
TITLES: Final = (
    "Hiring Manager", "Talent Acquisition Partner", "HR Business Partner", "Team Lead",
    "Department Director", "Operations Manager", "Recruiting Coordinator", "Vice President",
    "Office Manager", "Senior Engineer",
)  # fmt: skip
STREETS: Final = (
    "Oak St", "Maple Ave", "Cedar Ln", "Elm St", "Pine Rd", "Washington Blvd", "Lincoln Way",
    "Prairie Dr", "Lakeview Ct", "Sunset Ave", "Park Pl", "Hillcrest Rd",
)  # fmt: skip

# (zone, weight, cities as (city, state, zip, area code)); None: no zone on file.
_City = tuple[str, str, str, str]  # city, state, ZIP code, area code
ZONES: Final[tuple[tuple[str | None, float, tuple[_City, ...]], ...]] = (
    ("America/New_York", 0.30, (("Columbus", "OH", "43215", "614"),
                                ("Atlanta", "GA", "30303", "404"))),
    ("America/Chicago", 0.32, (("Lincoln", "NE", "68508", "402"),
                               ("Omaha", "NE", "68102", "402"),
                               ("Des Moines", "IA", "50309", "515"),
                               ("Dallas", "TX", "75201", "214"))),
    ("America/Denver", 0.12, (("Denver", "CO", "80202", "303"),
                              ("Boise", "ID", "83702", "208"))),
    ("America/Phoenix", 0.05, (("Phoenix", "AZ", "85004", "602"),)),
    ("America/Los_Angeles", 0.16, (("Sacramento", "CA", "95814", "916"),
                                   ("Portland", "OR", "97204", "503"))),
    (None, 0.05, (("Kansas City", "MO", "64105", "816"),)),
)  # fmt: skip

SUMMARIES: Final[dict[str, tuple[str, ...]]] = {
    "invitation": ("Invited to interview", "Scheduling call with the coordinator",
                   "Interview slot offered"),
    "confirmation": ("Interview confirmed", "Sent directions and parking details",
                     "Confirmed the video link", "Shared the interview agenda"),
    "thank_you_email": ("Thanked the panel", "Thank-you email to the interviewer",
                        "Thanks, with a link to the portfolio"),
    "thank_you_note": ("Handwritten card to the hiring manager", "Mailed a thank-you note"),
    "follow_up": ("Asked about next steps", "Checked in on the timeline",
                  "Shared a relevant article", "Reiterated interest in the role"),
    "reply": ("Still interviewing, expect news soon", "Decision delayed a week",
              "Thanks for checking in", "Panel is meeting on Friday"),
    "advanced": ("Invited to the next round",),
    "offer": ("Verbal offer extended", "Offer letter sent"),
    "rejected": ("Went with another candidate", "Position filled internally",
                 "Not moving forward"),
    "rejection_thank_you": ("Thanked them for the opportunity", "Gracious reply to the rejection"),
}  # fmt: skip

_IMPLIED_CHANNEL: Final = frozenset(
    kind.value for kind in CommunicationKind if kind.default_channel is not None
)
_MINUTE = timedelta(minutes=1)
_HOUR = timedelta(hours=1)
_DAY = timedelta(days=1)


def _add_bd(day: date, count: int) -> date:
    return BusinessCalendar.for_policy(DEFAULT_POLICY).add_bd(day, count)


@dataclass(frozen=True, slots=True)
class _Plan:
    """How one interview goes: what the candidate does, and what the employer decides."""

    fate: Outcome | None  # None: the employer never answers
    decision_days: float  # from the end of the interview to the decision
    thank_you: str  # "prompt" | "late" | "none"
    note: str | None  # None | "early" | "window" | "late" | "unknown"
    follow_ups: int
    tight: bool  # follow-ups too close together
    eager: bool  # the first follow-up the evening of the interview, before its window
    phone: bool  # one follow-up by phone, whatever the interviewer asked
    replies: bool  # the employer answers some follow-ups
    rejection_thanks: str  # "prompt" | "late" | "none"
    decision_by: bool
    timeline_asked: bool
    preference: ContactPreference
    confirmation: bool


def _pick(rng: random.Random, choices: tuple[tuple[Any, float], ...]) -> Any:
    roll = rng.random() * sum(weight for _value, weight in choices)
    for value, weight in choices:
        roll -= weight
        if roll < 0:
            return value
    return choices[-1][0]


def _random_plan(rng: random.Random, round_number: int) -> _Plan:
    late_round = round_number >= 3
    fate = _pick(
        rng,
        (
            (Outcome.ADVANCED, 0.06 if late_round else 0.24),
            (Outcome.OFFER, 0.30 if late_round else 0.08),
            (Outcome.REJECTED, 0.36),
            (Outcome.WITHDRAWN, 0.05),
            (None, 0.22),
        ),
    )
    decision_by = rng.random() < 0.55
    return _Plan(
        fate=fate,
        decision_days=rng.uniform(2, 24),
        thank_you=_pick(rng, (("prompt", 0.74), ("late", 0.12), ("none", 0.14))),
        note=_pick(
            rng,
            ((None, 0.68), ("window", 0.16), ("early", 0.05), ("late", 0.06), ("unknown", 0.05)),
        ),
        follow_ups=_pick(rng, ((0, 0.22), (1, 0.33), (2, 0.25), (3, 0.13), (4, 0.07))),
        tight=rng.random() < 0.12,
        eager=False,  # showcase only (drawing it would reshuffle every demo agency)
        phone=rng.random() < 0.15,
        replies=rng.random() < 0.6,
        rejection_thanks=_pick(rng, (("prompt", 0.55), ("late", 0.15), ("none", 0.30))),
        decision_by=decision_by,
        timeline_asked=rng.random() < (0.75 if decision_by else 0.45),
        preference=_pick(
            rng,
            (
                (ContactPreference.EMAIL, 0.45),
                (ContactPreference.PHONE, 0.15),
                (ContactPreference.NONE, 0.40),
            ),
        ),
        confirmation=rng.random() < 0.8,
    )


# One interview per showcase candidate: (days before as_of the interview ended, changes).
_SHOWCASE: Final[tuple[tuple[float, dict[str, Any]], ...]] = (
    # THANK_YOU_DUE: ended two hours ago, nothing sent yet.
    (2 / 24, {"fate": None, "thank_you": "none", "note": None, "follow_ups": 0}),
    # THANK_YOU_EMAIL_LATE, with the timeline asked.
    (9, {"thank_you": "late", "fate": None, "decision_by": True, "timeline_asked": True}),
    # NOTE_ARRIVAL_OUTSIDE_WINDOW: a note that arrived the day of the interview.
    (
        12,
        {
            "note": "early",
            "thank_you": "none",
            "fate": Outcome.ADVANCED,
            "decision_days": 6,
            "decision_by": False,
        },
    ),
    # NOTE_ARRIVAL_OUTSIDE_WINDOW: a note that arrived a week later.
    (
        16,
        {
            "note": "late",
            "thank_you": "none",
            "fate": Outcome.OFFER,
            "decision_days": 9,
            "decision_by": False,
        },
    ),
    # PHONE_AGAINST_PREFERENCE
    (14, {"preference": ContactPreference.EMAIL, "phone": True, "follow_ups": 1, "fate": None}),
    # FOLLOW_UP_DUE: seven business days on, pending, no follow-up yet; TIMELINE_NOT_ASKED.
    (
        9.5,
        {"fate": None, "follow_ups": 0, "decision_by": False, "timeline_asked": False},
    ),
    # FOLLOW_UP_MISSED: weeks of silence.
    (25, {"fate": None, "follow_ups": 0, "decision_by": True, "timeline_asked": True}),
    # TOO_MANY_FOLLOW_UPS: four follow-ups, no reply.
    (40, {"fate": None, "follow_ups": 4, "replies": False, "tight": False}),
    # REJECTION_THANK_YOU_DUE: turned down a few hours ago.
    (
        6,
        {
            "fate": Outcome.REJECTED,
            "decision_days": 6 - 3 / 24,
            "decision_by": False,
            "rejection_thanks": "late",
        },
    ),
    # REJECTION_THANK_YOU_MISSING
    (
        20,
        {
            "fate": Outcome.REJECTED,
            "decision_days": 5,
            "decision_by": False,
            "rejection_thanks": "none",
        },
    ),
    # THANK_YOU_MISSING: pending, never thanked; FOLLOW_UP_TOO_EARLY: a follow-up instead,
    # the evening of the interview.
    (11, {"fate": None, "thank_you": "none", "note": None, "follow_ups": 1, "eager": True}),
    # A gracious reply to a rejection, and an offer after a handwritten note in the window.
    (
        30,
        {
            "fate": Outcome.REJECTED,
            "decision_days": 8,
            "decision_by": False,
            "rejection_thanks": "prompt",
        },
    ),
    (18, {"fate": Outcome.OFFER, "decision_days": 7, "decision_by": False, "note": "window"}),
)


@dataclass(slots=True)
class _Agency:
    rng: random.Random
    as_of: datetime  # UTC
    people: dict[str, list[dict[str, Any]]]  # company -> interviewers
    interview_number: int = 0

    def next_interview_ref(self) -> str:
        self.interview_number += 1
        return f"I-{self.interview_number:06d}"


def generate_demo_document(candidates: int, *, seed: int = 1, as_of: datetime) -> dict[str, Any]:
    """A realistic `recruiter-kit/1` document with `candidates` candidates.

    About 2 interviews per candidate and 5 communications per interview, spread over
    the 90 days before `as_of` (aware) and a few in the two weeks after it. The same
    (candidates, seed, as_of) always give the same document.
    """
    if as_of.tzinfo is None:
        raise ValueError("as_of must be an aware datetime")
    if candidates < 0:
        raise ValueError("candidates must be zero or more")
    with paused_gc():
        return _generate(candidates, seed, as_of)


def _generate(candidates: int, seed: int, as_of: datetime) -> dict[str, Any]:
    rng = random.Random(seed)
    moment = as_of.astimezone(UTC).replace(second=0, microsecond=0)
    recruiters = _recruiters(rng, max(3, candidates // CANDIDATES_PER_RECRUITER))
    agency = _Agency(rng=rng, as_of=moment, people=_interviewers(rng))
    emails: set[str] = set()
    people = []
    for number in range(1, candidates + 1):
        showcase = _SHOWCASE[number - 1] if number <= len(_SHOWCASE) else None
        recruiter = recruiters[rng.randrange(1, len(recruiters))]["email"]
        people.append(_candidate(agency, number, recruiter, emails, showcase))
    return {"format": FORMAT, "recruiters": recruiters, "candidates": people}


DEMO_AUTHOR: Final = "demo"


def load_demo(
    session: Session,
    candidates: int,
    *,
    seed: int = 1,
    as_of: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Replace any earlier demo data with a fresh demo agency (as of now unless told).

    The demo only ever replaces its own data: a database holding candidates that the
    demo did not create is refused, so an agency's records are never overwritten.
    Recruiter accounts and employers are kept and reused.
    """
    check_int(candidates, "demo", "candidates", minimum=1, maximum=MAX_CANDIDATES)
    _refuse_foreign_candidates(session)
    document = generate_demo_document(
        candidates, seed=seed, as_of=as_of if as_of is not None else datetime.now(UTC)
    )
    # Interviews and communications cascade with their candidate.
    session.execute(delete(Candidate))
    return import_document(session, document, changed_by=DEMO_AUTHOR, progress=progress)


def remove_demo(session: Session) -> int:
    """Delete the demo's candidates (their interviews, follow-ups and history go with them)
    and nothing else; return how many were deleted. Recruiter accounts and employers stay."""
    demo = _created_by_demo().exists()
    count = session.scalar(select(func.count()).select_from(Candidate).where(demo)) or 0
    session.execute(delete(Candidate).where(demo), execution_options={"synchronize_session": False})
    return count


def _created_by_demo() -> Select[int]:
    # A candidate is demo data when its first stage was recorded by the demo.
    return (
        select(HistoryEntry.id)
        .where(HistoryEntry.candidate_id == Candidate.id)
        .where(HistoryEntry.field == "stage", HistoryEntry.from_value.is_(None))
        .where(HistoryEntry.changed_by == DEMO_AUTHOR)
    )


def _refuse_foreign_candidates(session: Session) -> None:
    foreign = session.scalar(
        select(func.count()).select_from(Candidate).where(~_created_by_demo().exists())
    )
    if foreign:
        raise RecruiterKitError(
            f"this database holds {foreign} candidate(s) that are not demo data: load the "
            "demo into a database of its own, e.g. "
            "`recruiter-kit --database-url sqlite:///demo.sqlite demo`"
        )


# --------------------------------------------------------------------------- people


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _recruiters(rng: random.Random, count: int) -> list[dict[str, Any]]:
    recruiters: list[dict[str, Any]] = []
    taken: set[str] = set()
    while len(recruiters) < count:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{first[0]}{last}".lower()
        suffix = 2
        while email in taken:
            email, suffix = f"{first[0]}{last}{suffix}".lower(), suffix + 1
        taken.add(email)
        recruiters.append(
            {
                "email": f"{email}@agency.example",
                "name": f"{first} {last}",
                # The first account runs the agency; the others coach candidates.
                "role": "admin" if not recruiters else "recruiter",
            }
        )
    return recruiters


def _interviewers(rng: random.Random) -> dict[str, list[dict[str, Any]]]:
    pools: dict[str, list[dict[str, Any]]] = {}
    for company in COMPANIES:
        domain = _slug(company.split()[0]) + ".example"
        names: list[str] = []
        while len(names) < 5:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if name not in names:
                names.append(name)
        pools[company] = [
            {
                "name": name,
                "title": rng.choice(TITLES),
                "email": (
                    f"{name.split()[0][0]}{name.split()[1]}@{domain}".lower()
                    if rng.random() < 0.6
                    else None
                ),
            }
            for name in names
        ]
    return pools


def _candidate(
    agency: _Agency,
    number: int,
    recruiter: str,
    emails: set[str],
    showcase: tuple[float, dict[str, Any]] | None,
) -> dict[str, Any]:
    rng = agency.rng
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    zone_name, cities = _pick(rng, tuple(((zone, cities), w) for zone, w, cities in ZONES))
    city, state, postcode, area = rng.choice(cities)
    email = f"{first}.{last}".lower()
    if email in emails:
        email = f"{email}{number}"
    emails.add(email)
    tz = zone(zone_name or DEFAULT_POLICY.default_timezone)

    if showcase is not None:
        ended_days_ago, changes = showcase
        end = agency.as_of - timedelta(days=ended_days_ago)
        start = (end - timedelta(minutes=45)).replace(second=0)
        plan = dataclasses.replace(_random_plan(rng, 1), **changes)
        interviews = [_interview(agency, tz, start, 1, plan, None)]
    else:
        interviews = _interviews(agency, tz)

    stage, archived = _stage(rng, interviews, agency.as_of)
    notes = None
    if rng.random() < 0.15:
        notes = rng.choice(
            (
                "Prefers hybrid roles.",
                "Open to relocation.",
                "Available from next month.",
                "Needs visa sponsorship details.",
                "Strong references from the last employer.",
            )
        )
    return {
        "ref": f"C-{number:06d}",
        "name": f"{first} {last}",
        "email": f"{email}@{rng.choice(('example.com', 'example.net', 'example.org'))}",
        "phone": f"+1 {area} 555 01{rng.randrange(100):02d}",
        "timezone": zone_name,
        "address": (
            f"{rng.randrange(100, 9900)} {rng.choice(STREETS)}\n{city}, {state} {postcode}"
            if rng.random() < 0.7
            else None
        ),
        "recruiter": recruiter,
        "stage": stage.value,
        "notes": notes,
        "archived": archived,
        "interviews": [item for item, _outcome, _decided in interviews],
    }


_Built = tuple[dict[str, Any], Outcome, datetime | None]  # interview, outcome, outcome_at


def _interviews(agency: _Agency, tz: ZoneInfo) -> list[_Built]:
    rng = agency.rng
    wanted = _pick(rng, ((0, 0.08), (1, 0.30), (2, 0.30), (3, 0.20), (4, 0.12)))
    built: list[_Built] = []
    while len(built) < wanted:
        # A new process with an employer: scheduled ahead, or some time in the last 90 days.
        if rng.random() < 0.07:
            offset = rng.uniform(0.2, DAYS_AHEAD)
        else:
            offset = -rng.uniform(0.0, DAYS_BACK)
        start = _business_hours(rng, agency.as_of + timedelta(days=offset), tz)
        company = rng.choice(COMPANIES)
        position = rng.choice(POSITIONS)
        round_number = 1
        while len(built) < wanted:
            plan = _random_plan(rng, round_number)
            item = _interview(agency, tz, start, round_number, plan, (company, position))
            built.append(item)
            _data, outcome, decided = item
            if outcome is not Outcome.ADVANCED or decided is None:
                break
            start = _business_hours(rng, decided + timedelta(days=rng.uniform(3, 10)), tz)
            if start > agency.as_of + timedelta(days=DAYS_AHEAD):
                break
            round_number += 1
    return built


def _business_hours(rng: random.Random, moment: datetime, tz: ZoneInfo) -> datetime:
    """A weekday start between 8:00 and 16:45 local time on or after `moment`'s day."""
    day = moment.astimezone(tz).date()
    while day.weekday() >= 5:
        day += _DAY
    local = datetime.combine(day, time(rng.randrange(8, 17), rng.choice((0, 15, 30, 45))), tz)
    return local.astimezone(UTC)


def _waking(
    moment: datetime, tz: ZoneInfo, as_of: datetime, not_before: datetime | None = None
) -> datetime:
    """`moment` moved into 7:00–20:59 local time on the same local day.

    People and offices write by day; keeping the local date keeps every date-based
    situation the plan set up, and prompt or late thank-yous stay on their side of 24 h
    (interviews end by 18:15, so a late one still lands more than a day after). A move
    that would carry something across `as_of` (into the future or the past), or back
    before `not_before`, is not made: a showcase interview ends at `as_of`'s time of day,
    which can be late in the evening, and what the candidate sends comes after it.
    """
    local = moment.astimezone(tz)
    if local.hour < 7:
        local = local.replace(hour=7)
    elif local.hour > 20:
        local = local.replace(hour=20)
    moved = local.astimezone(UTC)
    if not_before is not None and moved < not_before:
        return moment
    return moved if (moved <= as_of) == (moment <= as_of) else moment


def _at(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour, minute), tz).astimezone(UTC)


def _interview(
    agency: _Agency,
    tz: ZoneInfo,
    start: datetime,
    round_number: int,
    plan: _Plan,
    process: tuple[str, str] | None,
) -> _Built:
    rng = agency.rng
    as_of = agency.as_of
    company, position = process or (rng.choice(COMPANIES), rng.choice(POSITIONS))
    length = rng.choice((30, 45, 45, 60, 60, 90))
    end = start + timedelta(minutes=length)
    has_end = rng.random() < 0.95
    iday = start.astimezone(tz).date()
    pool = agency.people[company]
    interviewers = [dict(person) for person in rng.sample(pool, rng.choice((1, 1, 2, 2, 3)))]
    decision_by = _add_bd(iday, rng.randrange(3, 9)) if plan.decision_by else None

    decided: datetime | None = None
    outcome = Outcome.PENDING
    if plan.fate is not None:
        moment = end + timedelta(days=plan.decision_days)
        if plan.decision_by and decision_by is not None and plan.fate is not Outcome.WITHDRAWN:
            moment = _at(decision_by, rng.randrange(9, 17), rng.randrange(60), tz)
            moment += timedelta(days=rng.choice((-1, 0, 0, 0, 2, 5)))
            moment = max(moment, end + _HOUR)
        moment = _waking(moment, tz, as_of, end).replace(second=0, microsecond=0)
        if moment <= as_of:
            decided, outcome = moment, plan.fate

    events: list[tuple[str, datetime, str | None, dict[str, Any]]] = []

    def add(kind: str, at: datetime, channel: str | None, **extra: Any) -> None:
        after = None if kind == "employer_contact" else end
        at = _waking(at, tz, as_of, after).replace(second=0, microsecond=0)
        events.append((kind, at, channel, extra))

    def summary(topic: str) -> str:
        return rng.choice(SUMMARIES[topic])

    if plan.confirmation:
        add(
            "employer_contact",
            start - timedelta(days=rng.uniform(6, 14)),
            rng.choice(("email", "phone")),
            summary=summary("invitation"),
        )
        add(
            "employer_contact",
            start - timedelta(days=rng.uniform(1, 5)),
            "email",
            summary=summary("confirmation"),
        )
    if plan.thank_you != "none":
        # One email to each interviewer, a few minutes apart.
        delay = rng.uniform(1, 20) if plan.thank_you == "prompt" else rng.uniform(27, 70)
        sent = end + timedelta(hours=delay)
        for _person in interviewers:
            add("thank_you_email", sent, None, summary=summary("thank_you_email"))
            sent += timedelta(minutes=rng.randrange(3, 25))
    if plan.note is not None:
        mailed = end + timedelta(hours=rng.uniform(1, 18))
        arrival: date | None = None
        if plan.note == "early":
            arrival = iday
            mailed = end + timedelta(minutes=rng.randrange(10, 50))
        elif plan.note == "window":
            arrival = _add_bd(iday, rng.randrange(1, 4))
        elif plan.note == "late":
            arrival = _add_bd(iday, rng.randrange(5, 8))
        if arrival is not None and arrival > as_of.astimezone(tz).date():
            arrival = None  # not there yet
        add(
            "thank_you_note",
            mailed,
            None,
            arrived_on=arrival.isoformat() if arrival else None,
            summary=summary("thank_you_note"),
        )

    # Follow-ups: in the decision week when a date was given, else 5–7 business days on.
    if decision_by is not None:
        day = _add_bd(decision_by, -rng.randrange(0, 3))
    else:
        day = _add_bd(iday, rng.randrange(5, 8))
    phone_at = rng.randrange(plan.follow_ups) if plan.follow_ups else -1
    for index in range(plan.follow_ups):
        at = _at(day, rng.randrange(8, 12), rng.randrange(60), tz)
        if plan.eager and index == 0:
            at = end + _HOUR  # interviews end by 18:15: still the interview day
        if at <= end or (decided is not None and at >= decided):
            break
        if (plan.phone and index == phone_at) or plan.preference is ContactPreference.PHONE:
            channel = "phone"
        elif plan.preference is ContactPreference.EMAIL:
            channel = "email"
        else:
            channel = "email" if rng.random() < 0.75 else "phone"
        add("follow_up", at, channel, summary=summary("follow_up"))
        if plan.replies and rng.random() < 0.5:
            reply_day = _add_bd(day, rng.randrange(1, 3))
            reply = _at(reply_day, rng.randrange(13, 17), rng.randrange(60), tz)
            if decided is None or reply < decided:
                add(
                    "employer_contact",
                    reply,
                    rng.choice(("email", "phone")),
                    summary=summary("reply"),
                )
        gap = rng.randrange(1, 3) if plan.tight else rng.randrange(5, 9)
        day = _add_bd(day, gap)

    if decided is not None and outcome in (Outcome.ADVANCED, Outcome.OFFER, Outcome.REJECTED):
        add(
            "employer_contact",
            decided,
            "email" if rng.random() < 0.7 else "phone",
            summary=summary(outcome.value),
        )
    if decided is not None and outcome is Outcome.REJECTED and plan.rejection_thanks != "none":
        if plan.rejection_thanks == "prompt":
            thanks = decided + timedelta(hours=rng.uniform(2, 30))
        else:
            thanks = decided + timedelta(days=rng.uniform(4, 9))
        add("rejection_thank_you", thanks, "email", summary=summary("rejection_thank_you"))

    communications: list[dict[str, Any]] = []
    seen: set[tuple[str, datetime]] = set()
    for kind, at, medium, extra in sorted(events, key=lambda event: event[1]):
        if at > as_of:
            continue
        while (kind, at) in seen:  # the import matches unnamed records by kind and time
            at += _MINUTE
        seen.add((kind, at))
        item: dict[str, Any] = {"kind": kind, "at": _iso(at, tz)}
        if medium is not None and kind not in _IMPLIED_CHANNEL:
            item["channel"] = medium
        if extra.get("arrived_on"):
            item["arrived_on"] = extra["arrived_on"]
        item["summary"] = extra.get("summary")
        communications.append(item)

    interview = {
        "ref": agency.next_interview_ref(),
        "company": company,
        "position": position,
        "round": round_number,
        "format": _pick(rng, (("onsite", 0.45), ("video", 0.40), ("phone", 0.15))),
        "starts_at": _iso(start, tz),
        "ends_at": _iso(end, tz) if has_end else None,
        "interviewers": interviewers,
        "decision_by": decision_by.isoformat() if decision_by else None,
        "timeline_asked": plan.timeline_asked,
        "contact_preference": plan.preference.value,
        "outcome": outcome.value,
        "outcome_at": _iso(decided, tz) if decided else None,
        "notes": None,
        "communications": communications,
    }
    return interview, outcome, decided


def _iso(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).isoformat(timespec="seconds")


def _stage(rng: random.Random, interviews: list[_Built], as_of: datetime) -> tuple[Stage, bool]:
    """The pipeline stage the candidate's interviews imply, and whether it is archived."""
    if not interviews:
        return _pick(
            rng, ((Stage.SOURCED, 0.4), (Stage.SUBMITTED, 0.35), (Stage.SCREENING, 0.25))
        ), False
    outcomes = [outcome for _item, outcome, _decided in interviews]
    last_decision = max((d for _i, _o, d in interviews if d is not None), default=None)
    stale = last_decision is not None and as_of - last_decision > timedelta(days=30)
    if Outcome.OFFER in outcomes:
        offer_at = max(d for _i, o, d in interviews if o is Outcome.OFFER and d is not None)
        if as_of - offer_at > timedelta(days=10) and rng.random() < 0.6:
            return Stage.PLACED, stale and rng.random() < 0.4
        return Stage.OFFER, False
    if Outcome.PENDING in outcomes or outcomes[-1] is Outcome.ADVANCED:
        rounds = [item["round"] for item, outcome, _d in interviews if outcome is Outcome.PENDING]
        return (Stage.FINAL_ROUND if rounds and max(rounds) >= 3 else Stage.INTERVIEWING), False
    if all(outcome is Outcome.WITHDRAWN for outcome in outcomes[-1:]):
        return Stage.WITHDRAWN, stale and rng.random() < 0.4
    return Stage.REJECTED, stale and rng.random() < 0.4
