"""Pages of the imports and exports: upload, preview, confirm, progress, templates, exports."""

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from giamngheo.forms import FormStyleMixin
from households.filters import HouseholdFilter
from households.imports import batches, files
from households.imports.assessments import assessment_columns
from households.imports.columns import HOUSEHOLD_COLUMNS
from households.imports.errors import describe
from households.imports.reading import FileRefused, check_upload, limit
from households.imports.supports import SUPPORT_COLUMNS
from households.models import Household, ImportBatch, Member
from projects.models import SubProject

logger = logging.getLogger("giamngheo.imports")

TITLES = {
    ImportBatch.Kind.HOUSEHOLDS: gettext_lazy("Import households and members"),
    ImportBatch.Kind.ASSESSMENTS: gettext_lazy("Import assessments"),
    ImportBatch.Kind.SUPPORTS: gettext_lazy("Import support records"),
}
TEMPLATE_NAMES = {
    ImportBatch.Kind.HOUSEHOLDS: "mau-nhap-ho-gia-dinh.xlsx",
    ImportBatch.Kind.ASSESSMENTS: "mau-nhap-ket-qua-ra-soat.xlsx",
    ImportBatch.Kind.SUPPORTS: "mau-nhap-ho-tro.xlsx",
}


def _columns(kind):
    if kind == ImportBatch.Kind.HOUSEHOLDS:
        return HOUSEHOLD_COLUMNS
    if kind == ImportBatch.Kind.ASSESSMENTS:
        return assessment_columns()
    return SUPPORT_COLUMNS


def _kind_for(request, kind: str) -> str:
    if kind not in ImportBatch.Kind.values:
        raise Http404
    if not request.user.has_perm(batches.PERMISSIONS[kind]):
        raise PermissionDenied
    return kind


class UploadForm(FormStyleMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("file (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
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
            kind=kind, name=form.cleaned_data["file"].name, data=form.data_bytes, user=request.user
        )
        batches.start(batch, commit=False)
        return redirect(batch)
    recent = ImportBatch.objects.filter(created_by=request.user, kind=kind).defer("content")[:10]
    return render(
        request,
        "households/import_form.html",
        {"form": form, "kind": kind, "title": TITLES[kind], "recent": recent, "columns": _columns(kind)},
    )


def _batch_for(request, pk) -> ImportBatch:
    batches_seen = ImportBatch.objects.defer("content")
    if not request.user.is_superuser:
        batches_seen = batches_seen.filter(created_by=request.user)
    return get_object_or_404(batches_seen, pk=pk)


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
        "households/import_detail.html",
        {
            "batch": batch,
            "title": TITLES[batch.kind],
            "errors": errors,
            "earlier": earlier,
            "percent": min(100, round(100 * batch.processed_rows / batch.total_rows)) if batch.total_rows else 0,
        },
    )


@require_POST
def import_confirm(request, pk):
    batch = _batch_for(request, pk)
    _kind_for(request, batch.kind)
    if batch.state != ImportBatch.State.READY:
        messages.error(request, _("This file can no longer be imported: upload it again."))
        return redirect(batch)
    batch = ImportBatch.objects.get(pk=batch.pk)
    batches.start(batch, commit=True)
    batch.refresh_from_db()
    if batch.state == ImportBatch.State.APPLIED:
        messages.success(request, _("Import done."))
    return redirect(batch)


@require_safe
def import_progress(request, pk):
    batch = _batch_for(request, pk)
    return JsonResponse(
        {
            "state": batch.state,
            "label": batch.get_state_display(),
            "processed": batch.processed_rows,
            "running": batch.running,
        }
    )


@require_safe
def import_template(request, kind):
    kind = _kind_for(request, kind)
    return files.template_response(files.columns_for(_columns(kind), request.user), TEMPLATE_NAMES[kind])


# --- Exports ---------------------------------------------------------------------


def _format(request) -> str:
    return "csv" if request.GET.get("format") == "csv" else "xlsx"


def household_rows(households, columns, user):
    full_ids = user.has_perm("households.view_citizen_id")
    head_first = Case(When(relation="head", then=Value(0)), default=Value(1), output_field=IntegerField())
    members = Member.objects.order_by(head_first, "date_of_birth", "pk")
    queryset = households.select_related("residential_group").prefetch_related(Prefetch("members", queryset=members))
    for household in queryset.iterator(chunk_size=500):
        for member in household.members.all():
            row = []
            for column in columns:
                key = column.key
                if key == "code":
                    row.append(household.code)
                elif key == "group":
                    row.append(household.residential_group.code)
                elif key in ("address", "area_type", "phone", "note"):
                    row.append(getattr(household, key))
                elif key == "citizen_id":
                    row.append((member.citizen_id or "") if full_ids else member.masked_citizen_id())
                else:
                    row.append(getattr(member, key))
            yield row


@require_safe
@permission_required("households.view_household", raise_exception=True)
def household_export(request):
    household_filter = HouseholdFilter(request.GET or None, queryset=Household.objects.for_user(request.user))
    columns = files.columns_for(HOUSEHOLD_COLUMNS, request.user)
    fmt = _format(request)
    households = household_filter.qs
    logger.info("export households format=%s households=%s user=%s", fmt, households.count(), request.user.pk)
    return files.export_response(
        columns,
        household_rows(households, columns, request.user),
        fmt,
        f"ho-gia-dinh-{timezone.localdate():%Y%m%d}",
    )


def support_rows(supports, user, *, full_ids):
    for support in supports:
        member = support.member
        citizen_id = ""
        if member is not None:
            citizen_id = (member.citizen_id or "") if full_ids else member.masked_citizen_id()
        yield [
            support.subproject.local_code,
            support.subproject.official_code,
            support.subproject.plan.year,
            support.household.code,
            citizen_id,
            member.full_name if member else "",
            member.date_of_birth if member else None,
            support.kind,
            support.items,
            support.quantity,
            support.value,
            support.supported_on,
            support.override_reason,
            support.note,
        ]


@require_safe
@permission_required("projects.view_subproject", raise_exception=True)
def support_export(request, pk):
    subproject = get_object_or_404(SubProject.objects.for_user(request.user).select_related("plan"), pk=pk)
    supports = (
        subproject.supports.select_related("subproject__plan", "household", "member")
        .filter(household__in=Household.objects.for_user(request.user))
        .order_by("supported_on", "pk")
    )
    fmt = _format(request)
    logger.info("export supports subproject=%s format=%s user=%s", subproject.pk, fmt, request.user.pk)
    full_ids = request.user.has_perm("households.view_citizen_id")
    return files.export_response(
        SUPPORT_COLUMNS,
        support_rows(supports.iterator(chunk_size=500), request.user, full_ids=full_ids),
        fmt,
        f"ho-tro-{subproject.official_code}-{subproject.plan.year}",
    )


def back_url(kind) -> str:
    if kind == ImportBatch.Kind.SUPPORTS:
        return reverse("projects:subproject_list")
    return reverse("households:list")
