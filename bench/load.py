"""Requests per second and latency of the register's pages through gunicorn, as production runs it.

Run from the project root against a database that holds a ward (the demo, or a copy of a real one):

    DATABASE_URL=postgres://... .venv/bin/python bench/load.py [--seconds 15] [--connections 8]

It starts gunicorn with deploy/gunicorn.conf.py (3 workers, the connection pool on) on a free
loopback port, signs in as the social-affairs officer (``ldtbxh``, password from
``--password``, the demo's by default), then drives each page with ``wrk`` (Debian's package)
for a bounded time and prints requests/s, p50 and p99. The anchor, measured in the same run, is
``/healthz``: one ``SELECT 1`` through the same stack, the most a page could ever reach here.
Only loopback addresses are used; every run stops by itself.
"""

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ("healthz (anchor)", "/healthz"),
    ("household list p1", "/households/"),
    ("household list, poor", "/households/?status=poor"),
    ("household page", None),  # the first household of the list, found at run time
    ("home", "/"),
]


# As nginx would send them: the app (production settings) then sees an HTTPS request.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_POOL": os.environ.get("DATABASE_POOL", "true"), "GUNICORN_BIND": f"127.0.0.1:{port}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "giamngheo.wsgi", "--config", "deploy/gunicorn.conf.py",
         "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            probe = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers=PROXY_HEADERS)
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not answer /healthz within 30 s: " + server.stderr.read().decode()[-2000:])


class Cookies(urllib.request.HTTPCookieProcessor):
    """Keeps the app's Secure cookies although the loopback hop is plain HTTP."""

    def http_request(self, request):
        for cookie in self.cookiejar:
            cookie.secure = False
        return super().http_request(request)


def sign_in(base: str, username: str, password: str) -> tuple[str, str]:
    """The session cookie of a signed-in officer, and a household page's path."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(Cookies(jar))
    opener.addheaders = list(PROXY_HEADERS.items())
    page = opener.open(f"{base}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    request = urllib.request.Request(
        f"{base}/login/", data=data.encode(), headers={"Referer": f"https://{base.split('//')[1]}/login/"}
    )
    opener.open(request).read()
    session = next((c.value for c in jar if c.name == "sessionid"), None)
    if not session:
        raise SystemExit(f"could not sign in as {username}")
    listing = opener.open(f"{base}/households/").read().decode()
    household = re.search(r'href="(/households/[A-Za-z0-9._-]+/)"', listing)
    return session, household.group(1) if household else "/households/"


def wrk(url: str, cookie: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
         "-H", f"Cookie: sessionid={cookie}", *[arg for name, value in PROXY_HEADERS.items()
                                                 for arg in ("-H", f"{name}: {value}")], url],
        capture_output=True, text=True, timeout=seconds + 30, check=True,
    ).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rate": rate,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15, help="per page (default 15)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (default 8)")
    parser.add_argument("--username", default="ldtbxh")
    parser.add_argument("--password", default="demo-giamngheo-2023")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("set DATABASE_URL to the PostgreSQL database to measure")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(port)
    try:
        cookie, household = sign_in(base, args.username, args.password)
        print(f"gunicorn, deploy/gunicorn.conf.py, {os.cpu_count()} cores; wrk -t2 -c{args.connections} "
              f"-d{args.seconds}s per page, signed in as {args.username}")  # fmt: skip
        print(f"{'page':28} {'req/s':>8} {'p50':>9} {'p99':>9} {'non-2xx':>8}")
        for label, path in PAGES:
            result = wrk(base + (path or household), cookie, args.seconds, args.connections)
            print(f"{label:28} {result['rate']:8.1f} {result['p50']:>9} {result['p99']:>9} {result['errors']:8d}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
