"""Today's status counts and list filter: stored columns against the per-household decision subqueries (PostgreSQL).

Run from the project root:

    .venv/bin/python bench/stored_status.py                  # 30,000 households in giamngheo_bench_status
    .venv/bin/python bench/stored_status.py --reuse          # keep the ward built by an earlier run

Drops and re-creates only the database ``giamngheo_bench_status`` (unless --reuse). The
same queries run twice: with the stored columns current (services.refresh_status today),
then with every decided household's columns stale (stored as of 1900), which sends
with_status_on to the decisions, as every query did before the columns existed. The
anchor is a plain COUNT(*) of the household table, measured in the same run.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "giamngheo_bench_status"


def timed(function, repeat=7):
    function()  # warm-up
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=30_000)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    import psycopg

    if not args.reuse:
        with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
            admin.execute(f"CREATE DATABASE {DATABASE}")
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from home.demo import build_demo_ward
    from households import services
    from households.models import Household, Status, StatusDecision

    call_command("migrate", interactive=False, verbosity=0)
    if not args.reuse:
        started = time.perf_counter()
        build_demo_ward(households=args.households)
        print(f"build_demo_ward({args.households:,}): {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    today = timezone.localdate()
    print(f"households {Household.objects.count():,}, decisions {StatusDecision.objects.count():,}, today {today}")

    def anchor():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM households_household")
            cursor.fetchone()

    queries = {
        "status_counts(today)": lambda: Household.objects.status_counts(today),
        "in_status(poor, today).count()": lambda: (
            Household.objects.in_ward_on(today).with_status_on(today).in_status(Status.POOR, today).count()
        ),
        "in_status(recently_escaped).count()": lambda: (
            Household.objects.with_status_on(today).in_status("recently_escaped", today).count()
        ),
    }
    started = time.perf_counter()
    services.refresh_status()
    print(f"refresh_status() of every household: {(time.perf_counter() - started) * 1000:.0f} ms")
    results = {}
    for state, stored_on in [("stored", today), ("decisions", date(1900, 1, 1))]:
        services.refresh_status(today=stored_on)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE households_household")
        results[state] = {name: timed(query) for name, query in queries.items()}
        results[state]["anchor: SELECT count(*)"] = timed(anchor)
    services.refresh_status()
    print(f"{'query (median ms)':<40}{'stored columns':>16}{'decisions':>12}")
    for name in results["stored"]:
        print(f"{name:<40}{results['stored'][name]:>16.1f}{results['decisions'][name]:>12.1f}")


if __name__ == "__main__":
    main()
