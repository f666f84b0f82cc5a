"""Benchmark: the CPU time of importing and exporting the demo document, across checkouts.

    python benchmarks/interchange.py --candidates 20000 --rounds 3 \
        --python /path/to/old/venv/bin/python --python .venv/bin/python

It writes the demo document (seed 1, as of 2026-11-20 15:00 UTC) to a file once, then, in
each round, runs every interpreter in turn (each imports its own checkout of
recruiter-kit): the child imports the file into an empty SQLite database in one
transaction, then exports it, and reports the CPU time (user + system) and wall time of
each step. Alternating the versions within a round lets machine load fall on all alike;
the medians and the CPU ratio to the first interpreter are printed with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

AS_OF = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
STEPS = ("import", "export")


def child(document_path: Path, database: Path) -> None:
    """Import `document_path` into a new SQLite file and export it; print the timings."""
    from recruiter_kit.db import create_db_engine, session_factory, transaction, upgrade
    from recruiter_kit.services.interchange import export_document, import_document

    document = json.loads(document_path.read_bytes())
    engine = create_db_engine(f"sqlite:///{database}")
    upgrade(engine)
    timings: dict[str, tuple[float, float]] = {}
    for step in STEPS:
        cpu, wall = time.process_time(), time.perf_counter()
        with transaction(session_factory(engine)) as session:
            if step == "import":
                import_document(session, document)
            else:
                export_document(session)
        timings[step] = (time.process_time() - cpu, time.perf_counter() - wall)
    engine.dispose()
    print(json.dumps(timings))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--python",
        action="append",
        default=[],
        help="an interpreter whose environment has the checkout to time (repeat; the "
        "first is the reference). Default: this interpreter.",
    )
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    from recruiter_kit.services.demo import generate_demo_document

    pythons = args.python or [sys.executable]
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        document_path = directory / "demo.json"
        document = generate_demo_document(args.candidates, seed=1, as_of=AS_OF)
        document_path.write_text(json.dumps(document))
        results: dict[str, dict[str, list[tuple[float, float]]]] = {
            python: {step: [] for step in STEPS} for python in pythons
        }
        loads: list[float] = []
        for round_number in range(args.rounds):
            for python in pythons:
                database = directory / f"round{round_number}.sqlite"
                output = subprocess.run(
                    [python, __file__, "--child", str(document_path), str(database)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                database.unlink()
                for step, timing in json.loads(output.splitlines()[-1]).items():
                    results[python][step].append(tuple(timing))
                loads.append(os.getloadavg()[0])
                print(f"round {round_number + 1}, {python}: {output.strip()}", flush=True)
    reference = results[pythons[0]]
    print(f"load average (1 min) during the runs: {min(loads):.1f}-{max(loads):.1f}")
    for python in pythons:
        for step in STEPS:
            cpus = [cpu for cpu, _wall in results[python][step]]
            walls = [wall for _cpu, wall in results[python][step]]
            ratio = statistics.median(cpus) / statistics.median(
                [cpu for cpu, _wall in reference[step]]
            )
            print(
                f"{python} {step}: CPU {statistics.median(cpus):.2f} s "
                f"({min(cpus):.2f}-{max(cpus):.2f}), {ratio:.2f}x the first; "
                f"wall {statistics.median(walls):.2f} s ({min(walls):.2f}-{max(walls):.2f})"
            )


if __name__ == "__main__":
    main()
