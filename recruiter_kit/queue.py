"""The task queue (Huey): SQLite storage by default, Redis when REDIS_URL is set.

The web admin enqueues work (batches of handouts) and returns at once; a consumer
(`recruiter-kit worker`, or the one `recruiter-kit serve` starts) runs it. Tasks carry
only a record's id and token, never the database URL (nor its password): the consumer
works on the database of its own configuration, and the state lives there, so every web
process and machine sees it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from huey import Huey, RedisHuey, SqliteHuey, crontab

from recruiter_kit.config import APP_NAME, resolve_database_url

if TYPE_CHECKING:
    from recruiter_kit.handouts.jobs import QueuedBatch

REDIS_URL_ENV = "REDIS_URL"
QUEUE_PATH_ENV = "RECRUITER_KIT_QUEUE_PATH"
QUEUE_NAME_ENV = "RECRUITER_KIT_QUEUE_NAME"
KEEP_DAYS_ENV = "RECRUITER_KIT_BATCH_KEEP_DAYS"
DEFAULT_KEEP_DAYS = 7  # how long a finished batch's PDF stays downloadable


def default_queue_path() -> Path:
    """The SQLite file of the default queue (beside the embedded database)."""
    override = os.environ.get(QUEUE_PATH_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "queue.sqlite"


@dataclass(frozen=True, slots=True)
class Queue:
    """A Huey instance and the recruiter-kit tasks registered on it."""

    huey: Huey
    handout_batch: Any  # calling it enqueues (batch id, batch token)
    expire_batches: Any  # periodic; `.call_local()` runs it here and now

    def enqueue_handout_batch(self, batch: QueuedBatch) -> None:
        """Ask a consumer to print `batch` (of the consumer's own database)."""
        self.handout_batch(batch.id, batch.token)

    def describe(self) -> str:
        """Where the queue lives, for people (no password shown)."""
        storage = self.huey.storage
        if hasattr(storage, "filename"):
            return f"the SQLite queue {storage.filename}"
        return f"the Redis queue {self.huey.name!r}"

    def run_consumer(self, workers: int = 1) -> None:
        """Run tasks as they come, until interrupted (SIGINT or SIGTERM)."""
        self.huey.create_consumer(workers=workers, worker_type="thread").run()


def create_queue(
    redis_url: str | None = None,
    path: Path | None = None,
    name: str | None = None,
    *,
    database_url: str | None = None,
    keep_days: int | None = None,
) -> Queue:
    """A queue on Redis (`redis_url`, else $REDIS_URL) or on a SQLite file, with the
    recruiter-kit tasks registered.

    `name` (else $RECRUITER_KIT_QUEUE_NAME, else "recruiter-kit") names the queue's Redis
    keys: installations, or test runs, sharing one Redis keep apart by using different names.
    A consumer of this queue runs its tasks on `database_url` (else the configured database)
    and, every hour, deletes the PDFs of batches finished more than `keep_days` days ago
    (default 7).
    """
    redis_url = redis_url or os.environ.get(REDIS_URL_ENV)
    name = name or os.environ.get(QUEUE_NAME_ENV) or APP_NAME
    huey: Huey
    if redis_url:
        huey = RedisHuey(name, url=redis_url, results=False)
    else:
        path = path or default_queue_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey(name, filename=str(path), results=False)

    def handout_batch(batch_id: int, token: str) -> None:
        from recruiter_kit.handouts.jobs import run_batch

        run_batch(resolve_database_url(database_url), batch_id, token)

    def expire_batches() -> int:
        return expire_old_batches(resolve_database_url(database_url), keep_days)

    return Queue(
        huey,
        huey.task(name="handout_batch", retries=0)(handout_batch),
        huey.periodic_task(crontab(minute="0"), name="expire_batches")(expire_batches),
    )


def expire_old_batches(database_url: str, keep_days: int | None = None) -> int:
    """Delete the PDFs of batches finished more than `keep_days` days ago (default 7) on
    the database at `database_url`; how many."""
    from recruiter_kit.db import create_db_engine, session_factory, transaction
    from recruiter_kit.handouts.jobs import expire_batches

    engine = create_db_engine(database_url)
    try:
        with transaction(session_factory(engine)) as session:
            days = DEFAULT_KEEP_DAYS if keep_days is None else keep_days
            return expire_batches(session, days, datetime.now(UTC))
    finally:
        engine.dispose()
