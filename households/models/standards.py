"""Reference data: the poverty standards and their deprivation indicators."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from giamngheo.models import AreaType
from households import classification, deprivations


class DeprivationIndicator(models.Model):
    """One of the basic-social-service deprivation indicators; each standard words its threshold."""

    class Dimension(models.TextChoices):
        EMPLOYMENT = "employment", _("Employment")
        HEALTH = "health", _("Health")
        EDUCATION = "education", _("Education")
        HOUSING = "housing", _("Housing")
        WATER_SANITATION = "water_sanitation", _("Water and sanitation")
        INFORMATION = "information", _("Information")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("deprivation indicator")
        verbose_name_plural = _("deprivation indicators")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class PovertyStandardQuerySet(models.QuerySet):
    def in_force_on(self, day: date):
        return (
            self.filter(valid_from__lte=day)
            .filter(Q(valid_to__gte=day) | Q(valid_to__isnull=True))
            .order_by("-valid_from")
            .first()
        )

    def for_list_year(self, year: int):
        """The standard a list of `year` is made under: the one in force on 01/01 of that year."""
        return self.in_force_on(date(year, 1, 1))


class PovertyStandard(models.Model):
    """A version of the national multidimensional poverty standard, kept as data."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200, help_text=_("The legal basis, as explanations cite it."))
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    urban_income_line = models.PositiveBigIntegerField(_("urban income line (VND per person per month)"))
    rural_income_line = models.PositiveBigIntegerField(_("rural income line (VND per person per month)"))
    urban_average_ceiling = models.PositiveBigIntegerField(
        _("urban average-living ceiling (VND)"), null=True, blank=True
    )
    rural_average_ceiling = models.PositiveBigIntegerField(
        _("rural average-living ceiling (VND)"), null=True, blank=True
    )
    poor_min_deprivations = models.PositiveSmallIntegerField(_("deprivations that make a household poor"), default=3)
    urban_score_a_cutoff = models.PositiveSmallIntegerField(_("urban score A cut-off"), null=True, blank=True)
    rural_score_a_cutoff = models.PositiveSmallIntegerField(_("rural score A cut-off"), null=True, blank=True)
    score_b_per_indicator = models.PositiveSmallIntegerField(_("score B points per indicator"), default=10)
    indicators = models.ManyToManyField(
        DeprivationIndicator,
        through="StandardIndicator",
        related_name="standards",
        verbose_name=_("indicators"),
    )

    objects = PovertyStandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("poverty standard")
        verbose_name_plural = _("poverty standards")
        ordering = ["valid_from"]

    def __str__(self):
        return self.name

    def rules(self) -> classification.StandardRules:
        return classification.StandardRules(
            name=self.name,
            income_line={AreaType.URBAN: self.urban_income_line, AreaType.RURAL: self.rural_income_line},
            average_ceiling={AreaType.URBAN: self.urban_average_ceiling, AreaType.RURAL: self.rural_average_ceiling},
            poor_min_deprivations=self.poor_min_deprivations,
            score_a_cutoff={
                area: cutoff
                for area, cutoff in (
                    (AreaType.URBAN, self.urban_score_a_cutoff),
                    (AreaType.RURAL, self.rural_score_a_cutoff),
                )
                if cutoff is not None
            },
            score_b_per_indicator=self.score_b_per_indicator,
            indicator_names={i.code: i.name for i in self.indicators.all()},
        )

    def suggestion_rules(self) -> dict[str, str]:
        """Indicator code -> the rule of households.deprivations that suggests it under this standard."""
        return {
            row.indicator.code: row.suggestion_rule
            for row in self.indicator_terms.select_related("indicator")
            if row.suggestion_rule
        }


class StandardIndicator(models.Model):
    """An indicator as one standard words it: its threshold, whether the text is confirmed, its suggestion.

    The through table of PovertyStandard.indicators. It is the table the plain many-to-many
    had (households 0008 kept it and its rows), hence its name and column names.
    """

    id = models.AutoField(primary_key=True)
    standard = models.ForeignKey(
        PovertyStandard,
        models.CASCADE,
        db_column="povertystandard_id",
        related_name="indicator_terms",
        verbose_name=_("standard"),
    )
    indicator = models.ForeignKey(
        DeprivationIndicator,
        models.PROTECT,
        db_column="deprivationindicator_id",
        related_name="standard_terms",
        verbose_name=_("indicator"),
    )
    threshold = models.TextField(
        _("deprivation threshold"),
        blank=True,
        help_text=_("When a household counts as deprived, as the legal text words it."),
    )
    threshold_confirmed = models.BooleanField(
        _("threshold confirmed"),
        default=False,
        help_text=_(
            "Ticked once the threshold has been checked against the published text; until then it is working text."
        ),
    )
    suggestion_rule = models.CharField(
        _("suggested from the register by"),
        max_length=40,
        choices=deprivations.RULE_CHOICES,
        blank=True,
        help_text=_("Empty: never suggested (the indicator needs a visit)."),
    )

    class Meta:
        db_table = "households_povertystandard_indicators"
        verbose_name = _("indicator of a standard")
        verbose_name_plural = _("indicators of a standard")
        ordering = ["standard", "indicator__order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "indicator"], name="standardindicator_once_per_standard")
        ]

    def __str__(self):
        return f"{self.standard.code} – {self.indicator.name}"
