"""Running an ImportBatch: check now or in the background, then apply in one go."""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from imports import registry
from imports.engine import Report
from imports.models import ImportBatch
from imports.reading import estimate_rows

logger = logging.getLogger("giamngheo.imports")

RETENTION = timedelta(hours=24)


def background_threshold() -> int:
    return getattr(settings, "GIAMNGHEO_IMPORT_BACKGROUND_ROWS", 2000)


def create_batch(*, kind: str, name: str, data: bytes, user) -> ImportBatch:
    purge_expired()
    return ImportBatch.objects.create(
        kind=kind,
        file_name=name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content=data,
        created_by=user,
    )


def start(batch: ImportBatch, *, commit: bool) -> None:
    """Run the check (or the import) now for a small file, in the worker for a large one."""
    batch.state = ImportBatch.State.APPLYING if commit else ImportBatch.State.QUEUED
    batch.processed_rows = 0
    batch.save(update_fields=["state", "processed_rows"])
    threshold = background_threshold()
    if estimate_rows(batch.file_name, bytes(batch.content), threshold) > threshold:
        from imports.tasks import run_import

        run_import.enqueue(batch.pk, commit)
    else:
        run_batch(batch.pk, commit)


def run_batch(batch_id: int, commit: bool) -> ImportBatch:
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.content is None:
        batch.state = ImportBatch.State.EXPIRED
        batch.save(update_fields=["state"])
        return batch
    if not commit:
        batch.state = ImportBatch.State.CHECKING
        batch.save(update_fields=["state"])

    def progress(rows: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(processed_rows=rows)

    importer = registry.get(batch.kind).importer()(user=batch.created_by, commit=commit, progress=progress)
    try:
        report = importer.run(batch.file_name, bytes(batch.content))
    except Exception:
        logger.exception("import batch=%s stopped on an unexpected error", batch.pk)
        report = Report()
        report.error(None, "", "internal_error")
    batch.total_rows = batch.processed_rows = report.rows
    batch.created_count, batch.updated_count = report.created, report.updated
    batch.unchanged_count, batch.error_count = report.unchanged, report.error_count
    batch.errors, batch.actions = report.errors, report.actions
    now = timezone.now()
    if commit:
        batch.state = ImportBatch.State.FAILED if report.error_count else ImportBatch.State.APPLIED
        batch.applied_at = now
        batch.content = None
    else:
        batch.state = ImportBatch.State.INVALID if report.error_count else ImportBatch.State.READY
        batch.checked_at = now
        if report.error_count:
            batch.content = None
    batch.save()
    logger.info(
        "import batch=%s kind=%s commit=%s state=%s rows=%s created=%s updated=%s unchanged=%s errors=%s user=%s",
        batch.pk,
        batch.kind,
        commit,
        batch.state,
        report.rows,
        report.created,
        report.updated,
        report.unchanged,
        report.error_count,
        batch.created_by_id,
    )
    return batch


def purge_expired() -> int:
    """Erase uploads older than a day that were never confirmed: they hold personal data."""
    cutoff = timezone.now() - RETENTION
    return (
        ImportBatch.objects.filter(created_at__lt=cutoff, content__isnull=False)
        .exclude(state__in=[ImportBatch.State.QUEUED, ImportBatch.State.CHECKING, ImportBatch.State.APPLYING])
        .update(content=None, state=ImportBatch.State.EXPIRED)
    )
