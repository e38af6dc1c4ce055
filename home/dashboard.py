"""The home page's charts: figures for SVG drawn on the server, so they need no internet and print well."""

from datetime import date
from decimal import Decimal

from django.db.models import Sum

from budget.models import Allocation
from giamngheo import money
from giamngheo.models import AdministrativeUnit, ResidentialGroup
from households import timeline
from households.models import Status
from projects.models import Plan, PlanTarget

BAR_WIDTH = 280  # px of the longest bar


def register_figures(today: date, households, extra_days=()) -> dict:
    """The home page's figures of the register, from one pass over the decisions, cached until it changes.

    Households on the register on each day, as the report counts them: status counts today,
    poor and near-poor at the end of each year, per group today, and the poor on extra_days.
    """
    return timeline.cached(
        "home", households, (today, *extra_days), lambda: _register_figures(today, households, extra_days)
    )


def _register_figures(today: date, households, extra_days) -> dict:
    line = timeline.Timeline(households, until=max([today, *extra_days]))
    first = line.first_day()
    lists = line.lists_on(today)
    total = households.in_ward_on(today).count()
    counts = {str(name): len(pks) for name, pks in lists.items()}
    counts.update(total=total, none=total - counts[Status.POOR] - counts[Status.NEAR_POOR])
    years = []
    for year in range(first.year, today.year + 1) if first else ():
        on = line.lists_on(min(date(year, 12, 31), today))
        years.append({"year": year, "poor": len(on[Status.POOR]), "near_poor": len(on[Status.NEAR_POOR])})
    per_group: dict[int, dict] = {}
    for name in (Status.POOR, Status.NEAR_POOR):
        for pk in lists[name]:
            row = per_group.setdefault(line.group_of(pk), {"poor": 0, "near_poor": 0})
            row[str(name)] += 1
    groups = [
        {"group": group.pk, "unit": group.unit_id, "name": group.name, **per_group[group.pk]}
        for group in ResidentialGroup.objects.filter(pk__in=per_group).order_by("code", "pk")
    ]
    poor_on = {day: len(line.lists_on(day)[Status.POOR]) for day in extra_days}
    totals = {day: households.in_ward_on(day).count() for day in extra_days}
    return {"counts": counts, "trend": years, "groups": groups, "poor_on": poor_on, "totals": totals}


def trend(figures: dict) -> list[dict]:
    """Poor and near-poor households at the end of each year (today for this year), as bar heights."""
    rows = [dict(row) for row in figures["trend"]]
    top = max((max(r["poor"], r["near_poor"]) for r in rows), default=0) or 1
    for slot, row in enumerate(rows):
        row["poor_h"] = round(100 * row["poor"] / top)
        row["near_poor_h"] = round(100 * row["near_poor"] / top)
        row["x"] = 20 + slot * 70
        row["poor_y"] = 130 - row["poor_h"]
        row["near_poor_y"] = 130 - row["near_poor_h"]
    return rows


def by_group(figures: dict) -> list[dict]:
    return _bars([dict(row) for row in figures["groups"]])


def by_commune(figures: dict) -> list[dict]:
    """The groups' figures summed by the commune their unit belongs to now: the province's chart.

    A province has thousands of groups (3,338 for a million households): one bar a commune.
    """
    commune_of = AdministrativeUnit.objects.commune_of_units()
    sums = {}
    for row in figures["groups"]:
        if row["unit"] in commune_of:
            commune = commune_of[row["unit"]]
            total = sums.setdefault(commune.pk, {"name": commune.name, "poor": 0, "near_poor": 0})
            total["poor"] += row["poor"]
            total["near_poor"] += row["near_poor"]
    return _bars(sorted(sums.values(), key=lambda row: row["name"]))


def _bars(rows: list[dict]) -> list[dict]:
    top = max((r["poor"] + r["near_poor"] for r in rows), default=0) or 1
    for slot, row in enumerate(rows):
        row["poor_w"] = round(BAR_WIDTH * row["poor"] / top)
        row["near_poor_w"] = round(BAR_WIDTH * row["near_poor"] / top)
        row["y"] = slot * 22
    return rows


def latest_plan(user):
    return Plan.objects.for_user(user).order_by("-year", "-signed_on").first()


def plan_days(plan, today: date) -> tuple[date, date]:
    return date(plan.year, 1, 1), min(date(plan.year, 12, 31), today)


def targets(plan, today: date, figures: dict) -> list[dict]:
    """The latest plan's targets against the change since the start of its year."""
    if plan is None:
        return []
    start, end = plan_days(plan, today)
    dropped = figures["poor_on"][start] - figures["poor_on"][end]
    total = figures["totals"][end] or 1
    rows = []
    for target in plan.targets.exclude(indicator=PlanTarget.Indicator.OTHER):
        if target.indicator == PlanTarget.Indicator.POOR_HOUSEHOLDS_DROP:
            actual = dropped
        else:
            actual = money.rate(dropped, total)
        goal = target.low or 0
        share = min(1, max(0, float(actual) / float(goal))) if goal else 1
        rows.append(
            {"text": target.text, "actual": actual, "goal": _plain(goal), "w": round(BAR_WIDTH * share), "plan": plan}
        )
    return rows


def _plain(number) -> str:
    """10.000 -> "10", 0.170 -> "0.17": a target as the plan writes it."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def disbursement(today: date, user) -> list[dict]:
    lines = Allocation.objects.for_user(user).filter(budget_year=today.year)
    if not lines.exists():
        last = Allocation.objects.for_user(user).order_by("-budget_year").values_list("budget_year", flat=True).first()
        lines = Allocation.objects.for_user(user).filter(budget_year=last)
    rows = []
    totals = (
        lines.with_totals()
        .values("subproject__local_code", "subproject__order")
        .annotate(available_sum=Sum("available"), disbursed_sum=Sum("disbursed"))
    )
    for row in sorted(totals, key=lambda r: r["subproject__order"]):
        # A sub-project with nothing available draws an empty bar rather than none.
        rate = money.rate(row["disbursed_sum"], row["available_sum"]) or Decimal("0.00")
        rows.append({"code": row["subproject__local_code"], "rate": rate, "w": round(BAR_WIDTH * min(rate, 100) / 100)})
    for slot, row in enumerate(rows):
        row["y"] = slot * 22
    return rows
