"""Every write of the review process: atomic, attributable, and refused when taken out of order.

A step's actions are open until the step is closed, and a step can be closed only when
the one before it is and its own work is complete; the refusal names what is missing.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from giamngheo import access
from giamngheo.models import ResidentialGroup
from households import services as household_services
from households.choices import KINH, Relation
from households.models import Assessment, Household, Member, Review
from households.status import Status
from monitoring.workdays import Calendar
from reviews.models import (
    Appeal,
    Campaign,
    Complaint,
    Entry,
    Meeting,
    Outcome,
    Posting,
    Recognition,
    Request,
    Reviewer,
    Stage,
    Step,
    StepClosure,
    Submission,
    Vote,
)


def _locked(campaign: Campaign) -> Campaign:
    """Lock the campaign so two officers closing steps or adding to its list queue."""
    return Campaign.objects.select_for_update().select_related("review").get(pk=campaign.pk)


def closed_steps(campaign: Campaign) -> set[int]:
    return set(campaign.closures.values_list("step", flat=True))


def _require_open(campaign: Campaign, step: int, needs: int | None = None) -> None:
    """Refuse work on `step` once it is closed, or before the step it builds on (`needs`, the one before by
    default; 0 for none) is."""
    closed = closed_steps(campaign)
    needs = step - 1 if needs is None else needs
    if step in closed:
        raise ValidationError(
            _("Step %(step)d (%(name)s) is closed.") % {"step": step, "name": Step(step).label}, code="step_closed"
        )
    if needs and needs not in closed:
        raise ValidationError(
            _("Close step %(step)d (%(name)s) first.") % {"step": needs, "name": Step(needs).label},
            code="step_out_of_order",
        )


@transaction.atomic
def open_campaign(*, review: Review, by, commune=None) -> Campaign:
    """Open the review in a commune: the user's own unless named."""
    commune = commune or access.commune_of(by)
    if commune is None:
        raise ValidationError(_("Choose the commune the review is worked in."), code="commune_missing")
    if Campaign.objects.filter(review=review, commune=commune).exists():
        raise ValidationError(_("This review is already being worked."), code="campaign_exists")
    return Campaign.objects.create(
        review=review, commune=commune, report_to=settings.GIAMNGHEO_REVIEW_REPORT_TO, opened_by=by
    )


def _entry(campaign, household, *, reason, by, request=None, note="", status=None) -> Entry:
    if status is None:
        status = Household.status_on(household, campaign.review.starts_on)
    return Entry.objects.create(
        campaign=campaign,
        household=household,
        reason=reason,
        request=request,
        note=note,
        residential_group=household.residential_group,
        status_at_start=status,
        added_by=by,
    )


@transaction.atomic
def build_list(*, campaign: Campaign, by) -> int:
    """Step 1: add the households on the poor and near-poor lists at the start, and those who asked.

    Art. 4.1: "hộ nghèo, hộ cận nghèo do UBND cấp xã đang quản lý" and the households that
    filed Mẫu số 01 (or Mẫu số 04 to leave a list); a regular review takes only those who
    asked (Art. 5). Households already on the list stay as they are, so building again
    after a late request only adds it. Returns how many were added.
    """
    campaign = _locked(campaign)
    _require_open(campaign, Step.LIST)
    review = campaign.review
    listed = set(campaign.entries.values_list("household_id", flat=True))
    added = 0
    on_lists = (
        campaign.households()
        .in_ward_on(review.starts_on)
        .with_status_on(review.starts_on)
        .filter(status_on__in=[Status.POOR, Status.NEAR_POOR])
        .select_related("residential_group")
    )
    # A regular review (Art. 5) reviews only the households that asked.
    for household in on_lists if campaign.is_periodic else ():
        if household.pk not in listed:
            _entry(campaign, household, reason=Entry.Reason.ON_LIST, status=household.status_on, by=by)
            listed.add(household.pk)
            added += 1
    for request in requests_for(campaign).select_related("household__residential_group"):
        if request.household_id not in listed:
            _entry(campaign, request.household, reason=Entry.Reason.REQUEST, request=request, by=by)
            listed.add(request.household_id)
            added += 1
        else:
            # A listed household that also asked (a poor household's Mẫu số 04): this review takes
            # its request, which would otherwise wait for the next one.
            campaign.entries.filter(household_id=request.household_id, request__isnull=True).update(request=request)
    return added


def requests_for(campaign: Campaign):
    """The requests a campaign takes: received by its end and not taken by an earlier campaign."""
    return Request.objects.filter(
        received_on__lte=campaign.review.ends_on, entries__isnull=True, household__in=campaign.households()
    )


@transaction.atomic
def record_request(
    *, household: Household, form: str, received_on: date, channel: str, applicant: str, note: str = "", by
) -> Request:
    request = Request(
        household=household,
        form=form,
        received_on=received_on,
        channel=channel,
        applicant=applicant.strip(),
        note=note,
        recorded_by=by,
    )
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def add_entry(*, campaign: Campaign, household: Household, note: str, by) -> Entry:
    """Step 1: the officer adds a household the list does not hold, saying why."""
    campaign = _locked(campaign)
    _require_open(campaign, Step.LIST)
    if not note.strip():
        raise ValidationError({"note": ValidationError(_("Write why the household is added."), code="reason_required")})
    if campaign.entries.filter(household=household).exists():
        raise ValidationError(
            {"household": ValidationError(_("This household is already on the list."), code="already_listed")}
        )
    return _entry(campaign, household, reason=Entry.Reason.ADDED, note=note.strip(), by=by)


@transaction.atomic
def assign_reviewers(*, campaign: Campaign, names: dict[ResidentialGroup, str], by) -> int:
    """Steps 1–2: the reviewer of each group; a changed name is a new assignment, the earlier one stays on record.

    A blank name leaves the group as it is. Returns how many assignments were made.
    """
    campaign = _locked(campaign)
    _require_open(campaign, Step.SURVEY, needs=0)
    current = current_reviewers(campaign)
    made = 0
    for group, name in names.items():
        name = name.strip()
        if name and (group.pk not in current or current[group.pk].name != name):
            Reviewer.objects.create(campaign=campaign, residential_group=group, name=name, assigned_by=by)
            made += 1
    return made


def current_reviewers(campaign: Campaign) -> dict[int, Reviewer]:
    """The reviewer of each group: the latest assigned."""
    reviewers = {}
    for reviewer in campaign.reviewers.order_by("assigned_at", "pk"):
        reviewers[reviewer.residential_group_id] = reviewer
    return reviewers


@transaction.atomic
def mark_surveyed(*, entry: Entry, day: date, by) -> Entry:
    """Step 2: the reviewer has collected the household's survey form."""
    campaign = _locked(entry.campaign)
    _require_open(campaign, Step.SURVEY)
    review = campaign.review
    household_services.check_review_date(
        review.starts_on,
        review.ends_on,
        day,
        field="day",
        message=_("The survey date must fall within the review, %(start)s to %(end)s."),
    )
    Entry.objects.filter(pk=entry.pk).update(surveyed_on=day)
    entry.surveyed_on = day
    return entry


@transaction.atomic
def record_meeting(
    *,
    campaign: Campaign,
    residential_group: ResidentialGroup,
    held_on: date,
    place: str,
    chair: str,
    secretary: str,
    attendees: int,
    attendee_list: str,
    front_representative: str,
    votes: dict[int, int],
    by,
) -> Meeting:
    """Step 3: a group's meeting and, for each household awaiting it, how many attendees agreed.

    Every scored household of the group that awaits a meeting must be voted on, and none
    other: a household still to be surveyed, or sent back to the survey, waits for the next.
    """
    campaign = _locked(campaign)
    # A group meets once its households are scored, while other groups are still surveyed:
    # meetings need the list closed (step 1), not the whole survey (step 2).
    _require_open(campaign, Step.MEETING, needs=Step.LIST)
    review = campaign.review
    household_services.check_review_date(
        review.starts_on,
        review.ends_on,
        held_on,
        field="held_on",
        message=_("The meeting must fall within the review, %(start)s to %(end)s."),
    )
    if attendees < 1:
        raise ValidationError(
            {"attendees": ValidationError(_("A meeting has at least one attendee."), code="no_attendees")}
        )
    awaiting = {
        entry.pk: entry
        for entry in campaign.entries.filter(residential_group=residential_group).with_progress()
        if entry.stage == Stage.SCORED
    }
    if not awaiting:
        raise ValidationError(_("No household of this group is scored and awaiting a meeting."), code="nothing_to_vote")
    missing = set(awaiting) - set(votes)
    extra = set(votes) - set(awaiting)
    if missing or extra:
        raise ValidationError(
            {
                "votes": ValidationError(
                    _("Record a vote for each household awaiting the meeting, and only those."), code="votes_incomplete"
                )
            }
        )
    too_many = [awaiting[pk].household.code for pk, agreeing in votes.items() if agreeing > attendees]
    if too_many:
        raise ValidationError(
            {
                "votes": ValidationError(
                    _("More agreeing than attendees for %(codes)s.") % {"codes": ", ".join(sorted(too_many))},
                    code="votes_over_attendees",
                )
            }
        )
    meeting = Meeting(
        campaign=campaign,
        residential_group=residential_group,
        held_on=held_on,
        place=place.strip(),
        chair=chair.strip(),
        secretary=secretary.strip(),
        attendees=attendees,
        attendee_list=attendee_list.strip(),
        front_representative=front_representative.strip(),
        recorded_by=by,
    )
    meeting.full_clean()
    meeting.save()
    Vote.objects.bulk_create(
        Vote(meeting=meeting, entry_id=pk, agreeing=agreeing, proposed_status=awaiting[pk].proposed_status)
        for pk, agreeing in votes.items()
    )
    return meeting


@transaction.atomic
def rescore(*, entry: Entry, assessed_on: date, deprived, income, score_a, score_b, note: str = "", by):
    """Step 2 again for a household the meeting did not agree on: a new survey replaces the scores.

    The earlier scores stay in the assessment's history, and the household goes to the
    group's next meeting.
    """
    campaign = _locked(entry.campaign)
    entry = campaign.entries.with_progress().get(pk=entry.pk)
    if entry.stage != Stage.RESCORE:
        raise ValidationError(
            _("Only a household the meeting did not agree on is surveyed again."), code="not_sent_back"
        )
    return household_services.record_assessment(
        household=entry.household,
        review=campaign.review,
        assessed_on=assessed_on,
        deprived=deprived,
        income=income,
        score_a=score_a,
        score_b=score_b,
        note=note,
        replace=True,
        by=by,
    )


def posting_end(starts_on: date, calendar: Calendar | None = None) -> date:
    """The last day of a posting that starts on `starts_on` and lasts the configured working days."""
    calendar = calendar or Calendar()
    days = settings.GIAMNGHEO_REVIEW_POSTING_WORKING_DAYS
    first = starts_on if calendar.is_working_day(starts_on) else calendar.add_working_days(starts_on, 1)
    return calendar.add_working_days(first, days - 1)


@transaction.atomic
def record_posting(
    *,
    campaign: Campaign,
    residential_group: ResidentialGroup | None,
    place: str,
    starts_on: date,
    announced_on: date | None,
    by,
) -> Posting:
    """Step 4: the results posted at a group's cultural house or at the ward's office."""
    campaign = _locked(campaign)
    _require_open(campaign, Step.POSTING)
    posting = Posting(
        campaign=campaign,
        residential_group=residential_group,
        place=place.strip(),
        starts_on=starts_on,
        ends_on=posting_end(starts_on),
        announced_on=announced_on,
        recorded_by=by,
    )
    posting.full_clean()
    posting.save()
    return posting


@transaction.atomic
def record_complaint(*, entry: Entry, lodged_by: str, lodged_on: date, content: str, by) -> Complaint:
    """Step 4: a complaint about a household's result, lodged while the step is open."""
    campaign = _locked(entry.campaign)
    _require_open(campaign, Step.POSTING)
    complaint = Complaint(
        entry=entry, lodged_by=lodged_by.strip(), lodged_on=lodged_on, content=content.strip(), recorded_by=by
    )
    complaint.full_clean()
    complaint.save()
    return complaint


@transaction.atomic
def answer_complaint(
    *, complaint: Complaint, answered_on: date, outcome: str, new_status: str, answer: str, by
) -> Complaint:
    """Step 4: the re-check (phúc tra) confirms the result or changes the household's proposed status."""
    campaign = _locked(complaint.entry.campaign)
    _require_open(campaign, Step.POSTING)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.answered:
        raise ValidationError(_("This complaint is already answered."), code="already_answered")
    errors = {}
    if answered_on < complaint.lodged_on:
        errors["answered_on"] = ValidationError(
            _("The re-check cannot come before the complaint (%(day)s).") % {"day": f"{complaint.lodged_on:%d/%m/%Y}"},
            code="answer_before_complaint",
        )
    if not answer.strip():
        errors["answer"] = ValidationError(_("Write the answer given to the complainant."), code="required")
    if outcome == Complaint.Outcome.CHANGED and not new_status:
        errors["new_status"] = ValidationError(_("Choose the status the re-check found."), code="required")
    if errors:
        raise ValidationError(errors)
    complaint.answered_on = answered_on
    complaint.outcome = outcome
    complaint.new_status = new_status if outcome == Complaint.Outcome.CHANGED else ""
    complaint.answer = answer.strip()
    complaint.answered_by = by
    complaint.answered_at = timezone.now()
    complaint.full_clean()
    complaint.save()
    return complaint


def _code(group) -> tuple:
    """Groups in their natural order: TDP2 before TDP10."""
    return (len(group.code), group.code)


def _first_ten(names: list[str]) -> str:
    """A list named in one line: a commune of fifty groups would otherwise fill the page."""
    if len(names) <= 10:
        return ", ".join(names)
    return _("%(names)s and %(count)d more") % {"names": ", ".join(names[:10]), "count": len(names) - 10}


def missing_for_closing(campaign: Campaign, step: int, day: date, entries=None) -> list[str]:
    """What keeps `step` from closing on `day`, in words the officer can act on; empty when it can close.

    `entries`: the campaign's entries with_progress(), when the caller has read them already.
    """
    if entries is None:
        entries = list(campaign.entries.with_progress().select_related("household", "residential_group"))
    problems = []
    if step == Step.LIST:
        if not entries:
            problems.append(_("The list holds no household: build it first."))
        reviewers = current_reviewers(campaign)
        groups = sorted({e.residential_group for e in entries if e.residential_group_id not in reviewers}, key=_code)
        if groups:
            problems.append(
                ngettext(
                    "%(count)d residential group has no reviewer assigned: %(groups)s.",
                    "%(count)d residential groups have no reviewer assigned: %(groups)s.",
                    len(groups),
                )
                % {"count": len(groups), "groups": _first_ten([str(group) for group in groups])}
            )
    elif step == Step.SURVEY:
        unscored = [e.household.code for e in entries if e.stage in (Stage.TO_SURVEY, Stage.SURVEYED, Stage.RESCORE)]
        if unscored:
            problems.append(
                _("%(count)d households have no score yet: %(codes)s.")
                % {"count": len(unscored), "codes": _first_ten(unscored)}
            )
    elif step == Step.MEETING:
        pending = [e.household.code for e in entries if e.stage != Stage.AGREED]
        if pending:
            problems.append(
                _("%(count)d households are not agreed by a meeting: %(codes)s.")
                % {"count": len(pending), "codes": _first_ten(pending)}
            )
    elif step == Step.POSTING:
        postings = list(campaign.postings.all())
        if not any(p.residential_group_id is None for p in postings):
            problems.append(_("The results are not posted at the ward's office."))
        posted = {p.residential_group_id for p in postings}
        groups = sorted({e.residential_group for e in entries if e.residential_group_id not in posted}, key=_code)
        if groups:
            problems.append(
                ngettext(
                    "%(count)d residential group has not posted the results: %(groups)s.",
                    "%(count)d residential groups have not posted the results: %(groups)s.",
                    len(groups),
                )
                % {"count": len(groups), "groups": _first_ten([str(group) for group in groups])}
            )
        running = [p for p in postings if p.ends_on >= day]
        if running:
            problems.append(
                _("The posting runs until %(day)s.") % {"day": f"{max(p.ends_on for p in running):%d/%m/%Y}"}
            )
        open_complaints = sum(e.open_complaints for e in entries)
        if open_complaints:
            problems.append(_("%(count)d complaints are not answered.") % {"count": open_complaints})
    elif step == Step.REPORT:
        kind = Submission.Kind.OFFICIAL if campaign.is_periodic else Submission.Kind.REGULAR
        if not campaign.submissions.filter(kind=kind).exists():
            problems.append(_("The %(kind)s are not yet sent to the level above.") % {"kind": kind.label.lower()})
    return problems


@transaction.atomic
def close_step(*, campaign: Campaign, step: int, closed_on: date, note: str = "", by) -> StepClosure:
    """Declare a step done; refused with what is missing when it is not."""
    campaign = _locked(campaign)
    if step == Step.RECOGNITION:
        raise ValidationError(_("Step 6 closes with the recognition decision."), code="closes_by_decision")
    _require_open(campaign, step)
    problems = missing_for_closing(campaign, step, closed_on)
    if problems:
        raise ValidationError([ValidationError(p, code="step_incomplete") for p in problems])
    return StepClosure.objects.create(campaign=campaign, step=step, closed_on=closed_on, note=note, closed_by=by)


SUMMARY_KEYS = [
    "households",
    "poor_start",
    "near_poor_start",
    "escaped_poor",
    "escaped_near_poor",
    "new_poor",
    "new_near_poor",
    "poor_end",
    "near_poor_end",
]


def _count(counts: dict, before: str, after: str) -> None:
    counts["households"] += 1
    counts["poor_start"] += before == Status.POOR
    counts["near_poor_start"] += before == Status.NEAR_POOR
    counts["poor_end"] += after == Status.POOR
    counts["near_poor_end"] += after == Status.NEAR_POOR
    counts["escaped_poor"] += before == Status.POOR and after != Status.POOR
    counts["escaped_near_poor"] += before == Status.NEAR_POOR and after == Status.NONE
    # Newly poor counts relapses too: a household that was near-poor or on no list.
    counts["new_poor"] += before != Status.POOR and after == Status.POOR
    counts["new_near_poor"] += before == Status.NONE and after == Status.NEAR_POOR


def summary(campaign: Campaign) -> dict:
    """Step 5's table: households at the start, escaped, newly poor, at the end, for the ward and by
    residential group, ethnic-minority head and urban/rural area (the columns of the summary tables
    of TT 07/2021, a design hint: their numbering is unconfirmed)."""
    return summaries([campaign])[campaign.pk]


def summaries(campaigns) -> dict[int, dict]:
    """`summary` of each campaign, in two queries however many (the province's live campaigns)."""
    entries = list(
        Entry.objects.filter(campaign__in=campaigns).with_progress().select_related("household", "residential_group")
    )
    heads = dict(
        Member.objects.filter(household__in={e.household_id for e in entries}, relation=Relation.HEAD).values_list(
            "household_id", "ethnicity"
        )
    )
    tables = {campaign.pk: _Table() for campaign in campaigns}
    for entry in entries:
        tables[entry.campaign_id].add(entry, minority=heads.get(entry.household_id, KINH) != KINH)
    return {pk: table.summary() for pk, table in tables.items()}


class _Table:
    def __init__(self):
        self.total = dict.fromkeys(SUMMARY_KEYS, 0)
        self.groups, self.minority, self.areas = {}, dict.fromkeys(SUMMARY_KEYS, 0), {}

    def add(self, entry: Entry, *, minority: bool):
        before, after = entry.status_at_start, entry.proposed_status
        _count(self.total, before, after)
        group = self.groups.setdefault(
            entry.residential_group.code, {"name": entry.residential_group.name, **dict.fromkeys(SUMMARY_KEYS, 0)}
        )
        _count(group, before, after)
        if minority:
            _count(self.minority, before, after)
        _count(self.areas.setdefault(entry.household.area_type, dict.fromkeys(SUMMARY_KEYS, 0)), before, after)

    def summary(self) -> dict:
        return {
            **self.total,
            "by_group": [
                {"code": code, **self.groups[code]} for code in sorted(self.groups, key=lambda c: (len(c), c))
            ],
            "ethnic_minority": self.minority,
            "by_area": {area: self.areas[area] for area in sorted(self.areas)},
        }


@transaction.atomic
def submit(*, campaign: Campaign, kind: str, number: str, sent_on: date, by) -> Submission:
    """Step 5: the results sent to the level above, signed off by leadership, with the figures as sent."""
    campaign = _locked(campaign)
    _require_open(campaign, Step.REPORT)
    allowed = (
        [Submission.Kind.PRELIMINARY, Submission.Kind.OFFICIAL] if campaign.is_periodic else [Submission.Kind.REGULAR]
    )
    if kind not in allowed:
        raise ValidationError(
            {"kind": ValidationError(_("This review does not send that report."), code="kind_invalid")}
        )
    if campaign.submissions.filter(kind=kind).exists():
        raise ValidationError({"kind": ValidationError(_("This report was already sent."), code="already_sent")})
    submission = Submission(
        campaign=campaign,
        kind=kind,
        number=number.strip(),
        sent_on=sent_on,
        recipient=campaign.report_to,
        summary=summary(campaign),
        signed_by=by,
    )
    submission.full_clean()
    submission.save()
    return submission


@transaction.atomic
def recognise(
    *,
    campaign: Campaign,
    number: str,
    signed_on: date,
    effective_on: date,
    signer: str,
    replies: dict[int, str] | None = None,
    by,
) -> Recognition:
    """Step 6: one decision of the chairman recognising every list at once, and a status decision for each household.

    Everything or nothing: a household whose decision is refused leaves no decision, no
    certificate and no closed step behind. Households on the poor and near-poor lists get a
    certificate number, in the order of the list. In a regular review, each household that
    does not qualify needs its written reply (Quyết định 24/2021 Art. 5).
    """
    campaign = _locked(campaign)
    _require_open(campaign, Step.RECOGNITION)
    if hasattr(campaign, "recognition"):
        raise ValidationError(_("This review is already recognised."), code="already_recognised")
    if effective_on < signed_on:
        raise ValidationError(
            {
                "effective_on": ValidationError(
                    _("A decision takes effect on or after its date."), code="effective_before_signing"
                )
            }
        )
    replies = {pk: text.strip() for pk, text in (replies or {}).items()}
    entries = list(
        campaign.entries.with_progress()
        .select_related("household")
        .order_by("residential_group__code", "household__code")
    )
    if not campaign.is_periodic:
        unanswered = [
            e.household.code
            for e in entries
            if e.proposed_status == Status.NONE and e.status_at_start == Status.NONE and not replies.get(e.pk)
        ]
        if unanswered:
            raise ValidationError(
                {
                    "replies": ValidationError(
                        _("Write the reply with reasons to each household that does not qualify: %(codes)s.")
                        % {"codes": ", ".join(unanswered)},
                        code="reply_missing",
                    )
                }
            )
    recognition = Recognition(
        campaign=campaign,
        number=number.strip(),
        signed_on=signed_on,
        effective_on=effective_on,
        signer=signer.strip(),
        signed_by=by,
    )
    recognition.full_clean(exclude=["campaign"])
    recognition.save()
    assessments = Assessment.objects.in_bulk([e.assessment_id for e in entries])
    certificate = 0
    for entry in entries:
        status, before = entry.proposed_status, entry.status_at_start
        decision = None
        if status in (Status.POOR, Status.NEAR_POOR) or status != before:
            decision = household_services.record_decision(
                household=entry.household,
                status=status,
                effective_on=effective_on,
                number=recognition.number,
                signed_on=signed_on,
                signer=recognition.signer,
                assessment=assessments[entry.assessment_id],
                note=str(campaign.review),
                by=by,
            )
        if status in (Status.POOR, Status.NEAR_POOR):
            certificate += 1
        Outcome.objects.create(
            recognition=recognition,
            entry=entry,
            previous_status=before,
            status=status,
            decision=decision,
            certificate_number=certificate if status in (Status.POOR, Status.NEAR_POOR) else None,
            reply=replies.get(entry.pk, ""),
        )
    StepClosure.objects.create(campaign=campaign, step=Step.RECOGNITION, closed_on=signed_on, closed_by=by)
    return recognition


@transaction.atomic
def record_appeal(*, outcome: Outcome, lodged_by: str, lodged_on: date, content: str, by) -> Appeal:
    """A household's complaint against the recognition decision, tied to the household's place in it."""
    recognition = outcome.recognition
    errors = {}
    if lodged_on < recognition.signed_on:
        errors["lodged_on"] = ValidationError(
            _("An appeal comes after the decision it contests (%(day)s).")
            % {"day": f"{recognition.signed_on:%d/%m/%Y}"},
            code="appeal_before_decision",
        )
    if not content.strip():
        errors["content"] = ValidationError(_("Write what the household contests."), code="required")
    if errors:
        raise ValidationError(errors)
    appeal = Appeal(
        outcome=outcome, lodged_by=lodged_by.strip(), lodged_on=lodged_on, content=content.strip(), recorded_by=by
    )
    appeal.full_clean()
    appeal.save()
    return appeal


@transaction.atomic
def decide_appeal(
    *,
    appeal: Appeal,
    decided_on: date,
    result: str,
    answer: str,
    new_status: str = "",
    number: str = "",
    signer: str = "",
    by,
) -> Appeal:
    """The appeal's outcome: the decision upheld, or a new status decision for the household, in one act."""
    appeal = (
        Appeal.objects.select_for_update()
        .select_related("outcome__entry__household", "outcome__recognition")
        .get(pk=appeal.pk)
    )
    if appeal.result:
        raise ValidationError(_("This appeal is already decided."), code="already_decided")
    errors = {}
    if decided_on < appeal.lodged_on:
        errors["decided_on"] = ValidationError(
            _("The outcome cannot come before the appeal (%(day)s).") % {"day": f"{appeal.lodged_on:%d/%m/%Y}"},
            code="outcome_before_appeal",
        )
    if not answer.strip():
        errors["answer"] = ValidationError(_("Write the answer given to the household."), code="required")
    if result == Appeal.Result.CHANGED:
        if not new_status:
            errors["new_status"] = ValidationError(_("Choose the status the new decision gives."), code="required")
        if not number.strip():
            errors["number"] = ValidationError(_("Enter the new decision's number."), code="required")
    if errors:
        raise ValidationError(errors)
    if result == Appeal.Result.CHANGED:
        appeal.decision = household_services.record_decision(
            household=appeal.outcome.entry.household,
            status=new_status,
            effective_on=decided_on,
            number=number.strip(),
            signed_on=decided_on,
            signer=signer.strip() or appeal.outcome.recognition.signer,
            note=_("On appeal against decision %(number)s") % {"number": appeal.outcome.recognition.number},
            by=by,
        )
    appeal.decided_on = decided_on
    appeal.result = result
    appeal.answer = answer.strip()
    appeal.decided_by = by
    appeal.decided_at = timezone.now()
    appeal.full_clean()
    appeal.save()
    return appeal
