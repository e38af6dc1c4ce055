"""Exports written by the task worker: a list too large for a request, as a file to download.

The job's state is the truth: a file name is set only once the whole file is in place.
The file is written under a temporary name in the export directory itself and renamed
into place, so a process killed mid-way never leaves a file that looks complete, and a
failure leaves the job "failed" with an error code and no file at all.
"""

import gc
import logging
import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404, QueryDict
from django.utils import timezone

from giamngheo import access
from imports import files, registry
from imports.models import ExportJob

logger = logging.getLogger("giamngheo.exports")

State = ExportJob.State
PROGRESS_EVERY = 1000
PART_SUFFIX = ".part"


def export_dir() -> Path:
    return Path(settings.GIAMNGHEO_EXPORT_DIR)


def sync_limit() -> int:
    return settings.GIAMNGHEO_EXPORT_SYNC_LIMIT


def keep_for() -> timedelta:
    return timedelta(days=settings.GIAMNGHEO_EXPORT_KEEP_DAYS)


def stale_after() -> timedelta:
    return timedelta(seconds=settings.GIAMNGHEO_EXPORT_STALE_AFTER)


def params_to_json(params: QueryDict) -> dict:
    """Every value of every parameter, in order: a filter may repeat one (priority=a&priority=b)."""
    return {name: params.getlist(name) for name in params}


def params_from_json(data: dict) -> QueryDict:
    params = QueryDict(mutable=True)
    for name, values in data.items():
        params.setlist(name, list(values))
    return params


def file_path(job: ExportJob) -> Path | None:
    return export_dir() / job.file if job.file else None


def start(*, kind: str, fmt: str, params: QueryDict, user, commune_id: int | None) -> ExportJob:
    """Create the job and hand it to the worker; the same list asked for again while it is written is that job."""
    data = params_to_json(params)
    pending = ExportJob.objects.filter(
        requested_by=user, kind=kind, format=fmt, commune_id=commune_id, state__in=[State.QUEUED, State.RUNNING]
    )
    # A second click on "Export" must not set the worker writing the same minutes-long file twice.
    for job in pending:
        if job.params == data:
            return job
    job = ExportJob.objects.create(requested_by=user, kind=kind, format=fmt, params=data, commune_id=commune_id)
    from imports.tasks import run_export

    run_export.enqueue(job.pk)
    return job


def _claim(job_id: int) -> bool:
    # A conditional update: a task delivered twice writes the file once.
    return bool(
        ExportJob.objects.filter(pk=job_id, state=State.QUEUED).update(state=State.RUNNING, started_at=timezone.now())
    )


def _fail(job_id: int, code: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(state=State.FAILED, error=code, finished_at=timezone.now())
    logger.info("export job=%s failed error=%s", job_id, code)


def run(job_id: int) -> ExportJob | None:
    """Write the job's file; a job that is not queued (another worker took it) is left alone."""
    if not _claim(job_id):
        return None
    job = ExportJob.objects.get(pk=job_id)
    try:
        kind = registry.get_export(job.kind)
    except Http404:
        _fail(job.pk, "unknown_kind")
        return job
    # The officer's account as it stands now: one disabled or stripped of the list's
    # permission since asking gets no file.
    user = get_user_model().objects.filter(pk=job.requested_by_id, is_active=True).first()
    if user is None or not user.has_perm(kind.permission):
        _fail(job.pk, "not_allowed")
        return job
    # The worker has no session: the commune the officer worked in when asking is set here,
    # so the rows are the ones the synchronous export would have given them.
    access.activate(user, job.commune_id)
    directory = export_dir()
    part = out = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        export = kind.rows(user, params_from_json(job.params))
        ExportJob.objects.filter(pk=job.pk).update(rows_total=export.total)
        # In the same directory as the final file, so the rename below is atomic.
        handle, part = tempfile.mkstemp(prefix=f".{job.pk}-", suffix=PART_SUFFIX, dir=directory)
        out = os.fdopen(handle, "wb")
        rows = _counted(job.pk, export.rows)
        if job.format == ExportJob.Format.CSV:
            for line in files.csv_lines(export.columns, rows):
                out.write(line.encode("utf-8"))
        else:
            files.write_xlsx(out, export.columns, rows)
        out.close()
        # An unguessable name: the directory is private, but a name is no key to another's file.
        name = f"{job.pk}-{secrets.token_hex(8)}.{job.format}"
        os.replace(part, directory / name)
        part = None
    except Exception:
        logger.exception("export job=%s kind=%s could not be written", job.pk, job.kind)
        _fail(job.pk, "write_failed")
        return job
    finally:
        if part is not None:
            # A write-only workbook that failed mid-way writes its closing tags when it is
            # collected (it sits in a reference cycle): collected now, while its file is open,
            # rather than later against a closed one.
            gc.collect()
        if out is not None:
            out.close()
        if part is not None:
            Path(part).unlink(missing_ok=True)
    done = ExportJob.objects.filter(pk=job.pk, state=State.RUNNING).update(
        state=State.DONE, file=name, finished_at=timezone.now()
    )
    if not done:
        # Declared failed (purge_exports found it stale) while it ran: no file for it.
        (directory / name).unlink(missing_ok=True)
    job.refresh_from_db()
    logger.info(
        "export job=%s kind=%s format=%s state=%s rows=%s user=%s",
        job.pk,
        job.kind,
        job.format,
        job.state,
        job.rows_done,
        job.requested_by_id,
    )
    return job


def _counted(job_id: int, rows):
    """The rows, with the count written to the job every PROGRESS_EVERY rows for the officer's page."""
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job_id).update(rows_done=done)
    ExportJob.objects.filter(pk=job_id).update(rows_done=done)


def recover_stale(now=None) -> int:
    """Fail the jobs whose worker died under them, so their page stops waiting.

    Running for longer than any real export takes (GIAMNGHEO_EXPORT_STALE_AFTER), or still
    queued after a day (no worker ran). A job failed here that was in fact still writing
    keeps no file: its last update lands only on "running" (run()).
    """
    now = now or timezone.now()
    stuck = ExportJob.objects.filter(
        state=State.RUNNING, started_at__lt=now - stale_after()
    ) | ExportJob.objects.filter(state=State.QUEUED, created_at__lt=now - timedelta(days=1))
    stuck_ids = list(stuck.values_list("pk", flat=True))
    for pk in stuck_ids:
        _fail(pk, "interrupted")
    return len(stuck_ids)


def purge(now=None) -> int:
    """Erase jobs older than GIAMNGHEO_EXPORT_KEEP_DAYS with their files, after failing the stuck ones.

    Files no job names are erased after a day.
    """
    now = now or timezone.now()
    recover_stale(now)
    old = ExportJob.objects.filter(created_at__lt=now - keep_for())
    erased = 0
    for job in old:
        path = file_path(job)
        if path is not None:
            path.unlink(missing_ok=True)
        job.delete()
        erased += 1
    # Files no job names: temporary ones of a worker killed mid-write, and those of jobs
    # deleted with their account. A day old, so a file being written or renamed is spared.
    directory = export_dir()
    if directory.is_dir():
        cutoff = (now - timedelta(days=1)).timestamp()
        named = set(ExportJob.objects.exclude(file="").values_list("file", flat=True))
        for path in directory.iterdir():
            if path.is_file() and path.name not in named and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
    return erased
