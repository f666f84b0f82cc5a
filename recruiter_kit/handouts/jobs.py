"""Batches of handouts run in the background: queued from the web admin, run by a queue
consumer, their progress and result kept in the database (a reload or a second browser
sees the same state).

The queued task carries only the batch's id and random token, never the database URL: the
consumer runs it on its own database, and leaves alone a task whose batch is not there.
While it renders, the consumer renews the batch's lease; a batch whose lease ran out
(its consumer died) shows as failed and can be started again. Finished batches' PDFs are
deleted after a number of days (`expire_batches`).
"""

from __future__ import annotations

import json
import logging
import secrets
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from sqlalchemy import ColumnElement, delete, or_, select, update
from sqlalchemy.orm import Session, sessionmaker, undefer
from sqlalchemy.orm.interfaces import ORMOption

from recruiter_kit.db import create_db_engine, session_factory, transaction
from recruiter_kit.enums import Status
from recruiter_kit.errors import ConflictError, NotFoundError, RecruiterKitError
from recruiter_kit.handouts import prepare_batch
from recruiter_kit.handouts.batch import Format, OutputKind, Target, render_batch
from recruiter_kit.handouts.selection import HandoutSelection, select_interviews
from recruiter_kit.handouts.templating import TemplateSource
from recruiter_kit.models.base import utcnow
from recruiter_kit.models.batches import HandoutBatch

RECENT_BATCHES = 20
LEASE = timedelta(seconds=90)  # a running batch not renewed for this long: its worker died
HEARTBEAT_SECONDS = 15.0  # how often a running batch's lease is renewed
WORKER_STOPPED = "the worker stopped before finishing it: start it again"
NOT_TAKEN = timedelta(minutes=10)  # a batch queued this long: its task was lost, or no worker
NOBODY_TOOK_IT = (
    f"no worker has taken it for {NOT_TAKEN // timedelta(minutes=1)} minutes "
    "(is `recruiter-kit worker` running?): start it again"
)
NOT_QUEUED = "the task queue could not be reached (the error is in the server log): start it again"
NOTHING_MADE = "no handout could be made (the reasons are below): start it again once fixed"
logger = logging.getLogger(__name__)


class BatchState(StrEnum):
    """Where a batch stands."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    EXPIRED = "expired"  # done, and its PDF deleted after the days batches are kept


class BatchRun(StrEnum):
    """What a consumer did with a queued task."""

    RAN = "ran"
    TAKEN = "taken"  # already run, or running elsewhere
    NOT_HERE = "not here"  # no such batch in this consumer's database


class BatchExpiredError(RecruiterKitError):
    """A batch's PDF was deleted after the days finished batches are kept."""


@dataclass(frozen=True, slots=True)
class QueuedBatch:
    """What the queued task carries: the batch's id and token (no URL, no password)."""

    id: int
    token: str


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """A batch as the handouts page shows it."""

    id: int
    created_by: str
    created_at: datetime
    state: BatchState
    done: int
    total: int
    failures: tuple[str, ...]
    error: str | None
    finished_at: datetime | None
    description: str
    can_start_again: bool  # failed, its worker stopped, or never taken by a worker

    @property
    def finished(self) -> bool:
        """True once the batch will change no more by itself (only if started again)."""
        return self.can_start_again or self.state in (BatchState.DONE, BatchState.EXPIRED)


def start_batch(
    session: Session, selection: HandoutSelection, created_by: str, as_of: datetime
) -> QueuedBatch:
    """Record a batch for a consumer to run; refuses at once a selection matching nothing."""
    select_interviews(session, selection, as_of)
    batch = HandoutBatch(
        created_by=created_by,
        selection=json.dumps(_selection_to_dict(selection)),
        state=BatchState.QUEUED.value,
        token=secrets.token_hex(16),
    )
    session.add(batch)
    session.flush()
    return QueuedBatch(batch.id, batch.token or "")


def restart_batch(
    session: Session, batch_id: int, created_by: str | None, now: datetime
) -> QueuedBatch:
    """Queue again a batch that failed, whose worker stopped, or that no worker took
    (`created_by`'s own unless None); refused if it is running, waiting its turn, or done."""
    batch = _find(session, batch_id, created_by)
    if not _summary(batch, now).can_start_again:
        raise ConflictError(
            f"handout batch {batch_id} is {batch.state}: only a failed or stuck batch can "
            "start again"
        )
    token = secrets.token_hex(16)
    # Conditional, so two people restarting it at once queue it once.
    restarted = session.execute(
        update(HandoutBatch)
        .where(HandoutBatch.id == batch_id, _restartable(now))
        .values(
            state=BatchState.QUEUED.value,
            created_at=now,  # started (again) now: its wait for a worker starts over
            token=token,
            claim=None,
            lease_until=None,
            done=0,
            total=0,
            failures="[]",
            error=None,
            finished_at=None,
        )
    )
    if restarted.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError(f"handout batch {batch_id} was started again meanwhile")
    return QueuedBatch(batch_id, token)


def fail_unqueued_batch(session: Session, batch: QueuedBatch, now: datetime) -> None:
    """Mark failed a batch whose task the queue refused, so it can be started again at once
    (instead of waiting, then saying no worker took it)."""
    session.execute(
        update(HandoutBatch)
        .where(
            HandoutBatch.id == batch.id,
            HandoutBatch.token == batch.token,
            HandoutBatch.state == BatchState.QUEUED.value,
        )
        .values(state=BatchState.FAILED.value, error=NOT_QUEUED, finished_at=now)
    )


def _restartable(now: datetime) -> ColumnElement[bool]:
    return or_(
        HandoutBatch.state == BatchState.FAILED.value,
        (HandoutBatch.state == BatchState.RUNNING.value)
        & (HandoutBatch.lease_until.is_(None) | (HandoutBatch.lease_until < now)),
        (HandoutBatch.state == BatchState.QUEUED.value)
        & (HandoutBatch.created_at < now - NOT_TAKEN),
    )


def delete_batch(session: Session, batch_id: int) -> None:
    """Delete a batch and its PDF (a consumer still running it stops at its next step)."""
    _find(session, batch_id, None)
    session.execute(delete(HandoutBatch).where(HandoutBatch.id == batch_id))


def expire_batches(session: Session, keep_days: int, now: datetime) -> int:
    """Delete the PDFs of batches finished more than `keep_days` days before `now` (they
    show as expired); how many."""
    result = session.execute(
        update(HandoutBatch)
        .where(
            HandoutBatch.state == BatchState.DONE.value,
            HandoutBatch.finished_at < now - timedelta(days=keep_days),
        )
        .values(state=BatchState.EXPIRED.value, pdf=None)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


class _ClaimLost(Exception):
    """The batch was deleted, or started again elsewhere after this run's lease ran out."""


def run_batch(database_url: str, batch_id: int, token: str) -> BatchRun:
    """Print the batch (in the consumer), on the consumer's own database: progress is
    committed as it goes, and the lease renewed until it ends."""
    engine = create_db_engine(database_url)
    factory = session_factory(engine)
    claim = secrets.token_hex(16)
    try:
        with transaction(factory) as session:
            # Claimed in one conditional update, so two consumers given the same task
            # (a redelivery) cannot both run it.
            claimed = session.scalar(
                update(HandoutBatch)
                .where(
                    HandoutBatch.id == batch_id,
                    HandoutBatch.token == token,
                    HandoutBatch.state == BatchState.QUEUED.value,
                )
                .values(state=BatchState.RUNNING.value, claim=claim, lease_until=utcnow() + LEASE)
                .returning(HandoutBatch.selection)
            )
            if claimed is None:
                return _not_claimed(session, batch_id, token)
            selection = _selection_from_dict(json.loads(claimed))
        heartbeat = _Heartbeat(factory, batch_id, claim)
        heartbeat.start()
        try:
            pdf, failures = _render(factory, batch_id, claim, selection)
        except _ClaimLost:
            return BatchRun.TAKEN
        except RecruiterKitError as error:
            _finish(factory, batch_id, claim, BatchState.FAILED, error=str(error))
        except Exception as error:  # the batch must end in a state people can see
            logger.exception("handout batch %s failed", batch_id)
            _finish(factory, batch_id, claim, BatchState.FAILED, error=f"unexpected error: {error}")
        else:
            # Every handout failed: "done" would offer the download of a PDF that is not there.
            state, problem = (
                (BatchState.DONE, None) if pdf is not None else (BatchState.FAILED, NOTHING_MADE)
            )
            _finish(factory, batch_id, claim, state, pdf=pdf, failures=failures, error=problem)
        finally:
            heartbeat.stop()
        return BatchRun.RAN
    finally:
        engine.dispose()


def _not_claimed(session: Session, batch_id: int, token: str) -> BatchRun:
    if session.scalar(select(HandoutBatch.token).where(HandoutBatch.id == batch_id)) == token:
        return BatchRun.TAKEN
    logger.warning(
        "handout batch %s is not in this worker's database (deleted, or queued by another "
        "installation sharing this queue: give each its own RECRUITER_KIT_QUEUE_NAME); skipped",
        batch_id,
    )
    return BatchRun.NOT_HERE


def _renew(session: Session, batch_id: int, claim: str, **values: object) -> None:
    """Renew this run's lease (with `values`); _ClaimLost if the batch is no longer ours."""
    # Only while it runs: a beat that waited on the row lock of the run's own _finish must
    # not give the finished batch a lease again.
    renewed = session.execute(
        update(HandoutBatch)
        .where(
            HandoutBatch.id == batch_id,
            HandoutBatch.claim == claim,
            HandoutBatch.state == BatchState.RUNNING.value,
        )
        .values(lease_until=utcnow() + LEASE, **values)
    )
    if renewed.rowcount != 1:  # type: ignore[attr-defined]
        raise _ClaimLost(batch_id)


class _Heartbeat:
    """Renews a running batch's lease every HEARTBEAT_SECONDS, even while one handout (or
    the final PDF) takes long."""

    def __init__(self, factory: sessionmaker[Session], batch_id: int, claim: str) -> None:
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, args=(factory, batch_id, claim), daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()

    def _beat(self, factory: sessionmaker[Session], batch_id: int, claim: str) -> None:
        while not self._stopped.wait(HEARTBEAT_SECONDS):
            try:
                with transaction(factory) as session:
                    _renew(session, batch_id, claim)
            except _ClaimLost:
                return
            except Exception:  # a database hiccup: the next beat tries again
                logger.warning("handout batch %s: lease not renewed", batch_id, exc_info=True)


def _render(
    factory: sessionmaker[Session], batch_id: int, claim: str, selection: HandoutSelection
) -> tuple[bytes | None, list[str]]:
    as_of = datetime.now(UTC)
    # Each chunk's views are read in a short transaction of their own (none is open while
    # progress is committed), and the selection's transaction ends before the first.
    views = prepare_batch(factory, selection, as_of)

    def progress(done: int, total: int) -> None:
        with transaction(factory) as session:
            _renew(session, batch_id, claim, done=done, total=total)

    with tempfile.TemporaryDirectory(prefix="recruiter-kit-batch-") as folder:
        target = Target(Path(folder) / "handouts.pdf", OutputKind.FILE, Format.PDF)
        result = render_batch(
            views, target, source=TemplateSource.from_option(None), progress=progress
        )
        pdf = target.path.read_bytes() if target.path.exists() else None
    return pdf, [failure.message for failure in result.failures]


def _finish(
    factory: sessionmaker[Session],
    batch_id: int,
    claim: str,
    state: BatchState,
    *,
    pdf: bytes | None = None,
    failures: list[str] | None = None,
    error: str | None = None,
) -> None:
    with transaction(factory) as session:
        # Only this run's own claim: a run restarted elsewhere meanwhile owns the batch now.
        session.execute(
            update(HandoutBatch)
            .where(HandoutBatch.id == batch_id, HandoutBatch.claim == claim)
            .values(
                state=state.value,
                pdf=pdf,
                failures=json.dumps(failures or []),
                error=error,
                finished_at=utcnow(),
                lease_until=None,
            )
        )


def list_batches(session: Session, created_by: str | None, now: datetime) -> list[BatchSummary]:
    """The most recent batches, newest first: `created_by`'s only, or everyone's (None)."""
    query = select(HandoutBatch).order_by(HandoutBatch.id.desc()).limit(RECENT_BATCHES)
    if created_by is not None:
        query = query.where(HandoutBatch.created_by == created_by)
    return [_summary(batch, now) for batch in session.scalars(query)]


def batch_pdf(session: Session, batch_id: int, created_by: str | None) -> bytes:
    """The PDF of a finished batch (`created_by`'s own unless None)."""
    # The PDF in the same read as the row: read apart, a batch deleted or expired in between
    # would fail the download with a traceback, or say "no PDF (yet)" instead of "expired".
    batch = _find(session, batch_id, created_by, undefer(HandoutBatch.pdf))
    if batch.state == BatchState.EXPIRED.value:
        raise BatchExpiredError(
            f"handout batch {batch_id} has expired: its PDF was deleted after the days finished "
            "batches are kept. Start a new batch to print these handouts again."
        )
    if batch.pdf is None:
        raise NotFoundError(f"handout batch {batch_id} has no PDF (yet)")
    return batch.pdf


def _find(
    session: Session, batch_id: int, created_by: str | None, *options: ORMOption
) -> HandoutBatch:
    batch = session.get(HandoutBatch, batch_id, options=options)
    if batch is None or (created_by is not None and batch.created_by != created_by):
        raise NotFoundError(f"no handout batch {batch_id}")
    return batch


def _summary(batch: HandoutBatch, now: datetime) -> BatchSummary:
    selection = json.loads(batch.selection)
    state, error = BatchState(batch.state), batch.error
    # No lease at all: running since before leases existed (migration 0007), never renewed.
    if state is BatchState.RUNNING and (batch.lease_until is None or batch.lease_until < now):
        state, error = BatchState.FAILED, WORKER_STOPPED
    stuck = state is BatchState.QUEUED and batch.created_at < now - NOT_TAKEN
    if stuck:
        error = NOBODY_TOOK_IT
    return BatchSummary(
        id=batch.id,
        created_by=batch.created_by,
        created_at=batch.created_at,
        state=state,
        done=batch.done,
        total=batch.total,
        failures=tuple(json.loads(batch.failures)),
        error=error,
        finished_at=batch.finished_at,
        description=_describe(selection),
        can_start_again=stuck or state is BatchState.FAILED,
    )


def _describe(selection: dict[str, object]) -> str:
    parts = []
    if selection.get("statuses"):
        parts.append("status " + ", ".join(selection["statuses"]))  # type: ignore[arg-type]
    if selection.get("interviewed_on"):
        parts.append(f"interviewed on {selection['interviewed_on']}")
    if selection.get("recruiter"):
        parts.append(f"recruiter {selection['recruiter']}")
    if selection.get("all_active"):
        parts.append("every open interview")
    return "; ".join(parts) or "everything"


def _selection_to_dict(selection: HandoutSelection) -> dict[str, object]:
    return {
        "statuses": sorted(status.value for status in selection.statuses),
        "recruiter": selection.recruiter,
        "interviewed_on": selection.interviewed_on.isoformat()
        if selection.interviewed_on
        else None,
        "all_active": selection.all_active,
    }


def _selection_from_dict(data: dict[str, object]) -> HandoutSelection:
    day = data.get("interviewed_on")
    return HandoutSelection(
        statuses=frozenset(Status(value) for value in data.get("statuses") or ()),  # type: ignore[attr-defined]
        recruiter=data.get("recruiter"),  # type: ignore[arg-type]
        interviewed_on=date.fromisoformat(day) if isinstance(day, str) else None,
        all_active=bool(data.get("all_active")),
    )
