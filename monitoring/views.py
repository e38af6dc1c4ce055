from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from households import printing
from households.models import Household
from monitoring import exports, indicators, services
from monitoring.forms import NarrativeForm, NewReportForm
from monitoring.models import Report


@require_safe
@permission_required("monitoring.view_report", raise_exception=True)
def report_list(request):
    return render(
        request,
        "monitoring/report_list.html",
        {
            "reports": Report.objects.select_related("submitted_by"),
            "form": NewReportForm(initial={"year": timezone.localdate().year, "period": Report.Period.YEAR}),
        },
    )


@require_POST
@permission_required("monitoring.add_report", raise_exception=True)
def report_create(request):
    form = NewReportForm(request.POST)
    if form.is_valid():
        try:
            report = services.draft(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect(report)
    return redirect("monitoring:report_list")


@require_safe
@permission_required("monitoring.view_report", raise_exception=True)
def report_detail(request, pk):
    report = get_object_or_404(Report.objects.select_related("submitted_by", "created_by"), pk=pk)
    data = services.figures(report)
    export = request.GET.get("format")
    if export == "xlsx":
        return exports.report_xlsx(report, data)
    if export == "pdf":
        return exports.report_pdf(request, report, data)
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "report": report,
            "data": data,
            "due_on": report.due_on(),
            "poverty_rows": exports.poverty_rows(data),
            "priorities": [(key, exports.PRIORITY_LABELS[key], value) for key, value in data["priorities"].items()],
            "links": True,
        },
    )


@permission_required("monitoring.change_report", raise_exception=True)
def report_edit(request, pk):
    report = get_object_or_404(Report, pk=pk)
    if report.submitted:
        raise PermissionDenied
    form = NarrativeForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Report saved."))
        return redirect(report)
    return render(request, "monitoring/report_form.html", {"report": report, "form": form})


@require_POST
@permission_required("monitoring.submit_report", raise_exception=True)
def report_submit(request, pk):
    report = get_object_or_404(Report, pk=pk)
    try:
        services.submit(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Report submitted: its figures are now frozen."))
    return redirect(report)


@require_POST
@permission_required("monitoring.add_report", raise_exception=True)
def report_new_version(request, pk):
    report = get_object_or_404(Report, pk=pk)
    try:
        corrected = services.new_version(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report)
    return redirect(corrected)


@require_safe
@permission_required("monitoring.view_report", raise_exception=True)
def indicator_households(request, pk, key):
    """The households behind one number of a report: the list it counted, as it counted it."""
    report = get_object_or_404(Report, pk=pk)
    visible = Household.objects.for_user(request.user)
    if report.snapshot is not None:
        if key not in report.snapshot["members"]:
            raise Http404
        households = visible.filter(pk__in=report.snapshot["members"][key])
    else:
        try:
            households = visible.filter(
                pk__in=indicators.households_for(key, report.starts_on, report.ends_on).values("pk")
            )
        except (KeyError, ValueError):
            raise Http404 from None
    households = households.order_by("head_sort_key", "code")
    label = exports.label_for(key, services.figures(report))
    if request.GET.get("print"):
        period = _("%(report)s, from %(start)s to %(end)s") % {
            "report": report,
            "start": f"{report.starts_on:%d/%m/%Y}",
            "end": f"{report.ends_on:%d/%m/%Y}",
        }
        return printing.printed_list(
            request,
            households.with_status_on(report.ends_on),
            day=report.ends_on,
            title=_("List of households: %(figure)s") % {"figure": label},
            lines=[period],
            back_url=request.path,
        )
    page = Paginator(households.select_related("residential_group"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/indicator_households.html",
        {"report": report, "key": key, "label": label, "page": page},
    )
