"""Benchmark: `report --format json` and `import` over a large demo agency.

    python benchmarks/bench.py --candidates 20000 --runs 5
    python benchmarks/bench.py --database-url postgresql://postgres@127.0.0.1/bench

It builds the demo document once, imports it into an empty database (timed), exports it
and imports that export into a second empty database (timed), then runs the real
command line `recruiter-kit report --format json` several times (wall time, including
interpreter start-up) and prints medians. It also counts the SQL statements one report
issues at two sizes, to show the count does not grow with the number of candidates, and
times `recruiter-kit import` of a file of 10 candidates into the large database (against
start-up alone, in the same run).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, event, text

from recruiter_kit.db import create_db_engine, session_factory, transaction, upgrade
from recruiter_kit.services.demo import generate_demo_document
from recruiter_kit.services.interchange import export_document, import_document
from recruiter_kit.services.reports import build_report

AS_OF = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def fresh_engine(url: str | None, directory: Path, name: str) -> Engine:
    """An empty, migrated database: a new SQLite file, or a wiped PostgreSQL schema."""
    if url is None:
        engine = create_db_engine(f"sqlite:///{directory / name}.sqlite")
    else:
        engine = create_db_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(engine)
    return engine


def timed_import(engine: Engine, document: dict) -> float:
    """Seconds to import `document` in one transaction."""
    started = time.perf_counter()
    with transaction(session_factory(engine)) as session:
        import_document(session, document)
    return time.perf_counter() - started


def count_report_queries(engine: Engine) -> int:
    """SQL statements issued by one report."""
    statements = 0

    def count(*_: object) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", count)
    with session_factory(engine)() as session:
        build_report(session, AS_OF)
    event.remove(engine, "before_cursor_execute", count)
    return statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="PostgreSQL URL (default: SQLite files)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        started = time.perf_counter()
        document = generate_demo_document(args.candidates, seed=1, as_of=AS_OF)
        generated = time.perf_counter() - started
        interviews = sum(len(c["interviews"]) for c in document["candidates"])
        communications = sum(
            len(i["communications"]) for c in document["candidates"] for i in c["interviews"]
        )
        print(
            f"data: {args.candidates} candidates, {interviews} interviews, "
            f"{communications} communications (generated in {generated:.1f} s)"
        )

        engine = fresh_engine(args.database_url, directory, "first")
        print(f"import (demo document): {timed_import(engine, document):.1f} s")
        with session_factory(engine)() as session:
            exported = export_document(session)
        engine.dispose()

        engine = fresh_engine(args.database_url, directory, "second")
        print(f"import (exported file): {timed_import(engine, exported):.1f} s")
        url = args.database_url or str(engine.url)

        small = fresh_engine(args.database_url, directory, "small")
        with transaction(session_factory(small)) as session:
            import_document(session, generate_demo_document(200, seed=1, as_of=AS_OF))
        small_count = count_report_queries(small)
        small.dispose()
        if args.database_url:  # one PostgreSQL database: put the big data set back
            engine.dispose()
            engine = fresh_engine(args.database_url, directory, "second")
            timed_import(engine, exported)
        print(
            f"SQL statements per report: {small_count} at 200 candidates, "
            f"{count_report_queries(engine)} at {args.candidates}"
        )

        command = [
            sys.executable,
            "-m",
            "recruiter_kit",
            "--database-url",
            url,
            "report",
            "--format",
            "json",
            "--as-of",
            AS_OF.isoformat(),
        ]
        # Start-up alone (`--version`) in the same run: the ratio is robust to machine noise.
        baseline = [sys.executable, "-m", "recruiter_kit", "--version"]
        walls, starts = [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run(baseline, capture_output=True, check=True)
            starts.append(time.perf_counter() - started)
            started = time.perf_counter()
            run = subprocess.run(command, capture_output=True, check=True)
            walls.append(time.perf_counter() - started)
        rows = len(json.loads(run.stdout)["interviews"])
        median, start = statistics.median(walls), statistics.median(starts)
        print(
            f"report --format json: {rows} interviews, median {median:.2f} s wall over "
            f"{args.runs} runs (min {min(walls):.2f}, max {max(walls):.2f}); start-up alone "
            f"{start:.2f} s, so the report costs {median / start:.1f}x start-up"
        )
        small_import(url, exported, directory, args.runs, baseline)
        engine.dispose()


def small_import(url: str, exported: dict, directory: Path, runs: int, baseline: list[str]) -> None:
    """Time `recruiter-kit import` of 10 candidates (8 known, edited; 2 new) into `url`."""
    chosen = [dict(candidate) for candidate in exported["candidates"][:8]]
    for candidate in chosen:
        candidate["notes"] = "edited by the small-import benchmark"
    for number in (1, 2):
        chosen.append({"ref": f"BENCH-{number}", "name": f"Bench Candidate {number}"})
    path = directory / "small.json"
    path.write_text(json.dumps({"format": exported["format"], "candidates": chosen}))
    command = [sys.executable, "-m", "recruiter_kit", "--database-url", url, "import", str(path)]
    walls, starts = [], []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(baseline, capture_output=True, check=True)
        starts.append(time.perf_counter() - started)
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        walls.append(time.perf_counter() - started)
    median, start = statistics.median(walls), statistics.median(starts)
    print(
        f"import of 10 candidates into the large database: median {median:.2f} s wall over "
        f"{runs} runs (min {min(walls):.2f}, max {max(walls):.2f}); start-up alone "
        f"{start:.2f} s, so {median - start:.2f} s beyond start-up"
    )


if __name__ == "__main__":
    main()
