"""Importing a `recruiter-kit/1` document: an all-or-nothing bulk upsert by ref.

The document is parsed and checked whole first (`parsing`), then against what the
database holds (unknown recruiters, records that would move to another parent); only
then is anything written, inside the caller's transaction, with a fixed number of bulk
statements per chunk of candidates rather than one ORM flush per row, so that a
20,000-candidate file imports in seconds. Rows whose values are unchanged are not
touched, so importing the same file twice changes nothing the second time. New
candidates and stage or outcome changes get history entries, and refs in the file that
look generated move the ref counters past them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, cast

from sqlalchemy import ColumnElement, CursorResult, RowMapping, Select, Table, bindparam, select
from sqlalchemy.orm import Session

from recruiter_kit.db import TEXT_CHECKED, insert_checked_rows, refuse_unstorable_text
from recruiter_kit.enums import (
    CommunicationKind,
    Outcome,
    Role,
    Stage,
)
from recruiter_kit.errors import ConflictError, ValidationError
from recruiter_kit.models import Candidate, Communication, Employer, Interview, utcnow
from recruiter_kit.policy import DEFAULT_POLICY, SETTING_NAMES, PolicyError
from recruiter_kit.rules import CandidateFacts, CommunicationFacts, InterviewFacts
from recruiter_kit.services.assessments import (
    adopt_basis_if_empty,
    refresh_assessments,
    store_verdicts,
)
from recruiter_kit.services.bulk import paused_gc
from recruiter_kit.services.history import (
    CREATED,
    record_settings_change,
    record_user_change,
    user_content,
)
from recruiter_kit.services.history import POLICY as HISTORY_POLICY
from recruiter_kit.services.interchange.document import (
    CHUNK_SIZE,
    FORMAT,
    MAX_PROBLEMS,
    DocumentError,
    ImportSummary,
    Problem,
)
from recruiter_kit.services.interchange.parsing import (
    CandidateIn,
    InterviewIn,
    ParsedDocument,
    RecruiterIn,
    column_defaults,
    parse_document,
    parse_rows,
)
from recruiter_kit.services.interchange.records import (
    CandidateRecord,
    CommunicationRecord,
    InterviewRecord,
)
from recruiter_kit.services.interchange.tables import (
    CANDIDATES,
    COMMUNICATIONS,
    CONTACTS,
    COUNTERS,
    EMPLOYERS,
    HISTORY,
    INTERVIEWS,
    LINKS,
    POLICY,
    USERS,
)
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.refs import PREFIXES, allocate_refs
from recruiter_kit.services.validation import check_communication_time

__all__ = ["import_candidates", "import_document"]

# Generated refs are reserved at most this many at a time (allocate_refs checks them with IN).
REF_BATCH: Final = 5000
# Refs in the file that look generated (`C-000123`) move the ref counters past them,
# so later generated refs never collide; absurd numbers are ignored.
_MAX_COUNTER: Final = 1_000_000_000

# The columns an import may set, with the values new rows get (from the declarations).
_CANDIDATE_DEFAULTS: Final[dict[str, Any]] = {
    **column_defaults(CandidateRecord),
    "recruiter_id": None,
}
_INTERVIEW_DEFAULTS: Final[dict[str, Any]] = {
    "candidate_id": None,
    "employer_id": None,
    **column_defaults(InterviewRecord),
}
_COMMUNICATION_DEFAULTS: Final[dict[str, Any]] = {
    "interview_id": None,
    **column_defaults(CommunicationRecord),
}


# --------------------------------------------------------------------------- entry points


def import_document(
    session: Session,
    document: dict[str, Any],
    *,
    changed_by: str = "import",
    apply_policy: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Upsert everything in a `recruiter-kit/1` document, all or nothing.

    The whole document is checked before anything is written: on any problem a
    ValidationError (a DocumentError listing every problem found) is raised and
    nothing is written. The work joins the caller's transaction; the caller commits.
    `progress(n)` is called as candidates are written, with the number since the last
    call. The policy in the file is applied only with `apply_policy=True`.
    """
    return _import(
        session,
        lambda: parse_document(document),
        changed_by=changed_by,
        apply_policy=apply_policy,
        progress=progress,
    )


def import_candidates(
    session: Session,
    candidates: list[dict[str, Any]],
    records: Sequence[str],
    *,
    changed_by: str = "import",
) -> ImportSummary:
    """Upsert candidate objects (as in a document) from another source, such as CSV rows.

    `records[i]` names candidate i in problems (e.g. "line 4 (candidate c07)"); the
    same checks and all-or-nothing guarantee as `import_document` apply.
    """
    document = {"format": FORMAT, "candidates": candidates}
    return _import(session, lambda: parse_document(document, records), changed_by=changed_by)


def import_rows(
    session: Session,
    rows: Sequence[tuple[str, tuple[str, ...], dict[str, Any]]],
    kind: type[InterviewRecord] | type[CommunicationRecord],
    *,
    changed_by: str = "import",
) -> ImportSummary:
    """Upsert interviews or communications given one per row (as from a CSV file).

    Each row is (record, parent refs, values), as `parse_rows` reads them; the
    candidates (and interviews) the rows name must exist already. All or nothing.
    """
    return _import(session, lambda: parse_rows(rows, kind), changed_by=changed_by)


def _import(
    session: Session,
    parse: Callable[[], ParsedDocument],
    *,
    changed_by: str,
    apply_policy: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    with paused_gc():
        parsed = parse()
        session.flush()
        stored = _StoredRecords.load(session, parsed, with_policy=apply_policy)
        problems = stored.check(parsed)
        if problems:
            raise DocumentError(problems)
        writer = _BulkWriter(session, stored, changed_by=changed_by, progress=progress)
        summary = writer.run(parsed, apply_policy=apply_policy)
        if summary.changed:  # written through Core: the verdicts are judged here
            _judge_written(session, writer, parsed)
    if summary.changed:
        # Rows changed behind the ORM's back: make loaded objects re-read them.
        session.expire_all()
    return summary


def _judge_written(session: Session, writer: _BulkWriter, parsed: ParsedDocument) -> None:
    """Store the verdicts of the interviews the import wrote that the writer has not judged
    already (those of candidates it created), or of every interview if the policy changed."""
    if writer.summary.policy_settings:
        refresh_assessments(session, as_of=writer.judged_at, policy=writer.policy)
        return
    refresh_assessments(
        session,
        candidate_ids=[
            writer.candidate_ids[candidate.ref]
            for candidate in parsed.candidates
            if candidate.ref not in writer.created_candidates
        ],
        as_of=writer.judged_at,
        policy=writer.policy,
    )


# --------------------------------------------------------------------------- what is stored


@dataclass(slots=True)
class _StoredRecords:
    """What the database holds already, loaded in one query per table."""

    users: dict[str, tuple[int, str]]  # email (lower) -> (id, name)
    candidates: dict[str, Any]  # ref -> row mapping
    interviews: dict[str, Any]  # ref -> row mapping
    communications_by_ref: dict[str, Any]
    communications_by_key: dict[tuple[int, CommunicationKind, datetime], Any]
    employers: dict[str, int]  # name -> id
    contacts: dict[tuple[int, str], Any]  # (employer id, name) -> row mapping
    links: dict[int, set[int]]  # interview id -> contact ids
    policy: dict[str, str | None] | None  # name -> stored text

    @classmethod
    def load(
        cls, session: Session, document: ParsedDocument, *, with_policy: bool
    ) -> _StoredRecords:
        """The stored rows the document names (by ref, email or name), in chunked IN
        queries: a small file reads little, however large the database."""
        emails = {recruiter.email for recruiter in document.recruiters}
        emails.update(c.recruiter for c in document.candidates if c.recruiter is not None)
        users = {
            row["email"]: (row["id"], row["name"])
            for row in _rows_named(
                session, select(USERS.c.id, USERS.c.email, USERS.c.name), USERS.c.email, emails
            )
        }
        candidates = {
            row["ref"]: row
            for row in _rows_named(
                session,
                select(
                    CANDIDATES.c.id,
                    CANDIDATES.c.version_id,
                    *_columns(CANDIDATES, _CANDIDATE_DEFAULTS),
                    CANDIDATES.c.ref,
                ),
                CANDIDATES.c.ref,
                [candidate.ref for candidate in document.candidates],
            )
        }
        interview_items = [
            interview
            for candidate in document.candidates
            for interview in candidate.interviews or ()
        ]
        interviews = {
            row["ref"]: row
            for row in _rows_named(
                session,
                select(
                    INTERVIEWS.c.id,
                    INTERVIEWS.c.version_id,
                    INTERVIEWS.c.ref,
                    *_columns(INTERVIEWS, _INTERVIEW_DEFAULTS),
                ),
                INTERVIEWS.c.ref,
                [interview.ref for interview in interview_items],
            )
        }
        communication_columns = select(
            COMMUNICATIONS.c.id,
            COMMUNICATIONS.c.ref,
            *_columns(COMMUNICATIONS, _COMMUNICATION_DEFAULTS),
        )
        by_ref = {
            row["ref"]: row
            for row in _rows_named(
                session,
                communication_columns,
                COMMUNICATIONS.c.ref,
                [
                    item.ref
                    for interview in interview_items
                    for item in interview.communications or ()
                    if item.ref is not None
                ],
            )
        }
        # Communications without a ref are matched by (interview, kind, time): read those
        # of the stored interviews whose communications the file lists.
        with_unnamed = [
            interviews[interview.ref]["id"]
            for interview in interview_items
            if interview.ref in interviews
            and any(item.ref is None for item in interview.communications or ())
        ]
        by_key: dict[tuple[int, CommunicationKind, datetime], Any] = {}
        for row in sorted(
            _rows_named(
                session, communication_columns, COMMUNICATIONS.c.interview_id, with_unnamed
            ),
            key=lambda row: row["id"],
        ):
            # Matched to the second, as times in files are.
            key = (row["interview_id"], row["kind"], row["at"].replace(microsecond=0))
            by_key.setdefault(key, row)
        employers = {
            row["name"]: row["id"]
            for row in _rows_named(
                session,
                select(EMPLOYERS.c.id, EMPLOYERS.c.name),
                EMPLOYERS.c.name,
                [i.company for i in interview_items if i.company is not None],
            )
        }
        contacts = {
            (row["employer_id"], row["name"]): row
            for row in _rows_named(
                session,
                select(
                    CONTACTS.c.id,
                    CONTACTS.c.employer_id,
                    CONTACTS.c.name,
                    CONTACTS.c.title,
                    CONTACTS.c.email,
                ),
                CONTACTS.c.employer_id,
                [
                    employers[interview.company]
                    for interview in interview_items
                    if interview.interviewers
                    and interview.company is not None
                    and interview.company in employers
                ],
            )
        }
        links: dict[int, set[int]] = defaultdict(set)
        for link in _rows_named(
            session,
            select(LINKS.c.interview_id, LINKS.c.contact_id),
            LINKS.c.interview_id,
            [row["id"] for row in interviews.values()],
        ):
            links[link["interview_id"]].add(link["contact_id"])
        policy = None
        if with_policy and document.policy is not None:
            policy = {
                row.name: row.value
                for row in session.execute(select(POLICY.c.name, POLICY.c.value))
            }
        return cls(
            users=users,
            candidates=candidates,
            interviews=interviews,
            communications_by_ref=by_ref,
            communications_by_key=by_key,
            employers=employers,
            contacts=contacts,
            links=links,
            policy=policy,
        )

    def check(self, document: ParsedDocument) -> list[Problem]:
        """Problems only the stored data reveals (unknown recruiters, moved records)."""
        problems: list[Problem] = []
        known = set(self.users) | {recruiter.email for recruiter in document.recruiters}
        for candidate in document.candidates:
            if candidate.named_only and candidate.ref not in self.candidates:
                problems.append(
                    Problem(
                        candidate.record,
                        "candidate_ref",
                        f"no candidate with ref {candidate.ref!r} (import the candidates first)",
                    )
                )
                continue
            if candidate.recruiter is not None and candidate.recruiter not in known:
                problems.append(
                    Problem(
                        candidate.record,
                        "recruiter",
                        f"no user with email {candidate.recruiter!r} "
                        '(add the user first, or list them under "recruiters")',
                    )
                )
            stored_candidate = self.candidates.get(candidate.ref)
            for interview in candidate.interviews or ():
                stored = self.interviews.get(interview.ref)
                if interview.named_only and stored is None:
                    problems.append(
                        Problem(
                            interview.record,
                            "interview_ref",
                            f"no interview with ref {interview.ref!r} "
                            "(import the interviews first)",
                        )
                    )
                    continue
                if stored is not None and (
                    stored_candidate is None or stored["candidate_id"] != stored_candidate["id"]
                ):
                    problems.append(
                        Problem(
                            interview.record,
                            "interview_ref" if interview.named_only else "ref",
                            f"interview {interview.ref} belongs to another candidate; an "
                            "import does not move interviews between candidates",
                        )
                    )
                    continue
                for communication in interview.communications or ():
                    if stored is not None and interview.named_only:  # the file gives no start
                        try:
                            check_communication_time(
                                communication.kind,
                                communication.at,
                                stored["starts_at"],
                                communication.record,
                            )
                        except ValidationError as error:
                            problems.append(Problem(error.record, error.field, error.problem))
                    if communication.ref is None:
                        continue
                    stored_communication = self.communications_by_ref.get(communication.ref)
                    if stored_communication is not None and (
                        stored is None or stored_communication["interview_id"] != stored["id"]
                    ):
                        problems.append(
                            Problem(
                                communication.record,
                                "ref",
                                f"communication {communication.ref} belongs to another "
                                "interview; an import does not move communications",
                            )
                        )
            if len(problems) >= MAX_PROBLEMS:
                return problems
        if self.policy is not None and document.policy is not None:
            try:
                DEFAULT_POLICY.with_settings({**_known_settings(self.policy), **document.policy})
            except PolicyError as error:
                problems.append(Problem("policy", None, f"with the stored settings: {error}"))
        return problems


def _rows_named(
    session: Session, query: Select[Any], column: ColumnElement[Any], keys: Iterable[Any]
) -> Iterator[RowMapping]:
    """The rows of `query` whose `column` is one of `keys`, REF_BATCH keys a query."""
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), REF_BATCH):
        batch = unique[start : start + REF_BATCH]
        yield from session.execute(
            query.where(column.in_(batch)), execution_options=TEXT_CHECKED
        ).mappings()


def _columns(table: Table, defaults: Mapping[str, Any]) -> list[Any]:
    return [table.c[name] for name in defaults]


def _known_settings(stored: Mapping[str, str | None]) -> dict[str, str | None]:
    return {name: value for name, value in stored.items() if name in SETTING_NAMES}


# --------------------------------------------------------------------------- writing


class _BulkWriter:
    """Writes a checked document with bulk statements, chunk by chunk."""

    def __init__(
        self,
        session: Session,
        stored: _StoredRecords,
        *,
        changed_by: str,
        progress: Callable[[int], None] | None,
    ) -> None:
        refuse_unstorable_text([changed_by])  # the one text not from the checked records
        self.session = session
        self.stored = stored
        self.changed_by = changed_by
        self.progress = progress
        self.summary = ImportSummary()
        self.now = utcnow().replace(microsecond=0)
        self.user_ids: dict[str, int] = {email: ids[0] for email, ids in stored.users.items()}
        self.candidate_ids: dict[str, int] = {
            ref: row["id"] for ref, row in stored.candidates.items()
        }
        # Filled in by write_employers_and_contacts, before any interview is written.
        self.employer_ids: dict[str, int] = {}  # name -> id
        self.contact_ids: dict[tuple[int, str], int] = {}  # (employer id, name) -> id
        # The candidates this import created, and the rows written for their interviews in
        # the current chunk (id -> candidate ref, row, communication rows): all there is to
        # know about those interviews, so their verdicts are judged chunk by chunk, as of
        # one moment, without reading them back (unless the policy changes: see run).
        self.created_candidates: dict[str, CandidateFacts] = {}
        self.created_interviews: dict[int, tuple[str, dict[str, Any], list[dict[str, Any]]]] = {}
        self.judged_at = datetime.now(UTC)
        self.policy = DEFAULT_POLICY  # the stored policy, loaded by run
        dialect = session.get_bind().dialect
        self.check_rowcounts = bool(dialect.supports_sane_multi_rowcount)

    def run(self, document: ParsedDocument, *, apply_policy: bool) -> ImportSummary:
        if apply_policy and document.policy is not None:
            self.write_policy(document.policy)
        self.policy = load_policy(self.session)
        # Before any interview is written: into an empty agency every verdict stored below
        # is judged by this policy and this code, so none needs judging again on first read.
        adopt_basis_if_empty(self.session, self.policy)
        self.write_recruiters(document.recruiters)
        self.advance_counters(document)
        self.write_employers_and_contacts(document)
        for start in range(0, len(document.candidates), CHUNK_SIZE):
            chunk = document.candidates[start : start + CHUNK_SIZE]
            self.write_candidates(chunk)
            self.write_interviews(chunk)
            # A changed policy has every verdict judged again at the end instead.
            if not self.summary.policy_settings:
                store_verdicts(
                    self.session, self.created_facts(), policy=self.policy, as_of=self.judged_at
                )
            self.created_interviews.clear()
            if self.progress is not None:
                self.progress(len(chunk))
        return self.summary

    # -- helpers

    # Every text these statements bind comes from the checked records (or `changed_by`,
    # checked in __init__), so the statement guard need not search them all again.

    def execute_many(self, statement: Any, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.session.execute(statement, rows, execution_options=TEXT_CHECKED)

    def insert_many(self, statement: Any, rows: list[dict[str, Any]]) -> None:
        insert_checked_rows(self.session, statement, rows)

    def insert_by_ref(self, table: Table, rows: list[dict[str, Any]]) -> dict[str, int]:
        """Insert `rows` and return their new ids by ref.

        A plain executemany and one select of the ids is faster than INSERT ... RETURNING
        on PostgreSQL (psycopg pipelines the executemany) and as fast on SQLite.
        """
        self.insert_many(table.insert(), rows)
        ids: dict[str, int] = {}
        for start in range(0, len(rows), REF_BATCH):
            refs = [row["ref"] for row in rows[start : start + REF_BATCH]]
            query = select(table.c.ref, table.c.id).where(table.c.ref.in_(refs))
            found = self.session.execute(query, execution_options=TEXT_CHECKED)
            ids.update({row.ref: row.id for row in found})
        return ids

    def update_versioned(self, table: Table, rows: list[dict[str, Any]], what: str) -> None:
        if not rows:
            return
        statement = (
            table.update()
            .where(table.c.id == bindparam("b_id"), table.c.version_id == bindparam("b_version"))
            .values(version_id=table.c.version_id + 1)
        )
        result = cast(
            CursorResult[Any],
            self.session.execute(statement, rows, execution_options=TEXT_CHECKED),
        )
        if self.check_rowcounts and result.rowcount != len(rows):
            raise ConflictError(
                f"{what} changed in the database while the import ran: nothing was imported; "
                "run the import again"
            )

    # -- policy

    def write_policy(self, settings: Mapping[str, Any]) -> None:
        stored = self.stored.policy or {}
        removals: list[dict[str, Any]] = []
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for name, value in settings.items():
            text = None if value is None else str(value)
            if value == getattr(DEFAULT_POLICY, name):
                if name in stored:
                    removals.append({"b_name": name})
            elif name not in stored:
                inserts.append({"name": name, "value": text})
            elif stored[name] != text:
                updates.append({"b_name": name, "value": text})
        self.execute_many(POLICY.delete().where(POLICY.c.name == bindparam("b_name")), removals)
        self.execute_many(POLICY.insert(), inserts)
        self.execute_many(POLICY.update().where(POLICY.c.name == bindparam("b_name")), updates)
        self.summary.policy_settings = len(removals) + len(inserts) + len(updates)
        changed = {
            name: (stored.get(name, getattr(DEFAULT_POLICY, name)), value)
            for name, value in settings.items()
        }
        record_settings_change(self.session, HISTORY_POLICY, changed, changed_by=self.changed_by)

    # -- recruiters

    def write_recruiters(self, recruiters: list[RecruiterIn]) -> None:
        counts = self.summary.recruiters
        new: list[dict[str, Any]] = []
        renamed: list[dict[str, Any]] = []
        for recruiter in recruiters:
            stored = self.stored.users.get(recruiter.email)
            if stored is None:
                new.append(
                    {
                        "email": recruiter.email,
                        "name": recruiter.name or "",
                        "role": recruiter.role or Role.RECRUITER,
                        "password_hash": None,
                        "active": True,
                        "created_at": self.now,
                    }
                )
                content = user_content(
                    recruiter.email, new[-1]["name"], new[-1]["role"], True, False
                )
                self.record_account(recruiter.email, {CREATED: (None, content)})
            elif recruiter.name is not None and recruiter.name != stored[1]:
                # The name may change; the role and password stay the agency's business.
                renamed.append({"b_id": stored[0], "name": recruiter.name})
                self.record_account(recruiter.email, {"name": (stored[1], recruiter.name)})
            else:
                counts.unchanged += 1
        if new:
            result = self.session.execute(USERS.insert().returning(USERS.c.email, USERS.c.id), new)
            self.user_ids.update({row.email: row.id for row in result})
        self.execute_many(USERS.update().where(USERS.c.id == bindparam("b_id")), renamed)
        counts.created += len(new)
        counts.updated += len(renamed)

    def record_account(self, email: str, changes: dict[str, tuple[Any, Any]]) -> None:
        # Accounts are few: one ORM history entry per change, as `users add` makes.
        record_user_change(self.session, email, changes, changed_by=self.changed_by)

    # -- generated-looking refs

    def advance_counters(self, document: ParsedDocument) -> None:
        highest: dict[str, int] = {}
        patterns = {
            model: re.compile(rf"^{re.escape(prefix)}-(\d+)$") for model, prefix in PREFIXES.items()
        }

        def note(model: type, ref: str | None) -> None:
            if ref is None:
                return
            match = patterns[model].match(ref)
            if match is None:
                return
            number = int(match.group(1))
            if number < _MAX_COUNTER:
                prefix = PREFIXES[model]
                highest[prefix] = max(highest.get(prefix, 0), number)

        for candidate in document.candidates:
            note(Candidate, candidate.ref)
            for interview in candidate.interviews or ():
                note(Interview, interview.ref)
                for communication in interview.communications or ():
                    note(Communication, communication.ref)
        if not highest:
            return
        counters = {
            row.prefix: row.last_value
            for row in self.session.execute(select(COUNTERS.c.prefix, COUNTERS.c.last_value))
        }
        inserts = [
            {"prefix": prefix, "last_value": value}
            for prefix, value in highest.items()
            if prefix not in counters
        ]
        updates = [
            {"b_prefix": prefix, "last_value": value}
            for prefix, value in highest.items()
            if prefix in counters and counters[prefix] < value
        ]
        self.execute_many(COUNTERS.insert(), inserts)
        self.execute_many(
            COUNTERS.update().where(COUNTERS.c.prefix == bindparam("b_prefix")), updates
        )

    # -- employers and their people

    def write_employers_and_contacts(self, document: ParsedDocument) -> None:
        employer_ids = dict(self.stored.employers)
        needed: dict[str, None] = {}
        # (company, name) -> (title, email): the last non-null value in the file wins.
        people: dict[tuple[str, str], list[str | None]] = {}
        for candidate in document.candidates:
            for interview in candidate.interviews or ():
                if interview.company is None:
                    continue
                needed.setdefault(interview.company, None)
                for name, title, email in interview.interviewers or ():
                    known = people.setdefault((interview.company, name), [None, None])
                    if title is not None:
                        known[0] = title
                    if email is not None:
                        known[1] = email
        new_names = [name for name in needed if name not in employer_ids]
        counts = self.summary.employers
        counts.unchanged += len(needed) - len(new_names)
        if new_names:
            refs = allocate_refs(self.session, Employer, len(new_names))
            result = self.session.execute(
                EMPLOYERS.insert().returning(EMPLOYERS.c.name, EMPLOYERS.c.id),
                [{"ref": ref, "name": name} for ref, name in zip(refs, new_names, strict=True)],
            )
            employer_ids.update({row.name: row.id for row in result})
            counts.created += len(new_names)
        self.employer_ids = employer_ids

        contact_ids = {key: row["id"] for key, row in self.stored.contacts.items()}
        new_contacts: list[dict[str, Any]] = []
        changed_contacts: list[dict[str, Any]] = []
        contact_counts = self.summary.contacts
        for (company, name), (title, email) in people.items():
            employer_id = employer_ids[company]
            stored = self.stored.contacts.get((employer_id, name))
            if stored is None:
                new_contacts.append(
                    {"employer_id": employer_id, "name": name, "title": title, "email": email}
                )
                continue
            new_title = title if title is not None else stored["title"]
            new_email = email if email is not None else stored["email"]
            if (new_title, new_email) != (stored["title"], stored["email"]):
                changed_contacts.append(
                    {"b_id": stored["id"], "title": new_title, "email": new_email}
                )
            else:
                contact_counts.unchanged += 1
        if new_contacts:
            result = self.session.execute(
                CONTACTS.insert().returning(CONTACTS.c.employer_id, CONTACTS.c.name, CONTACTS.c.id),
                new_contacts,
            )
            contact_ids.update({(row.employer_id, row.name): row.id for row in result})
        self.execute_many(
            CONTACTS.update().where(CONTACTS.c.id == bindparam("b_id")), changed_contacts
        )
        contact_counts.created += len(new_contacts)
        contact_counts.updated += len(changed_contacts)
        self.contact_ids = contact_ids

    # -- candidates

    def write_candidates(self, chunk: Sequence[CandidateIn]) -> None:
        counts = self.summary.candidates
        new: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        history: list[dict[str, Any]] = []
        new_stages: list[tuple[str, Stage]] = []
        for candidate in chunk:
            if candidate.named_only:
                continue
            values = dict(candidate.values)
            if candidate.recruiter_given:
                values["recruiter_id"] = (
                    self.user_ids[candidate.recruiter] if candidate.recruiter else None
                )
            stored = self.stored.candidates.get(candidate.ref)
            if stored is None:
                row = {**_CANDIDATE_DEFAULTS, **values}
                row.update(
                    ref=candidate.ref, created_at=self.now, updated_at=self.now, version_id=1
                )
                new.append(row)
                new_stages.append((candidate.ref, row["stage"]))
                self.created_candidates[candidate.ref] = CandidateFacts(
                    candidate.ref, row["name"], row["timezone"] or self.policy.default_timezone
                )
                continue
            if all(stored[key] == value for key, value in values.items()):
                counts.unchanged += 1
                continue
            row = {key: stored[key] for key in _CANDIDATE_DEFAULTS}
            row.update(values, updated_at=self.now, b_id=stored["id"])
            row["b_version"] = stored["version_id"]
            changed.append(row)
            if row["stage"] != stored["stage"]:
                history.append(
                    self.history(stored["id"], None, "stage", stored["stage"], row["stage"])
                )
        if new:
            self.candidate_ids.update(self.insert_by_ref(CANDIDATES, new))
            history.extend(
                self.history(self.candidate_ids[ref], None, "stage", None, stage)
                for ref, stage in new_stages
            )
        self.update_versioned(CANDIDATES, changed, "a candidate")
        self.insert_many(HISTORY.insert(), history)
        counts.created += len(new)
        counts.updated += len(changed)

    def history(
        self,
        candidate_id: int,
        interview_id: int | None,
        field_name: str,
        before: Any,
        after: Any,
        at: datetime | None = None,
    ) -> dict[str, Any]:
        return {
            "candidate_id": candidate_id,
            "interview_id": interview_id,
            "field": field_name,
            "from_value": None if before is None else str(before.value),
            "to_value": str(after.value),
            "changed_by": self.changed_by,
            "changed_at": at or self.now,
        }

    # -- interviews, their interviewers and communications

    def write_interviews(self, chunk: Sequence[CandidateIn]) -> None:
        counts = self.summary.interviews
        stored_interviews = self.stored.interviews
        new: list[dict[str, Any]] = []
        new_items: list[InterviewIn] = []
        new_owners: list[str] = []  # the candidate ref of each new interview
        changed: list[dict[str, Any]] = []
        history: list[dict[str, Any]] = []
        relink: list[tuple[int, list[int]]] = []
        interview_ids: dict[str, int] = {}
        for candidate in chunk:
            if candidate.interviews is None:
                continue
            candidate_id = self.candidate_ids[candidate.ref]
            for interview in candidate.interviews:
                if interview.company is None:  # named only: it exists (checked)
                    interview_ids[interview.ref] = stored_interviews[interview.ref]["id"]
                    continue
                values = dict(interview.values)
                values["employer_id"] = employer_id = self.employer_ids[interview.company]
                contacts = None
                if interview.interviewers is not None:
                    contacts = [
                        self.contact_ids[(employer_id, name)]
                        for name, _title, _email in interview.interviewers
                    ]
                stored = stored_interviews.get(interview.ref)
                if stored is None:
                    row = {**_INTERVIEW_DEFAULTS, **values}
                    row.update(ref=interview.ref, candidate_id=candidate_id, version_id=1)
                    new.append(row)
                    new_items.append(interview)
                    new_owners.append(candidate.ref)
                    continue
                interview_ids[interview.ref] = stored["id"]
                relinked = contacts is not None and set(contacts) != self.stored.links.get(
                    stored["id"], set()
                )
                if relinked:
                    relink.append((stored["id"], contacts or []))
                if not relinked and all(stored[key] == value for key, value in values.items()):
                    counts.unchanged += 1
                    continue
                row = {key: stored[key] for key in _INTERVIEW_DEFAULTS}
                row.update(values, b_id=stored["id"], b_version=stored["version_id"])
                changed.append(row)
                if row["outcome"] != stored["outcome"]:
                    history.append(
                        self.history(
                            candidate_id,
                            stored["id"],
                            "outcome",
                            stored["outcome"],
                            row["outcome"],
                            _outcome_moment(row),
                        )
                    )
        if new:
            created = self.insert_by_ref(INTERVIEWS, new)
            interview_ids.update(created)
            for row, item, candidate_ref in zip(new, new_items, new_owners, strict=True):
                interview_id = created[item.ref]
                if candidate_ref in self.created_candidates:
                    self.created_interviews[interview_id] = (candidate_ref, row, [])
                history.append(
                    self.history(row["candidate_id"], interview_id, "outcome", None, row["outcome"])
                )
                if item.interviewers:
                    relink.append(
                        (
                            interview_id,
                            [
                                self.contact_ids[(row["employer_id"], name)]
                                for name, _title, _email in item.interviewers
                            ],
                        )
                    )
        self.update_versioned(INTERVIEWS, changed, "an interview")
        self.insert_many(HISTORY.insert(), history)
        self.write_links(relink)
        counts.created += len(new)
        counts.updated += len(changed)
        self.write_communications(chunk, interview_ids)

    def write_links(self, relink: list[tuple[int, list[int]]]) -> None:
        stale = [
            {"b_interview": interview_id}
            for interview_id, _contacts in relink
            if self.stored.links.get(interview_id)
        ]
        self.execute_many(
            LINKS.delete().where(LINKS.c.interview_id == bindparam("b_interview")), stale
        )
        self.execute_many(
            LINKS.insert(),
            [
                {"interview_id": interview_id, "contact_id": contact_id}
                for interview_id, contacts in relink
                for contact_id in contacts
            ],
        )

    def write_communications(
        self, chunk: Sequence[CandidateIn], interview_ids: Mapping[str, int]
    ) -> None:
        counts = self.summary.communications
        by_ref = self.stored.communications_by_ref
        by_key = self.stored.communications_by_key
        new: list[dict[str, Any]] = []
        unnamed: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for candidate in chunk:
            for interview in candidate.interviews or ():
                if interview.communications is None:
                    continue
                interview_id = interview_ids[interview.ref]
                claimed = {
                    by_ref[item.ref]["id"]
                    for item in interview.communications
                    if item.ref is not None and item.ref in by_ref
                }
                for item in interview.communications:
                    stored = None
                    if item.ref is not None:
                        stored = by_ref.get(item.ref)
                    else:
                        match = by_key.get((interview_id, item.kind, item.at))
                        if match is not None and match["id"] not in claimed:
                            stored = match
                            claimed.add(match["id"])
                    if stored is None:
                        row = {**_COMMUNICATION_DEFAULTS, **item.values}
                        row.update(interview_id=interview_id, ref=item.ref)
                        new.append(row)
                        if item.ref is None:
                            unnamed.append(row)
                        continue
                    if all(stored[key] == value for key, value in item.values.items()):
                        counts.unchanged += 1
                        continue
                    row = {key: stored[key] for key in _COMMUNICATION_DEFAULTS}
                    row.update(item.values, b_id=stored["id"])
                    changed.append(row)
        for row in new:
            created = self.created_interviews.get(row["interview_id"])
            if created is not None:
                created[2].append(row)
        for start in range(0, len(unnamed), REF_BATCH):
            batch = unnamed[start : start + REF_BATCH]
            for row, ref in zip(
                batch, allocate_refs(self.session, Communication, len(batch)), strict=True
            ):
                row["ref"] = ref
        self.insert_many(COMMUNICATIONS.insert(), new)
        self.execute_many(
            COMMUNICATIONS.update().where(COMMUNICATIONS.c.id == bindparam("b_id")), changed
        )
        counts.created += len(new)
        counts.updated += len(changed)

    # -- what the verdicts of created interviews are judged from

    def created_facts(self) -> Iterator[tuple[int, CandidateFacts, InterviewFacts]]:
        """The facts of the interviews written for created candidates in this chunk, from
        the rows written, as `stream_interview_records` would read them back."""
        for interview_id, (ref, row, communications) in self.created_interviews.items():
            candidate = self.created_candidates[ref]
            # Read back in order of time, then of id (the order they were written).
            logged = sorted(communications, key=lambda item: item["at"])
            yield (
                interview_id,
                candidate,
                InterviewFacts(
                    ref=row["ref"],
                    starts_at=row["starts_at"],
                    ends_at=row["ends_at"],
                    decision_by=row["decision_by"],
                    timeline_asked=row["timeline_asked"],
                    contact_preference=row["contact_preference"],
                    outcome=row["outcome"],
                    outcome_at=row["outcome_at"],
                    communications=tuple(
                        CommunicationFacts(
                            item["kind"], item["at"], item["channel"], item["arrived_on"]
                        )
                        for item in logged
                    ),
                ),
            )


def _outcome_moment(row: Mapping[str, Any]) -> datetime | None:
    # Like `set_outcome`: a decision is logged at the moment it was made, when known.
    outcome: Outcome = row["outcome"]
    moment: datetime | None = row["outcome_at"]
    return moment if outcome.is_final else None
