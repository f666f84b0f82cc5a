"""The task queue (Huey): SQLite storage by default, Redis when REDIS_URL is set.

The web admin enqueues work (batches of handouts) and returns at once; a consumer
(`recruiter-kit worker`, or the one `recruiter-kit serve` starts) runs it. Tasks carry
only a database URL and a record id: their state lives in the database, so every web
process and machine sees it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from huey import Huey, RedisHuey, SqliteHuey

from recruiter_kit.config import APP_NAME

REDIS_URL_ENV = "REDIS_URL"
QUEUE_PATH_ENV = "RECRUITER_KIT_QUEUE_PATH"
QUEUE_NAME_ENV = "RECRUITER_KIT_QUEUE_NAME"


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
    handout_batch: Any  # calling it enqueues (database_url, batch_id)

    def enqueue_handout_batch(self, database_url: str, batch_id: int) -> None:
        """Ask a consumer to print the batch `batch_id` of the database at `database_url`."""
        self.handout_batch(database_url, batch_id)

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
    redis_url: str | None = None, path: Path | None = None, name: str | None = None
) -> Queue:
    """A queue on Redis (`redis_url`, else $REDIS_URL) or on a SQLite file, with the
    recruiter-kit tasks registered.

    `name` (else $RECRUITER_KIT_QUEUE_NAME, else "recruiter-kit") names the queue's Redis
    keys: installations, or test runs, sharing one Redis keep apart by using different names.
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
    return Queue(huey, huey.task(name="handout_batch", retries=0)(_handout_batch))


def _handout_batch(database_url: str, batch_id: int) -> None:
    from recruiter_kit.handouts.jobs import run_batch

    run_batch(database_url, batch_id)
