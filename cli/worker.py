"""`recruiter-kit worker`: run queued background work (batches of handouts)."""

from __future__ import annotations

import click

from .context import AppContext


@click.command("worker", short_help="Run background work from the task queue.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Tasks run at the same time (threads).",
)
@click.pass_obj
def worker(app: AppContext, workers: int) -> None:
    """Run batches of handouts queued from the web admin, until interrupted.

    The queue is a SQLite file in your user data directory, or Redis when $REDIS_URL is
    set: with Redis, start workers on as many machines as you like, all on the same
    database. `recruiter-kit serve` starts one itself.

    \b
    Example:
      REDIS_URL=redis://127.0.0.1:6379/0 recruiter-kit worker --workers 2
    """
    from recruiter_kit.queue import create_queue

    with app.session():  # checks the schema before taking work
        pass
    queue = create_queue()
    click.echo(f"recruiter-kit worker: {workers} at a time, on {queue.describe()}")
    queue.run_consumer(workers)
