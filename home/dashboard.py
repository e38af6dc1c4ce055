"""The home page's charts: figures for SVG drawn on the server, so they need no internet and print well."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from budget.models import Allocation
from giamngheo import money
from households.models import Household, Status, StatusDecision
from projects.models import Plan, PlanTarget

BAR_WIDTH = 280  # px of the longest bar


def trend(today: date, households) -> list[dict]:
    """Poor and near-poor households at the end of each year (today for this year)."""
    first = StatusDecision.objects.order_by("effective_on").values_list("effective_on", flat=True).first()
    if first is None:
        return []
    rows = []
    for year in range(first.year, today.year + 1):
        day = min(date(year, 12, 31), today)
        counts = (
            households.filter(Household.objects.decided_by(day))
            .with_status_on(day)
            .aggregate(
                poor=Count("pk", filter=Q(status_on=Status.POOR)),
                near_poor=Count("pk", filter=Q(status_on=Status.NEAR_POOR)),
            )
        )
        rows.append({"year": year, **counts})
    top = max((max(r["poor"], r["near_poor"]) for r in rows), default=0) or 1
    for slot, row in enumerate(rows):
        row["poor_h"] = round(100 * row["poor"] / top)
        row["near_poor_h"] = round(100 * row["near_poor"] / top)
        row["x"] = 20 + slot * 70
        row["poor_y"] = 130 - row["poor_h"]
        row["near_poor_y"] = 130 - row["near_poor_h"]
    return rows


def by_group(today: date, households) -> list[dict]:
    rows = list(
        households.filter(Household.objects.decided_by(today))
        .with_status_on(today)
        .values("residential_group__name")
        .annotate(
            poor=Count("pk", filter=Q(status_on=Status.POOR)),
            near_poor=Count("pk", filter=Q(status_on=Status.NEAR_POOR)),
        )
        .order_by("residential_group__code")
    )
    top = max((r["poor"] + r["near_poor"] for r in rows), default=0) or 1
    rows = [r for r in rows if r["poor"] or r["near_poor"]]
    for slot, row in enumerate(rows):
        row["poor_w"] = round(BAR_WIDTH * row["poor"] / top)
        row["near_poor_w"] = round(BAR_WIDTH * row["near_poor"] / top)
        row["y"] = slot * 22
    return rows


def targets(today: date, households) -> list[dict]:
    """The latest plan's targets against the change since the start of its year."""
    plan = Plan.objects.order_by("-year", "-signed_on").first()
    if plan is None:
        return []
    start, end = date(plan.year, 1, 1), min(date(plan.year, 12, 31), today)
    total = households.count() or 1
    poor_start = households.with_status_on(start).in_status(Status.POOR, start).count()
    poor_end = households.with_status_on(end).in_status(Status.POOR, end).count()
    rows = []
    for target in plan.targets.exclude(indicator=PlanTarget.Indicator.OTHER):
        if target.indicator == PlanTarget.Indicator.POOR_HOUSEHOLDS_DROP:
            actual = poor_start - poor_end
        else:
            actual = money.rate(poor_start - poor_end, total)
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
