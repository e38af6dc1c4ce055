"""The province's roll-up: each commune's figures of a year, and the total.

A commune that has submitted its annual report is counted as it reported (the frozen
snapshot, so the roll-up of a past year never moves); one that has not yet is counted live
from its register, by the same rules as the report (`households.timeline`), and marked so.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from giamngheo.models import AdministrativeUnit, ResidentialGroup
from households import timeline
from households.models import Household, OfficialPopulation, Review, Status
from monitoring.models import Report
from reviews import exports as review_exports
from reviews import services as review_services
from reviews.models import Campaign, Submission
from reviews.services import SUMMARY_KEYS

# The roll-up's columns, in the order the page, the Excel sheet and the PDF print them.
COLUMNS = (
    ("total", _("Households")),
    ("poor_start", _("Poor at the start")),
    ("poor_end", _("Poor at the end")),
    ("near_poor_end", _("Near-poor at the end")),
    ("recently_escaped_end", _("Recently escaped")),
)
FIGURES = tuple(key for key, _label in COLUMNS)


@dataclass
class CommuneRow:
    commune: AdministrativeUnit
    figures: dict
    # The submitted reports the figures come from, one per unit that reported the year (two former
    # wards for a year before the 2025 merger); none: counted live.
    reports: list[Report] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)  # the year's periodic review, per unit

    @property
    def live(self) -> bool:
        return not self.reports

    @property
    def listed(self) -> int:
        return sum(campaign.listed for campaign in self.campaigns)

    @property
    def cells(self) -> list[tuple[str, int]]:
        """(column label, figure) in COLUMNS order."""
        return [(label, self.figures[key]) for key, label in COLUMNS]

    @property
    def source(self) -> str:
        """Where the row's figures come from, as every layout words it."""
        if not self.reports:
            return gettext("live")
        return "; ".join(report_name(report) for report in self.reports)


def report_name(report: Report) -> str:
    return gettext("Report %(number)s of %(day)s") % {
        "number": report.number,
        "day": f"{report.report_date:%d/%m/%Y}" if report.report_date else "…",
    }


@dataclass
class RollUp:
    year: int
    rows: list[CommuneRow]
    totals: dict = field(default_factory=dict)
    day: date | None = None  # the day the live figures are counted on

    @property
    def total_cells(self) -> list[tuple[str, int]]:
        return [(label, self.totals[key]) for key, label in COLUMNS]


def _live_counts(year: int, end: date, unit_to_commune: dict[int, int], lineages: dict[int, list[int]]) -> dict:
    """Every commune's figures from its register: one pass over the province's decisions, cached until it changes.

    A rate divides by the commune's official figure of the year when it has one (totals_on's rule),
    read afresh: an official figure is not part of the register the cache follows.
    """
    households = Household.objects.all()
    counts = timeline.cached(
        "province", households, (year, end), lambda: _count(households, year, end, unit_to_commune)
    )
    official = OfficialPopulation.objects.figures_on(end, {commune: set(units) for commune, units in lineages.items()})
    live = {commune: dict(row) for commune, row in counts.items()}
    for commune, figure in official.items():
        live.setdefault(commune, dict.fromkeys(FIGURES, 0))["total"] = figure["households"]
    return live


def _count(households, year: int, end: date, unit_to_commune: dict[int, int]) -> dict[int, dict]:
    commune_of_group = {
        group: unit_to_commune[unit] for group, unit in ResidentialGroup.objects.values_list("pk", "unit_id")
    }
    counts: dict[int, dict] = {}

    def row(commune: int) -> dict:
        return counts.setdefault(commune, dict.fromkeys(FIGURES, 0))

    line = timeline.Timeline(households, until=end)
    for key, day, name in (
        ("poor_start", date(year - 1, 12, 31), Status.POOR),
        ("poor_end", end, Status.POOR),
        ("near_poor_end", end, Status.NEAR_POOR),
        ("recently_escaped_end", end, "recently_escaped"),
    ):
        for pk in line.lists_on(day)[name]:
            row(commune_of_group[line.group_of(pk)])[key] += 1
    # By group, not by unit: no join, so the count reads the presence index alone.
    totals = households.in_ward_on(end).order_by().values_list("residential_group").annotate(n=Count("pk"))
    for group, total in totals:
        row(commune_of_group[group])["total"] += total
    return counts


def _submitted(year: int) -> dict[int, Report]:
    """Each commune's annual report of the year in force: the latest submitted version."""
    reports = Report.objects.filter(period=Report.Period.YEAR, year=year, state=Report.State.SUBMITTED).order_by(
        "version"
    )
    return {report.commune_id: report for report in reports}


def _communes() -> tuple[list[AdministrativeUnit], dict[int, int], dict[int, list[int]]]:
    """The communes served today, the commune each unit's records now belong to, and each commune's units."""
    communes = list(AdministrativeUnit.objects.communes())
    found = AdministrativeUnit.objects.lineages_of([commune.pk for commune in communes])
    lineages = {commune: sorted(units) for commune, units in found.items()}
    unit_to_commune = {unit: commune for commune, units in lineages.items() for unit in units}
    return communes, unit_to_commune, lineages


def roll_up(year: int, today: date) -> RollUp:
    communes, unit_to_commune, lineages = _communes()
    end = min(date(year, 12, 31), today)
    live = _live_counts(year, end, unit_to_commune, lineages)
    submitted = _submitted(year)
    # Who reports a year: the units served at its end (before the 2025 merger, the former wards).
    reporting = set(AdministrativeUnit.objects.served().valid_on(end).values_list("pk", flat=True))
    campaigns = {
        campaign.commune_id: campaign
        for campaign in Campaign.objects.filter(review__kind="periodic", review__year=year)
        .select_related("review", "commune")
        .annotate(
            closed=Count("closures", distinct=True),
            listed=Count("entries", distinct=True),
        )
    }
    rows = []
    for commune in communes:
        expected = [unit for unit in lineages[commune.pk] if unit in reporting]
        reports = [submitted[unit] for unit in expected if unit in submitted]
        if expected and len(reports) == len(expected):
            # As reported, so a past year never moves: every unit that reported it has.
            figures = {key: sum(report.snapshot["poverty"][key] for report in reports) for key in FIGURES}
        else:
            reports, figures = [], live.get(commune.pk, dict.fromkeys(FIGURES, 0))
        here = [campaigns[unit] for unit in lineages[commune.pk] if unit in campaigns]
        rows.append(CommuneRow(commune=commune, figures=figures, reports=reports, campaigns=here))
    totals = {key: sum(row.figures[key] for row in rows) for key in FIGURES}
    totals["listed"] = sum(row.listed for row in rows)
    return RollUp(year=year, rows=rows, totals=totals, day=end)


@dataclass
class ReviewRow:
    commune: AdministrativeUnit
    figures: dict  # SUMMARY_KEYS: step 5's figures, summed over the commune's campaigns of the review
    sources: list[str] = field(default_factory=list)  # one per campaign: the results sent, or "live"

    @property
    def values(self) -> list[int]:
        return [self.figures[key] for key in SUMMARY_KEYS]

    @property
    def cells(self) -> list[tuple[str, int]]:
        """(step 5's column label, figure), as its own table labels them."""
        return list(zip(review_exports.headers()[1:], self.values, strict=True))

    @property
    def source(self) -> str:
        return "; ".join(self.sources) if self.sources else gettext("not opened")


@dataclass
class ReviewRollUp:
    year: int
    rows: list[ReviewRow]
    totals: list[int]

    @property
    def total_cells(self) -> list[tuple[str, int]]:
        return list(zip(review_exports.headers()[1:], self.totals, strict=True))


def _sent(campaign: Campaign) -> Submission | None:
    """The results a campaign has sent: the official ones once sent, else the preliminary ones."""
    sent = {submission.kind: submission for submission in campaign.submissions.all()}
    return sent.get(Submission.Kind.OFFICIAL) or sent.get(Submission.Kind.PRELIMINARY)


def review_roll_up(year: int) -> ReviewRollUp:
    """Step 5's figures of the year's periodic review, one row per commune and the province's total.

    A campaign that has sent its results counts as sent (the frozen summary, so the table of a
    past review never moves); one that has not is counted live, as its own step 5 shows it. A
    commune's former wards (before the 2025 merger) count in the commune they became.
    """
    communes, unit_to_commune, _lineages = _communes()
    rows = {commune.pk: ReviewRow(commune, dict.fromkeys(SUMMARY_KEYS, 0)) for commune in communes}
    campaigns = (
        Campaign.objects.filter(review__kind=Review.Kind.PERIODIC, review__year=year)
        .select_related("review")
        .prefetch_related("submissions")
        .order_by("pk")
    )
    campaigns = [campaign for campaign in campaigns if campaign.commune_id in unit_to_commune]
    sent_of = {campaign.pk: _sent(campaign) for campaign in campaigns}
    live = review_services.summaries([campaign for campaign in campaigns if sent_of[campaign.pk] is None])
    for campaign in campaigns:
        commune, sent = unit_to_commune[campaign.commune_id], sent_of[campaign.pk]
        figures = sent.summary if sent else live[campaign.pk]
        row = rows[commune]
        for key in SUMMARY_KEYS:
            row.figures[key] += figures[key]
        row.sources.append(
            gettext("%(kind)s %(number)s of %(day)s")
            % {"kind": sent.get_kind_display(), "number": sent.number, "day": f"{sent.sent_on:%d/%m/%Y}"}
            if sent
            else gettext("live")
        )
    ordered = [rows[commune.pk] for commune in communes]
    totals = [sum(row.figures[key] for row in ordered) for key in SUMMARY_KEYS]
    return ReviewRollUp(year=year, rows=ordered, totals=totals)
