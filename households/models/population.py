"""A commune's official number of households and people, from the commune's population statistics."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giamngheo.models import AdministrativeUnit, CommuneQuerySet, sole_commune_id
from households.models.register import Household, Member, present_q


class OfficialPopulationQuerySet(CommuneQuerySet):
    unit_path = "commune"

    def totals_on(self, days: list[date], commune=None) -> list[dict]:
        """What a commune's rates on each day divide by: its official figure of the day's year, else its register.

        Plain JSON, so a submitted report keeps the basis it used. None: every commune, whose
        figures are summed when each of them has one.
        """
        communes = [commune] if commune is not None else list(AdministrativeUnit.objects.communes())
        lineages = AdministrativeUnit.objects.lineages_of([unit.pk for unit in communes])
        official = {day: self.figures_on(day, lineages) for day in days}
        counted = register_totals([day for day in days if len(official[day]) < len(lineages) or not lineages], commune)
        totals = []
        for day in days:
            if day in counted:
                totals.append({**counted[day], "source": "register", "as_of": day.isoformat(), "basis": ""})
            else:
                totals.append({**summed(list(official[day].values())), "source": "official"})
        return totals

    def figures_on(self, day: date, lineages: dict[int, set[int]]) -> dict[int, dict]:
        """The official figure each commune (by its lineage) divides by on `day`, for those that have one.

        A commune's own figure of the day's year; failing that, the figures of that year of the
        units of its lineage served on the day, when every one of them entered one: 2024 for a
        commune formed on 01/07/2025 is its former wards' 2024 figures, summed.
        """
        units = set().union(*lineages.values()) if lineages else set()
        rows = {row.commune_id: row for row in self.filter(year=day.year, commune__in=units)}
        served = set(
            AdministrativeUnit.objects.served().valid_on(day).filter(pk__in=units).values_list("pk", flat=True)
        )
        figures = {}
        for commune, lineage in lineages.items():
            parts = [rows[commune]] if commune in rows else [rows.get(unit) for unit in sorted(lineage & served)]
            if parts and all(parts):
                figures[commune] = summed(
                    [
                        {
                            "households": row.households,
                            "people": row.people,
                            "as_of": row.as_of.isoformat(),
                            "basis": row.source,
                        }
                        for row in parts
                    ]
                )
        return figures


def summed(figures: list[dict]) -> dict:
    """Several units' official figures as one: people only when every unit counted them."""
    people = [figure["people"] for figure in figures]
    return {
        "households": sum(figure["households"] for figure in figures),
        "people": None if None in people else sum(people),
        "as_of": max(figure["as_of"] for figure in figures),
        "basis": "; ".join(figure["basis"] for figure in figures),
    }


def register_totals(days: list[date], commune=None) -> dict[date, dict]:
    """Households and people on a commune's register on each day: two queries for all the days, cached.

    A million members at province scale: each count is one pass, conditional per day.
    """
    from households import timeline  # it reads these models

    if not days:
        return {}
    households = Household.objects.in_commune(commune)

    def count():
        houses = households.aggregate(**{f"d{n}": Count("pk", filter=present_q(day)) for n, day in enumerate(days)})
        # A join, not household IN (…): the planner then reads only the commune's members.
        people = Member.objects.in_commune(commune).aggregate(
            **{
                f"d{n}": Count("pk", filter=present_q(day) & present_q(day, prefix="household__"))
                for n, day in enumerate(days)
            }
        )
        return {day: {"households": houses[f"d{n}"], "people": people[f"d{n}"]} for n, day in enumerate(days)}

    return timeline.cached("totals", households, tuple(days), count)


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
