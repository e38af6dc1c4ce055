"""A commune's official number of households and people, from the commune's population statistics."""

from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giamngheo.models import AdministrativeUnit, CommuneQuerySet, sole_commune_id
from households.models.register import Household, Member


class OfficialPopulationQuerySet(CommuneQuerySet):
    unit_path = "commune"

    def total_on(self, day: date, commune=None) -> dict:
        """What a commune's rate on a day divides by: its official figure of the day's year, else its register.

        Plain JSON, so a submitted report keeps the basis it used.
        """
        official = self.in_commune(commune).filter(year=day.year).first()
        if official is not None:
            return {
                "households": official.households,
                "people": official.people,
                "source": "official",
                "as_of": official.as_of.isoformat(),
                "basis": official.source,
            }
        return {**register_total(day, commune), "source": "register", "as_of": day.isoformat(), "basis": ""}


def register_total(day: date, commune=None) -> dict:
    """Households and people on a commune's register on a day (a million rows at province scale: cached)."""
    from households import timeline  # it reads these models

    households = Household.objects.in_commune(commune).in_ward_on(day)

    def count():
        people = Member.objects.filter(household__in=households).present_on(day).count()
        return {"households": households.count(), "people": people}

    return cache.get_or_set(timeline.cache_key("total", households, day), count, timeline.CACHE_SECONDS)


class OfficialPopulation(models.Model):
    """One year's official figure, entered by the officer; a report of that year divides by it."""

    commune = models.ForeignKey(
        AdministrativeUnit,
        models.PROTECT,
        default=sole_commune_id,
        related_name="+",
        verbose_name=_("commune"),
        limit_choices_to={"level": "commune"},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    as_of = models.DateField(_("as of"), help_text=_("The day the statistics count (usually 31/12)."))
    households = models.PositiveIntegerField(_("households"))
    people = models.PositiveIntegerField(_("people"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=255, help_text=_("The statistics the figure comes from, e.g. its report number.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    history = HistoricalRecords()
    objects = OfficialPopulationQuerySet.as_manager()

    class Meta:
        verbose_name = _("official population figure")
        verbose_name_plural = _("official population figures")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(households__gt=0), name="population_households_positive"),
            models.UniqueConstraint(fields=["commune", "year"], name="population_once_per_commune_year"),
        ]

    def __str__(self):
        return _("Official figures %(year)s") % {"year": self.year}

    def clean(self):
        if self.as_of and self.year and self.as_of.year != self.year:
            raise ValidationError(
                {"as_of": ValidationError(_("The date must fall in the figure's year."), code="as_of_other_year")}
            )
