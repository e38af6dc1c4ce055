import logging

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from giamngheo import access, keyset
from giamngheo.forms import add_service_error
from giamngheo.routers import replica_reads
from households import deprivations, history, panels, printing, searches, services, status
from households.filters import HouseholdFilter
from households.forms import AssessmentForm, HouseholdForm, MemberFormSet, StatusDecisionForm
from households.importers.exports import export_columns, export_filter, household_rows
from households.models import DeprivationIndicator, Household, Review
from imports import exports as export_jobs
from imports import files

logger = logging.getLogger("giamngheo.exports")

PAGE_SIZE = 50
# A look-up answers once two letters are typed, with few enough matches to read in a drop-down.
LOOKUP_MIN_CHARS = 2
LOOKUP_LIMIT = 20


def _household_for(request, code, *related):
    return get_object_or_404(Household.objects.for_user(request.user).select_related(*related), code=code)


@require_safe
@permission_required("households.view_household", raise_exception=True)
@replica_reads
def household_list(request):
    params = searches.params_of(request)
    if params is None:
        messages.info(request, _("That search is no longer kept: search again."))
        return redirect("households:list")
    households = Household.objects.for_user(request.user)
    household_filter = HouseholdFilter(params or None, queryset=households, request=request)
    # The links of the page (pages, export, print) carry the saved search's key, not its text.
    query = QueryDict(mutable=True) if "s" in request.GET else params.copy()
    if "s" in request.GET:
        query["s"] = request.GET["s"]
    for name in ("page", "cursor", "print"):
        query.pop(name, None)
    if params.get("print"):
        return printing.printed_list(
            request,
            household_filter.qs,
            day=household_filter.day,
            title=household_filter.title(),
            lines=household_filter.details(),
            back_url=f"{request.path}?{query.urlencode()}",
        )
    # Keyset pages (giamngheo.keyset): the same few rows read at any depth, where OFFSET
    # read every row it skipped (the middle of a million households: 1.2 s). The page's
    # ids come first; status and members are then looked up for those rows only.
    page, total = keyset.listing(
        household_filter.qs,
        params.get("cursor"),
        scope=households,
        salt=f"households.list:{request.user.pk}",
        per_page=PAGE_SIZE,
        narrowed=household_filter.is_narrowed,
        searched=household_filter.is_searched,
    )
    rows = households.with_status_on(household_filter.day).with_member_count().select_related("residential_group")
    rows = rows.in_bulk(page.ids)
    page.object_list = [rows[pk] for pk in page.ids]
    several = access.spans_communes(request.user)
    if several:  # group names repeat from commune to commune
        printing.name_communes(page.object_list)
    context = {
        "filter": household_filter,
        "page": page,
        "list_total": total,
        "day": household_filter.day,
        "query": query.urlencode(),
        "several_communes": several,
    }
    return render(request, "households/household_list.html", context)


@require_POST
@permission_required("households.view_household", raise_exception=True)
def household_search(request):
    """The filter form, posted so that the search text stays out of the URL (households.searches)."""
    return redirect(f"{reverse('households:list')}?{searches.location(request, request.POST)}")


@require_POST
def household_lookup(request):
    """Households whose head, member, code or address matches the typed text, for a form's code box.

    Posted, never a GET: the text is often a person's name. A user who may see no household
    gets an empty list from for_user, as out-of-scope records give 404 elsewhere.
    """
    text = request.POST.get("q", "")
    if len(text.strip()) < LOOKUP_MIN_CHARS:
        return JsonResponse({"results": []})
    matches = (
        Household.objects.for_user(request.user)
        .search(text)
        .select_related("residential_group")
        .order_by("head_sort_key", "code")[:LOOKUP_LIMIT]
    )
    results = [{"code": h.code, "label": f"{h.head_name} · {h.residential_group.name} · {h.address}"} for h in matches]
    return JsonResponse({"results": results})


@require_safe
@permission_required("households.view_household", raise_exception=True)
def household_detail(request, code):
    household = _household_for(request, code, "residential_group__unit", "merged_into")
    earlier_groups = household.residential_group.predecessors.select_related("unit")
    today = timezone.localdate()
    assessments = household.assessments.select_related("review", "standard", "assessed_by").prefetch_related(
        "deprivations", Prefetch("standard__indicators", queryset=DeprivationIndicator.objects.all())
    )
    decisions = list(household.status_decisions.order_by("effective_on", "pk"))
    escape = household.latest_escape(today)
    return render(
        request,
        "households/household_detail.html",
        {
            "household": household,
            "members": household.members.head_first(),
            "assessments": [(a, a.explain()) for a in assessments],
            "decisions": decisions,
            "current": household.decision_on(today),
            "escape": escape,
            "recent_until": status.recent_escape_last_day(escape.effective_on) if escape else None,
            "recently_escaped": Household.objects.with_status_on(today)
            .in_status("recently_escaped", today)
            .filter(pk=household.pk)
            .exists(),
            "earlier_groups": earlier_groups,
            "log": history.household_log(household, request.user),
            "panels": panels.for_household(household, request.user),
            "today": today,
        },
    )


def _edit_household(request, household):
    form = HouseholdForm(request.POST or None, instance=household, user=request.user)
    formset = MemberFormSet(request.POST or None, instance=household, prefix="members")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            household = services.save_household(household=form.save(commit=False), members_formset=formset)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, _("Household %(code)s saved.") % {"code": household.code})
            return redirect(household)
    return render(
        request,
        "households/household_form.html",
        {"form": form, "formset": formset, "household": household if household.pk else None},
    )


@permission_required("households.add_household", raise_exception=True)
def household_create(request):
    return _edit_household(request, Household())


@permission_required("households.change_household", raise_exception=True)
def household_edit(request, code):
    return _edit_household(request, _household_for(request, code))


@permission_required("households.add_assessment", raise_exception=True)
def assessment_create(request, code):
    household = _household_for(request, code, "residential_group")
    today = timezone.localdate()
    initial = {
        "review_kind": Review.Kind.PERIODIC,
        "review_year": today.year,
        "assessed_on": today,
        "method": AssessmentForm.Method.INCOME,
        # A link from a review's list names its review; the form parses it again when posted.
        **{key: request.GET[key] for key in ("review_kind", "review_year", "review_month") if request.GET.get(key)},
    }
    form = AssessmentForm(request.POST or None, household=household, initial=initial)
    valid = form.is_bound and form.is_valid()
    standard = form.standard
    suggestions = deprivations.suggest(
        standard.suggestion_rules() if standard else {},
        household.members.all(),
        form.cleaned_data["assessed_on"] if valid else today,
        form.cleaned_data.get("floor_area_m2") if valid else None,
    )
    if not form.is_bound:
        form.initial["deprived"] = list(suggestions)
    result = None
    if request.method == "POST" and valid:
        if "save" in request.POST:
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    review = services.get_or_create_review(
                        data["review_kind"], data["review_year"], data.get("review_month")
                    )
                    assessment = services.record_assessment(
                        household=household,
                        review=review,
                        assessed_on=data["assessed_on"],
                        deprived=data["deprived"],
                        income=data.get("income"),
                        score_a=data.get("score_a"),
                        score_b=data.get("score_b"),
                        floor_area_m2=data.get("floor_area_m2"),
                        note=data.get("note", ""),
                        by=request.user,
                    )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request, _("Assessment recorded: %(result)s.") % {"result": assessment.get_result_display()}
                )
                return redirect(household)
        else:
            result = form.preview()
    return render(
        request,
        "households/assessment_form.html",
        {
            "household": household,
            "form": form,
            "result": result,
            "standard": standard,
            "suggestions": {code: deprivations.REASONS[reason] for code, reason in suggestions.items()},
        },
    )


@permission_required("households.add_statusdecision", raise_exception=True)
def decision_create(request, code):
    household = _household_for(request, code)
    today = timezone.localdate()
    ward = household.residential_group.unit.current()
    signatory = ward.signatory_on(today) if ward else None
    latest = household.assessments.order_by("-assessed_on").first()
    initial = {
        "signed_on": today,
        "effective_on": today,
        "signer": f"{signatory.position} {signatory.full_name}" if signatory else "",
        "assessment": latest,
        "status": latest.proposed_status() if latest else None,
    }
    form = StatusDecisionForm(request.POST or None, household=household, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_decision(household=household, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect(household)
    return render(request, "households/decision_form.html", {"household": household, "form": form})


@require_safe
@permission_required("households.view_household", raise_exception=True)
def household_export(request):
    params = searches.params_of(request)
    if params is None:
        messages.info(request, _("That search is no longer kept: search again."))
        return redirect("households:list")
    household_filter = export_filter(request.user, params, request)
    fmt = files.export_format(request)
    households = household_filter.qs
    count = households.count()
    if count > export_jobs.sync_limit():
        # Past gunicorn's timeout as an .xlsx: the task worker writes it (imports.exports).
        commune = getattr(request, "commune", None)
        job = export_jobs.start(
            kind="households", fmt=fmt, params=params, user=request.user, commune_id=commune.pk if commune else None
        )
        logger.info(
            "export households queued job=%s format=%s households=%s user=%s", job.pk, fmt, count, request.user.pk
        )
        return redirect(job)
    columns = export_columns(request.user)
    logger.info("export households format=%s households=%s user=%s", fmt, count, request.user.pk)
    return files.streamed_export_response(
        columns,
        household_rows(households, columns, request.user),
        fmt,
        ("Hộ gia đình", timezone.localdate()),
    )
