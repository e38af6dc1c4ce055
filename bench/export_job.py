"""Wall time, peak memory and progress of an export job (imports.exports.run) on a built ward.

Run from the project root on a ward that bench/export.py built and kept (--keep):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giamngheo_bench_export .venv/bin/python bench/export_job.py xlsx

The job is the social-affairs officer's (every column) with no filter, written into a
temporary directory that is removed afterwards; a second connection reads the job's row
every 2 s, as the job page's polling would.
"""

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")


def main(fmt: str) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connections

    from giamngheo.models import User
    from imports import exports
    from imports.models import ExportJob

    with tempfile.TemporaryDirectory(prefix="giamngheo-bench-exports-") as directory:
        settings.GIAMNGHEO_EXPORT_DIR = Path(directory)
        job = ExportJob.objects.create(requested_by=User.objects.get(username="ldtbxh"), kind="households", format=fmt)
        samples = []

        def watch():
            connection = connections.create_connection("default")
            start = time.monotonic()
            while True:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT state, rows_done FROM imports_exportjob WHERE id = %s", [job.pk])
                    state, done = cursor.fetchone()
                samples.append((round(time.monotonic() - start, 1), done))
                if state in ("done", "failed"):
                    connection.close()
                    return
                time.sleep(2)

        watcher = threading.Thread(target=watch)
        watcher.start()
        start, cpu = time.monotonic(), time.process_time()
        exports.run(job.pk)
        wall, cpu = time.monotonic() - start, time.process_time() - cpu
        watcher.join()
        job.refresh_from_db()
        size = exports.file_path(job).stat().st_size / 1e6 if job.file else 0
        with open("/proc/self/status") as status:
            peak = next(line.split()[1] for line in status if line.startswith("VmHWM"))
        print(f"job {fmt}: {job.state} rows {job.rows_done:,}/{job.rows_total:,} {wall:.1f} s (CPU {cpu:.1f} s)")
        print(f"VmHWM {int(peak) / 1024:.0f} MiB, file {size:.1f} MB, progress (s, rows): {samples}")
        job.delete()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "xlsx")
