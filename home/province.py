"""The province's roll-up: each commune's figures of a year, and the total.

A commune that has submitted its annual report is counted as it reported (the frozen
snapshot, so the roll-up of a past year never moves); one that has not yet is counted live
from its register, by the same rules as the report (`monitoring.indicators`), and marked so.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count

from giamngheo.models import AdministrativeUnit
from households.models import Household, OfficialPopulation, Status
from monitoring.models import Report
from reviews.models import Campaign

FIGURES = ("total", "poor_start", "poor_end", "near_poor_end", "recently_escaped_end")


@dataclass
class CommuneRow:
    commune: AdministrativeUnit
    figures: dict
    report: Report | None  # the submitted report the figures come from; None: live
    campaign: Campaign | None = None
    steps_closed: int = 0
    listed: int = 0

    @property
    def live(self) -> bool:
        return self.report is None


@dataclass
class RollUp:
    year: int
    rows: list[CommuneRow]
    totals: dict = field(default_factory=dict)


def _live_counts(day: date, unit_to_commune: dict[int, int]) -> dict[int, dict]:
    """Households per list of every commune on a day, in two grouped queries over the province."""
    listed = {"poor": Status.POOR, "near_poor": Status.NEAR_POOR, "recently_escaped": "recently_escaped"}
    by_unit = (
        Household.objects.in_ward_on(day)
        .filter(Household.objects.decided_by(day))
        .with_status_on(day)
        .values("residential_group__unit")
        .annotate(
            **{key: Count("pk", filter=Household.objects.status_q(status, day)) for key, status in listed.items()}
        )
    )
    totals = (
        Household.objects.in_ward_on(day)
        .values("residential_group__unit")
        .annotate(total=Count("pk"))
        .values_list("residential_group__unit", "total")
    )
    counts: dict[int, dict] = {}
    for row in by_unit:
        commune = counts.setdefault(unit_to_commune[row["residential_group__unit"]], dict.fromkeys(FIGURES, 0))
        for key in listed:
            commune[f"{key}_end"] += row[key]
    for unit, total in totals:
        counts.setdefault(unit_to_commune[unit], dict.fromkeys(FIGURES, 0))["total"] += total
    # A rate divides by the commune's official figure of the year when it entered one (total_on).
    for commune, households in OfficialPopulation.objects.filter(year=day.year).values_list("commune", "households"):
        counts.setdefault(commune, dict.fromkeys(FIGURES, 0))["total"] = households
    return counts


def _submitted(year: int) -> dict[int, Report]:
    """Each commune's annual report of the year in force: the latest submitted version."""
    reports = Report.objects.filter(period=Report.Period.YEAR, year=year, state=Report.State.SUBMITTED).order_by(
        "version"
    )
    return {report.commune_id: report for report in reports}


def roll_up(year: int, today: date) -> RollUp:
    communes = list(AdministrativeUnit.objects.communes())
    lineages = {commune.pk: commune.lineage() for commune in communes}
    unit_to_commune = {unit: commune for commune, units in lineages.items() for unit in units}
    end = min(date(year, 12, 31), today)
    live_end = _live_counts(end, unit_to_commune)
    live_start = _live_counts(date(year - 1, 12, 31), unit_to_commune)
    submitted = _submitted(year)
    campaigns = {
        campaign.commune_id: campaign
        for campaign in Campaign.objects.filter(review__kind="periodic", review__year=year)
        .select_related("review")
        .annotate(
            closed=Count("closures", distinct=True),
            listed=Count("entries", distinct=True),
        )
    }
    rows = []
    for commune in communes:
        report = submitted.get(commune.pk)
        if report is not None:
            poverty = report.snapshot["poverty"]
            figures = {key: poverty[key] for key in FIGURES}
        else:
            figures = {**dict.fromkeys(FIGURES, 0), **live_end.get(commune.pk, {})}
            figures["poor_start"] = live_start.get(commune.pk, {}).get("poor_end", 0)
        campaign = campaigns.get(commune.pk)
        rows.append(
            CommuneRow(
                commune=commune,
                figures=figures,
                report=report,
                campaign=campaign,
                steps_closed=campaign.closed if campaign else 0,
                listed=campaign.listed if campaign else 0,
            )
        )
    totals = {key: sum(row.figures[key] for row in rows) for key in FIGURES}
    totals["listed"] = sum(row.listed for row in rows)
    return RollUp(year=year, rows=rows, totals=totals)
