import logging

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from giamngheo.forms import add_service_error
from giamngheo.models import User
from giamngheo.money import parse_money
from households.models import Household
from imports import files
from projects import candidates, services
from projects.forms import ActivityForm, SupportForm
from projects.importers import SUPPORT_COLUMNS, support_rows
from projects.models import Plan, SubProject, Support

logger = logging.getLogger("giamngheo.exports")

PAGE_SIZE = 50
CANDIDATES_PER_PAGE = 100


def _subproject_for(request, pk):
    return get_object_or_404(SubProject.objects.for_user(request.user).select_related("plan__program"), pk=pk)


def _editable_subproject(request, pk):
    subproject = _subproject_for(request, pk)
    if not SubProject.objects.editable_by(request.user).filter(pk=subproject.pk).exists():
        raise PermissionDenied
    return subproject


@require_safe
@permission_required("projects.view_subproject", raise_exception=True)
def subproject_list(request):
    # By the plan's id: a year may hold several plans, and a province every commune's.
    plans = (
        Plan.objects.filter(subprojects__in=SubProject.objects.for_user(request.user))
        .distinct()
        .select_related("ward")
        .order_by("-year", "ward__name", "-signed_on", "pk")
    )
    chosen = request.GET.get("plan", "")
    plan = (plans.filter(pk=chosen).first() if chosen.isdigit() else None) or plans.first()
    subprojects = []
    if plan is not None:
        subprojects = (
            SubProject.objects.for_user(request.user)
            .filter(plan=plan)
            .annotate(
                activity_count=Count("activities", distinct=True),
                household_count=Count("supports__household", distinct=True),
                person_count=Count("supports__member", distinct=True),
            )
            .prefetch_related("assignments__unit")
            .order_by("order")
        )
        values = dict(
            Support.objects.filter(subproject__in=[s.pk for s in subprojects])
            .values_list("subproject")
            .annotate(total=Sum("value"))
            .values_list("subproject", "total")
        )
        for subproject in subprojects:
            subproject.support_value = values.get(subproject.pk, 0)
    editable = set(SubProject.objects.editable_by(request.user).values_list("pk", flat=True))
    return render(
        request,
        "projects/subproject_list.html",
        {
            "plans": plans,
            "plan": plan,
            "subprojects": subprojects,
            "editable": editable,
            "several_communes": len({item.ward_id for item in plans}) > 1,
        },
    )


@require_safe
@permission_required("projects.view_subproject", raise_exception=True)
def subproject_detail(request, pk):
    subproject = _subproject_for(request, pk)
    assignments = subproject.assignments.select_related("unit")
    officers = User.objects.filter(unit__in=[a.unit_id for a in assignments], is_active=True).select_related("unit")
    paid = Coalesce(Sum("payments__amount"), 0)
    supports = (
        subproject.supports.select_related("household", "member", "activity")
        .annotate(paid=paid)
        .order_by("-supported_on", "-pk")
    )
    page = Paginator(supports, PAGE_SIZE).get_page(request.GET.get("page"))
    progress = subproject.supports.aggregate(
        households=Count("household", distinct=True),
        people=Count("member", distinct=True),
        women=Count("member", distinct=True, filter=Q(member__sex="F")),
        value=Sum("value", default=0),
        overridden=Count("pk", filter=Q(eligible=False)),
    )
    return render(
        request,
        "projects/subproject_detail.html",
        {
            "subproject": subproject,
            "assignments": assignments,
            "officers": officers,
            "activities": subproject.activities.select_related("responsible").annotate(paid=paid)[:20],
            "activity_total": subproject.activities.count(),
            "page": page,
            "progress": progress,
            "can_edit": SubProject.objects.editable_by(request.user).filter(pk=subproject.pk).exists(),
            "pay_line": subproject.allocations.filter(budget_year=subproject.plan.year).order_by("source").first()
            if request.user.has_perm("budget.add_disbursement")
            else None,
        },
    )


@permission_required("projects.add_activity", raise_exception=True)
def activity_create(request, pk):
    subproject = _editable_subproject(request, pk)
    form = ActivityForm(
        request.POST or None,
        subproject=subproject,
        initial={"held_on": min(timezone.localdate(), subproject.plan.ends_on), "responsible": request.user},
    )
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.subproject = subproject
        activity.created_by = request.user
        activity.save()
        messages.success(request, _("Activity recorded."))
        return redirect(subproject)
    return render(request, "projects/activity_form.html", {"subproject": subproject, "form": form})


def _whole_number(text) -> int | None:
    return int(text) if text and text.isdigit() else None


@permission_required("projects.add_support", raise_exception=True)
def support_create(request, pk):
    subproject = _editable_subproject(request, pk)
    # The candidate list's link carries the household code, the member's pk and the amount: never a name.
    initial = {
        "household": request.GET.get("household", ""),
        "member": _whole_number(request.GET.get("member")),
        "value": _whole_number(request.GET.get("value")) or 0,
        "supported_on": min(timezone.localdate(), subproject.plan.ends_on),
        "activity": _whole_number(request.GET.get("activity")),
    }
    form = SupportForm(request.POST or None, subproject=subproject, user=request.user, initial=initial)
    verdict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.validate_support(
                subproject=subproject,
                household=data["household"],
                member=data["member"],
                activity=data["activity"],
                supported_on=data["supported_on"],
                kind=data["kind"],
                value=data["value"],
            )
            verdict = services.check_eligibility(
                subproject=subproject,
                household=data["household"],
                member=data["member"],
                day=data["supported_on"],
                kind=data["kind"],
                activity=data["activity"],
                labour_contract=data["labour_contract"],
            )
            if "save" in request.POST:
                services.record_support(subproject=subproject, by=request.user, **data)
                messages.success(request, _("Support recorded."))
                return redirect(subproject)
        except ValidationError as error:
            add_service_error(form, error)
    return render(
        request,
        "projects/support_form.html",
        {
            "subproject": subproject,
            "form": form,
            "verdict": verdict,
            "can_override": request.user.has_perm("projects.override_eligibility"),
        },
    )


@require_safe
@permission_required("projects.view_subproject", raise_exception=True)
def candidate_list(request, pk):
    subproject = _subproject_for(request, pk)
    day = min(timezone.localdate(), subproject.plan.ends_on)
    ranked = candidates.rank(subproject, day, Household.objects.for_user(request.user))
    if request.GET.get("format") in ("xlsx", "csv"):
        return candidates.export_candidates(subproject, day, ranked, request.GET["format"], request.user)
    # The amount per person typed above the list goes into every "Support" link.
    try:
        value = parse_money(request.GET.get("value") or "")
    except ValidationError:
        value = None
    # Ranked whole (the order needs everyone), shown a page at a time: a commune's list runs to a
    # thousand people, half a megabyte of table.
    page = Paginator(ranked, CANDIDATES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/candidate_list.html",
        {"subproject": subproject, "candidates": page.object_list, "page": page, "day": day, "value": value},
    )


@require_safe
@permission_required("projects.view_subproject", raise_exception=True)
def support_export(request, pk):
    subproject = get_object_or_404(SubProject.objects.for_user(request.user).select_related("plan"), pk=pk)
    supports = (
        subproject.supports.select_related("subproject__plan", "household", "member")
        .filter(household__in=Household.objects.for_user(request.user))
        .order_by("supported_on", "pk")
    )
    fmt = files.export_format(request)
    logger.info("export supports subproject=%s format=%s user=%s", subproject.pk, fmt, request.user.pk)
    full_ids = request.user.has_perm("households.view_citizen_id")
    return files.export_response(
        SUPPORT_COLUMNS,
        support_rows(supports.iterator(chunk_size=500), request.user, full_ids=full_ids),
        fmt,
        ("Hỗ trợ", subproject.official_code, "năm", subproject.plan.year),
    )
