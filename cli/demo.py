"""`recruiter-kit demo`: a realistic synthetic agency to try things on."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from recruiter_kit.db import analyze
from recruiter_kit.services.demo import MAX_CANDIDATES, load_demo, remove_demo

from .context import AppContext
from .output import progress_reporter
from .params import MOMENT


@click.command("demo", short_help="Load a reproducible demo agency.")
@click.option(
    "--candidates",
    "count",
    type=click.IntRange(min=1, max=MAX_CANDIDATES),
    default=200,
    show_default=True,
    help="How many candidates to create.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same data.")
@click.option(
    "--as-of",
    type=MOMENT,
    help="Make the data current as of this moment (default: now).",
)
@click.option(
    "--remove",
    is_flag=True,
    help="Delete the demo's candidates (with their interviews and follow-ups) and nothing else.",
)
@click.pass_obj
def demo(app: AppContext, count: int, seed: int, as_of: datetime | None, remove: bool) -> None:
    """Fill the database with reproducible synthetic candidates, interviews and follow-ups.

    Running it again replaces the earlier demo data with a fresh copy (as of now, unless
    --as-of is given). It refuses a database that holds candidates of your own: give the
    demo a database of its own (`make run` uses demo.sqlite in the repository). --remove
    deletes only the demo's candidates; recruiter accounts and employers stay.

    \b
    Example:
      recruiter-kit --database-url sqlite:///demo.sqlite demo --candidates 200
      recruiter-kit --database-url sqlite:///big.sqlite demo --candidates 20000 --seed 7
      recruiter-kit demo --remove
    """
    if remove:
        with app.session() as session:
            removed = remove_demo(session)
        click.echo(f"Demo data removed: {removed} candidate(s), with their interviews.")
        return
    app.allow_new_database()
    with app.session() as session, progress_reporter("Creating demo data", count) as bar:
        summary = load_demo(
            session, count, seed=seed, as_of=as_of or datetime.now(UTC), progress=bar.update
        )
    analyze(app.engine)  # the tables went from empty (or the last demo's size) to `count`
    click.echo(f"Demo data loaded: {summary}")
