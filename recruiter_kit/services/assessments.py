"""Stored verdicts: each interview's assessment, kept current on every write and re-judged
on read once the moment it next changes has passed.

A stored verdict holds while `valid_from <= as_of < next_change_at` (`verdict_window` in
the rules), so "who needs a nudge now" reads a handful of indexed rows instead of judging
years of history. Writes through the ORM are caught by session hooks (see
`keep_assessments_current`); bulk writers that go through Core (the import, the demo) call
`refresh_assessments` themselves, or `store_verdicts` with the facts they have just
written. A fingerprint of the rules' code, the policy and the holiday data is stored beside
the verdicts: when any of them changes, every verdict is judged again before it is read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from importlib import import_module
from importlib.metadata import version
from pathlib import Path
from typing import Any, NamedTuple, cast

from sqlalchemy import event, exists, inspect, literal, or_, select, union_all
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from recruiter_kit.calendar import BusinessCalendar, zone
from recruiter_kit.db import insert_checked_rows
from recruiter_kit.enums import Severity, Status
from recruiter_kit.models import (
    AssessmentBasis,
    Base,
    Candidate,
    Communication,
    Interview,
    InterviewAssessment,
    PolicySetting,
)
from recruiter_kit.policy import Policy
from recruiter_kit.rules import (
    Assessment,
    CandidateFacts,
    Finding,
    InterviewFacts,
    NextAction,
    assess_interview,
    assess_with_window,
)
from recruiter_kit.services.facts import (
    AnySelect,
    InterviewRecord,
    Scope,
    stream_interview_records,
)
from recruiter_kit.services.policy import load_policy

CHUNK = 1000  # interviews judged and written per batch
_FINGERPRINT = "fingerprint"
# The session.info key of what flushed writes touched, waiting to be judged again.
_PENDING = "recruiter_kit.assessments.pending"
_KEEPS_CURRENT = "_recruiter_kit_keeps_assessments_current"  # set on a factory with the hooks
# What a stored verdict depends on besides the interview's own data.
_JUDGED_BY = ("rules", "calendar.py", "policy.py")


class StoredVerdict(NamedTuple):
    """An assessment as stored (and as the JSON report prints its findings)."""

    status: str
    findings: str  # JSON array of {code, severity, message, due}
    next_action: str | None
    next_action_by: str | None  # ISO date or moment with offset


def _iso(moment: date | datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


# One encoder for every verdict: json.dumps() with options builds a new one per call.
_ENCODE_FINDINGS = json.JSONEncoder(ensure_ascii=False).encode


def encode_assessment(assessment: Assessment) -> StoredVerdict:
    """The stored form of `assessment`."""
    findings = _ENCODE_FINDINGS(
        [
            {
                "code": finding.code,
                "severity": finding.severity.value,
                "message": finding.message,
                "due": _iso(finding.due),
            }
            for finding in assessment.findings
        ]
    )
    action = assessment.next_action
    return StoredVerdict(
        assessment.status.value,
        findings,
        None if action is None else action.action,
        None if action is None else _iso(action.by),
    )


def stored_moment(text: str | None, timezone: str) -> date | datetime | None:
    """A stored deadline (ISO date or moment) as a date, or a moment in `timezone`."""
    if text is None:
        return None
    if len(text) == 10:  # YYYY-MM-DD
        return date.fromisoformat(text)
    return datetime.fromisoformat(text).astimezone(zone(timezone))  # as the rules gave it


def decode_assessment(stored: StoredVerdict, timezone: str) -> Assessment:
    """The assessment `stored` holds; moments come back in the candidate's `timezone`."""
    findings = tuple(
        Finding(
            item["code"],
            Severity(item["severity"]),
            item["message"],
            stored_moment(item["due"], timezone),
        )
        for item in json.loads(stored.findings)
    )
    action = None
    if stored.next_action is not None:
        action = NextAction(stored.next_action, stored_moment(stored.next_action_by, timezone))
    return Assessment(Status(stored.status), findings, action)


# ----------------------------------------------------------------------------- fingerprint


@cache
def _code_digest() -> str:
    digest = hashlib.sha256(version("holidays").encode())
    package = Path(__file__).resolve().parent.parent
    for name in _JUDGED_BY:
        path = package / name
        for source in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            digest.update(source.read_bytes())
    return digest.hexdigest()


def basis_fingerprint(policy: Policy) -> str:
    """What verdicts judged now depend on: the rules' code, the holiday data, the policy."""
    settings = json.dumps(policy.as_dict(), sort_keys=True)
    return hashlib.sha256((_code_digest() + settings).encode()).hexdigest()


def _store_fingerprint(session: Session, fingerprint: str) -> None:
    _upsert(session, AssessmentBasis, [{"name": _FINGERPRINT, "value": fingerprint}], ["value"])


def adopt_basis_if_empty(session: Session, policy: Policy) -> bool:
    """Record `policy`'s fingerprint when the agency has no interview yet; True if it did.

    With no interview there is no verdict to be out of date, so a bulk writer that stores
    the verdicts of everything it writes into an empty agency (an import, the demo) leaves
    them current: without this, the first read would judge every one of them again.
    """
    if session.scalar(select(exists().where(Interview.id.is_not(None)))):
        return False
    _store_fingerprint(session, basis_fingerprint(policy))
    return True


# ----------------------------------------------------------------------------- judging


def refresh_assessments(
    session: Session,
    interview_ids: Iterable[int] | None = None,
    *,
    candidate_ids: Iterable[int] | None = None,
    as_of: datetime | None = None,
    policy: Policy | None = None,
) -> int:
    """Judge interviews again as of `as_of` (default now) and store the verdicts.

    The interviews are `interview_ids`, plus all interviews of `candidate_ids`; with
    neither, every interview (and the stored fingerprint is renewed). Call this after
    writing candidates, interviews, communications or policy settings through Core; ORM
    writes are caught on their own. Returns the number of interviews judged.
    """
    moment = datetime.now(UTC) if as_of is None else as_of
    policy = policy or load_policy(session)
    if interview_ids is None and candidate_ids is None:
        judged = _judge_and_store(session, _everything, moment, policy)
        _store_fingerprint(session, basis_fingerprint(policy))
        return judged
    judged = 0
    for column, ids in (
        (Interview.id, interview_ids or ()),
        (Interview.candidate_id, candidate_ids or ()),
    ):
        ordered = sorted(set(ids))
        for start in range(0, len(ordered), CHUNK):
            scope = _among(column, ordered[start : start + CHUNK])
            judged += _judge_and_store(session, scope, moment, policy)
    return judged


def _everything(query: AnySelect) -> AnySelect:
    return query


def _among(column: Any, ids: list[int]) -> Scope[Any]:
    def scope(query: AnySelect) -> AnySelect:
        return query.where(column.in_(ids))

    return scope


def judged_records(
    session: Session, scope: Scope[Any], as_of: datetime, policy: Policy
) -> Iterator[tuple[InterviewRecord, Assessment]]:
    """Every interview `scope` keeps, judged from scratch as of `as_of`, by ref."""
    calendar = BusinessCalendar.for_policy(policy)
    for record in stream_interview_records(session, scope, policy.default_timezone):
        yield record, assess_interview(record.candidate, record.interview, policy, calendar, as_of)


def store_verdicts(
    session: Session,
    interviews: Iterable[tuple[int, CandidateFacts, InterviewFacts]],
    *,
    policy: Policy,
    as_of: datetime | None = None,
) -> int:
    """Judge interviews (id, candidate facts, interview facts) and store the verdicts.

    For a bulk writer that holds every fact of the interviews it has just written, so that
    they need not be read back; `refresh_assessments` reads them from the database.
    """
    moment = datetime.now(UTC) if as_of is None else as_of
    return _store(session, interviews, moment, policy)


def _judge_and_store(session: Session, scope: Scope[Any], as_of: datetime, policy: Policy) -> int:
    records = stream_interview_records(session, scope, policy.default_timezone)
    return _store(
        session,
        ((record.interview_id, record.candidate, record.interview) for record in records),
        as_of,
        policy,
    )


def _store(
    session: Session,
    interviews: Iterable[tuple[int, CandidateFacts, InterviewFacts]],
    as_of: datetime,
    policy: Policy,
) -> int:
    calendar = BusinessCalendar.for_policy(policy)
    batch: list[dict[str, Any]] = []
    judged = 0
    for interview_id, candidate, interview in interviews:
        assessment, (since, until) = assess_with_window(
            candidate, interview, policy, calendar, as_of
        )
        stored = encode_assessment(assessment)
        batch.append(
            {
                "interview_id": interview_id,
                "status": stored.status,
                "findings": stored.findings,
                "next_action": stored.next_action,
                "next_action_by": stored.next_action_by,
                "valid_from": _second_after(since),
                "next_change_at": _second_before(until),
            }
        )
        if len(batch) >= CHUNK:
            judged += _write_verdicts(session, batch)
            batch = []
    return judged + _write_verdicts(session, batch)


# Moments are stored to the whole second, and so are the moments reads are compared with:
# the window is narrowed to whole seconds (never widened), so a verdict is never read
# outside the span it holds for; at worst it is judged again a second early.
def _second_after(moment: datetime | None) -> datetime | None:
    if moment is None or moment.microsecond == 0:
        return moment
    return moment.replace(microsecond=0) + timedelta(seconds=1)


def _second_before(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(microsecond=0)


_VERDICT_COLUMNS = ("status", "findings", "next_action", "next_action_by", "valid_from")


def _write_verdicts(session: Session, batch: list[dict[str, Any]]) -> int:
    if batch:
        _upsert(session, InterviewAssessment, batch, [*_VERDICT_COLUMNS, "next_change_at"])
    return len(batch)


def _upsert(
    session: Session, model: type[Base], rows: list[dict[str, Any]], update: list[str]
) -> None:
    """INSERT the rows, replacing the `update` columns of rows already there."""
    # The dialect's INSERT ... ON CONFLICT is imported here, only the one in use: only
    # writers need it, and loading PostgreSQL's dialect on SQLite costs a tenth of a second.
    dml = import_module(f"sqlalchemy.dialects.{session.get_bind().dialect.name}")
    keys = [column.name for column in inspect(model).primary_key]
    inserted = dml.insert(model)
    statement = inserted.on_conflict_do_update(
        index_elements=keys, set_={name: inserted.excluded[name] for name in update}
    )
    # The rows hold verdicts the rules built from stored (checked) data: no guard needed.
    insert_checked_rows(session, statement, rows)


# ----------------------------------------------------------------------------- reading


def bring_up_to_date(session: Session, as_of: datetime, policy: Policy) -> bool:
    """Make every stored verdict hold at `as_of`: judge again, in bulk, those that do not.

    In the usual case (nothing stale) this is one statement. Returns False when the
    verdicts could not be stored (a read-only database): the caller then judges from
    scratch.
    """
    session.flush()  # writes still in the session are caught by the hooks
    pending = _take_pending(session)
    written = _Pending(pending.everything, set(pending.interviews), set(pending.candidates))
    table = InterviewAssessment.__table__
    stale = select(table.c.interview_id).where(
        or_(table.c.next_change_at <= as_of, table.c.valid_from > as_of)
    )
    # One NULL row tells the stored fingerprint is not the one verdicts now depend on.
    basis = AssessmentBasis.__table__
    outdated = select(literal(None)).where(
        ~exists().where(basis.c.name == _FINGERPRINT, basis.c.value == basis_fingerprint(policy))
    )
    for (interview_id,) in session.connection().execute(union_all(stale, outdated)):
        if interview_id is None:
            pending.everything = True
        else:
            pending.interviews.add(interview_id)
    if pending.empty:
        return True
    try:
        with session.begin_nested():
            _judge_again(session, pending, as_of=as_of, policy=policy)
    except OperationalError:  # e.g. a read-only database: report without storing
        # This session's own writes are still judged when it commits: an interview must
        # never be stored without its verdict (a report reads verdicts, not interviews).
        session.info[_PENDING] = written
        return False
    return True


# ----------------------------------------------------------------------------- hooks


@dataclass(slots=True)
class _Pending:
    """What flushed writes touched and is still to be judged again."""

    everything: bool = False  # a policy change, a bulk ORM statement
    interviews: set[int] = field(default_factory=set)
    candidates: set[int] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return not (self.everything or self.interviews or self.candidates)


def _pending(session: Session) -> _Pending:
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = _Pending()
    return cast(_Pending, pending)


def _take_pending(session: Session) -> _Pending:
    return cast(_Pending, session.info.pop(_PENDING, None) or _Pending())


def _judge_again(
    session: Session,
    pending: _Pending,
    *,
    as_of: datetime | None = None,
    policy: Policy | None = None,
) -> None:
    if pending.everything:
        refresh_assessments(session, as_of=as_of, policy=policy)
    elif not pending.empty:
        refresh_assessments(
            session,
            pending.interviews,
            candidate_ids=pending.candidates,
            as_of=as_of,
            policy=policy,
        )


def _note_flushed(session: Session, _context: Any) -> None:
    """Remember which interviews the flushed changes touch."""
    pending = _pending(session)
    for changed in (session.new, session.dirty, session.deleted):
        for obj in changed:
            if isinstance(obj, Interview):
                pending.interviews.add(obj.id)
            elif isinstance(obj, Communication):
                pending.interviews.add(obj.interview_id)
                # A communication moved to another interview changes both.
                pending.interviews.update(_previous(obj, "interview_id"))
            elif isinstance(obj, Candidate):
                pending.candidates.add(obj.id)  # the name and time zone are in the verdicts
            elif isinstance(obj, PolicySetting):
                pending.everything = True


def _previous(obj: Any, attribute: str) -> list[int]:
    history = inspect(obj).attrs[attribute].history
    return [value for value in history.deleted or () if value is not None]


# Bulk ORM statements on these tables can change any verdict; deleting interviews or
# candidates needs nothing (their verdicts go with them, by foreign-key cascade).
_JUDGED_TABLES = {Interview, Communication, Candidate, PolicySetting}
_CASCADED = {Interview, Candidate}


def _note_bulk_statement(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    model = mapper.class_ if mapper is not None else None
    if model not in _JUDGED_TABLES or (state.is_delete and model in _CASCADED):
        return
    _pending(state.session).everything = True


def _judge_before_commit(session: Session) -> None:
    session.flush()
    _judge_again(session, _take_pending(session))


def _forget_pending(session: Session, _previous_transaction: Any = None) -> None:
    _take_pending(session)


def keep_assessments_current(factory: sessionmaker[Session]) -> None:
    """Make sessions from `factory` judge again, at commit, every interview they changed."""
    # A mark on the factory itself, not event.contains(): SQLAlchemy's registry of listeners
    # is keyed by id(), so a new factory at the address of a discarded one looked as if it
    # had them already, and its sessions stored interviews without verdicts.
    if getattr(factory, _KEEPS_CURRENT, False):
        return
    setattr(factory, _KEEPS_CURRENT, True)
    event.listen(factory, "after_flush", _note_flushed)
    event.listen(factory, "do_orm_execute", _note_bulk_statement)
    event.listen(factory, "before_commit", _judge_before_commit)
    event.listen(factory, "after_rollback", _forget_pending)
