"""An uploaded file and what became of it; the importers themselves live in their apps."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imports import registry


class ImportBatch(models.Model):
    """One uploaded file: who brought it in, what a check found, and what was applied."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be checked")
        CHECKING = "checking", _("Being checked")
        READY = "ready", _("Checked: ready to import")
        INVALID = "invalid", _("Has errors: nothing imported")
        APPLYING = "applying", _("Being imported")
        APPLIED = "applied", _("Imported")
        FAILED = "failed", _("Import refused: nothing changed")
        # A check or an import whose process died: nothing of it committed (see batches).
        INTERRUPTED = "interrupted", _("Interrupted: nothing imported")
        EXPIRED = "expired", _("Expired: upload it again")

    # One of the kinds the apps register (imports.registry).
    kind = models.CharField(_("kind"), max_length=15)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.QUEUED)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    # The upload holds personal data: kept only between the check and the import
    # (or 24 hours), then erased.
    content = models.BinaryField(null=True, blank=True, editable=False)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows read"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    actions = models.JSONField(_("rows"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # When the running check or import began: one still running long after it is stale.
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    applied_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        # The table was created by the households app, which held the model first.
        db_table = "households_importbatch"
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.file_name}"

    def get_absolute_url(self):
        return reverse("imports:detail", args=[self.pk])

    def get_kind_display(self) -> str:
        return str(registry.get(self.kind).title)

    @property
    def running(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.CHECKING, self.State.APPLYING)


class ExportJob(models.Model):
    """A list too large to write in a request, written by the task worker into a private file.

    The file holds personal data: it lives under settings.GIAMNGHEO_EXPORT_DIR (never served
    as static or media), reaches only the officer who asked for it, and is erased with its
    job after GIAMNGHEO_EXPORT_KEEP_DAYS (purge_exports).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be written")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Failed: no file was written")

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel (.xlsx)"
        CSV = "csv", "CSV (.csv)"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    # One of the kinds the apps register (imports.registry.ExportKind).
    kind = models.CharField(_("kind"), max_length=15)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices, default=Format.XLSX)
    # The list's filters as the export view received them (a saved search's included): they
    # may hold a searched name, which is why they are kept here and never put in a URL.
    params = models.JSONField(_("filters"), default=dict, blank=True)
    # The commune the request worked in (giamngheo.access): the province's officers choose one
    # per session, and the worker has no session to read it from.
    commune_id = models.IntegerField(null=True, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    # The file's name inside GIAMNGHEO_EXPORT_DIR, set only once the whole file is in place.
    file = models.CharField(_("file"), max_length=100, blank=True)
    error = models.CharField(_("error"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    def get_absolute_url(self):
        return reverse("imports:export_detail", args=[self.pk])

    @property
    def running(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
