"""The monitoring indicators of a period, computed from the register, the supports and the ledger.

Every household count comes from `households_for(key, ...)`, the same queryset the report
links to, so a number and the list behind it cannot disagree. The result of `compute` is
plain JSON: a submitted report stores it and never recomputes it.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext as _

from budget.models import Allocation
from giamngheo import money
from giamngheo.models import ResidentialGroup
from households import timeline
from households.choices import Sex
from households.models import (
    Assessment,
    DeprivationIndicator,
    Household,
    Member,
    OfficialPopulation,
    PovertyStandard,
    Status,
    StatusDecision,
)
from households.priority import PRIORITY_GROUPS
from households.status import TRANSITIONS
from projects.models import Activity, Plan, PlanTarget, Support

# The priority groups the report counts poor households in, in the report's order.
REPORTED_PRIORITIES = ("merit", "ethnic_minority", "woman_headed", "disability")


def _in_status(commune, status: str, day: date):
    return Household.objects.in_commune(commune).in_ward_on(day).with_status_on(day).in_status(status, day)


def households_for(key: str, start: date, end: date, commune=None):
    """The households of a commune an indicator counts; `key` is what the report's links carry."""
    before = start - timedelta(days=1)
    name, _sep, arg = key.partition(":")
    if name in ("poor_start", "near_poor_start"):
        return _in_status(commune, name.removesuffix("_start"), before)
    if name in ("poor_end", "near_poor_end", "recently_escaped_end"):
        return _in_status(commune, name.removesuffix("_end"), end)
    if name in TRANSITIONS:
        decisions = StatusDecision.objects.filter(
            TRANSITIONS[name].q(), household=OuterRef("pk"), effective_on__range=(start, end)
        )
        return Household.objects.in_commune(commune).filter(Exists(decisions))
    if name in ("group_poor", "group_near_poor"):
        current = groups_as_of(end, commune).get(int(arg), [])
        return _in_status(commune, name.removeprefix("group_"), end).filter(residential_group_id__in=current)
    if name == "priority_poor" and arg in REPORTED_PRIORITIES:
        return _in_status(commune, Status.POOR, end).with_member(PRIORITY_GROUPS[arg].member_q(end), day=end)
    if name == "deprived":
        listed = _in_status(commune, Status.POOR, end) | _in_status(commune, Status.NEAR_POOR, end)
        return listed.annotate(latest_assessment=Subquery(_latest_assessment(end))).filter(
            Exists(
                Assessment.deprivations.through.objects.filter(
                    assessment_id=OuterRef("latest_assessment"), deprivationindicator__code=arg
                )
            )
        )
    raise KeyError(key)


def groups_as_of(day: date, commune=None) -> dict[int, list[int]]:
    """Group of a commune valid on a day -> today's groups that descend from it (merged and renamed groups)."""
    mapping: dict[int, list[int]] = {}
    for group in ResidentialGroup.objects.in_commune(commune).prefetch_related("predecessors__predecessors"):
        mapping.setdefault(group.as_of(day).pk, []).append(group.pk)
    return mapping


def _latest_assessment(end: date):
    return (
        Assessment.objects.filter(household=OuterRef("pk"), assessed_on__lte=end)
        .order_by("-assessed_on", "-pk")
        .values("pk")[:1]
    )


def rate(part: int, whole: int) -> str:
    """money.rate as the figures keep it: text, so a stored snapshot reads back digit for digit."""
    value = money.rate(part, whole)
    return "0.00" if value is None else str(value)


def _chunks(pks, size: int = 5000):
    """Sorted ids a slice at a time: an IN list stays within SQLite's limit on parameters."""
    pks = sorted(pks)
    for start in range(0, len(pks), size):
        yield pks[start : start + size]


def register_figures(start: date, end: date, commune) -> dict:
    """The figures of the period read from the register, cached until it changes (a draft's page, Excel, PDF)."""
    households = Household.objects.in_commune(commune)
    return timeline.cached("report", households, (start, end), lambda: _register_figures(start, end, commune))


def _register_figures(start: date, end: date, commune) -> dict:
    """The figures read from the register: one pass over the decisions, then a query per kind of set.

    Each set equals households_for(key) (tests/monitoring/test_one_pass.py): that queryset stays
    the definition, which the report's links open; this is how the report counts it fast.
    """
    households = Household.objects.in_commune(commune)
    line = timeline.Timeline(households, until=end)
    on_eve, on_end = line.lists_on(start - timedelta(days=1)), line.lists_on(end)
    members: dict[str, list[int]] = {
        "poor_start": sorted(on_eve[Status.POOR]),
        "near_poor_start": sorted(on_eve[Status.NEAR_POOR]),
        "poor_end": sorted(on_end[Status.POOR]),
        "near_poor_end": sorted(on_end[Status.NEAR_POOR]),
        "recently_escaped_end": sorted(on_end["recently_escaped"]),
    }
    for name, transition in TRANSITIONS.items():
        members[name] = sorted(line.made(transition, start, end))

    lineage = groups_as_of(end, commune)
    per_group = dict(
        households.in_ward_on(end)
        .values_list("residential_group")
        .annotate(n=Count("pk"))
        .values_list("residential_group", "n")
    )
    listed_in: dict[tuple[str, int], list[int]] = {}  # (list, today's group) -> households
    for name in ("poor", "near_poor"):
        for pk in sorted(on_end[name]):
            listed_in.setdefault((name, line.group_of(pk)), []).append(pk)
    groups = []
    for group in ResidentialGroup.objects.in_commune(commune).valid_on(end).order_by("code"):
        current = lineage.get(group.pk, [])
        row = {"id": group.pk, "name": group.name, "households": sum(per_group.get(pk, 0) for pk in current)}
        for name in ("poor", "near_poor"):
            key = f"group_{name}:{group.pk}"
            members[key] = sorted(pk for today in current for pk in listed_in.get((name, today), ()))
            row[name] = len(members[key])
        groups.append(row)

    for flag in REPORTED_PRIORITIES:
        found = set()
        for chunk in _chunks(on_end[Status.POOR]):
            found.update(
                Member.objects.filter(PRIORITY_GROUPS[flag].member_q(end), household_id__in=chunk)
                .present_on(end)
                .values_list("household_id", flat=True)
            )
        members[f"priority_poor:{flag}"] = sorted(found)

    # Each listed household's latest assessment by the end, then the indicators it found deprived.
    latest: dict[int, int] = {}
    for chunk in _chunks(on_end[Status.POOR] | on_end[Status.NEAR_POOR]):
        assessed = Assessment.objects.filter(household_id__in=chunk, assessed_on__lte=end).order_by("assessed_on", "pk")
        latest.update(assessed.values_list("household_id", "pk"))
    household_of = {assessment: household for household, assessment in latest.items()}
    deprived: dict[str, set[int]] = {}
    for chunk in _chunks(household_of):
        through = Assessment.deprivations.through.objects.filter(assessment_id__in=chunk)
        for assessment, code in through.values_list("assessment_id", "deprivationindicator__code"):
            deprived.setdefault(code, set()).add(household_of[assessment])
    deprivations = []
    for indicator in DeprivationIndicator.objects.filter(code__in=deprived.keys() | _standard_codes(end)):
        key = f"deprived:{indicator.code}"
        members[key] = sorted(deprived.get(indicator.code, ()))
        deprivations.append({"code": indicator.code, "name": indicator.name, "households": len(members[key])})
    return {
        "groups": groups,
        "priorities": {flag: len(members[f"priority_poor:{flag}"]) for flag in REPORTED_PRIORITIES},
        "deprivations": deprivations,
        "members": members,
    }


def compute(start: date, end: date, year: int, commune=None) -> dict:
    """All the figures of a commune's report for the period, as JSON-ready data (None: every commune)."""
    register = register_figures(start, end, commune)
    members = register["members"]
    # Rates at the start divide by the ward on the eve of the period, at the end by the ward on
    # its last day: the official figure of that year when the officer entered one, else the register.
    on_eve, on_end = OfficialPopulation.objects.totals_on([start - timedelta(days=1), end], commune)
    population = {"start": on_eve, "end": on_end}
    poverty = {
        key: len(members[key])
        for key in ("poor_start", "near_poor_start", "poor_end", "near_poor_end", "recently_escaped_end")
    }
    poverty.update({key: len(members[key]) for key in TRANSITIONS})
    poverty["total"] = population["end"]["households"]
    poverty["total_start"] = population["start"]["households"]
    for key in ("poor_start", "near_poor_start"):
        poverty[f"{key}_rate"] = rate(poverty[key], poverty["total_start"])
    for key in ("poor_end", "near_poor_end"):
        poverty[f"{key}_rate"] = rate(poverty[key], poverty["total"])

    plan = Plan.objects.in_commune(commune).filter(year=year).order_by("-signed_on").first()
    targets, subprojects, budget = [], [], []
    if plan is not None:
        targets = _targets(plan, poverty)
        subprojects = _subprojects(plan, start, end)
    budget = _budget(year, end, commune)
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "plan": {"number": plan.number, "title": plan.title} if plan else None,
        "poverty": poverty,
        "population": population,
        "groups": register["groups"],
        "priorities": register["priorities"],
        "deprivations": register["deprivations"],
        "targets": targets,
        "subprojects": subprojects,
        "budget": budget,
        "members": members,
    }


def _standard_codes(day: date) -> set[str]:
    """The indicators of the standard of the list in force on `day` (the list of day's year)."""
    standard = PovertyStandard.objects.for_list_year(day.year)
    return set(standard.indicators.values_list("code", flat=True)) if standard else set()


def _targets(plan: Plan, poverty: dict) -> list[dict]:
    rows = []
    for target in plan.targets.all():
        if target.indicator == PlanTarget.Indicator.POVERTY_RATE_DROP:
            actual = Decimal(poverty["poor_start_rate"]) - Decimal(poverty["poor_end_rate"])
            unit = "%"
        elif target.indicator == PlanTarget.Indicator.POOR_HOUSEHOLDS_DROP:
            actual = Decimal(poverty["poor_start"] - poverty["poor_end"])
            unit = _("households")
        else:
            continue
        met = target.low is None or actual >= target.low
        rows.append(
            {
                "text": target.text,
                "low": str(target.low) if target.low is not None else None,
                "high": str(target.high) if target.high is not None else None,
                "actual": str(actual),
                "unit": unit,
                "met": met,
            }
        )
    return rows


def _subprojects(plan: Plan, start: date, end: date) -> list[dict]:
    rows = []
    for subproject in plan.subprojects.order_by("order"):
        supports = Support.objects.filter(subproject=subproject, supported_on__range=(start, end))
        figures = supports.aggregate(
            households=Count("household", distinct=True),
            people=Count("member", distinct=True),
            women=Count("member", distinct=True, filter=Q(member__sex=Sex.FEMALE)),
            merit=Count("household", distinct=True, filter=_household_in("merit", end)),
            minority=Count("household", distinct=True, filter=_household_in("ethnic_minority", end)),
            value=Sum("value", default=0),
        )
        rows.append(
            {
                "id": subproject.pk,
                "code": subproject.local_code,
                "name": subproject.local_label,
                "activities": Activity.objects.filter(subproject=subproject, held_on__range=(start, end)).count(),
                **figures,
            }
        )
    return rows


def _household_in(group: str, day: date) -> Exists:
    """The supported household has a member in the priority group."""
    return Exists(Member.objects.filter(PRIORITY_GROUPS[group].member_q(day), household=OuterRef("household")))


def _budget(year: int, end: date, commune) -> list[dict]:
    lines = (
        Allocation.objects.filter(budget_year=year, subproject__plan__in=Plan.objects.in_commune(commune))
        .with_totals(on=end)
        .select_related("subproject")
        .order_by("subproject__order", "source")
    )
    return [
        {
            "subproject_id": line.subproject_id,
            "subproject": str(line.subproject),
            "source": line.source,
            "source_name": line.get_source_display(),
            "available": line.available,
            "disbursed": line.disbursed,
            "rate": rate(line.disbursed, line.available),
        }
        for line in lines
    ]
