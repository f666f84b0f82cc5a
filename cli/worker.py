"""`recruiter-kit worker`: run queued background work (batches of handouts)."""

from __future__ import annotations

import click

from recruiter_kit.queue import (
    DEFAULT_KEEP_DAYS,
    KEEP_DAYS_ENV,
    create_queue,
    expire_old_batches,
)

from .context import AppContext

keep_days_option = click.option(
    "--keep-days",
    type=click.IntRange(min=1),
    default=DEFAULT_KEEP_DAYS,
    show_default=True,
    envvar=KEEP_DAYS_ENV,
    show_envvar=True,
    help="Days a finished batch's PDF stays downloadable; older ones are deleted every hour.",
)


@click.command("worker", short_help="Run background work from the task queue.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Tasks run at the same time (threads).",
)
@keep_days_option
@click.option(
    "--clean-up",
    is_flag=True,
    help="Delete the PDFs of batches older than --keep-days now, and exit.",
)
@click.pass_obj
def worker(app: AppContext, workers: int, keep_days: int, clean_up: bool) -> None:
    """Run batches of handouts queued from the web admin, until interrupted.

    The queue is a SQLite file in your user data directory, or Redis when $REDIS_URL is
    set: with Redis, start workers on as many machines as you like, all on the same
    database. Queued tasks name only a batch: each worker runs them on its own database
    (--database-url or $RECRUITER_KIT_DATABASE_URL). `recruiter-kit serve` starts one itself.

    \b
    Example:
      REDIS_URL=redis://127.0.0.1:6379/0 recruiter-kit worker --workers 2
      recruiter-kit worker --clean-up --keep-days 3
    """
    with app.session():  # checks the schema before taking work
        pass
    expired = expire_old_batches(app.database_url, keep_days)
    if clean_up:
        click.echo(f"Deleted the PDFs of {expired} batch(es) finished over {keep_days} days ago.")
        return
    queue = create_queue(database_url=app.database_url, keep_days=keep_days)
    click.echo(
        f"recruiter-kit worker: {workers} at a time, on {queue.describe()}; "
        f"PDFs kept {keep_days} days"
    )
    queue.run_consumer(workers)
