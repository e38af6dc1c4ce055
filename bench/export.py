"""Wall time and peak memory of the household export beside a raw openpyxl loop (PostgreSQL).

Run from the project root:

    .venv/bin/python bench/export.py                      # 100,000 households in giamngheo_bench_export
    .venv/bin/python bench/export.py --households 20000
    .venv/bin/python bench/export.py --keep               # leave the database for a later run
    .venv/bin/python bench/export.py --database-url postgres://postgres@127.0.0.1:5432/giamngheo_bench_export

The script creates ``giamngheo_bench_export`` on 127.0.0.1:5432 (user postgres), fills it
with the demo ward's households and members (``home.demo``: units, users, households; no
reviews, which the export does not read), measures, and drops it again unless --keep. It
drops only a database it created in the same run: one that already exists (the default
name or --database-url) is filled if it has no households and measured as it is if it has.

Each measurement runs in a fresh process, so its peak RSS (VmHWM) is its own:

- ``app-xlsx`` / ``app-csv``: GET /households/export/ as the social-affairs officer through
  django.test.Client, the streamed body read to the end (what gunicorn would send);
- ``raw-xlsx`` / ``raw-csv``: the anchor, the same rows by one raw SQL query (server-side
  cursor) appended as plain values to a write-only workbook saved to a temporary file, or
  written with csv.writer: no labels, no masking, no formula guard.
"""

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "giamngheo_bench_export"
DEFAULT_URL = f"postgres://postgres@127.0.0.1:5432/{DEFAULT_DATABASE}"
MEASURES = ["raw-xlsx", "app-xlsx", "job-xlsx", "raw-csv", "app-csv", "job-csv"]
# gunicorn's worker timeout as deployed (deploy/gunicorn.conf.py).
WORKER_TIMEOUT = 60


def _connect(url: str, dbname: str | None = None):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or None,
        port=parts.port or None,
        user=unquote(parts.username or "") or None,
        password=unquote(parts.password or "") or None,
        dbname=dbname or unquote(parts.path.lstrip("/")),
        autocommit=True,
        connect_timeout=10,
    )


def _database_name(url: str) -> str:
    return unquote(urlsplit(url).path.lstrip("/"))


def create_if_missing(url: str) -> bool:
    """True if this run created the database (and so may drop it)."""
    from psycopg import sql

    name = _database_name(url)
    with _connect(url, dbname="postgres") as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"Database {name} exists: not created, so not dropped.")
            return False
        print(f"Creating database {name} …")
        conn.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(sql.Identifier(name)))
    return True


def drop(url: str) -> None:
    from psycopg import sql

    name = _database_name(url)
    with _connect(url, dbname="postgres") as conn:
        print(f"Dropping database {name} …")
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
    # DEBUG off, as in production: no query log kept.
    os.environ.setdefault("DJANGO_DEBUG", "false")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build(households: int, seed: int) -> None:
    import random

    from django.core.management import call_command
    from django.db import connection, transaction

    from home.demo.people import People, build_households
    from home.demo.ward import build_units, build_users
    from households.models import Household

    call_command("migrate", interactive=False, verbosity=0)
    if Household.objects.exists():
        print(f"Reusing {Household.objects.count():,} households.")
        return
    started = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        ward = build_units()
        build_users()
        build_households(ward, households, rng, People(rng))
    print(f"built {households:,} households in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# --- One measurement, in its own process --------------------------------------------


def _status_kib(field: str) -> int:
    """VmRSS (now) or VmHWM (peak) of this process. Not getrusage: on Linux a child's ru_maxrss
    starts from its parent's peak at fork, and the parent here has just built the ward."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(field)


def raw_sql() -> str:
    from households.choices import Relation
    from households.importers.columns import HOUSEHOLD_COLUMNS
    from households.importers.exports import HOUSEHOLD_FIELDS

    rank = " ".join(f"WHEN '{value}' THEN {index}" for index, value in enumerate(Relation.values))
    fields = []
    for column in HOUSEHOLD_COLUMNS:
        if column.key == "group":
            fields.append("g.code")
        elif column.key in HOUSEHOLD_FIELDS:
            fields.append(f"h.{HOUSEHOLD_FIELDS[column.key]}")
        else:
            fields.append(f"m.{column.key}")
    return (
        f"SELECT {', '.join(fields)} FROM households_household h"
        " JOIN giamngheo_residentialgroup g ON g.id = h.residential_group_id"
        " JOIN households_member m ON m.household_id = h.id"
        " WHERE h.entered_on <= CURRENT_DATE AND (h.left_on IS NULL OR h.left_on > CURRENT_DATE)"
        f" ORDER BY h.head_sort_key, h.code, h.id, CASE m.relation {rank} ELSE {len(Relation.values)} END,"
        " m.date_of_birth, m.id"
    )


def measure(what: str, url: str) -> dict:
    setup_django(url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from openpyxl import Workbook

    from giamngheo.models import User

    queries = []
    baseline = _status_kib("VmRSS")
    started, cpu = time.perf_counter(), time.process_time()
    size = rows = 0
    if what.startswith("app"):
        setup_test_environment()  # lets the test client's host in, as registry_pages.py does
        client = Client()
        client.force_login(User.objects.get(username="ldtbxh"))
        with connection.execute_wrapper(lambda execute, *args: queries.append(1) or execute(*args)):
            reverse("households:list")  # the URLconf is imported before the clock starts, as in a warm worker
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(reverse("households:export"), {"format": what[4:]})
            assert response.status_code == 200, response.status_code
            with tempfile.TemporaryFile() as out:
                for piece in response.streaming_content:
                    out.write(piece)
                    size += len(piece)
                response.close()
                if what == "app-csv":
                    out.seek(0)
                    rows = sum(1 for _ in out) - 1
    elif what.startswith("job"):
        # What the task worker does for a list above GIAMNGHEO_EXPORT_SYNC_LIMIT (imports.exports.run).
        from django.conf import settings

        from imports import exports
        from imports.models import ExportJob

        with tempfile.TemporaryDirectory(prefix="giamngheo-bench-exports-") as directory:
            settings.GIAMNGHEO_EXPORT_DIR = Path(directory)
            job = ExportJob.objects.create(
                requested_by=User.objects.get(username="ldtbxh"), kind="households", format=what[4:]
            )
            with connection.execute_wrapper(lambda execute, *args: queries.append(1) or execute(*args)):
                started, cpu = time.perf_counter(), time.process_time()
                exports.run(job.pk)
            job.refresh_from_db()
            assert job.state == ExportJob.State.DONE, (job.state, job.error)
            rows, size = job.rows_done, exports.file_path(job).stat().st_size
            job.delete()
    else:
        with _connect(url) as conn, conn.transaction(), conn.cursor(name="export") as cursor:
            cursor.itersize = 2000
            cursor.execute(raw_sql())
            with tempfile.TemporaryFile() as out:
                if what == "raw-xlsx":
                    book = Workbook(write_only=True)
                    sheet = book.create_sheet("Dữ liệu")
                    for row in cursor:
                        sheet.append(row)
                        rows += 1
                    book.save(out)
                else:
                    text = open(out.fileno(), "w", encoding="utf-8", newline="", closefd=False)  # noqa: SIM115
                    writer = csv.writer(text)
                    for row in cursor:
                        writer.writerow(row)
                        rows += 1
                    text.flush()
                size = out.seek(0, os.SEEK_END)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = _status_kib("VmHWM")
    return {"what": what, "seconds": seconds, "cpu": cpu, "baseline_mib": baseline / 1024, "peak_mib": peak / 1024,
            "bytes": size, "rows": rows, "queries": len(queries)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--keep", action="store_true", help="do not drop the database this run created")
    parser.add_argument("--only", help="comma-separated measurements: " + ",".join(MEASURES))
    parser.add_argument("--measure", choices=MEASURES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.database_url)))
        return
    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, {time.strftime('%d/%m/%Y')}")
    created = create_if_missing(args.database_url)
    try:
        setup_django(args.database_url)
        build(args.households, args.seed)
        from households.models import Household, Member

        print(f"ward: {Household.objects.count():,} households, {Member.objects.count():,} members")
        results = {}
        for what in args.only.split(",") if args.only else MEASURES:
            command = [sys.executable, __file__, "--measure", what, "--database-url", args.database_url]
            output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
            results[what] = result = json.loads(output.strip().splitlines()[-1])
            print(
                f"{what:9} {result['seconds']:7.1f} s (CPU {result['cpu']:6.1f} s)"
                f"  peak RSS {result['peak_mib']:6.0f} MiB"
                f" (at start {result['baseline_mib']:4.0f})  {result['bytes'] / 2**20:6.1f} MiB"
                + (f"  {result['queries']} queries" if not what.startswith("raw") else "")
                + f"  {result['rows']:,} rows"
            )
        for fmt in ("xlsx", "csv"):
            if f"job-{fmt}" in results and f"raw-{fmt}" in results:
                job, raw = results[f"job-{fmt}"], results[f"raw-{fmt}"]
                print(f"{fmt}: job / raw loop = {job['seconds'] / raw['seconds']:.2f}× wall")
            if f"app-{fmt}" in results and f"raw-{fmt}" in results:
                app, raw = results[f"app-{fmt}"], results[f"raw-{fmt}"]
                over = " (over gunicorn's timeout)" if app["seconds"] > WORKER_TIMEOUT else ""
                print(
                    f"{fmt}: export / raw loop = {app['seconds'] / raw['seconds']:.2f}× wall,"
                    f" {app['cpu'] / raw['cpu']:.2f}× CPU of this process{over}"
                )
    finally:
        if created and not args.keep:
            from django.db import connections

            connections.close_all()
            drop(args.database_url)


if __name__ == "__main__":
    main()
