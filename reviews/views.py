"""HTTP glue for the review process: the campaign page, one form per act, and the documents."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from giamngheo import access
from giamngheo.documents import issuer
from giamngheo.forms import add_service_error
from giamngheo.models import ResidentialGroup
from households import services as household_services
from households.forms import AssessmentForm
from households.models import Household, Member
from households.status import Status
from reviews import exports, forms, progress, services
from reviews.models import (
    LIST_TITLES,
    Appeal,
    Campaign,
    Complaint,
    Meeting,
    Outcome,
    Request,
    Stage,
    Step,
    Submission,
    Vote,
)

WORK = "reviews.work_review"
SIGN_OFF = "reviews.sign_off_review"
# A commune of 35,000 households puts some 1,500 on its list, and a row takes 260 µs to render:
# the whole list was most of the page (320 entries: 206 ms, 368 KB).
ENTRIES_PER_PAGE = 50
# What places the officer in the campaign's list: kept when an act on one entry brings them back.
LIST_PLACE = ("group", "stage", "page")


def _campaign(request, pk) -> Campaign:
    campaigns = Campaign.objects.for_user(request.user).select_related("review", "opened_by", "commune")
    return get_object_or_404(campaigns, pk=pk)


def _entries(campaign):
    return (
        campaign.entries.with_progress()
        .select_related("household", "residential_group", "request")
        .order_by("residential_group__code", "household__code")
    )


def _list_place(query) -> str:
    """The group, stage and page of the campaign's list that the query names, as a query string."""
    place = QueryDict(mutable=True)
    for name in LIST_PLACE:
        if query.get(name):
            place[name] = query[name]
    return place.urlencode()


def _act(request, form, template, context, action, success, then):
    """Run a service on a valid form; its refusals land on the form's fields."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect(then)
    return render(request, template, {**context, "form": form})


@require_safe
@permission_required("reviews.view_campaign", raise_exception=True)
def campaign_list(request):
    several = access.spans_communes(request.user)
    campaigns = (
        Campaign.objects.for_user(request.user)
        .select_related("review", "opened_by", "commune")
        .prefetch_related("closures")
        .order_by(*(("commune__name",) if several else ()), "-review__starts_on", "pk")
    )
    return render(
        request,
        "reviews/campaign_list.html",
        {
            "campaigns": campaigns,
            "several_communes": several,
            "form": forms.OpenCampaignForm(initial={"year": timezone.localdate().year}),
            "waiting": Request.objects.filter(
                entries__isnull=True, household__in=Household.objects.for_user(request.user)
            ).count(),
        },
    )


@require_safe
@permission_required("reviews.view_campaign", raise_exception=True)
def help_page(request):
    return render(request, "reviews/help.html")


@require_POST
@permission_required(WORK, raise_exception=True)
def campaign_open(request):
    form = forms.OpenCampaignForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            review = household_services.get_or_create_review(data["kind"], data["year"], data.get("month"))
            campaign = services.open_campaign(review=review, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Review opened: build its list of households."))
            return redirect(campaign)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("reviews:list")


@require_safe
@permission_required("reviews.view_campaign", raise_exception=True)
def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    today = timezone.localdate()
    entries = list(_entries(campaign))
    group = request.GET.get("group")
    stage = request.GET.get("stage")
    shown = [
        e for e in entries if (not group or str(e.residential_group_id) == group) and (not stage or e.stage == stage)
    ]
    page = Paginator(shown, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/campaign_detail.html",
        {
            "campaign": campaign,
            "steps": progress.steps(campaign, today, entries),
            "groups": progress.groups(campaign, entries),
            "entries": page.object_list,
            "page": page,
            "place": _list_place(request.GET),
            "entry_count": len(entries),
            "stages": Stage.choices,
            "selected_group": group,
            "selected_stage": stage,
            "meetings": campaign.meetings.select_related("residential_group", "recorded_by"),
            "postings": campaign.postings.select_related("residential_group", "recorded_by"),
            "complaints": Complaint.objects.filter(entry__campaign=campaign).select_related(
                "entry__household", "recorded_by", "answered_by"
            ),
            "submissions": campaign.submissions.select_related("signed_by"),
            "recognition": getattr(campaign, "recognition", None),
            "appeals": Appeal.objects.filter(outcome__recognition__campaign=campaign).select_related(
                "outcome__entry__household", "recorded_by", "decided_by", "decision"
            ),
            "requests": services.requests_for(campaign).select_related("household", "recorded_by"),
            "can_work": request.user.has_perm(WORK),
            "can_sign": request.user.has_perm(SIGN_OFF),
            "lists": LIST_TITLES,
        },
    )


@require_POST
@permission_required(WORK, raise_exception=True)
def build_list(request, pk):
    campaign = _campaign(request, pk)
    try:
        added = services.build_list(campaign=campaign, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)d households added to the list.") % {"count": added})
    return redirect(campaign)


@permission_required(WORK, raise_exception=True)
def request_create(request):
    form = forms.RequestForm(request.POST or None, user=request.user, initial={"received_on": timezone.localdate()})
    return _act(
        request,
        form,
        "reviews/form.html",
        {"title": _("Record a household's request")},
        lambda data: services.record_request(by=request.user, **data),
        _("Request recorded: the next review's list takes it."),
        "reviews:list",
    )


@permission_required(WORK, raise_exception=True)
def entry_create(request, pk):
    campaign = _campaign(request, pk)
    form = forms.AddEntryForm(request.POST or None, user=request.user)
    return _act(
        request,
        form,
        "reviews/form.html",
        {"title": _("Add a household to the list"), "campaign": campaign},
        lambda data: services.add_entry(campaign=campaign, by=request.user, **data),
        _("Household added to the list."),
        campaign,
    )


def _ward_groups(campaign):
    return campaign.residential_groups().valid_on(campaign.review.starts_on).order_by("code")


@permission_required(WORK, raise_exception=True)
def reviewers(request, pk):
    campaign = _campaign(request, pk)
    groups = ResidentialGroup.objects.filter(pk__in=campaign.entries.values("residential_group")).order_by("code")
    form = forms.ReviewersForm(request.POST or None, groups=groups, current=services.current_reviewers(campaign))
    return _act(
        request,
        form,
        "reviews/form.html",
        {"title": _("Reviewers of each residential group"), "campaign": campaign},
        lambda data: services.assign_reviewers(campaign=campaign, names=form.names(), by=request.user),
        _("Reviewers saved."),
        campaign,
    )


def close_step(request, pk, step):
    campaign = _campaign(request, pk)
    if step not in Step.values or step == Step.RECOGNITION:
        raise Http404
    if not request.user.has_perm(SIGN_OFF if step == Step.REPORT else WORK):
        raise PermissionDenied
    form = forms.CloseStepForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    return _act(
        request,
        form,
        "reviews/form.html",
        {
            "title": _("Close step %(step)d: %(name)s") % {"step": step, "name": Step(step).label},
            "campaign": campaign,
            "missing": services.missing_for_closing(campaign, step, timezone.localdate()),
        },
        lambda data: services.close_step(campaign=campaign, step=step, by=request.user, **data),
        _("Step closed."),
        campaign,
    )


@permission_required(WORK, raise_exception=True)
def meeting_create(request, pk, group_pk):
    campaign = _campaign(request, pk)
    group = get_object_or_404(campaign.residential_groups(), pk=group_pk)
    awaiting = [e for e in _entries(campaign).filter(residential_group=group) if e.stage == Stage.SCORED]
    reviewer = services.current_reviewers(campaign).get(group.pk)
    form = forms.MeetingForm(
        request.POST or None,
        awaiting=awaiting,
        initial={"held_on": timezone.localdate(), "place": _("Cultural house of %(group)s") % {"group": group.name}},
    )
    return _act(
        request,
        form,
        "reviews/form.html",
        {
            "title": _("Community meeting of %(group)s") % {"group": group},
            "campaign": campaign,
            "lead": _(
                "Record, for each household, how many attendees agreed with its result; "
                "under half sends it back to the survey."
            )
            if awaiting
            else _("No household of this group is scored and awaiting a meeting."),
            "reviewer": reviewer,
        },
        lambda data: services.record_meeting(
            campaign=campaign,
            residential_group=group,
            votes=form.votes(),
            by=request.user,
            **{k: v for k, v in data.items() if not k.startswith("vote_")},
        ),
        _("Meeting recorded."),
        campaign,
    )


@require_safe
@permission_required("reviews.view_meeting", raise_exception=True)
def meeting_detail(request, pk, meeting_pk):
    campaign = _campaign(request, pk)
    meeting = get_object_or_404(
        Meeting.objects.select_related("residential_group", "recorded_by").prefetch_related(
            Prefetch("votes", queryset=_votes())
        ),
        pk=meeting_pk,
        campaign=campaign,
    )
    return render(
        request,
        "reviews/meeting_minutes.html",
        {
            "campaign": campaign,
            "meeting": meeting,
            "issuer": issuer(meeting.held_on, commune=campaign.commune),
            "printing": "print" in request.GET,
        },
    )


def _votes():
    return Vote.objects.select_related("entry__household").order_by("entry__household__code")


@permission_required(WORK, raise_exception=True)
def entry_rescore(request, pk, entry_pk):
    """Step 2 again for a household its meeting did not agree on: the survey's new figures."""
    campaign = _campaign(request, pk)
    entry = get_object_or_404(campaign.entries.select_related("household"), pk=entry_pk)
    review = campaign.review
    form = AssessmentForm(
        request.POST or None,
        household=entry.household,
        initial={
            "review_kind": review.kind,
            "review_year": review.year,
            "review_month": review.month,
            "assessed_on": timezone.localdate(),
            "method": AssessmentForm.Method.INCOME,
        },
    )
    for name in ("review_kind", "review_year", "review_month"):
        form.fields[name].disabled = True
    return _act(
        request,
        form,
        "reviews/form.html",
        {
            "title": _("Survey %(code)s again") % {"code": entry.household.code},
            "campaign": campaign,
            "lead": _(
                "The meeting did not agree on this household: record the new survey; it goes to the next meeting."
            ),
        },
        lambda data: services.rescore(
            entry=entry,
            assessed_on=data["assessed_on"],
            deprived=data["deprived"],
            income=data.get("income"),
            score_a=data.get("score_a"),
            score_b=data.get("score_b"),
            note=data.get("note", ""),
            by=request.user,
        ),
        _("New survey recorded: the household awaits the group's next meeting."),
        campaign,
    )


@require_POST
@permission_required(WORK, raise_exception=True)
def entry_surveyed(request, pk, entry_pk):
    campaign = _campaign(request, pk)
    entry = get_object_or_404(campaign.entries, pk=entry_pk)
    try:
        services.mark_surveyed(entry=entry, day=timezone.localdate(), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    place = _list_place(request.GET)
    return redirect(f"{campaign.get_absolute_url()}{'?' + place if place else ''}#entry-list")


@permission_required(WORK, raise_exception=True)
def posting_create(request, pk):
    campaign = _campaign(request, pk)
    form = forms.PostingForm(
        request.POST or None, groups=_ward_groups(campaign), initial={"starts_on": timezone.localdate()}
    )
    return _act(
        request,
        form,
        "reviews/form.html",
        {"title": _("Record a public posting"), "campaign": campaign},
        lambda data: services.record_posting(campaign=campaign, by=request.user, **data),
        _("Posting recorded."),
        campaign,
    )


@require_safe
@permission_required("reviews.view_campaign", raise_exception=True)
def posting_list(request, pk):
    """The results as posted: every household on the list with its proposed status, by group."""
    campaign = _campaign(request, pk)
    entries = list(_entries(campaign))
    today = timezone.localdate()
    return render(
        request,
        "reviews/posted_list.html",
        {
            "campaign": campaign,
            "entries": entries,
            "issuer": issuer(today, commune=campaign.commune),
            "printing": "print" in request.GET,
        },
    )


@permission_required(WORK, raise_exception=True)
def complaint_create(request, pk):
    campaign = _campaign(request, pk)
    form = forms.ComplaintForm(
        request.POST or None,
        entries=campaign.entries.select_related("household"),
        initial={"lodged_on": timezone.localdate(), "entry": request.GET.get("entry")},
    )
    return _act(
        request,
        form,
        "reviews/form.html",
        {"title": _("Record a complaint"), "campaign": campaign},
        lambda data: services.record_complaint(by=request.user, **data),
        _("Complaint recorded: re-check it before the posting step closes."),
        campaign,
    )


@permission_required(WORK, raise_exception=True)
def complaint_answer(request, pk, complaint_pk):
    campaign = _campaign(request, pk)
    complaint = get_object_or_404(
        Complaint.objects.select_related("entry__household"), pk=complaint_pk, entry__campaign=campaign
    )
    form = forms.AnswerForm(request.POST or None, initial={"answered_on": timezone.localdate()})
    return _act(
        request,
        form,
        "reviews/form.html",
        {"title": _("Re-check (phúc tra) and answer"), "campaign": campaign, "complaint": complaint},
        lambda data: services.answer_complaint(complaint=complaint, by=request.user, **data),
        _("Answer recorded."),
        campaign,
    )


@permission_required(SIGN_OFF, raise_exception=True)
def submission_create(request, pk):
    campaign = _campaign(request, pk)
    kinds = (
        [Submission.Kind.PRELIMINARY, Submission.Kind.OFFICIAL] if campaign.is_periodic else [Submission.Kind.REGULAR]
    )
    form = forms.SubmissionForm(request.POST or None, kinds=kinds, initial={"sent_on": timezone.localdate()})
    return _act(
        request,
        form,
        "reviews/form.html",
        {
            "title": _("Send the results to %(to)s") % {"to": campaign.report_to},
            "campaign": campaign,
            "summary": services.summary(campaign),
        },
        lambda data: services.submit(campaign=campaign, by=request.user, **data),
        _("Results sent; the figures are kept as sent."),
        campaign,
    )


@require_safe
@permission_required("reviews.view_campaign", raise_exception=True)
def summary(request, pk):
    """Step 5's table: as sent (?sent=<kind>), or from today's data while the step is open."""
    campaign = _campaign(request, pk)
    sent = campaign.submissions.filter(kind=request.GET.get("sent", "")).select_related("signed_by").first()
    figures = sent.summary if sent else services.summary(campaign)
    today = timezone.localdate()
    title = _("Summary of the results of the %(review)s") % {"review": campaign.review}
    subtitle = (
        _("As sent on %(day)s, %(number)s") % {"day": f"{sent.sent_on:%d/%m/%Y}", "number": sent.number}
        if sent
        else _("From the data on %(day)s") % {"day": f"{today:%d/%m/%Y}"}
    )
    document_issuer = issuer(sent.sent_on if sent else today, commune=campaign.commune)
    context = {
        "campaign": campaign,
        "sent": sent,
        "submissions": campaign.submissions.all(),
        "headers": exports.headers(),
        "rows": exports.rows(figures),
        "title": title,
        "subtitle": subtitle,
        "issuer": document_issuer,
    }
    if request.GET.get("format") == "xlsx":
        return exports.summary_xlsx(campaign, figures, document_issuer, title, subtitle, request.user)
    if request.GET.get("format") == "pdf":
        return exports.summary_pdf(request, context)
    return render(request, "reviews/summary.html", context)


@permission_required(SIGN_OFF, raise_exception=True)
def recognition_create(request, pk):
    campaign = _campaign(request, pk)
    unqualified = []
    if not campaign.is_periodic:
        unqualified = [
            e for e in _entries(campaign) if e.proposed_status == Status.NONE and e.status_at_start == Status.NONE
        ]
    today = timezone.localdate()
    signer = issuer(today, commune=campaign.commune)
    form = forms.RecognitionForm(
        request.POST or None,
        unqualified=unqualified,
        initial={"signed_on": today, "effective_on": today, "signer": signer.signer_name},
    )
    return _act(
        request,
        form,
        "reviews/form.html",
        {"title": _("Recognition decision"), "campaign": campaign, "summary": services.summary(campaign)},
        lambda data: services.recognise(
            campaign=campaign,
            replies=form.replies(),
            by=request.user,
            **{k: v for k, v in data.items() if not k.startswith("reply_")},
        ),
        _("Decision recorded: every household's status now follows it."),
        campaign,
    )


@permission_required(WORK, raise_exception=True)
def appeal_create(request, pk):
    campaign = _campaign(request, pk)
    recognition = _recognition(campaign)
    form = forms.AppealForm(
        request.POST or None,
        outcomes=recognition.outcomes.select_related("entry__household"),
        initial={"lodged_on": timezone.localdate()},
    )
    return _act(
        request,
        form,
        "reviews/form.html",
        {"title": _("Record an appeal against the decision"), "campaign": campaign},
        lambda data: services.record_appeal(by=request.user, **data),
        _("Appeal recorded: leadership decides its outcome."),
        campaign,
    )


@permission_required(SIGN_OFF, raise_exception=True)
def appeal_decide(request, pk, appeal_pk):
    campaign = _campaign(request, pk)
    appeal = get_object_or_404(
        Appeal.objects.select_related("outcome__entry__household"),
        pk=appeal_pk,
        outcome__recognition__campaign=campaign,
    )
    form = forms.AppealOutcomeForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    return _act(
        request,
        form,
        "reviews/form.html",
        {"title": _("Outcome of the appeal"), "campaign": campaign, "appeal": appeal},
        lambda data: services.decide_appeal(appeal=appeal, by=request.user, **data),
        _("Outcome recorded."),
        campaign,
    )


def _recognition(campaign):
    if not hasattr(campaign, "recognition"):
        raise Http404
    return campaign.recognition


@require_safe
@permission_required("reviews.view_outcome", raise_exception=True)
def recognised_list(request, pk, name):
    campaign = _campaign(request, pk)
    recognition = _recognition(campaign)
    if name not in LIST_TITLES:
        raise Http404
    outcomes = (
        Outcome.objects.filter(recognition=recognition)
        .on_list(name)
        .select_related("entry__household", "entry__residential_group")
    )
    return render(
        request,
        "reviews/recognised_list.html",
        {
            "campaign": campaign,
            "recognition": recognition,
            "title": LIST_TITLES[name],
            "outcomes": outcomes,
            "issuer": issuer(recognition.signed_on, commune=campaign.commune),
        },
    )


@require_safe
@permission_required("reviews.view_outcome", raise_exception=True)
def certificates(request, pk):
    """Giấy chứng nhận hộ nghèo, hộ cận nghèo (Quyết định 24/2021, Phụ lục): one page per household."""
    campaign = _campaign(request, pk)
    recognition = _recognition(campaign)
    outcomes = (
        Outcome.objects.filter(recognition=recognition, certificate_number__isnull=False)
        .select_related("entry__household")
        .prefetch_related(
            Prefetch(
                "entry__household__members",
                queryset=Member.objects.present_on(recognition.effective_on).head_first(),
            )
        )
        .order_by("certificate_number")
    )
    household = request.GET.get("household")
    if household:
        outcomes = outcomes.filter(entry__household__code=household)
    return render(
        request,
        "reviews/certificates.html",
        {
            "campaign": campaign,
            "recognition": recognition,
            "outcomes": outcomes,
            "issuer": issuer(recognition.signed_on, commune=campaign.commune),
        },
    )


@require_safe
@permission_required("reviews.view_outcome", raise_exception=True)
def replies(request, pk):
    """The written replies with reasons to the households that do not qualify (Quyết định 24/2021 Art. 5)."""
    campaign = _campaign(request, pk)
    recognition = _recognition(campaign)
    outcomes = (
        Outcome.objects.filter(recognition=recognition)
        .exclude(reply="")
        .select_related("entry__household__residential_group", "entry__request")
        .order_by("entry__household__code")
    )
    return render(
        request,
        "reviews/replies.html",
        {
            "campaign": campaign,
            "recognition": recognition,
            "outcomes": outcomes,
            "issuer": issuer(recognition.signed_on, commune=campaign.commune),
        },
    )
