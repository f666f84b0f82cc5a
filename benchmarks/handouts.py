"""Benchmark: `recruiter-kit handouts` against the naive loop, on the same demo interviews.

    python benchmarks/handouts.py --handouts 500 --runs 3
    python benchmarks/handouts.py --handouts 2000 --runs 1 --skip-naive   # memory at scale
    python benchmarks/handouts.py --handouts 4000 --runs 1 --skip-naive --only combined

It loads the demo agency into a SQLite file, picks the first N interviews (by ref), and
then, in each run and on the same N interviews:

- the naive loop: for each interview, `HTML(string=...).write_pdf()` of the handout's HTML
  (stylesheet inline) to its own file, in one process; only this loop is timed (not the
  database work nor the templates), which flatters the baseline;
- the real command line, `recruiter-kit handouts --interview ... --output all.pdf` (one
  combined PDF) and `--output dir/` (one file per interview), timed from the outside:
  interpreter start-up, database, templates, workers and writing included.

It prints pages per second of each, the ratios to the naive loop, and the peak memory of
each command (the sum of the proportional set size, PSS, of the command and all its
worker processes, sampled every 50 ms), with the medians over the runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from recruiter_kit.db import create_db_engine, session_factory, transaction, upgrade
from recruiter_kit.handouts import HandoutSelection, HandoutView, TemplateSource, prepare
from recruiter_kit.handouts.pdf import AssetFetcher
from recruiter_kit.handouts.templating import Templates
from recruiter_kit.models import Interview
from recruiter_kit.services.demo import generate_demo_document
from recruiter_kit.services.interchange import import_document

AS_OF = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
INTERVIEWS_PER_CANDIDATE = 1.8  # about, in the demo data


def load_agency(path: Path, handouts: int) -> tuple[str, list[str]]:
    """A demo agency with at least `handouts` interviews; its URL and the first refs."""
    url = f"sqlite:///{path}"
    engine = create_db_engine(url)
    upgrade(engine)
    candidates = int(handouts / INTERVIEWS_PER_CANDIDATE) + 50
    with transaction(session_factory(engine)) as session:
        import_document(session, generate_demo_document(candidates, seed=1, as_of=AS_OF))
    with session_factory(engine)() as session:
        refs = list(session.scalars(select(Interview.ref).order_by(Interview.ref).limit(handouts)))
    engine.dispose()
    if len(refs) < handouts:
        raise SystemExit(f"the demo agency has only {len(refs)} interviews")
    return url, refs


def naive_loop(url: str, refs: list[str], folder: Path) -> tuple[int, float, float]:
    """(pages, wall seconds, CPU seconds) of `HTML(string=...).write_pdf()` per interview."""
    from weasyprint import HTML

    engine = create_db_engine(url)
    with session_factory(engine)() as session:
        views = prepare(session, HandoutSelection(interviews=tuple(refs)), AS_OF)
    engine.dispose()
    source = TemplateSource()
    templates, fetcher = Templates(source), AssetFetcher(source)
    pages = [
        templates.html(view, inline_stylesheet=True)
        for view in views
        if isinstance(view, HandoutView)
    ]
    folder.mkdir()
    count = 0
    started, cpu = time.perf_counter(), time.process_time()
    for number, html in enumerate(pages):
        document = HTML(string=html, url_fetcher=fetcher).render()
        count += len(document.pages)
        document.write_pdf(folder / f"{number}.pdf")
    return count, time.perf_counter() - started, time.process_time() - cpu


def pss_of_tree(root: int) -> int:
    """Proportional set size, in bytes, of `root` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return total


def run_command(url: str, refs: list[str], output: Path | str) -> tuple[float, float, int, str]:
    """(wall seconds, CPU seconds, peak PSS bytes, summary line) of the real command; CPU
    time and memory count the command and all its worker processes."""
    command = [sys.executable, "-m", "recruiter_kit", "--database-url", url, "handouts"]
    for ref in refs:
        command += ["--interview", ref]
    command += ["--as-of", AS_OF.isoformat(), "--output", str(output)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, pss_of_tree(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"recruiter-kit handouts failed: {stderr}")
    return seconds, cpu, peak, stdout.strip()


def load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handouts", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-naive", action="store_true", help="only the command (memory)")
    parser.add_argument(
        "--only", choices=["combined", "per file"], help="run the command with one output only"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url, refs = load_agency(folder / "agency.sqlite", args.handouts)
        print(f"{len(refs)} demo interviews, as of {AS_OF.isoformat()}; {os.cpu_count()} CPUs")
        results: dict[str, list[float]] = {}
        for run in range(1, args.runs + 1):
            print(f"run {run}: {load()}")
            naive_rate = naive_cpu = None
            if not args.skip_naive:
                pages, seconds, cpu = naive_loop(url, refs, folder / f"naive-{run}")
                naive_rate, naive_cpu = pages / seconds, 1000 * cpu / pages
                results.setdefault("naive pages/s", []).append(naive_rate)
                results.setdefault("naive CPU ms/page", []).append(naive_cpu)
                print(
                    f"  naive loop: {pages} pages in {seconds:.1f} s = {naive_rate:.1f} pages/s; "
                    f"CPU {naive_cpu:.0f} ms/page"
                )
            for label, output in [
                ("combined", folder / f"all-{run}.pdf"),
                ("per file", f"{folder}/files-{run}/"),
            ]:
                if args.only and label != args.only:
                    continue
                seconds, cpu, peak, summary = run_command(url, refs, output)
                pages = int(summary.split(" pages")[0].rsplit(" ", 1)[1])
                rate, cpu_per_page = pages / seconds, 1000 * cpu / pages
                results.setdefault(f"{label} pages/s", []).append(rate)
                results.setdefault(f"{label} CPU ms/page", []).append(cpu_per_page)
                results.setdefault(f"{label} peak MB", []).append(peak / 2**20)
                ratio = ""
                if naive_rate and naive_cpu:
                    results.setdefault(f"{label} ratio", []).append(rate / naive_rate)
                    results.setdefault(f"{label} CPU ratio", []).append(naive_cpu / cpu_per_page)
                    ratio = (
                        f" = {rate / naive_rate:.1f}x naive; CPU {cpu_per_page:.0f} ms/page "
                        f"({naive_cpu / cpu_per_page:.1f}x less)"
                    )
                print(
                    f"  handouts --output {label}: {pages} pages in {seconds:.1f} s wall = "
                    f"{rate:.1f} pages/s{ratio}; peak memory {peak / 2**20:.0f} MB (PSS, all "
                    f"processes)"
                )
        print(f"medians over {args.runs} runs ({load()} at the end):")
        for name, values in results.items():
            each = ", ".join(f"{value:.1f}" for value in values)
            print(f"  {name}: {statistics.median(values):.1f}  ({each})")


if __name__ == "__main__":
    main()
