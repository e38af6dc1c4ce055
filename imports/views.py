"""Pages of an import (upload, preview, confirm, progress, template) and of an export job; kinds from the registry."""

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from giamngheo.downloads import download_name
from giamngheo.forms import FormStyleMixin
from imports import batches, exports, files, registry
from imports.errors import describe
from imports.models import ExportJob, ImportBatch
from imports.reading import FileRefused, check_upload, limit

logger = logging.getLogger("giamngheo.imports")
export_logger = logging.getLogger("giamngheo.exports")


def _kind_for(request, key: str) -> registry.ImportKind:
    kind = registry.get(key)
    if not request.user.has_perm(kind.permission):
        raise PermissionDenied
    return kind


class UploadForm(FormStyleMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("file (.xlsx, .xls, .ods or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        max_bytes = limit("GIAMNGHEO_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
        # Refuse by the declared size before reading a byte of an oversized upload.
        if upload.size > max_bytes:
            raise forms.ValidationError(
                describe("file_too_large", {"limit_mb": max_bytes // (1024 * 1024)}), code="file_too_large"
            )
        data = upload.read()
        try:
            check_upload(upload.name, data)
        except FileRefused as refusal:
            raise forms.ValidationError(describe(refusal.code, refusal.params), code=refusal.code) from None
        self.data_bytes = data
        return upload


def import_start(request, kind):
    kind = _kind_for(request, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = batches.create_batch(
            kind=kind.key, name=form.cleaned_data["file"].name, data=form.data_bytes, user=request.user
        )
        batches.start(batch, commit=False)
        return redirect(batch)
    recent = ImportBatch.objects.filter(created_by=request.user, kind=kind.key).defer("content")[:10]
    return render(
        request,
        "imports/form.html",
        {"form": form, "kind": kind, "title": kind.title, "recent": recent, "columns": kind.columns()},
    )


def _batch_for(request, pk) -> ImportBatch:
    batches_seen = ImportBatch.objects.defer("content")
    if not request.user.is_superuser:
        batches_seen = batches_seen.filter(created_by=request.user)
    batch = get_object_or_404(batches_seen, pk=pk)
    # A step whose process died is found here at the latest, when its officer looks.
    if batch.state in (ImportBatch.State.CHECKING, ImportBatch.State.APPLYING) and batches.recover_stale():
        batch.refresh_from_db(fields=["state", "errors", "error_count"])
    return batch


@require_safe
def import_detail(request, pk):
    batch = _batch_for(request, pk)
    errors = [
        {**error, "text": describe(error["code"], error["params"], error.get("message", ""))} for error in batch.errors
    ]
    earlier = (
        ImportBatch.objects.filter(sha256=batch.sha256, kind=batch.kind, state=ImportBatch.State.APPLIED)
        .exclude(pk=batch.pk)
        .defer("content")
        .first()
    )
    return render(
        request,
        "imports/detail.html",
        {
            "batch": batch,
            "kind": registry.get(batch.kind),
            "title": registry.get(batch.kind).title,
            "errors": errors,
            "earlier": earlier,
            "percent": min(100, round(100 * batch.processed_rows / batch.total_rows)) if batch.total_rows else 0,
            # See batches._Progress: SQLite can't show an import's rows until it commits.
            "counted": batch.state != ImportBatch.State.APPLYING or connection.vendor != "sqlite",
            "can_retry": batch.state == ImportBatch.State.INTERRUPTED
            and ImportBatch.objects.filter(pk=batch.pk, content__isnull=False).exists(),
        },
    )


@require_POST
def import_confirm(request, pk):
    batch = _batch_for(request, pk)
    _kind_for(request, batch.kind)
    if batch.state != ImportBatch.State.READY:
        messages.error(request, _("This file can no longer be imported: upload it again."))
        return redirect(batch)
    if not batches.start(batch, commit=True):
        messages.error(request, _("This file can no longer be imported: upload it again."))
        return redirect(batch)
    batch.refresh_from_db(fields=["state"])
    if batch.state == ImportBatch.State.APPLIED:
        messages.success(request, _("Import done."))
    return redirect(batch)


@require_POST
def import_retry(request, pk):
    batch = _batch_for(request, pk)
    _kind_for(request, batch.kind)
    if not batches.retry(batch):
        messages.error(request, _("This file can no longer be imported: upload it again."))
    return redirect(batch)


@require_safe
def import_progress(request, pk):
    batch = _batch_for(request, pk)
    return JsonResponse(
        {
            "state": batch.state,
            "label": batch.get_state_display(),
            "processed": batch.processed_rows,
            "total": batch.total_rows,
            "running": batch.running,
        }
    )


@require_safe
def import_template(request, kind):
    kind = _kind_for(request, kind)
    return files.template_response(files.columns_for(kind.columns(), request.user), kind.template_name)


def _job_for(request, pk) -> ExportJob:
    """The officer's own job: anyone else's is not found, whoever they are."""
    job = get_object_or_404(ExportJob, pk=pk, requested_by=request.user)
    # The file is the list itself: reaching it still takes the list's permission.
    if not request.user.has_perm(registry.get_export(job.kind).permission):
        raise PermissionDenied
    # A job whose worker died is found here at the latest, when its officer looks.
    if job.state == ExportJob.State.RUNNING and exports.recover_stale():
        job.refresh_from_db()
    return job


@require_safe
def export_detail(request, pk):
    job = _job_for(request, pk)
    kind = registry.get_export(job.kind)
    return render(
        request,
        "imports/export_detail.html",
        {"job": job, "kind": kind, "title": kind.title, "keep_days": exports.keep_for().days},
    )


@require_safe
def export_progress(request, pk):
    job = _job_for(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "label": job.get_state_display(),
            "processed": job.rows_done,
            "total": job.rows_total,
            "running": job.running,
            "error": job.error,
        }
    )


@require_safe
def export_file(request, pk):
    job = _job_for(request, pk)
    path = exports.file_path(job)
    if job.state != ExportJob.State.DONE or path is None or not path.is_file():
        raise Http404
    kind = registry.get_export(job.kind)
    export_logger.info("export job=%s kind=%s downloaded user=%s", job.pk, job.kind, request.user.pk)
    name = download_name(*kind.file_words, timezone.localdate(job.created_at), ext=job.format)
    content_type = files.XLSX if job.format == ExportJob.Format.XLSX else files.CSV
    # FileResponse closes the file once it is sent.
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type=content_type)
