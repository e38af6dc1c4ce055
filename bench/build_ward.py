"""Build a large ward (1,000,000 households by default) in PostgreSQL for the other benches.

Run from the project root:

    .venv/bin/python bench/build_ward.py                     # giamngheo_bench_1m, 1,000,000 households
    .venv/bin/python bench/build_ward.py --households 200000

The builder is home.demo.large.build_large_ward: batches of households with their members,
assessments and status decisions written with COPY, so memory stays flat at any size.
The script drops and re-creates only the database ``giamngheo_bench_1m``; with
``--database-url`` naming another, a missing one is created and an empty one filled, and
one that already holds households is refused. The database is left in place at the end,
for registry_pages.py --reuse and the other benches.
"""

import argparse
import resource
import sys
import time
from urllib.parse import urlsplit

from registry_pages import (
    _database_exists,
    _database_name,
    _households_in,
    _recreate_database,
    print_machine,
    setup_django,
)

DEFAULT_DATABASE = "giamngheo_bench_1m"
DEFAULT_URL = f"postgres://postgres@127.0.0.1:5432/{DEFAULT_DATABASE}"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def prepare(url: str) -> None:
    name = _database_name(url)
    exists = _database_exists(url)
    if name == DEFAULT_DATABASE:
        _recreate_database(url, drop=exists)
        return
    if exists and _households_in(url):
        sys.exit(f"{name} already holds households; this script only ever drops {DEFAULT_DATABASE}.")
    if not exists:
        _recreate_database(url, drop=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help=f"postgres://user@host:port/name instead of {DEFAULT_URL}")
    parser.add_argument("--households", type=int, default=1_000_000, help="households to build (1000000)")
    parser.add_argument("--seed", type=int, default=2023, help="random seed (2023)")
    parser.add_argument("--batch", type=int, default=5000, help="households per batch (5000)")
    args = parser.parse_args()
    url = args.database_url or DEFAULT_URL
    if urlsplit(url).scheme not in {"postgres", "postgresql"}:
        parser.error("--database-url must be postgres://user@host:port/name")
    prepare(url)
    setup_django(url)

    from django.core.management import call_command
    from django.db import connection

    from home.demo.large import build_large_ward

    print_machine()
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"migrate        : {time.perf_counter() - started:8.1f} s")
    started = time.perf_counter()
    step = max(args.households // 10, args.batch)

    def progress(built):
        if built.households % step < args.batch or built.households == args.households:
            elapsed = time.perf_counter() - started
            print(
                f"  {built.households:>10,} households {built.members:>11,} members  {elapsed:7.1f} s  "
                f"{built.households / elapsed:8,.0f} households/s  peak RSS {peak_rss_mb():6.0f} MB",
                flush=True,
            )

    built = build_large_ward(households=args.households, seed=args.seed, batch=args.batch, progress=progress)
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    vacuum_seconds = time.perf_counter() - started
    # Anchor, same run: the server alone copying the member rows into a table without indexes.
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE anchor_members AS SELECT * FROM households_member")
        cursor.execute("DROP TABLE anchor_members")
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    anchor_seconds = time.perf_counter() - started
    print()
    print(f"households     : {built.households:>11,} in {built.groups:,} residential groups")
    print(f"members        : {built.members:>11,}")
    print(f"assessments    : {built.assessments:>11,}")
    print(f"decisions      : {built.decisions:>11,}")
    print(f"on the lists   : {built.status['poor']:,} poor, {built.status['near_poor']:,} near-poor today")
    print(f"build          : {build_seconds:8.1f} s ({built.members / build_seconds:,.0f} members/s)")
    print(f"VACUUM ANALYZE : {vacuum_seconds:8.1f} s")
    print(f"anchor         : {anchor_seconds:8.1f} s for the server to copy the members table (no indexes)")
    print(f"peak RSS       : {peak_rss_mb():8.0f} MB")
    print(f"database       : {connection.settings_dict['NAME']}, {size} (left in place)")


if __name__ == "__main__":
    main()
