"""Review rounds, the assessments made in them, and the recognition decisions that follow."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giamngheo.models import AreaType
from households import classification, status
from households.models.standards import DeprivationIndicator, PovertyStandard
from households.status import Status, add_months

# Months with no regular review: the periodic review (01/09–14/12) runs then.
REGULAR_GAP_MONTHS = (9, 10, 11)


class Review(models.Model):
    """A review round (Quyết định 24/2021/QĐ-TTg): periodic each autumn or regular each month."""

    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Periodic review (yearly, 01/09–14/12)")
        REGULAR = "regular", _("Regular review (monthly, from the 15th)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    list_year = models.PositiveSmallIntegerField(
        _("list year"),
        blank=True,
        help_text=_(
            "The year of the list this review makes: the next year for a periodic review, "
            "its own year for a regular one. Empty: by that rule."
        ),
    )
    standard = models.ForeignKey(
        PovertyStandard,
        models.PROTECT,
        blank=True,
        related_name="reviews",
        verbose_name=_("standard"),
        help_text=_(
            "The standard its households are classified under. Empty: the one in force on 01/01 of the list year."
        ),
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "month"], name="review_one_per_period"),
            models.UniqueConstraint(
                fields=["kind", "year"], condition=Q(kind="periodic"), name="review_one_periodic_per_year"
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="review_ends_after_start"),
        ]

    def __str__(self):
        if self.kind == self.Kind.PERIODIC:
            return _("Periodic review %(year)s") % {"year": self.year}
        return _("Regular review %(month)02d/%(year)s") % {"month": self.month, "year": self.year}

    @staticmethod
    def default_list_year(kind: str, year: int, month: int | None = None) -> int:
        """The year of the list a review makes, by default.

        A periodic review (01/09–14/12 of year Y) makes the list of Y + 1: Quyết định
        24/2021/QĐ-TTg and Thông tư 07/2021/TT-BLĐTBXH took effect on 01/09/2021 and the
        autumn-2021 review applied the 2022–2025 standard (an inference from those dates;
        no text says it). A regular review serves the list of the year it starts in.
        """
        return year + 1 if kind == Review.Kind.PERIODIC else year

    @classmethod
    def by_rule(cls, kind: str, year: int, month: int | None = None) -> "Review":
        """An unsaved review with the dates, list year and standard the rules give it."""
        if kind == cls.Kind.PERIODIC:
            month = None
        starts_on, ends_on = cls.period(kind, year, month)
        review = cls(kind=kind, year=year, month=month, starts_on=starts_on, ends_on=ends_on)
        review.fill_defaults()
        return review

    def fill_defaults(self) -> None:
        """Fill the list year and the standard left empty, by rule (the admin may set both)."""
        if self.list_year is None:
            self.list_year = self.default_list_year(self.kind, self.year, self.month)
        if self.standard_id is None:
            self.standard = PovertyStandard.objects.for_list_year(self.list_year)

    def standard_or_error(self) -> PovertyStandard:
        """The review's standard, or a refusal naming the list year that has none."""
        if self.standard_id is None:
            raise ValidationError(
                _("No poverty standard is in force for the list of %(year)s: add it in the admin first.")
                % {"year": self.list_year},
                code="no_standard",
            )
        return self.standard

    def clean(self):
        super().clean()
        if self.kind and self.year:
            self.fill_defaults()
            try:
                self.standard_or_error()
            except ValidationError as error:
                raise ValidationError({"standard": error}) from None
        if (
            self.pk
            and self.standard_id
            and Assessment.objects.filter(review=self).exclude(standard_id=self.standard_id).exists()
        ):
            raise ValidationError(
                {
                    "standard": ValidationError(
                        _("Households were already classified in this review under another standard."),
                        code="review_has_assessments",
                    )
                }
            )

    @staticmethod
    def period(kind: str, year: int, month: int | None = None) -> tuple[date, date]:
        """The dates Quyết định 24/2021 Art. 3 gives a review, so that every day belongs to exactly one.

        The periodic review runs from 01/09 to 14/12. The regular review is monthly from the
        15th (Art. 3.b) outside the periodic one: the review of month M runs to the 14th of the
        next month (December's to 14/01), and August's stops on 31/08, the eve of the periodic.
        """
        if kind == Review.Kind.PERIODIC:
            return date(year, 9, 1), date(year, 12, 14)
        if month in REGULAR_GAP_MONTHS:
            raise ValidationError(
                _("There is no regular review in %(month)02d/%(year)s: the periodic review covers it.")
                % {"month": month, "year": year},
                code="no_regular_review",
            )
        start = date(year, month, 15)
        if month == 8:
            return start, date(year, 8, 31)
        return start, add_months(start, 1) - timedelta(days=1)


class Assessment(models.Model):
    """A household's measurement in a review, and the class the standard gives it."""

    class Result(models.TextChoices):
        POOR = classification.Result.POOR, _("Poor")
        NEAR_POOR = classification.Result.NEAR_POOR, _("Near-poor")
        AVERAGE = classification.Result.AVERAGE, _("Average living standard")
        NOT_POOR = classification.Result.NOT_POOR, _("Not poor")

    household = models.ForeignKey(
        "households.Household", models.CASCADE, related_name="assessments", verbose_name=_("household")
    )
    review = models.ForeignKey(Review, models.PROTECT, related_name="assessments", verbose_name=_("review"))
    assessed_on = models.DateField(_("assessment date"))
    standard = models.ForeignKey(PovertyStandard, models.PROTECT, related_name="+", verbose_name=_("standard"))
    area_type = models.CharField(_("area type"), max_length=5, choices=AreaType.choices)
    member_count = models.PositiveSmallIntegerField(_("members"))
    income_per_capita = models.PositiveBigIntegerField(_("income per person per month (VND)"), null=True, blank=True)
    score_a = models.PositiveSmallIntegerField(_("score A (income proxy)"), null=True, blank=True)
    score_b = models.PositiveSmallIntegerField(_("score B (deprivations)"), null=True, blank=True)
    floor_area_m2 = models.DecimalField(_("floor area (m²)"), max_digits=7, decimal_places=1, null=True, blank=True)
    deprivations = models.ManyToManyField(
        DeprivationIndicator, blank=True, related_name="assessments", verbose_name=_("deprived indicators")
    )
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    note = models.TextField(_("note"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[deprivations])

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["household", "review"], name="assessment_one_per_review"),
            models.CheckConstraint(
                condition=Q(income_per_capita__isnull=False) | Q(score_a__isnull=False, score_b__isnull=False),
                name="assessment_has_income_or_scores",
            ),
        ]

    def __str__(self):
        return f"{self.household.code} – {self.review}"

    def proposed_status(self) -> str:
        """The list the result puts the household on, as the decision form proposes it."""
        return self.status_for(self.result)

    @classmethod
    def status_for(cls, result: str) -> str:
        return {cls.Result.POOR: Status.POOR, cls.Result.NEAR_POOR: Status.NEAR_POOR}.get(result, Status.NONE)

    def explain(self) -> classification.Classification:
        """Re-derive the explanation from the stored inputs and the stored standard."""
        return classification.classify(
            self.standard.rules(),
            area=self.area_type,
            deprived=[d.code for d in self.deprivations.all()],
            income=self.income_per_capita,
            score_a=self.score_a if self.income_per_capita is None else None,
            score_b=self.score_b if self.income_per_capita is None else None,
        )


class StatusDecision(models.Model):
    """A recognition decision putting a household on a list (or off all lists) from a date."""

    household = models.ForeignKey(
        "households.Household", models.CASCADE, related_name="status_decisions", verbose_name=_("household")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    effective_on = models.DateField(_("effective from"))
    number = models.CharField(_("decision number"), max_length=50)
    signed_on = models.DateField(_("decision date"))
    signer = models.CharField(_("signed by"), max_length=150)
    assessment = models.ForeignKey(
        Assessment, models.SET_NULL, null=True, blank=True, related_name="decisions", verbose_name=_("assessment")
    )
    note = models.TextField(_("note"), blank=True)
    # Derived from the household's earlier decisions by services.record_decision.
    previous_status = models.CharField(
        _("previous status"), max_length=10, choices=Status.choices, default=Status.NONE, editable=False
    )
    ever_poor_before = models.BooleanField(_("was poor before"), default=False, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    # The decision in force on a day is the latest effective by then, the last recorded of a day.
    IN_FORCE_ORDER = ("-effective_on", "-pk")

    class Meta:
        verbose_name = _("status decision")
        verbose_name_plural = _("status decisions")
        ordering = ["effective_on", "pk"]
        indexes = [models.Index(fields=["household", "effective_on"], name="statusdecision_household_date")]
        constraints = [
            models.UniqueConstraint(fields=["household", "number"], name="statusdecision_number_once_per_household"),
            models.CheckConstraint(
                condition=Q(effective_on__gte=F("signed_on")), name="statusdecision_effective_after_signing"
            ),
        ]

    def __str__(self):
        return f"{self.number} – {self.get_status_display()}"

    @staticmethod
    def escape_q() -> Q:
        """Decisions that count as escaping poverty, per GIAMNGHEO_ESCAPE_MEANS."""
        return status.escape().q()

    def is_escape(self) -> bool:
        """The Python twin of escape_q(), for decisions already in memory."""
        return status.escape().matches(self.previous_status, self.status, self.ever_poor_before)

    def transition(self) -> str:
        """What the decision changed (a key of status.TRANSITIONS, or "unchanged"), for timelines."""
        return status.transition_name(self.previous_status, self.status, self.ever_poor_before)
