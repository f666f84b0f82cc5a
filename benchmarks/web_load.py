"""Load the web admin with concurrent signed-in users and report latency percentiles.

Bounded: each user makes a fixed number of requests. Run against a server started with
`recruiter-kit serve` (loopback only), for example:

    python benchmarks/web_load.py --url http://127.0.0.1:8000 --users 10 --rounds 20 \\
        --email demo-admin@agency.example --password try-the-demo-2026
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict

PAGES = (
    ("dashboard", "/"),
    ("candidates", "/candidates"),
    ("candidates, search", "/candidates?q=son"),
    ("candidates, stage + status", "/candidates?stage=interviewing&status=overdue&sort=status"),
    ("candidates, page 5", "/candidates?page=5"),
    ("candidate page", "/candidates/{ref}"),
)
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=20, help="times each user visits each page")
    parser.add_argument(
        "--email", action="append", required=True, help="an account (repeat: users take turns)"
    )
    parser.add_argument("--password", required=True)
    options = parser.parse_args()

    refs: dict[str, list[str]] = {}
    for email in set(options.email):  # the candidates each account may open
        probe = Browser(options.url)
        probe.sign_in(email, options.password)
        _, listing = probe.request("/candidates?page=2")
        refs[email] = re.findall(r'href="/candidates/(C-\d+)"', listing)
        assert refs[email], f"no candidates listed for {email}"

    timings: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    lock = threading.Lock()

    def user(seed: int) -> None:
        rng = random.Random(seed)
        email = options.email[seed % len(options.email)]
        browser = Browser(options.url)
        browser.sign_in(email, options.password)
        for _ in range(options.rounds):
            for name, path in PAGES:
                url = path.format(ref=rng.choice(refs[email]))
                started = time.perf_counter()
                status, _ = browser.request(url)
                elapsed = time.perf_counter() - started
                with lock:
                    timings[name].append(elapsed)
                    if status != 200:
                        failures.append(f"{url}: {status}")

    threads = [threading.Thread(target=user, args=(seed,)) for seed in range(options.users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    total = sum(len(values) for values in timings.values())
    print(f"{options.users} users, {total} requests in {wall:.1f} s ({total / wall:.0f}/s)")
    print(f"{'page':<28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, _ in PAGES:
        values = sorted(timings[name])
        p95 = values[max(0, int(len(values) * 0.95) - 1)]
        print(
            f"{name:<28} {statistics.median(values) * 1000:8.0f} {p95 * 1000:8.0f} "
            f"{values[-1] * 1000:8.0f}"
        )
    if failures:
        print(f"{len(failures)} failed requests, e.g. {failures[:3]}")


if __name__ == "__main__":
    main()
