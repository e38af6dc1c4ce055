"""Monitoring reports (Thông tư 10/2022/TT-BLĐTBXH, Mẫu số 01): drafted from the data, frozen when submitted."""

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giamngheo import access
from giamngheo.models import AdministrativeUnit, CommuneQuerySet, sole_commune_id

# The home page and the report list remind of a report this many calendar days before it is due.
DUE_SOON_DAYS = 15
# How far back they look for a period without a submitted report: last year's and this year's periods.
DUE_LOOKBACK_YEARS = 1


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


class Period(models.TextChoices):
    HALF_YEAR = "half_year", _("Six months")
    YEAR = "year", _("Year")


def period_end(period: str, year: int) -> date:
    return date(year, 6, 30) if period == Period.HALF_YEAR else date(year, 12, 31)


def period_title(period: str, year: int) -> str:
    if period == Period.HALF_YEAR:
        return _("Six-month report %(year)s") % {"year": year}
    return _("Annual report %(year)s") % {"year": year}


class ReportingDeadlineQuerySet(models.QuerySet):
    def applicable(self):
        return self.filter(applies=True)

    def earliest(self, period: str, year: int, calendar=None) -> "tuple[date, ReportingDeadline] | None":
        """The earliest due date among these deadlines for the period, and the deadline that sets it.

        Iterates the queryset itself: evaluated once, it answers every period from its cache.
        """
        found = [(deadline.due_for(year, calendar), deadline) for deadline in self if deadline.period == period]
        return min(found, key=lambda pair: (pair[0], pair[1].pk), default=None)


class ReportingDeadline(models.Model):
    """When a report is due and to whom: a rule of a legal text, or of the province, kept as data.

    Thông tư 10/2022/TT-BLĐTBXH Art. 4.2(a): within 15 working days after the period to the
    standing agency at the same level; the province to the ministries before 1 June (six months)
    and 1 December (year). The ward follows the rows ticked "applies"; where several apply to a
    period (the province sets an earlier date for communes), the earliest due date wins.
    """

    recipient = models.CharField(_("sent to"), max_length=200)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    working_days = models.PositiveSmallIntegerField(
        _("working days after the period"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Either this, or a fixed day and month."),
    )
    due_day = models.PositiveSmallIntegerField(
        _("day"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    due_month = models.PositiveSmallIntegerField(
        _("month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_('The last day the report may be sent: "before 1 June" is 31/05.'),
    )
    year_offset = models.PositiveSmallIntegerField(
        _("year after the period"),
        default=0,
        validators=[MaxValueValidator(1)],
        help_text=_("For a fixed day: 0 in the period's own year, 1 in the following year."),
    )
    source = models.CharField(_("legal source"), max_length=300)
    applies = models.BooleanField(
        _("applies to the ward"),
        default=True,
        help_text=_("The ward's reports are due by the earliest of the deadlines that apply to their period."),
    )

    objects = ReportingDeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting deadlines")
        ordering = ["-applies", "period", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(working_days__isnull=False, due_day__isnull=True, due_month__isnull=True)
                | Q(working_days__isnull=True, due_day__isnull=False, due_month__isnull=False),
                name="reportingdeadline_one_rule",
            ),
        ]

    def __str__(self):
        return f"{self.get_period_display()}: {self.rule_text} – {self.recipient}"

    def clean(self):
        if self.working_days is None and (self.due_day is None or self.due_month is None):
            raise ValidationError(
                _("Give either the working days after the period, or a day and a month."), code="deadline_rule_missing"
            )
        if self.working_days is not None and (self.due_day is not None or self.due_month is not None):
            raise ValidationError(
                _("Give either the working days after the period, or a day and a month, not both."),
                code="deadline_rule_twice",
            )
        # 29/02 is refused too: the rule must give a day in every year.
        if self.due_month and self.due_day and self.due_day > month_calendar.monthrange(2023, self.due_month)[1]:
            raise ValidationError(
                {"due_day": ValidationError(_("This month has no such day."), code="deadline_day_invalid")}
            )

    @property
    def rule_text(self) -> str:
        if self.working_days is not None:
            return _("%(days)d working days after the period") % {"days": self.working_days}
        if self.year_offset:
            return _("by %(day)02d/%(month)02d of the following year") % {"day": self.due_day, "month": self.due_month}
        return _("by %(day)02d/%(month)02d") % {"day": self.due_day, "month": self.due_month}

    def due_for(self, year: int, calendar=None) -> date:
        """The due date of the period's report of `year` under this rule."""
        if self.working_days is not None:
            from monitoring.workdays import add_working_days  # it reads Holiday, from this module

            return add_working_days(period_end(self.period, year), self.working_days, calendar)
        return date(year + self.year_offset, self.due_month, self.due_day)


@dataclass(frozen=True)
class Timing:
    """A report against its due date on a day: late or not, and by how many working days.

    Late when the day is after the due date. `working_days` counts, when late, the working days
    after the due date through the day (0 on a day off just after it); otherwise the working days
    left after the day through the due date.
    """

    due_on: date
    day: date
    late: bool
    working_days: int

    @classmethod
    def of(cls, due_on: date, day: date, calendar=None) -> "Timing":
        from monitoring.workdays import Calendar

        calendar = calendar or Calendar()
        if day > due_on:
            return cls(due_on, day, True, calendar.working_days_between(due_on, day))
        return cls(due_on, day, False, calendar.working_days_between(day, due_on))


@dataclass(frozen=True)
class DuePeriod:
    """A period whose report is due soon or overdue, with its latest version if one is drafted."""

    period: str
    year: int
    timing: Timing
    report: "Report | None"
    # Across several communes (the province): how many communes were to report, those that have not.
    expected: int = 0
    missing: tuple = ()

    @property
    def title(self) -> str:
        return period_title(self.period, self.year)


class ReportQuerySet(CommuneQuerySet):
    unit_path = "commune"

    def for_user(self, user):
        """The reports of the user's commune."""
        return access.scope(self, user)

    def periods_due(self, today: date, *, soon_days: int = DUE_SOON_DAYS, by_commune: bool = False) -> list[DuePeriod]:
        """Last year's and this year's periods with no submitted version, due within `soon_days` or overdue.

        `by_commune`: these reports are several communes' (the province's): a period is due while a
        commune of today has no submitted report for it, and names them. As on the commune's own
        page, a report of any unit of its lineage counts (before the 2025 merger its former wards
        reported); a commune is expected where one of its units was served at the period's end.
        A constant number of queries: these reports, the deadlines, the ward's holidays of each
        year, and the units.
        """
        from monitoring.workdays import Calendar

        years = range(today.year - DUE_LOOKBACK_YEARS, today.year + 1)
        latest, submitted = {}, set()
        for report in self.filter(year__in=years).order_by("version"):
            latest[report.period, report.year] = report
            if report.submitted:
                submitted.add((report.period, report.year, report.commune_id))
        units = list(AdministrativeUnit.objects.served()) if by_commune else []
        commune_of = AdministrativeUnit.objects.commune_of_units() if by_commune else {}
        done_in = {(period, year, commune_of[unit].pk) for period, year, unit in submitted if unit in commune_of}
        done = {(period, year) for period, year, _unit in submitted}
        deadlines = ReportingDeadline.objects.applicable()
        calendar = Calendar()
        due = []
        for year in years:
            for period in (Period.HALF_YEAR, Period.YEAR):
                found = deadlines.earliest(period, year, calendar)
                if found is None or (found[0] - today).days > soon_days:
                    continue
                timing = Timing.of(found[0], today, calendar)
                if by_commune:
                    end = period_end(period, year)
                    reporting = {commune_of[u.pk] for u in units if u.pk in commune_of and u.is_valid_on(end)}
                    missing = tuple(
                        sorted((c for c in reporting if (period, year, c.pk) not in done_in), key=lambda c: c.name)
                    )
                    if missing:
                        due.append(DuePeriod(period, year, timing, None, expected=len(reporting), missing=missing))
                elif (period, year) not in done:
                    due.append(DuePeriod(period, year, timing, latest.get((period, year))))
        return sorted(due, key=lambda row: row.timing.due_on)


class Report(models.Model):
    """The ward's supervision report for a half-year or a year, in versions."""

    Period = Period

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    commune = models.ForeignKey(
        AdministrativeUnit,
        models.PROTECT,
        default=sole_commune_id,
        related_name="+",
        verbose_name=_("commune"),
        limit_choices_to={"level": "commune"},
    )
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
    # The deadline and holiday rows may change later: the submitted record keeps its due date.
    submitted_due_on = models.DateField(_("due date when submitted"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("drafted by")
    )
    created_at = models.DateTimeField(_("drafted"), auto_now_add=True)

    # Drafts are edited by several officers before submission: who wrote which version of a
    # section is kept. The snapshot is left out: it is written once, at submission.
    history = HistoricalRecords(excluded_fields=["snapshot"])
    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["-year", "-period", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "period", "year", "version"], name="report_version_unique"),
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
        return period_end(self.period, self.year)

    def deadline(self) -> "tuple[date, ReportingDeadline] | None":
        """Today's rule for the period: the earliest applicable deadline and its due date."""
        return ReportingDeadline.objects.applicable().earliest(self.period, self.year)

    def due_on(self) -> date | None:
        """The due date kept at submission; before it, the earliest applicable deadline's (None without one)."""
        if self.submitted_due_on is not None:
            return self.submitted_due_on
        found = self.deadline()
        return found[0] if found else None

    def timing(self) -> Timing | None:
        """On time or late: as submitted (its day in Vietnam), or if it were submitted today."""
        due_on = self.due_on()
        if due_on is None:
            return None
        day = timezone.localdate(self.submitted_at) if self.submitted_at else timezone.localdate()
        return Timing.of(due_on, day)

    def recipient_lines(self) -> list[str]:
        return [line.strip().lstrip("-").strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def submitted(self) -> bool:
        return self.state == self.State.SUBMITTED
