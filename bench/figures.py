"""The annual report's figures and the home page at province scale, each beside a hand-written SQL.

Run from the project root on the million-household ward (bench/build_ward.py) or its split copy
(bench/province.py):

    .venv/bin/python bench/figures.py                                   # giamngheo_bench_1m, one commune
    .venv/bin/python bench/figures.py --database-url postgres://postgres@127.0.0.1:5432/giamngheo_bench_province
    .venv/bin/python bench/figures.py --wrk                             # + wrk on the list page (gunicorn)

For each scope (the first commune, and the province when there are several) it times, cold (the
cache emptied before each run) and warm (cached, as every request after the first of the day):
`indicators.compute` beside ANCHOR_SQL, one aggregate over the same decisions giving the same main
figures, and checks the two agree; then, as the commune's social-affairs officer, the draft
report's page, Excel and PDF and the home page. It only reads (a draft report is created if the
commune has none for the year).
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import province  # its commune officer
import registry_pages  # the database and Django set-up are that bench's
from list_depth import median_ms

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/giamngheo_bench_1m"

# The households of the scope, their status on the eve of the period and on its last day (the
# decision in force: latest effective date, then latest id), the latest escape by the end, and the
# transitions of the period; the people on the register on the last day.
ANCHOR_SQL = """
WITH hh AS (
    SELECT h.id, h.entered_on, h.left_on FROM households_household h
    JOIN giamngheo_residentialgroup g ON g.id = h.residential_group_id
    WHERE %(all)s OR g.unit_id = ANY(%(units)s)
), d AS (
    SELECT d.household_id, d.effective_on, d.id, d.status, d.previous_status, d.ever_poor_before
    FROM households_statusdecision d JOIN hh ON hh.id = d.household_id WHERE d.effective_on <= %(end)s
), eve AS (
    SELECT DISTINCT ON (household_id) household_id, status FROM d WHERE effective_on <= %(eve)s
    ORDER BY household_id, effective_on DESC, id DESC
), last AS (
    SELECT DISTINCT ON (household_id) household_id, status FROM d ORDER BY household_id, effective_on DESC, id DESC
), escaped AS (
    SELECT household_id, MAX(effective_on) AS escaped_on FROM d
    WHERE previous_status IN ('poor', 'near_poor') AND status = 'none' GROUP BY household_id
), present AS (
    SELECT hh.id,
           hh.entered_on <= %(eve)s AND (hh.left_on IS NULL OR hh.left_on > %(eve)s) AS on_eve,
           hh.entered_on <= %(end)s AND (hh.left_on IS NULL OR hh.left_on > %(end)s) AS on_end
    FROM hh
)
SELECT
    COUNT(*) FILTER (WHERE p.on_eve AND s.status = 'poor') AS poor_start,
    COUNT(*) FILTER (WHERE p.on_eve AND s.status = 'near_poor') AS near_poor_start,
    COUNT(*) FILTER (WHERE p.on_end AND e.status = 'poor') AS poor_end,
    COUNT(*) FILTER (WHERE p.on_end AND e.status = 'near_poor') AS near_poor_end,
    COUNT(*) FILTER (WHERE p.on_end AND e.status = 'none' AND x.escaped_on >= %(cutoff)s) AS recently_escaped_end,
    COUNT(*) FILTER (WHERE p.on_end) AS total,
    (SELECT COUNT(DISTINCT household_id) FROM d WHERE effective_on >= %(start)s
        AND previous_status = 'poor' AND status IN ('near_poor', 'none')) AS escaped_poverty,
    (SELECT COUNT(DISTINCT household_id) FROM d WHERE effective_on >= %(start)s
        AND previous_status IN ('near_poor', 'none') AND status = 'poor' AND NOT ever_poor_before) AS newly_poor,
    (SELECT COUNT(*) FROM households_member m JOIN present q ON q.id = m.household_id
        WHERE q.on_eve AND m.entered_on <= %(eve)s AND (m.left_on IS NULL OR m.left_on > %(eve)s)) AS people_start,
    (SELECT COUNT(*) FROM households_member m JOIN present q ON q.id = m.household_id
        WHERE q.on_end AND m.entered_on <= %(end)s AND (m.left_on IS NULL OR m.left_on > %(end)s)) AS people
FROM present p
LEFT JOIN eve s ON s.household_id = p.id
LEFT JOIN last e ON e.household_id = p.id
LEFT JOIN escaped x ON x.household_id = p.id
"""
FIGURES = (
    "poor_start", "near_poor_start", "poor_end", "near_poor_end", "recently_escaped_end", "total",
    "escaped_poverty", "newly_poor", "people_start", "people",
)  # fmt: skip


def line(label, value, anchor=None, *, ratio=None, ms=None):
    """One measure, its anchor and their ratio; `!` where it misses its target (a ratio or a time)."""
    missed = (ratio and anchor and value > ratio * anchor) or (ms and value > ms)
    shown = f"{anchor:>10.1f} {value / anchor:>6.2f}" if anchor else " " * 17
    print(f"{label:<58} {value:>9.1f} {shown}{' !' if missed else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--year", type=int, default=None, help="the report's year (default: last year)")
    parser.add_argument("--runs", type=int, default=3, help="measured runs of each (3)")
    parser.add_argument("--wrk", action="store_true", help="also run wrk on the list page (needs wrk)")
    args = parser.parse_args()
    registry_pages.setup_django(args.database_url)

    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from giamngheo.models import AdministrativeUnit, User
    from households import status
    from monitoring import indicators, services
    from monitoring.models import Report

    registry_pages.print_machine()
    call_command("migrate", interactive=False, verbosity=0)
    today = timezone.localdate()
    year = args.year or today.year - 1
    start, end = date(year, 1, 1), date(year, 12, 31)
    communes = list(AdministrativeUnit.objects.communes())
    # bench/province.py's commune officer works in the second commune of a split province.
    commune = communes[1] if len(communes) > 1 else communes[0]
    scopes = [commune] + ([None] if len(communes) > 1 else [])

    def anchor(commune):
        params = {
            "all": commune is None,
            "units": [] if commune is None else list(commune.lineage()),
            "eve": start - timedelta(days=1),
            "start": start,
            "end": end,
            "cutoff": status.recent_escape_cutoff(end),
        }
        with connection.cursor() as cursor:
            cursor.execute(ANCHOR_SQL, params)
            return dict(zip(FIGURES, cursor.fetchone(), strict=True))

    def cold(run):
        def measured():
            cache.clear()
            return run()

        return measured

    print(f"\nAnnual report {year}; median of {args.runs} runs; cold = cache emptied before each run.\n")
    header = f"{'measure':<58} {'ms':>9} {'anchor ms':>10} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for scope in scopes:
        name = scope.name if scope else f"province ({len(communes)} communes)"
        sql = median_ms(lambda c=scope: anchor(c), args.runs)
        expected = anchor(scope)
        figures = indicators.compute(start, end, year, scope)
        got = {
            **{k: figures["poverty"][k] for k in FIGURES[:-2]},
            "people_start": figures["population"]["start"]["people"],
            "people": figures["population"]["end"]["people"],
        }
        same = "equal" if got == expected else f"DIFFER: app {got} anchor {expected}"
        print(f"[{name}] figures {same}; {expected['total']:,} households, {expected['poor_end']:,} poor at the end")
        computed = median_ms(cold(lambda c=scope: indicators.compute(start, end, year, c)), args.runs)
        line("  indicators.compute, cold", computed, sql, ratio=2)
        warm = median_ms(lambda c=scope: indicators.compute(start, end, year, c), args.runs)
        line("  indicators.compute, warm (register figures cached)", warm, sql)

    # In one commune a user without a unit works in it; among several, an officer needs the commune's unit.
    officer = province.users(commune)[0] if len(communes) > 1 else User.objects.get(username="ldtbxh")
    report = Report.objects.filter(commune=commune, period="year", year=year).order_by("-version").first()
    if report is None:
        report = services.draft(period="year", year=year, by=officer, commune=commune)
    client = Client(raise_request_exception=True)
    client.force_login(officer)
    url = report.get_absolute_url()
    print(f"\nAs {officer.username} ({commune.name}), report {report.pk} ({report.state}); target 2,000 ms each\n")
    for label, params in (("report page", {}), ("report Excel", {"format": "xlsx"}), ("report PDF", {"format": "pdf"})):
        line(f"  {label}, cold", median_ms(cold(lambda p=params: client.get(url, p)), args.runs), ms=2000)
        line(f"  {label}, warm", median_ms(lambda p=params: client.get(url, p), args.runs), ms=2000)
    home = reverse("home")
    line("  home page, cold", median_ms(cold(lambda: client.get(home)), args.runs), ms=200)
    line("  home page, warm", median_ms(lambda: client.get(home), max(args.runs, 7)), ms=200)

    if args.wrk:
        run_wrk(args.database_url, officer)


def run_wrk(database_url: str, officer) -> None:
    """wrk on the household list through gunicorn (3 workers), as the officer: requests/s and p99."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    if not shutil.which("wrk"):
        print("wrk not found: apt-get install wrk")
        return
    session = SessionStore()
    session[SESSION_KEY] = str(officer.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = officer.get_session_auth_hash()
    session.create()
    for pool in ("false", "true"):
        # As deploy/giamngheo.env.example runs it (the pool), and with a connection opened per request.
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DATABASE_POOL": pool,
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        }
        _wrk(env, session.session_key, settings.SESSION_COOKIE_NAME, pooled=pool == "true")


def _wrk(env: dict, session_key: str, cookie_name: str, *, pooled: bool) -> None:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "giamngheo.wsgi",
            "-w",
            "3",
            "-b",
            "127.0.0.1:8765",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=registry_pages.ROOT,
    )
    try:
        time.sleep(4)
        cookie = f"{cookie_name}={session_key}"
        result = subprocess.run(
            [
                "wrk",
                "-t2",
                "-c16",
                "-d20s",
                "--latency",
                "-H",
                f"Cookie: {cookie}",
                "http://127.0.0.1:8765/households/",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        pool = "DATABASE_POOL=true" if pooled else "no pool, a connection per request"
        print(f"\nwrk -t2 -c16 -d20s on /households/ (gunicorn, 3 workers, {pool}):")
        print(result.stdout or result.stderr)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
