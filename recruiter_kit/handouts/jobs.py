"""Batches of handouts run in the background: queued from the web admin, run by a queue
consumer, their progress and result kept in the database (a reload or a second browser
sees the same state)."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from recruiter_kit.db import create_db_engine, session_factory, transaction
from recruiter_kit.enums import Status
from recruiter_kit.handouts.batch import Format, OutputKind, Target, render_batch
from recruiter_kit.handouts.selection import HandoutSelection, select_interviews
from recruiter_kit.handouts.templating import TemplateSource
from recruiter_kit.handouts.view import build_views
from recruiter_kit.models.base import utcnow
from recruiter_kit.models.batches import HandoutBatch
from recruiter_kit.services.errors import NotFoundError, RecruiterKitError

RECENT_BATCHES = 20


class BatchState(StrEnum):
    """Where a batch stands."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


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

    @property
    def finished(self) -> bool:
        """True once the batch will change no more."""
        return self.state in (BatchState.DONE, BatchState.FAILED)


def start_batch(
    session: Session, selection: HandoutSelection, created_by: str, as_of: datetime
) -> int:
    """Record a batch for a consumer to run; refuses at once a selection matching nothing."""
    select_interviews(session, selection, as_of)
    batch = HandoutBatch(
        created_by=created_by,
        selection=json.dumps(_selection_to_dict(selection)),
        state=BatchState.QUEUED.value,
    )
    session.add(batch)
    session.flush()
    return batch.id


def run_batch(database_url: str, batch_id: int) -> None:
    """Print the batch (in the consumer): progress is committed as it goes."""
    engine = create_db_engine(database_url)
    factory = session_factory(engine)
    try:
        with transaction(factory) as session:
            # Claimed in one conditional update, so two consumers given the same task
            # (a redelivery) cannot both run it.
            claimed = session.scalar(
                update(HandoutBatch)
                .where(HandoutBatch.id == batch_id, HandoutBatch.state == BatchState.QUEUED.value)
                .values(state=BatchState.RUNNING.value)
                .returning(HandoutBatch.selection)
            )
            if claimed is None:
                return  # gone, or already taken by another consumer
            selection = _selection_from_dict(json.loads(claimed))
        try:
            pdf, failures = _render(factory, batch_id, selection)
        except RecruiterKitError as error:
            _finish(factory, batch_id, BatchState.FAILED, error=str(error))
        except Exception as error:  # the batch must end in a state people can see
            _finish(factory, batch_id, BatchState.FAILED, error=f"unexpected error: {error}")
        else:
            _finish(factory, batch_id, BatchState.DONE, pdf=pdf, failures=failures)
    finally:
        engine.dispose()


def _render(
    factory: sessionmaker[Session], batch_id: int, selection: HandoutSelection
) -> tuple[bytes | None, list[str]]:
    as_of = datetime.now(UTC)
    with factory() as session:
        views = build_views(session, select_interviews(session, selection, as_of), as_of)

    def progress(done: int, total: int) -> None:
        with transaction(factory) as session:
            session.execute(
                update(HandoutBatch)
                .where(HandoutBatch.id == batch_id)
                .values(done=done, total=total)
            )

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
    state: BatchState,
    *,
    pdf: bytes | None = None,
    failures: list[str] | None = None,
    error: str | None = None,
) -> None:
    with transaction(factory) as session:
        session.execute(
            update(HandoutBatch)
            .where(HandoutBatch.id == batch_id)
            .values(
                state=state.value,
                pdf=pdf,
                failures=json.dumps(failures or []),
                error=error,
                finished_at=utcnow(),
            )
        )


def list_batches(session: Session, created_by: str | None) -> list[BatchSummary]:
    """The most recent batches, newest first: `created_by`'s only, or everyone's (None)."""
    query = select(HandoutBatch).order_by(HandoutBatch.id.desc()).limit(RECENT_BATCHES)
    if created_by is not None:
        query = query.where(HandoutBatch.created_by == created_by)
    return [_summary(batch) for batch in session.scalars(query)]


def batch_pdf(session: Session, batch_id: int, created_by: str | None) -> bytes:
    """The PDF of a finished batch (`created_by`'s own unless None)."""
    batch = session.get(HandoutBatch, batch_id)
    if batch is None or (created_by is not None and batch.created_by != created_by):
        raise NotFoundError(f"no handout batch {batch_id}")
    if batch.pdf is None:
        raise NotFoundError(f"handout batch {batch_id} has no PDF (yet)")
    return batch.pdf


def _summary(batch: HandoutBatch) -> BatchSummary:
    selection = json.loads(batch.selection)
    return BatchSummary(
        id=batch.id,
        created_by=batch.created_by,
        created_at=batch.created_at,
        state=BatchState(batch.state),
        done=batch.done,
        total=batch.total,
        failures=tuple(json.loads(batch.failures)),
        error=batch.error,
        finished_at=batch.finished_at,
        description=_describe(selection),
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
