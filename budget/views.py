"""HTTP glue for the programme's money: overview, budget lines, ledger, and the finance forms."""

import uuid
from datetime import date

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from budget import exports, services
from budget.forms import (
    AdjustmentForm,
    AllocationForm,
    CarryOverForm,
    DisbursementForm,
    ReopeningForm,
    ReversalForm,
    SettlementForm,
)
from budget.models import Allocation, Disbursement, FundingSource, Settlement
from giamngheo import access
from giamngheo.forms import add_service_error
from giamngheo.money import rate
from projects.models import SubProject

PAGE_SIZE = 50


def overview_rows(lines, *, several_communes=False):
    """Group budget lines by sub-project with subtotals, and the grand total.

    Across several communes a sub-project is named with its plan's commune: every commune has a
    "Dự án 2", and the page and its Excel sheet must tell them apart the same way.
    """
    rows, totals = [], {"amount": 0, "adjusted": 0, "available": 0, "disbursed": 0, "remaining": 0}
    by_subproject = {}
    for line in lines:
        by_subproject.setdefault(line.subproject, []).append(line)
    for subproject, items in by_subproject.items():
        subtotal = {key: sum(getattr(item, key) for item in items) for key in totals}
        for key in totals:
            totals[key] += subtotal[key]
        rows.append(
            {
                "subproject": subproject,
                "label": f"{subproject.plan.ward.name} – {subproject}" if several_communes else str(subproject),
                "lines": [(item, rate(item.disbursed, item.available)) for item in items],
                "subtotal": subtotal,
                "rate": rate(subtotal["disbursed"], subtotal["available"]),
            }
        )
    return rows, totals, rate(totals["disbursed"], totals["available"])


def _year(request, lines):
    years = sorted(set(lines.values_list("budget_year", flat=True)), reverse=True)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = years[0] if years else timezone.localdate().year
    return year, years


@require_safe
@permission_required("budget.view_allocation", raise_exception=True)
def overview(request):
    lines = Allocation.objects.for_user(request.user)
    year, years = _year(request, lines)
    several = access.spans_communes(request.user)
    order = ("subproject__plan__ward__name",) if several else ()
    selected = (
        lines.filter(budget_year=year)
        .with_totals()
        .select_related("subproject__plan__ward")
        .order_by(*order, "subproject__order", "subproject__pk", "source", "pk")
    )
    rows, totals, total_rate = overview_rows(selected, several_communes=several)
    if request.GET.get("format") == "xlsx":
        return exports.overview_xlsx(year, rows, totals, total_rate, request.user)
    return render(
        request,
        "budget/budget_overview.html",
        {"year": year, "years": years, "rows": rows, "totals": totals, "total_rate": total_rate},
    )


@require_safe
@permission_required("budget.view_allocation", raise_exception=True)
def allocation_detail(request, pk):
    line = get_object_or_404(
        Allocation.objects.for_user(request.user).with_totals().select_related("subproject__plan", "carried_from"),
        pk=pk,
    )
    ledger = line.disbursements.select_related("payee_household", "support", "activity", "created_by").order_by(
        "-paid_on", "-pk"
    )
    reversed_ids = set(ledger.exclude(reverses=None).values_list("reverses", flat=True))
    settlements = list(line.settlements.select_related("created_by", "reopening__created_by"))
    in_force = next((item for item in settlements if not hasattr(item, "reopening")), None)
    return render(
        request,
        "budget/allocation_detail.html",
        {
            "line": line,
            "rate": rate(line.disbursed, line.available),
            "adjustments": line.adjustments.select_related("created_by"),
            "ledger": ledger,
            "reversed_ids": reversed_ids,
            "carried_to": Allocation.objects.filter(carried_from=line).first(),
            "settlements": settlements,
            "settlement": in_force,
        },
    )


def _finance_form(request, form, template, context, action, success, then=None):
    """Run a finance service on a valid form; its refusals land on the form's fields."""
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect(then(result) if callable(then) else then or result)
    return render(request, template, {**context, "form": form})


def _ledger_row(row: Disbursement) -> str:
    """The line's page at the row: where the first and any repeated submission of a form both land."""
    return f"{row.allocation.get_absolute_url()}#entry-{row.pk}"


def _initial_year(request, subproject: SubProject | None) -> int:
    """The year of the page the form was opened from, not today's: a 2023 page records 2023 lines."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year is not None and AllocationForm.base_fields["budget_year"].min_value <= year <= 2100:
        return year
    if subproject is not None:
        return subproject.plan.year
    return timezone.localdate().year


@permission_required("budget.add_allocation", raise_exception=True)
def allocation_create(request):
    subprojects = SubProject.objects.for_user(request.user).select_related("plan")
    subproject = subprojects.filter(pk=request.GET.get("subproject") or None).first()
    initial = {"budget_year": _initial_year(request, subproject), "subproject": subproject}
    form = AllocationForm(request.POST or None, subprojects=subprojects, initial=initial)
    return _finance_form(
        request,
        form,
        "budget/budget_form.html",
        {"title": _("Record an allocation")},
        lambda data: services.allocate(by=request.user, **data),
        _("Allocation recorded."),
    )


def _line_for(request, pk):
    return get_object_or_404(Allocation.objects.for_user(request.user).select_related("subproject__plan"), pk=pk)


@permission_required("budget.add_adjustment", raise_exception=True)
def adjustment_create(request, pk):
    line = _line_for(request, pk)
    return _finance_form(
        request,
        AdjustmentForm(request.POST or None),
        "budget/budget_form.html",
        {"title": _("Adjust the line"), "line": line},
        lambda data: services.adjust(allocation=line, by=request.user, **data),
        _("Adjustment recorded."),
        then=line,
    )


@permission_required("budget.add_adjustment", raise_exception=True)
def carry_over_create(request, pk):
    line = _line_for(request, pk)
    return _finance_form(
        request,
        CarryOverForm(request.POST or None),
        "budget/budget_form.html",
        {"title": _("Carry over to the next year"), "line": line},
        lambda data: services.carry_over(allocation=line, by=request.user, **data),
        _("Carried over."),
    )


@permission_required("budget.add_disbursement", raise_exception=True)
def disbursement_create(request, pk):
    line = _line_for(request, pk)
    initial = {"request_key": uuid.uuid4(), "paid_on": timezone.localdate(), "support": request.GET.get("support")}
    form = DisbursementForm(request.POST or None, allocation=line, user=request.user, initial=initial)
    return _finance_form(
        request,
        form,
        "budget/budget_form.html",
        {"title": _("Record a payment"), "line": line, "remaining": line_remaining(line)},
        lambda data: services.disburse(allocation=line, by=request.user, **data),
        _("Payment recorded."),
        then=_ledger_row,
    )


def line_remaining(line):
    return Allocation.objects.with_totals().get(pk=line.pk).remaining


@permission_required("budget.add_disbursement", raise_exception=True)
def reversal_create(request, pk):
    payment = get_object_or_404(Disbursement.objects.for_user(request.user).select_related("allocation"), pk=pk)
    form = ReversalForm(request.POST or None, initial={"request_key": uuid.uuid4(), "paid_on": timezone.localdate()})
    return _finance_form(
        request,
        form,
        "budget/budget_form.html",
        {
            "title": _("Reverse a payment"),
            "line": payment.allocation,
            "payment": payment,
            "submit_label": _("Record the reversal"),
            "cancel_label": _("Back to the payment"),
            "cancel_url": _ledger_row(payment),
        },
        lambda data: services.reverse_disbursement(disbursement=payment, by=request.user, **data),
        _("Payment reversed."),
        then=_ledger_row,
    )


@permission_required("budget.add_settlement", raise_exception=True)
def settlement_create(request, pk):
    line = _line_for(request, pk)
    return _finance_form(
        request,
        SettlementForm(request.POST or None),
        "budget/budget_form.html",
        {"title": _("Settle the year"), "line": line},
        lambda data: services.settle(allocation=line, by=request.user, **data),
        _("Settlement recorded."),
        then=line,
    )


@permission_required("budget.add_settlementreopening", raise_exception=True)
def settlement_reopen(request, pk):
    line = _line_for(request, pk)
    return _finance_form(
        request,
        ReopeningForm(request.POST or None),
        "budget/budget_form.html",
        {
            "title": _("Reopen the settlement"),
            "line": line,
            "settlement": Settlement.objects.filter(allocation=line).in_force().first(),
            "submit_label": _("Record the reopening"),
        },
        lambda data: services.reopen_settlement(allocation=line, by=request.user, **data),
        _("Settlement reopened: the line can pay again."),
        then=lambda reopening: f"{line.get_absolute_url()}#settlements",
    )


class LedgerFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="allocation__budget_year", label=gettext_lazy("Budget year"))
    subproject = django_filters.ModelChoiceFilter(
        field_name="allocation__subproject", queryset=SubProject.objects.none(), label=gettext_lazy("Sub-project")
    )
    source = django_filters.ChoiceFilter(
        field_name="allocation__source", choices=FundingSource.choices, label=gettext_lazy("Funding source")
    )
    kind = django_filters.ChoiceFilter(choices=Disbursement.Kind.choices, label=gettext_lazy("Kind"))

    class Meta:
        model = Disbursement
        fields = ["year", "subproject", "source", "kind"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["subproject"].queryset = SubProject.objects.for_user(user).select_related("plan")


@require_safe
@permission_required("budget.view_disbursement", raise_exception=True)
def ledger(request):
    entries = Disbursement.objects.for_user(request.user).select_related(
        "allocation__subproject__plan__ward", "payee_household", "created_by"
    )
    ledger_filter = LedgerFilter(request.GET or None, queryset=entries.order_by("-paid_on", "-pk"), user=request.user)
    # Across the province every commune has the same sub-projects: the commune tells the lines apart.
    several = access.spans_communes(request.user)
    if request.GET.get("format") == "xlsx":
        year = ledger_filter.form.cleaned_data.get("year") if ledger_filter.is_valid() else None
        period_end = date(int(year), 12, 31) if year else None
        return exports.ledger_xlsx(ledger_filter.qs, request.user, period_end=period_end, several_communes=several)
    page = Paginator(ledger_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "budget/ledger.html",
        {"filter": ledger_filter, "page": page, "total": ledger_filter.qs.total(), "several_communes": several},
    )
