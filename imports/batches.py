"""Running an ImportBatch: check now or in the background, then apply in one go.

The batch's state is the truth after any crash:
- a step (a check or an import) is claimed by a conditional update, so two requests or a
  repeated task cannot run it twice;
- an import writes its rows and its final state in one transaction, so a process killed
  mid-way commits neither, and the state it left ("applying") is found stale later;
- recover_stale() turns a check or an import that has run longer than any real one can
  (GIAMNGHEO_IMPORT_STALE_AFTER seconds) into "interrupted", which the officer can retry
  from the kept file. It runs in the worker, nightly (purge_imports), on each upload and
  whenever a running batch's page is opened;
- a step's final write only lands on the state it claimed: a step declared interrupted
  while it was still running rolls its rows back instead of contradicting the state.
"""

import hashlib
import logging
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Q
from django.utils import timezone

from imports import registry
from imports.engine import Report
from imports.models import ImportBatch
from imports.reading import estimate_rows

logger = logging.getLogger("giamngheo.imports")

RETENTION = timedelta(hours=24)
State = ImportBatch.State
INTERRUPTED_ERROR = {"row": None, "column": "", "code": "interrupted", "params": {}}


class _Superseded(Exception):
    """The batch left the state this step claimed (declared interrupted): undo the step's rows."""


def background_threshold() -> int:
    return getattr(settings, "GIAMNGHEO_IMPORT_BACKGROUND_ROWS", 2000)


def stale_after() -> timedelta:
    # Longer than the parse budget (GIAMNGHEO_IMPORT_MAX_SECONDS) and gunicorn's timeout,
    # so only a step whose process is gone is ever found stale.
    return timedelta(seconds=getattr(settings, "GIAMNGHEO_IMPORT_STALE_AFTER", 900))


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


def claim(batch_id: int, from_states, to_state: str, **conditions) -> bool:
    """Move the batch into a running step if it is still in one of from_states; False if not."""
    return bool(
        ImportBatch.objects.filter(pk=batch_id, state__in=list(from_states), **conditions).update(
            state=to_state, started_at=timezone.now(), processed_rows=0, errors=[], error_count=0
        )
    )


def start(batch: ImportBatch, *, commit: bool) -> bool:
    """Run the check (or the import) now for a small file, in the worker for a large one.

    False when the batch was not in the state for it (another request confirmed it first).
    """
    if commit and not claim(batch.pk, [State.READY], State.APPLYING):
        return False
    _dispatch(batch, commit)
    return True


def retry(batch: ImportBatch) -> bool:
    """Run an interrupted step again from the kept file: the import if the check had passed."""
    commit = batch.checked_at is not None
    if not claim(batch.pk, [State.INTERRUPTED], State.APPLYING if commit else State.QUEUED, content__isnull=False):
        return False
    logger.info("import batch=%s retried commit=%s", batch.pk, commit)
    _dispatch(batch, commit)
    return True


def _dispatch(batch: ImportBatch, commit: bool) -> None:
    content = ImportBatch.objects.filter(pk=batch.pk).values_list("content", flat=True).get()
    threshold = background_threshold()
    if content is not None and estimate_rows(batch.file_name, bytes(content), threshold) > threshold:
        from imports.tasks import run_import

        run_import.enqueue(batch.pk, commit)
    else:
        run_batch(batch.pk, commit)


def run_batch(batch_id: int, commit: bool) -> ImportBatch:
    """Run the claimed step; a batch that is not (or no longer) in it is left as it is."""
    step = State.APPLYING if commit else State.CHECKING
    if not commit:
        claim(batch_id, [State.QUEUED], State.CHECKING)
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.state != step:
        return batch
    if batch.content is None:
        ImportBatch.objects.filter(pk=batch.pk, state=step).update(state=State.EXPIRED)
        batch.refresh_from_db()
        return batch
    data = bytes(batch.content)
    progress = _Progress(batch.pk, step, separate=commit)
    try:
        if commit:
            try:
                # The rows and the state commit together or not at all.
                with transaction.atomic():
                    report = _run(batch, data, commit, progress)
                    if not _finish(batch, report, commit):
                        raise _Superseded
            except _Superseded:
                logger.warning("import batch=%s was declared interrupted while running; its rows are undone", batch.pk)
        else:
            report = _run(batch, data, commit, progress)
            _finish(batch, report, commit)
    finally:
        progress.close()
    batch.refresh_from_db()
    logger.info(
        "import batch=%s kind=%s commit=%s state=%s rows=%s created=%s updated=%s unchanged=%s errors=%s user=%s",
        batch.pk,
        batch.kind,
        commit,
        batch.state,
        batch.total_rows,
        batch.created_count,
        batch.updated_count,
        batch.unchanged_count,
        batch.error_count,
        batch.created_by_id,
    )
    return batch


def _run(batch: ImportBatch, data: bytes, commit: bool, progress) -> Report:
    importer = registry.get(batch.kind).importer()(user=batch.created_by, commit=commit, progress=progress)
    # When importing, a savepoint, so an error inside leaves the batch's transaction usable.
    # A check writes nothing and runs outside a transaction, so its progress shows.
    try:
        with transaction.atomic() if commit else nullcontext():
            return importer.run(batch.file_name, data)
    except Exception:
        logger.exception("import batch=%s stopped on an unexpected error", batch.pk)
        report = Report()
        report.error(None, "", "internal_error")
        return report


def _finish(batch: ImportBatch, report: Report, commit: bool) -> bool:
    """Write what the step found, if the batch is still in the step; False if it is not."""
    fields = {
        "total_rows": report.rows,
        "processed_rows": report.rows,
        "created_count": report.created,
        "updated_count": report.updated,
        "unchanged_count": report.unchanged,
        "error_count": report.error_count,
        "errors": report.errors,
        "actions": report.actions,
    }
    now = timezone.now()
    if commit:
        fields.update(state=State.FAILED if report.error_count else State.APPLIED, applied_at=now, content=None)
    else:
        fields.update(state=State.INVALID if report.error_count else State.READY, checked_at=now)
        if report.error_count:
            fields["content"] = None
    step = State.APPLYING if commit else State.CHECKING
    return bool(ImportBatch.objects.filter(pk=batch.pk, state=step).update(**fields))


class _Progress:
    """Rows done so far, where the officer's page can see them while the step runs.

    A check runs outside any transaction, so its progress is an ordinary update. An
    import runs in one transaction, whose writes nobody sees until it commits: on
    PostgreSQL the count goes through a second connection of its own (the import's
    transaction never touches the batch's row before its last write, so the two never
    wait on each other). SQLite has a single writer, which the import holds: there the
    page shows an indeterminate bar until the import ends.
    """

    def __init__(self, batch_id: int, step: str, *, separate: bool):
        self.batch_id, self.step = batch_id, step
        self.separate = separate
        self.enabled = not separate or connection.vendor != "sqlite"
        self.connection = None

    def __call__(self, rows: int) -> None:
        if not self.enabled:
            return
        if not self.separate:
            ImportBatch.objects.filter(pk=self.batch_id, state=self.step).update(processed_rows=rows)
            return
        if self.connection is None:
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
        table = self.connection.ops.quote_name(ImportBatch._meta.db_table)
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET processed_rows = %s WHERE id = %s AND state = %s",
                    [rows, self.batch_id, self.step],
                )
        except Exception:  # progress is a courtesy: never let it stop an import
            logger.warning("import batch=%s progress not written", self.batch_id, exc_info=True)
            self.enabled = False

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def recover_stale() -> int:
    """Mark checks and imports that have run past any real one's length as interrupted.

    Their process is gone (a killed web worker, a task worker stopped mid-way): an
    import's rows were rolled back with its transaction, so "nothing imported" is true.
    """
    cutoff = timezone.now() - stale_after()
    stale = ImportBatch.objects.filter(state__in=[State.CHECKING, State.APPLYING]).filter(
        Q(started_at__lt=cutoff) | Q(started_at__isnull=True, created_at__lt=cutoff)
    )
    count = stale.update(state=State.INTERRUPTED, errors=[INTERRUPTED_ERROR], error_count=1)
    if count:
        logger.warning("imports: %s stale check(s) or import(s) marked interrupted", count)
    return count


def purge_expired() -> int:
    """Erase every upload older than a day, whatever became of it: they hold personal data."""
    recover_stale()
    cutoff = timezone.now() - RETENTION
    old = ImportBatch.objects.filter(created_at__lt=cutoff, content__isnull=False)
    waiting = old.filter(state__in=[State.QUEUED, State.READY]).update(content=None, state=State.EXPIRED)
    # A step still running has read the file already, and ends as it would have; an
    # interrupted one keeps saying so (the page then asks for the file again).
    running = old.update(content=None)
    return waiting + running
