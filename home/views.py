from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from giamngheo import access, documents
from giamngheo.models import AdministrativeUnit
from home import dashboard, exports
from home import province as province_figures
from households.models import Household
from monitoring.models import DUE_SOON_DAYS, Report
from reviews import progress as review_progress
from reviews.models import Step


@require_safe
def home(request):
    today = timezone.localdate()
    several = access.spans_communes(request.user)
    context = {"today": today, "counts": None, "several_communes": several}
    if request.user.has_perm("households.view_household"):
        households = Household.objects.for_user(request.user)
        plan = dashboard.latest_plan(request.user)
        figures = dashboard.register_figures(today, households, dashboard.plan_days(plan, today) if plan else ())
        context.update(
            counts=figures["counts"],
            trend=dashboard.trend(figures),
            # The whole province at once: its communes are the bars, not its thousands of groups.
            groups=(dashboard.by_commune(figures) if several else dashboard.by_group(figures)),
            targets=dashboard.targets(plan, today, figures),
        )
        context["trend_width"] = 40 + 70 * len(context["trend"])
        context["groups_height"] = 22 * len(context["groups"]) + 4
    if request.user.has_perm("monitoring.view_report"):
        context["reports_due"] = Report.objects.for_user(request.user).periods_due(today, by_commune=several)
        context["due_soon_days"] = DUE_SOON_DAYS
    if request.user.has_perm("reviews.view_campaign"):
        context["reviews_open"] = review_progress.reminders(today, request.user)
    if request.user.has_perm("budget.view_allocation"):
        context["disbursement"] = dashboard.disbursement(today, request.user)
        context["disbursement_height"] = 22 * len(context["disbursement"]) + 4
    return render(request, "home.html", context)


def _issuer(day) -> documents.Issuer:
    """The province heads its roll-up; an installation that has recorded none prints no unit."""
    unit = AdministrativeUnit.objects.province()
    return documents.issuer(day, commune=unit) if unit else documents.Issuer(day, None, None, "")


def _year(request, today) -> int:
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    return min(max(year, 2021), today.year)


def _table_response(request, context: dict, template: str, *, name: str, headers, lines):
    """A province table as its page, or (?format=) as an Excel sheet or a PDF of the same rows."""
    if request.GET.get("format") == "xlsx":
        return exports.table_xlsx(context, headers(), lines(), request.user, name)
    if request.GET.get("format") == "pdf":
        return exports.table_pdf(request, context, name)
    return render(request, template, context)


@require_safe
@permission_required(access.PROVINCE_PERMISSION, raise_exception=True)
def province(request):
    """Every commune's figures of a year and the province's total, with the way down to each commune."""
    today = timezone.localdate()
    year = _year(request, today)
    roll_up = province_figures.roll_up(year, today)
    context = {
        "year": year,
        "roll_up": roll_up,
        "years": range(today.year, 2020, -1),
        "steps": len(Step),
        "issuer": _issuer(today),
        "title": _("Poverty reduction in the province's communes, %(year)s") % {"year": year},
        "subtitle": _(
            "Counted on %(day)s: a commune that has submitted its annual report as it reported,"
            " the others from their register (live)."
        )
        % {"day": f"{roll_up.day:%d/%m/%Y}"},
        "table_template": "home/_province_table.html",
    }
    return _table_response(
        request,
        context,
        "home/province.html",
        name="Tổng hợp giảm nghèo các xã phường",
        headers=exports.roll_up_headers,
        lines=lambda: exports.roll_up_lines(roll_up, len(Step)),
    )


@require_safe
@permission_required(access.PROVINCE_PERMISSION, raise_exception=True)
def province_reviews(request):
    """Step 5's figures of a year's periodic review, one row per commune: what the province reports up."""
    today = timezone.localdate()
    year = _year(request, today)
    review_roll_up = province_figures.review_roll_up(year)
    context = {
        "year": year,
        "review_roll_up": review_roll_up,
        "headers": exports.review_headers(),
        "years": range(today.year, 2020, -1),
        "issuer": _issuer(today),
        "title": _("Results of the %(year)s periodic review in the province's communes") % {"year": year},
        "subtitle": _(
            "On %(day)s: a commune that has sent its results as it sent them (official, else preliminary),"
            " the others as their review stands (live)."
        )
        % {"day": f"{today:%d/%m/%Y}"},
        "table_template": "home/_province_reviews_table.html",
    }
    return _table_response(
        request,
        context,
        "home/province_reviews.html",
        name="Kết quả rà soát các xã phường",
        headers=exports.review_headers,
        lines=lambda: exports.review_lines(review_roll_up),
    )
