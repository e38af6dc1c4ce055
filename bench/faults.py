"""What survives when processes die and connections drop, run against a PostgreSQL ward database.

    DATABASE_URL=postgres://... .venv/bin/python bench/faults.py [--households 1000]

1. The task worker is killed (SIGKILL) in the middle of a large household import: the script
   prints what committed (nothing), what the import's state says, what the sweep makes of it,
   and what a retry imports once a worker runs again.
2. Every connection of the app to the database is terminated (pg_terminate_backend) under
   gunicorn as deployed (deploy/gunicorn.conf.py, 3 workers, the pool on): the script counts
   the answers of the next requests; the anchor is the same requests before the cut.

Everything runs on loopback and stops by itself; the households it imports (codes FAULT-…) are
deleted at the end. The demo ward (``make run`` data, migrated onto PostgreSQL) or a copy of a
real one will do: it needs a residential group and the ``ldtbxh`` officer.
"""

import argparse
import io
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
# The sweep must find the killed import stale within the run, not after 15 minutes.
os.environ.setdefault("GIAMNGHEO_IMPORT_STALE_AFTER", "5")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from load import PROXY_HEADERS, free_port, sign_in, start_gunicorn  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from giamngheo.models import ResidentialGroup, User  # noqa: E402
from households.models import Household  # noqa: E402
from imports import batches  # noqa: E402
from imports.models import ImportBatch  # noqa: E402

State = ImportBatch.State


def household_file(count: int, group: ResidentialGroup) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã hộ", "Tổ dân phố", "Địa chỉ", "Khu vực", "Họ và tên", "Ngày sinh", "Giới tính",
                  "Quan hệ với chủ hộ", "Số CCCD"])  # fmt: skip
    for number in range(count):
        code = f"FAULT-{number:05d}"
        sheet.append([code, group.code, f"{number} Lê Hồng Phong", "Thành thị", "Trần Văn Thử", "15/03/1980", "Nam",
                      "Chủ hộ", ""])  # fmt: skip
        sheet.append(
            [code, group.code, f"{number} Lê Hồng Phong", "Thành thị", "Lê Thị Thử", "02/09/1982", "Nữ", "Vợ/chồng", ""]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def worker() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
        cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def wait_for(batch_id: int, condition, seconds: float, what: str) -> ImportBatch:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        batch = ImportBatch.objects.get(pk=batch_id)
        if condition(batch):
            return batch
        if batch.state in (State.INVALID, State.FAILED):
            raise SystemExit(f"{what}: the batch ended {batch.state}: {batch.errors[:3]}")
        time.sleep(0.2)
    raise SystemExit(f"gave up waiting for {what} after {seconds} s (state {batch.state})")


def imported() -> int:
    return Household.objects.filter(code__startswith="FAULT-").count()


def kill_the_worker_mid_import(count: int) -> None:
    print(f"1. Task worker killed during the import of {count} households ({2 * count} rows)")
    group = ResidentialGroup.objects.order_by("code").first()
    officer = User.objects.get(username="ldtbxh")
    data = household_file(count, group)
    batch = batches.create_batch(kind="households", name="faults.xlsx", data=data, user=officer)
    process = worker()
    try:
        batches.start(batch, commit=False)
        wait_for(batch.pk, lambda b: b.state == State.READY, 300, "the check")
        batches.start(ImportBatch.objects.get(pk=batch.pk), commit=True)
        running = wait_for(batch.pk, lambda b: b.state == State.APPLYING and b.processed_rows > 0, 300, "rows")
        process.send_signal(signal.SIGKILL)
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
    killed = ImportBatch.objects.get(pk=batch.pk)
    print(f"   killed at {running.processed_rows} rows read: households committed {imported()}, state {killed.state}")
    time.sleep(6)
    batches.recover_stale()
    swept = ImportBatch.objects.get(pk=batch.pk)
    print(f"   after the sweep: state {swept.state} ({swept.errors[0]['code'] if swept.errors else '-'}), "
          f"households committed {imported()}")  # fmt: skip
    process = worker()
    try:
        retried = batches.retry(swept)
        done = wait_for(batch.pk, lambda b: b.state not in (State.APPLYING, State.QUEUED), 600, "the retry")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    print(f"   retry accepted {retried}: state {done.state}, households committed {imported()}, "
          f"created {done.created_count}")  # fmt: skip


def terminate_connections(requests: int) -> None:
    print(f"2. Every app connection terminated under gunicorn (3 workers, pool); {requests} requests each side")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(port)
    try:
        cookie, _household = sign_in(base, "ldtbxh", "demo-giamngheo-2023")

        def answers() -> dict:
            seen = {}
            for number in range(requests):
                path = "/healthz" if number % 2 else "/households/"
                request = urllib.request.Request(
                    base + path, headers={**PROXY_HEADERS, "Cookie": f"sessionid={cookie}"}
                )
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        status = response.status
                except urllib.error.HTTPError as error:
                    status = error.code
                seen[status] = seen.get(status, 0) + 1
            return seen

        print(f"   before: {answers()}")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            )
            (cut,) = cursor.fetchone()
        print(f"   terminated {cut} connections; after: {answers()}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to a PostgreSQL database: the faults are PostgreSQL's")
    try:
        kill_the_worker_mid_import(args.households)
        terminate_connections(args.requests)
    finally:
        Household.objects.filter(code__startswith="FAULT-").delete()


if __name__ == "__main__":
    main()
