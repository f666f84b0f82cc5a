"""`recruiter-kit import` and `recruiter-kit export`: the recruiter-kit/1 format and CSV."""

from __future__ import annotations

import io
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

import click

from recruiter_kit.db import analyze
from recruiter_kit.files import atomic_output
from recruiter_kit.services import csv_io, interchange

from .context import AppContext
from .output import progress_reporter, terminal_text

# Records an import must create for the planner's statistics to be refreshed after it, as
# `demo` does: SQLite never gathers them itself, and PostgreSQL's autovacuum may be off.
ANALYZE_AFTER = 1000


@click.command("import", short_help="Import recruiter-kit/1 JSON or a CSV table.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--apply-policy",
    is_flag=True,
    help="Also apply the policy settings stored in a JSON file.",
)
@click.option(
    "--encoding",
    metavar="NAME",
    help="The file's encoding when it is not UTF-8 or UTF-16, e.g. cp1252 (Excel on Windows).",
)
@click.pass_obj
def import_command(app: AppContext, file: Path, apply_policy: bool, encoding: str | None) -> None:
    """Import a recruiter-kit/1 JSON file, or a CSV of candidates, interviews or
    communications (the columns `export --format csv` writes; the header tells which).

    Records are matched by ref: importing the same file twice changes nothing.
    A file with any invalid record is rejected whole and nothing is written.
    Files are read as UTF-8 (with or without a byte-order mark) or UTF-16 (with one).

    \b
    Example:
      recruiter-kit import agency.json
      recruiter-kit import candidates.csv
      recruiter-kit import --encoding cp1252 interviews.csv
    """
    is_csv = file.suffix.lower() == ".csv"
    with ExitStack() as stack:
        data = file.read_bytes()
        session = stack.enter_context(app.session())
        if is_csv:
            summary = csv_io.import_csv(
                session, io.BytesIO(data), changed_by=app.actor, encoding=encoding
            )
        else:
            document = interchange.load_document(data, encoding=encoding)
            total = len(document.get("candidates") or [])
            bar = stack.enter_context(progress_reporter("Importing", total))
            summary = interchange.import_document(
                session,
                document,
                changed_by=app.actor,
                apply_policy=apply_policy,
                progress=bar.update,
            )
    if summary.created >= ANALYZE_AFTER:
        analyze(app.engine)  # a bulk load: the planner's statistics no longer fit the tables
    click.echo(f"Imported {terminal_text(file.name)}: {summary}")


@click.command("export", short_help="Export everything as JSON, or a table as CSV.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="recruiter-kit/1 JSON (everything), or CSV (one table).",
)
@click.option(
    "--table",
    type=click.Choice(list(csv_io.TABLES)),
    default="candidates",
    show_default=True,
    help="With --format csv: which table to write.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@click.option("--exclude-archived", is_flag=True, help="Leave archived candidates out.")
@click.pass_obj
def export_command(
    app: AppContext,
    output_format: str,
    table: str,
    output: Path | None,
    exclude_archived: bool,
) -> None:
    """Export the agency's data (to standard output unless --output is given).

    An --output file is replaced only once the export is complete: if the export
    fails or is interrupted, the previous file is left as it was.

    \b
    Example:
      recruiter-kit export --output agency.json
      recruiter-kit export --format csv --table interviews --output interviews.csv
    """
    with ExitStack() as stack:
        session = stack.enter_context(app.session())
        stream: IO[Any] = (
            stack.enter_context(atomic_output(output, encoding="utf-8", newline=""))
            if output
            else sys.stdout
        )
        include_archived = not exclude_archived
        if output_format == "json":
            from recruiter_kit.services.candidates import count_candidates

            total = count_candidates(session, include_archived=include_archived)
            bar = stack.enter_context(progress_reporter("Exporting", total))
            document = interchange.export_document(
                session, include_archived=include_archived, progress=bar.update
            )
            interchange.dump_document(document, stream)
        else:
            csv_io.export_csv(session, stream, table, include_archived=include_archived)
    if output:
        click.echo(f"Wrote {terminal_text(output)}", err=True)
