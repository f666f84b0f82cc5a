"""Load the web admin with concurrent signed-in users and report latency percentiles.

Bounded: each user visits each page `--rounds` times. By default users have no think time:
each issues its next request as soon as the previous one answers (the hardest case, the
one the speed target is stated for); `--think` adds a pause between a user's requests.
`--baseline` first runs one user alone, so the concurrent figures can be compared with an
unloaded server in the same session. With `--server-pid` (the pid `recruiter-kit serve`
prints or `pgrep -f` finds), the CPU the server's processes spent per request is reported
too. Run against a server started with `recruiter-kit serve` (loopback only), for example:

    python benchmarks/web_load.py --url http://127.0.0.1:8000 --users 10 --rounds 20 \\
        --email demo-admin@agency.example --password try-the-demo-2026 --baseline
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import resource
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

PAGES = (
    ("dashboard", "/"),
    ("candidates", "/candidates"),
    ("candidates, search", "/candidates?q=son"),
    ("candidates, stage + status", "/candidates?stage=interviewing&status=overdue&sort=status"),
    ("candidates, page 5", "/candidates?page=5"),
    ("candidate page", "/candidates/{ref}"),
)
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_TICKS = os.sysconf("SC_CLK_TCK")


class Browser:
    """Cookies by hand (the session cookie is Secure, which urllib's jar keeps off HTTP)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirect)

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if self.cookies:
            cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            request.add_header("Cookie", cookie)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:  # redirects and errors
            response = error
        for header in response.headers.get_all("Set-Cookie") or ():
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.read().decode()

    def sign_in(self, email: str, password: str) -> None:
        _, page = self.request("/login")
        token = _CSRF.search(page)
        assert token, "no sign-in form"
        status, _ = self.request(
            "/login", {"csrf_token": token.group(1), "email": email, "password": password}
        )
        assert status == 302, f"sign-in failed ({status})"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by `pid` and every process under it."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        fields = text.rpartition(")")[2].split()
        number = int(stat.parent.name)
        parents[number] = int(fields[1])
        times[number] = (int(fields[11]) + int(fields[12])) / _TICKS
    tree, grew = {pid}, True
    while grew:
        children = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= children
        grew = bool(children)
    return sum(times.get(number, 0.0) for number in tree)


def _machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(value) / _TICKS for value in Path("/proc/stat").read_text().split()[1:9]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


@dataclass
class Run:
    """What one load run measured."""

    users: int
    requests: int = 0
    wall: float = 0.0
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)
    server_cpu: float | None = None  # seconds, the server's processes
    client_cpu: float = 0.0  # seconds, this script
    machine_busy: float = 0.0  # share of all cores busy (anything running on the machine)
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after


def run(options: argparse.Namespace, users: int, refs: dict[str, list[str]]) -> Run:
    """`users` signed-in users, each visiting every page `options.rounds` times."""
    result = Run(users)
    lock = threading.Lock()
    browsers = []
    for seed in range(users):  # sign-ins are not timed
        browser = Browser(options.url)
        browser.sign_in(options.email[seed % len(options.email)], options.password)
        browsers.append(browser)

    def user(seed: int) -> None:
        rng = random.Random(seed)
        email = options.email[seed % len(options.email)]
        if options.think:  # users arrive spread over one pause, not all at once
            time.sleep(rng.uniform(0, options.think) / 1000)
        for _ in range(options.rounds):
            for name, path in PAGES:
                if options.think:
                    time.sleep(rng.uniform(0.5, 1.5) * options.think / 1000)
                url = path.format(ref=rng.choice(refs[email]))
                started = time.perf_counter()
                status, _ = browsers[seed].request(url)
                elapsed = time.perf_counter() - started
                with lock:
                    result.timings[name].append(elapsed)
                    if status != 200:
                        result.failures.append(f"{url}: {status}")

    threads = [threading.Thread(target=user, args=(seed,)) for seed in range(users)]
    load_before = os.getloadavg()[0]
    server_before = _process_tree_cpu(options.server_pid) if options.server_pid else None
    client_before = _own_cpu()
    busy_before, total_before = _machine_busy()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall = time.perf_counter() - started
    busy_after, total_after = _machine_busy()
    result.client_cpu = _own_cpu() - client_before
    if server_before is not None:
        result.server_cpu = _process_tree_cpu(options.server_pid) - server_before
    result.machine_busy = (busy_after - busy_before) / max(total_after - total_before, 1e-9)
    result.load = (load_before, os.getloadavg()[0])
    result.requests = sum(len(values) for values in result.timings.values())
    return result


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (`share` in 0..1) of `values`."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


def report(result: Run, think: int) -> None:
    """Print one run: throughput, CPU per request, load, and percentiles per page."""
    pace = f"think time {think} ms (±50%)" if think else "no think time (back-to-back)"
    print(
        f"\n{result.users} user{'s' if result.users != 1 else ''}, {pace}: "
        f"{result.requests} requests in {result.wall:.1f} s, "
        f"{result.requests / result.wall:.1f} requests/s"
    )
    per_request = 1000 / max(result.requests, 1)
    server = (
        "n/a (no --server-pid)"
        if result.server_cpu is None
        else f"{result.server_cpu * per_request:.1f} ms"
    )
    print(
        f"CPU per request: server {server}, this script {result.client_cpu * per_request:.1f} ms; "
        f"machine busy {result.machine_busy:.0%} of {os.cpu_count()} cores; "
        f"load average {result.load[0]:.1f} before, {result.load[1]:.1f} after"
    )
    print(f"{'page':<28} {'n':>4} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}")
    everything: list[float] = []
    for name, _ in PAGES:
        values = result.timings[name]
        everything += values
        _line(name, values)
    _line("all pages", everything)
    if result.failures:
        print(f"{len(result.failures)} failed requests, e.g. {result.failures[:3]}")


def _line(name: str, values: list[float]) -> None:
    figures = [
        statistics.median(values),
        percentile(values, 0.95),
        percentile(values, 0.99),
        max(values),
    ]
    print(f"{name:<28} {len(values):>4} " + " ".join(f"{v * 1000:7.0f}" for v in figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=20, help="times each user visits each page")
    parser.add_argument(
        "--email", action="append", required=True, help="an account (repeat: users take turns)"
    )
    parser.add_argument("--password", required=True)
    parser.add_argument(
        "--think", type=int, default=0, help="mean pause before each request, ms (default 0)"
    )
    parser.add_argument(
        "--baseline", action="store_true", help="first run one user alone, same rounds"
    )
    parser.add_argument("--server-pid", type=int, help="report the CPU this process tree used")
    options = parser.parse_args()

    refs: dict[str, list[str]] = {}
    for email in set(options.email):  # the candidates each account may open
        probe = Browser(options.url)
        probe.sign_in(email, options.password)
        _, listing = probe.request("/candidates?page=2")
        refs[email] = re.findall(r'href="/candidates/(C-\d+)"', listing)
        assert refs[email], f"no candidates listed for {email}"
        for _, path in PAGES:  # warm up: templates compiled, verdicts current
            probe.request(path.format(ref=refs[email][0]))

    if options.baseline:
        report(run(options, 1, refs), options.think)
    report(run(options, options.users, refs), options.think)


if __name__ == "__main__":
    main()
