from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from giamngheo import access
from giamngheo.routers import replica_reads
from households import printing
from households.models import Household
from monitoring import document, exports, history, indicators, narrative, services
from monitoring.forms import NarrativeForm, NewReportForm, ReportNumberForm
from monitoring.models import Report


@require_safe
@permission_required("monitoring.view_report", raise_exception=True)
@replica_reads
def report_list(request):
    today = timezone.localdate()
    several = access.spans_communes(request.user)
    reports = list(Report.objects.for_user(request.user).select_related("submitted_by", "commune"))
    due = Report.objects.for_user(request.user).periods_due(today, by_commune=several)
    # A due or late badge on the version that is being worked on; the periods not drafted listed above.
    by_report = {row.report.pk: row for row in due if row.report}
    for report in reports:
        report.due = by_report.get(report.pk)
    return render(
        request,
        "monitoring/report_list.html",
        {
            "reports": reports,
            "undrafted": [row for row in due if row.report is None],
            "several_communes": several,
            "form": NewReportForm(initial={"year": today.year, "period": Report.Period.YEAR}),
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
            messages.success(
                request, _("Report drafted from today's data: check it, complete the text, then submit it.")
            )
            return redirect(report)
    return redirect("monitoring:report_list")


@require_safe
@permission_required("monitoring.view_report", raise_exception=True)
@replica_reads
def report_detail(request, pk):
    report = get_object_or_404(
        Report.objects.for_user(request.user).select_related("submitted_by", "created_by", "commune"), pk=pk
    )
    data = services.figures(report)
    export = request.GET.get("format")
    if export == "xlsx":
        return exports.report_xlsx(report, document.build(report, data))
    if export == "pdf":
        return exports.report_pdf(request, report, document.build(report, data))
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "report": report,
            "doc": document.build(report, data, links=True),
            "due_on": report.due_on(),
            "deadline": None if report.submitted_due_on else report.deadline(),
            "timing": report.timing(),
            "log": history.report_log(report) if request.user.has_perm("monitoring.view_historicalreport") else None,
        },
    )


@permission_required("monitoring.change_report", raise_exception=True)
def report_edit(request, pk):
    report = get_object_or_404(Report.objects.for_user(request.user).select_related("commune"), pk=pk)
    if report.submitted:
        raise PermissionDenied
    form = NarrativeForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Report saved."))
        return redirect(report)
    return render(
        request,
        "monitoring/report_form.html",
        {"report": report, "form": form, "legend": narrative.legend(services.figures(report))},
    )


@require_POST
@permission_required("monitoring.change_report", raise_exception=True)
def report_regenerate(request, pk):
    report = get_object_or_404(Report.objects.for_user(request.user).select_related("commune"), pk=pk)
    try:
        services.regenerate(report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The pre-filled sections are back, their figures taken from the tables."))
    return redirect("monitoring:report_edit", pk=report.pk)


@permission_required("monitoring.submit_report", raise_exception=True)
def report_number(request, pk):
    """Leadership gives a draft its number and date, without the right to edit its text."""
    report = get_object_or_404(Report.objects.for_user(request.user).select_related("commune"), pk=pk)
    if report.submitted:
        raise PermissionDenied
    then_submit = request.GET.get("next") == "submit"
    form = ReportNumberForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Number and date saved."))
        return redirect("monitoring:report_submit", report.pk) if then_submit else redirect(report)
    return render(request, "monitoring/report_number.html", {"report": report, "form": form, "next": then_submit})


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("monitoring.submit_report", raise_exception=True)
def report_submit(request, pk):
    """GET: what submitting means, the number and date, on time or late; POST: submit."""
    report = get_object_or_404(Report.objects.for_user(request.user).select_related("commune"), pk=pk)
    if report.submitted:
        messages.info(request, _("This report is already submitted."))
        return redirect(report)
    if request.method != "POST":
        return render(
            request,
            "monitoring/report_submit.html",
            {"report": report, "timing": report.timing(), "form": ReportNumberForm(instance=report)},
        )
    try:
        report = services.submit(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("monitoring:report_submit", report.pk)
    messages.success(request, submitted_message(report))
    return redirect(report)


def submitted_message(report: Report) -> str:
    timing = report.timing()
    if timing is None:
        return _("Report submitted: its figures are now frozen.")
    due = f"{timing.due_on:%d/%m/%Y}"
    if not timing.late:
        return _("Report submitted on time (due %(due)s): its figures are now frozen.") % {"due": due}
    if not timing.working_days:
        return _("Report submitted after its due date (%(due)s): its figures are now frozen.") % {"due": due}
    return ngettext(
        "Report submitted %(days)d working day late (due %(due)s): its figures are now frozen.",
        "Report submitted %(days)d working days late (due %(due)s): its figures are now frozen.",
        timing.working_days,
    ) % {"days": timing.working_days, "due": due}


@require_POST
@permission_required("monitoring.add_report", raise_exception=True)
def report_new_version(request, pk):
    report = get_object_or_404(Report.objects.for_user(request.user).select_related("commune"), pk=pk)
    try:
        corrected = services.new_version(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report)
    messages.success(
        request,
        _("Version %(version)d drafted to correct version %(old)d: correct it, then submit it.")
        % {"version": corrected.version, "old": report.version},
    )
    return redirect(corrected)


@require_safe
@permission_required("monitoring.view_report", raise_exception=True)
@replica_reads
def indicator_households(request, pk, key):
    """The households behind one number of a report: the list it counted, as it counted it."""
    report = get_object_or_404(Report.objects.for_user(request.user).select_related("commune"), pk=pk)
    visible = Household.objects.for_user(request.user)
    if report.snapshot is not None:
        if key not in report.snapshot["members"]:
            raise Http404
        households = visible.filter(pk__in=report.snapshot["members"][key])
    else:
        try:
            households = visible.filter(
                pk__in=indicators.households_for(key, report.starts_on, report.ends_on, report.commune).values("pk")
            )
        except (KeyError, ValueError):
            raise Http404 from None
    households = households.order_by("head_sort_key", "code")
    label = document.label_for(key, services.figures(report))
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
