"""Batches of handouts printed in the background: what was asked, progress, the result."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from recruiter_kit.models.base import Base, UTCDateTime, utcnow


class HandoutBatch(Base):
    """One batch: queued by a person, run by a queue consumer, its PDF kept for download.

    The PDF is kept in the database so every web process and worker machine sees it.
    The queued task carries only the id and `token`: a consumer whose database holds no
    batch with both is on another installation's queue and leaves the task alone. The
    consumer running it renews `lease_until` while it renders; a lease long past means
    that consumer died.
    """

    __tablename__ = "handout_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by: Mapped[str] = mapped_column(String(254), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(16), default="queued")
    selection: Mapped[str] = mapped_column(Text)  # JSON: what to print
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of messages
    error: Mapped[str | None] = mapped_column(Text)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    token: Mapped[str | None] = mapped_column(String(32))  # random, names the batch in the queue
    claim: Mapped[str | None] = mapped_column(String(32))  # random, names the run under way
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
