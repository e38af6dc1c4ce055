"""Monitoring reports (Thông tư 10/2022/TT-BLĐTBXH, Mẫu số 01): drafted from the data, frozen when submitted."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

DUE_WORKING_DAYS = 15  # TT 10/2022 Art. 4.2(a): within 15 working days after the period


class Holiday(models.Model):
    """The ward's exception to the national calendar (monitoring.workdays) when counting working days."""

    day = models.DateField(_("day"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    working_day = models.BooleanField(
        _("working day"),
        default=False,
        help_text=_("Tick for a day worked although the national calendar has it off, such as a swapped Saturday."),
    )

    class Meta:
        verbose_name = _("day off or working day")
        verbose_name_plural = _("days off and working days")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.name}"


class Report(models.Model):
    """The ward's supervision report for a half-year or a year, in versions."""

    class Period(models.TextChoices):
        HALF_YEAR = "half_year", _("Six months")
        YEAR = "year", _("Year")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="superseded_by", verbose_name=_("corrects")
    )
    number = models.CharField(_("report number"), max_length=50, blank=True)
    report_date = models.DateField(_("report date"), null=True, blank=True)
    situation = models.TextField(_("general situation"), blank=True)
    results = models.TextField(_("results of the sub-projects"), blank=True)
    budget = models.TextField(_("budget and disbursement"), blank=True)
    difficulties = models.TextField(_("difficulties and shortcomings"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    recipients = models.TextField(
        _("recipients"), blank=True, help_text=_("The “Nơi nhận” block: one recipient per line.")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    snapshot = models.JSONField(_("figures as submitted"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("drafted by")
    )
    created_at = models.DateTimeField(_("drafted"), auto_now_add=True)

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["-year", "-period", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["period", "year", "version"], name="report_version_unique"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(snapshot__isnull=False, submitted_at__isnull=False),
                name="report_submitted_is_frozen",
            ),
        ]
        permissions = [("submit_report", _("Can submit a monitoring report"))]

    def __str__(self):
        if self.period == self.Period.HALF_YEAR:
            title = _("Six-month report %(year)s (version %(version)s)")
        else:
            title = _("Annual report %(year)s (version %(version)s)")
        return title % {"year": self.year, "version": self.version}

    def get_absolute_url(self):
        return reverse("monitoring:report_detail", args=[self.pk])

    @property
    def starts_on(self) -> date:
        return date(self.year, 1, 1)

    @property
    def ends_on(self) -> date:
        return date(self.year, 6, 30) if self.period == self.Period.HALF_YEAR else date(self.year, 12, 31)

    def due_on(self) -> date:
        from monitoring.workdays import add_working_days  # it reads Holiday, from this module

        return add_working_days(self.ends_on, DUE_WORKING_DAYS)

    def recipient_lines(self) -> list[str]:
        return [line.strip().lstrip("-").strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def submitted(self) -> bool:
        return self.state == self.State.SUBMITTED
