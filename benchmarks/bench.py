"""Benchmark: reports, start-up and `import` over large demo agencies.

    python benchmarks/bench.py --candidates 20000 --runs 5
    python benchmarks/bench.py --database-url postgresql://postgres@127.0.0.1/bench

It builds the demo document once, imports it into an empty database (timed), exports it
and imports that export into a second empty database (timed), and counts the SQL
statements one report issues at two sizes, to show the count does not grow with the
number of candidates. Then it runs the real command line, each command in turn so machine
load affects all alike, and prints medians: the full report (`report --all --format json`,
from the stored verdicts and `--from-scratch`) against a plain script that reads the same
rows with the database driver and dumps them as JSON; the report's peak memory at 200 and
at --candidates candidates; `import` of 10 candidates into the large database; `--help` and
`--version` against a bare interpreter start; and `report` as of now over --large
candidates (demo data as of now: most interviews are settled).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
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

    with transaction(session_factory(engine)) as session:
        build_report(session, AS_OF)  # verdicts stored at import (as of now) now hold for AS_OF
    event.listen(engine, "before_cursor_execute", count)
    with session_factory(engine)() as session:
        build_report(session, AS_OF)
    event.remove(engine, "before_cursor_execute", count)
    return statements


def small_url(database_url: str | None, small: Engine) -> str:
    """The URL of the small database (on PostgreSQL, the one test database)."""
    return database_url or small.url.render_as_string(hide_password=False)


def cli(url: str, *args: str) -> list[str]:
    """The command line of `recruiter-kit --database-url URL ARGS...`."""
    return [sys.executable, "-m", "recruiter_kit", "--database-url", url, *args]


def report_command(url: str, *extra: str, output_format: str = "json") -> list[str]:
    """The full report: every interview, closed ones too, as JSON (or a table, piped)."""
    return cli(
        url, "report", "--all", "--format", output_format, "--as-of", AS_OF.isoformat(), *extra
    )


def byte_compile() -> None:
    """Write the bytecode caches of recruiter-kit's modules, as installing it does.

    `pip install .` compiles every module into the environment; an editable install
    compiles on first import, unless `PYTHONDONTWRITEBYTECODE` is set (some development
    machines set it), and then every command timed here would compile them again first:
    about 0.3 s that no installed copy pays.
    """
    import recruiter_kit
    import recruiter_kit.cli

    for package in (recruiter_kit, recruiter_kit.cli):
        compileall.compile_dir(Path(package.__file__).parent, quiet=1)


def run(command: list[str]) -> tuple[float, int, float]:
    """(seconds of wall time, peak memory in KiB, seconds of CPU time) of one run of `command`.

    GNU time starts the command from its own small process: a child forked straight from
    this one would count this process's memory (the demo document) as its own. The CPU
    time (user + system, from the operating system) is the steadier figure on a busy machine.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    finished = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if finished.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {finished.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, int(finished.stderr.split()[-1]), cpu


def peak_memory(command: list[str]) -> int:
    """Peak memory (KiB) of `command`."""
    return run(command)[1]


def medians(
    commands: dict[str, list[str]], runs: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU times of each command, run in turn `runs` times (so load affects all
    alike)."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            wall, _, cpu = run(command)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return walls, cpus


def describe(walls: list[float]) -> str:
    return f"median {statistics.median(walls):.2f} s (min {min(walls):.2f}, max {max(walls):.2f})"


# Reads the rows the report reads (interviews with candidate, employer and recruiter, and
# their communications) with the database driver alone and writes them as JSON.
PLAIN_SCRIPT = """
import json, sys
url = sys.argv[1]
if url.startswith("sqlite"):
    import sqlite3
    connection = sqlite3.connect(url.split("///", 1)[1])
else:
    import psycopg
    connection = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
interviews = connection.cursor()
interviews.execute(
    "SELECT i.id, c.ref, c.name, c.timezone, u.email, i.ref, i.starts_at, i.ends_at,"
    " i.decision_by, i.timeline_asked, i.contact_preference, i.outcome, i.outcome_at,"
    " e.name, i.position FROM interviews i JOIN candidates c ON c.id = i.candidate_id"
    " JOIN employers e ON e.id = i.employer_id LEFT JOIN users u ON u.id = c.recruiter_id"
    " WHERE NOT c.archived ORDER BY i.ref")
communications = connection.cursor()
communications.execute(
    "SELECT m.interview_id, m.kind, m.at, m.channel, m.arrived_on FROM communications m"
    " JOIN interviews i ON i.id = m.interview_id JOIN candidates c ON c.id = i.candidate_id"
    " WHERE NOT c.archived ORDER BY i.ref, m.at, m.id")
pending = communications.fetchone()
out = sys.stdout
out.write('{"interviews": [')
separator = ""
for row in interviews:
    logged = []
    while pending is not None and pending[0] == row[0]:
        logged.append({"kind": pending[1], "at": str(pending[2]), "channel": pending[3],
                       "arrived_on": None if pending[4] is None else str(pending[4])})
        pending = communications.fetchone()
    out.write(separator + json.dumps({
        "candidate_ref": row[1], "candidate": row[2], "timezone": row[3], "recruiter": row[4],
        "interview_ref": row[5], "starts_at": str(row[6]), "ends_at": str(row[7]),
        "decision_by": str(row[8]), "timeline_asked": bool(row[9]), "contact_preference": row[10],
        "outcome": row[11], "outcome_at": str(row[12]), "company": row[13], "position": row[14],
        "communications": logged}, ensure_ascii=False))
    separator = ", "
out.write("]}\\n")
"""


def full_report(url: str, runs: int, baseline: list[str]) -> None:
    """The full report (stored verdicts, and judged from scratch) against the plain script."""
    run(report_command(url))  # verdicts judged at import now hold for AS_OF
    walls, _ = medians(
        {
            "report": report_command(url),
            "from scratch": report_command(url, "--from-scratch"),
            "plain script": [sys.executable, "-c", PLAIN_SCRIPT, url],
            "start-up": baseline,
        },
        runs,
    )
    plain = statistics.median(walls["plain script"])
    for name in ("report", "from scratch"):
        ratio = statistics.median(walls[name]) / plain
        print(f"report --all --format json ({name}): {describe(walls[name])}, {ratio:.2f}x plain")
    print(f"plain script, read and dump the same rows: {describe(walls['plain script'])}")
    print(f"start-up alone (--version): {describe(walls['start-up'])}")


def startup(runs: int) -> None:
    """`--help` and `--version` against a bare interpreter start, in the same run."""
    walls, _ = medians(
        {
            "--help": [sys.executable, "-m", "recruiter_kit", "--help"],
            "--version": [sys.executable, "-m", "recruiter_kit", "--version"],
            "python -c pass": [sys.executable, "-c", "pass"],
        },
        runs,
    )
    bare = statistics.median(walls["python -c pass"])
    for name, times in walls.items():
        print(f"{name}: {describe(times)}, {statistics.median(times) / bare:.1f}x a bare start")


def settled_history(candidates: int, as_of: datetime) -> dict:
    """Candidates of years past: every interview decided, refs apart from the current ones."""
    history = generate_demo_document(candidates, seed=3, as_of=as_of)
    for candidate in history["candidates"]:
        candidate["ref"] = "H" + candidate["ref"]
        for interview in candidate["interviews"]:
            interview["ref"] = "J" + interview["ref"]
            if interview["outcome"] in ("pending", "rejected"):
                interview["outcome"], interview["outcome_at"] = "withdrawn", None
    return history


def large_agency(
    database_url: str | None, directory: Path, candidates: int, current: float, runs: int
) -> None:
    """`report` as of now over a large agency whose interviews are mostly settled: a share
    `current` of the candidates is the demo as of now, the rest years of decided history."""
    now = datetime.now(UTC)
    active = int(candidates * current)
    document = generate_demo_document(active, seed=2, as_of=now)
    history = settled_history(candidates - active, now - timedelta(days=800))
    document["candidates"] += history["candidates"]
    known = {recruiter["email"] for recruiter in document["recruiters"]}
    document["recruiters"] += [r for r in history["recruiters"] if r["email"] not in known]
    engine = fresh_engine(database_url, directory, "large")
    timed = timed_import(engine, document)
    del document
    url = database_url or engine.url.render_as_string(hide_password=False)
    with session_factory(engine)() as session:
        total = session.scalar(text("SELECT count(*) FROM interviews"))
        settled = session.scalar(
            text("SELECT count(*) FROM interview_assessments WHERE status = 'closed'")
        )
    engine.dispose()
    print(
        f"large agency: {candidates} candidates ({active} active), {total} interviews "
        f"({settled} settled), imported in {timed:.1f} s"
    )
    report_now(url, runs)


def report_now(url: str, runs: int) -> None:
    """`report` (the table, piped) and `report --format json` as of now, against start-up
    alone (`--version`) in the same rounds: wall and CPU time, and the load average."""
    report = cli(url, "report")
    run(report)  # anything that changed since the import is judged once
    load = os.getloadavg()[0]
    walls, cpus = medians(
        {
            "report": report,
            "json": cli(url, "report", "--format", "json"),
            "start-up": [sys.executable, "-m", "recruiter_kit", "--version"],
        },
        runs,
    )
    print(f"load average (1 min) before / after: {load:.2f} / {os.getloadavg()[0]:.2f}")
    for name, title in (
        ("report", "report (table, open interviews, as of now)"),
        ("json", "report --format json (open interviews, as of now)"),
        ("start-up", "start-up alone (--version)"),
    ):
        print(f"{title}: wall {describe(walls[name])}; CPU {describe(cpus[name])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="PostgreSQL URL (default: SQLite files)")
    parser.add_argument(
        "--large", type=int, default=200_000, help="candidates of the large agency (0: skip it)"
    )
    parser.add_argument(
        "--current", type=float, default=0.05, help="share of the large agency that is active"
    )
    parser.add_argument(
        "--report-now-only",
        metavar="URL",
        help="only time `report` as of now over the database at URL (a large agency built "
        "by an earlier run), read-only apart from bringing its verdicts up to date",
    )
    args = parser.parse_args()
    byte_compile()
    if args.report_now_only:
        report_now(args.report_now_only, args.runs)
        return

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
        small_memory = peak_memory(report_command(small_url(args.database_url, small)))
        small_table_memory = peak_memory(
            report_command(small_url(args.database_url, small), output_format="table")
        )
        small.dispose()
        if args.database_url:  # one PostgreSQL database: put the big data set back
            engine.dispose()
            engine = fresh_engine(args.database_url, directory, "second")
            timed_import(engine, exported)
        print(
            f"SQL statements per report: {small_count} at 200 candidates, "
            f"{count_report_queries(engine)} at {args.candidates}"
        )

        # Start-up alone (`--version`) in the same run: the ratio is robust to machine noise.
        baseline = [sys.executable, "-m", "recruiter_kit", "--version"]
        full_report(url, args.runs, baseline)
        memory = peak_memory(report_command(url))
        table_memory = peak_memory(report_command(url, output_format="table"))
        print(
            f"peak memory of report --all --format json: {small_memory / 1024:.0f} MiB at 200 "
            f"candidates, {memory / 1024:.0f} MiB at {args.candidates}; of the table: "
            f"{small_table_memory / 1024:.0f} MiB and {table_memory / 1024:.0f} MiB"
        )
        small_import(url, exported, directory, args.runs, baseline)
        engine.dispose()
        startup(args.runs)
        if args.large:
            large_agency(args.database_url, directory, args.large, args.current, args.runs)


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
