"""The review process of Quyết định 24/2021/QĐ-TTg, step by step, with who did what and when.

households.Review is the round (its dates, the list year, the standard) and holds the
assessments and the decisions. A Campaign is that round as it is worked: the list of
households to review (Art. 4.1), the survey's progress (4.2), the residential groups'
meetings and their votes (4.3), the posting and its complaints (4.4), the report to the
level above (4.5) and the chairman's recognition (4.6). Every row here is written once by
reviews.services and never edited afterwards, except a complaint's answer, which is
recorded once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from giamngheo import access
from giamngheo.models import AdministrativeUnit, CommuneQuerySet, ResidentialGroup, sole_commune_id
from giamngheo.money import rate
from households.models import Assessment, Household, Review
from households.status import Status


class Step(models.IntegerChoices):
    LIST = 1, _("List of households to review")
    SURVEY = 2, _("Survey and scoring")
    MEETING = 3, _("Community meetings")
    POSTING = 4, _("Public posting and complaints")
    REPORT = 5, _("Report to the level above")
    RECOGNITION = 6, _("Recognition")


class CampaignQuerySet(CommuneQuerySet):
    unit_path = "commune"

    def open(self):
        return self.exclude(closures__step=Step.RECOGNITION)

    def for_user(self, user):
        """The campaigns of the user's commune."""
        return access.scope(self, user)


class Campaign(models.Model):
    # Every commune works its own campaign of the same review (the periodic review of 2026).
    review = models.ForeignKey(Review, models.PROTECT, related_name="campaigns", verbose_name=_("review"))
    commune = models.ForeignKey(
        AdministrativeUnit,
        models.PROTECT,
        default=sole_commune_id,
        related_name="+",
        verbose_name=_("commune"),
        limit_choices_to={"level": "commune"},
    )
    report_to = models.CharField(
        _("reports to"),
        max_length=200,
        help_text=_("The level above that step 5 reports to (since 01/07/2025 the province)."),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("review campaign")
        verbose_name_plural = _("review campaigns")
        ordering = ["-review__starts_on"]
        constraints = [models.UniqueConstraint(fields=["commune", "review"], name="campaign_once_per_commune")]
        permissions = [
            ("work_review", _("Can work steps 1 to 4 of a review")),
            ("sign_off_review", _("Can sign off steps 5 and 6 of a review")),
        ]

    def __str__(self):
        return str(self.review)

    def get_absolute_url(self):
        return reverse("reviews:campaign", args=[self.pk])

    @property
    def is_periodic(self) -> bool:
        return self.review.kind == Review.Kind.PERIODIC

    def residential_groups(self):
        """The groups of the campaign's commune, and of the units merged into it."""
        return ResidentialGroup.objects.in_commune(self.commune)

    def households(self):
        """The households of the campaign's commune: the only ones its lists and requests take."""
        return Household.objects.in_commune(self.commune)


class StepClosure(models.Model):
    """A step declared done, by whom and when: the next step starts from it."""

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="closures", verbose_name=_("campaign"))
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices)
    closed_on = models.DateField(_("closed on"))
    note = models.TextField(_("note"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("closed by")
    )
    closed_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("closed step")
        verbose_name_plural = _("closed steps")
        ordering = ["step"]
        constraints = [models.UniqueConstraint(fields=["campaign", "step"], name="stepclosure_once")]

    def __str__(self):
        return f"{self.campaign} – {self.get_step_display()}"


class Request(models.Model):
    """A household's written request (Quyết định 24/2021, Phụ lục: Mẫu số 01 or Mẫu số 04)."""

    class Form(models.TextChoices):
        REVIEW = "01", _("Form 01: request to be reviewed")
        ESCAPE = "04", _("Form 04: request to be recognised as escaped")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        POST = "post", _("By post")
        ONLINE = "online", _("Online public-service portal")

    household = models.ForeignKey(
        Household, models.PROTECT, related_name="review_requests", verbose_name=_("household")
    )
    form = models.CharField(_("form"), max_length=2, choices=Form.choices)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    applicant = models.CharField(_("applicant"), max_length=150)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        ordering = ["received_on", "pk"]

    def __str__(self):
        return f"{self.household.code} – {self.get_form_display()} ({self.received_on:%d/%m/%Y})"


def agreed(agreeing: int, attendees: int) -> bool:
    """At least half the attendees agree (Quyết định 24/2021 Art. 4.3); under half, the household is surveyed again."""
    return agreeing * 100 >= attendees * settings.GIAMNGHEO_REVIEW_MEETING_AGREEMENT


class Stage(models.TextChoices):
    """Where a household on the list stands, from the survey to the meeting's agreement."""

    TO_SURVEY = "to_survey", _("To survey")
    SURVEYED = "surveyed", _("Surveyed")
    SCORED = "scored", _("Scored, awaiting the meeting")
    RESCORE = "rescore", _("Not agreed: survey again")
    AGREED = "agreed", _("Agreed by the meeting")


class EntryQuerySet(models.QuerySet):
    def with_progress(self):
        """Each entry with its assessment, latest vote and latest re-check: what `stage` and `proposed_status` read."""
        assessments = Assessment.objects.filter(household=OuterRef("household"), review=OuterRef("campaign__review"))
        changes = Assessment.history.model.objects.filter(id=OuterRef("assessment_id")).order_by("-history_date")
        votes = Vote.objects.filter(entry=OuterRef("pk")).order_by("-meeting__held_on", "-meeting__recorded_at", "-pk")
        rechecks = Complaint.objects.filter(entry=OuterRef("pk"), outcome=Complaint.Outcome.CHANGED).order_by(
            "-answered_at", "-pk"
        )
        return self.annotate(
            assessment_id=Subquery(assessments.values("pk")[:1]),
            assessment_result=Subquery(assessments.values("result")[:1]),
            assessed_at=Subquery(changes.values("history_date")[:1]),
            vote_agreeing=Subquery(votes.values("agreeing")[:1]),
            vote_attendees=Subquery(votes.values("meeting__attendees")[:1]),
            voted_at=Subquery(votes.values("meeting__recorded_at")[:1]),
            rechecked_status=Subquery(rechecks.values("new_status")[:1]),
            open_complaints=Count("complaints", filter=Q(complaints__outcome="")),
        )


class Entry(models.Model):
    """A household on a campaign's list, and why it is there."""

    class Reason(models.TextChoices):
        ON_LIST = "on_list", _("On the poor or near-poor list at the start")
        REQUEST = "request", _("Filed a request")
        ADDED = "added", _("Added by the officer")

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="entries", verbose_name=_("campaign"))
    household = models.ForeignKey(Household, models.PROTECT, related_name="review_entries", verbose_name=_("household"))
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    request = models.ForeignKey(
        Request, models.PROTECT, null=True, blank=True, related_name="entries", verbose_name=_("request")
    )
    note = models.TextField(_("why added"), blank=True)
    residential_group = models.ForeignKey(
        ResidentialGroup, models.PROTECT, related_name="+", verbose_name=_("residential group")
    )
    status_at_start = models.CharField(_("status at the start"), max_length=10, choices=Status.choices)
    surveyed_on = models.DateField(_("surveyed on"), null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("added by"))
    added_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("household to review")
        verbose_name_plural = _("households to review")
        ordering = ["residential_group__code", "household__code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "household"], name="entry_once_per_campaign"),
            models.CheckConstraint(condition=~Q(reason="added") | ~Q(note=""), name="entry_added_has_reason"),
        ]

    def __str__(self):
        return f"{self.household.code} – {self.campaign}"

    # The properties below read the annotations of EntryQuerySet.with_progress().
    @property
    def stage(self) -> str:
        if self.assessment_id is None:
            return Stage.SURVEYED if self.surveyed_on else Stage.TO_SURVEY
        if self.vote_agreeing is None:
            return Stage.SCORED
        if agreed(self.vote_agreeing, self.vote_attendees):
            return Stage.AGREED
        # Under half agreed: back to the survey, and to a new meeting once re-scored.
        return Stage.SCORED if self.assessed_at > self.voted_at else Stage.RESCORE

    def get_stage_display(self) -> str:
        return Stage(self.stage).label

    @property
    def proposed_status(self) -> str:
        """The list the household goes on: its score's, or the re-check's where a complaint changed it."""
        if self.rechecked_status:
            return self.rechecked_status
        return Assessment.status_for(self.assessment_result) if self.assessment_result else ""


class Reviewer(models.Model):
    """The rà soát viên assigned to a residential group in a campaign."""

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="reviewers", verbose_name=_("campaign"))
    residential_group = models.ForeignKey(
        ResidentialGroup, models.PROTECT, related_name="+", verbose_name=_("residential group")
    )
    name = models.CharField(_("reviewer"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("assigned by")
    )
    assigned_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        ordering = ["residential_group__code", "-assigned_at"]

    def __str__(self):
        return self.name


class Meeting(models.Model):
    """A residential group's community meeting (họp dân) on the scores (Quyết định 24/2021 Art. 4.3)."""

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="meetings", verbose_name=_("campaign"))
    residential_group = models.ForeignKey(
        ResidentialGroup, models.PROTECT, related_name="+", verbose_name=_("residential group")
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200)
    chair = models.CharField(_("chair (head of the residential group)"), max_length=150)
    secretary = models.CharField(_("secretary"), max_length=150)
    attendees = models.PositiveSmallIntegerField(_("attendees"))
    attendee_list = models.TextField(_("who attended"), help_text=_("One name or organisation a line."))
    front_representative = models.CharField(
        _("Fatherland Front representative"), max_length=150, blank=True, help_text=_("Invited to supervise.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("community meeting")
        verbose_name_plural = _("community meetings")
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"{self.residential_group} – {self.held_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("reviews:meeting", args=[self.campaign_id, self.pk])


class Vote(models.Model):
    """How many of a meeting's attendees agreed with a household's result."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="votes", verbose_name=_("meeting"))
    entry = models.ForeignKey(Entry, models.CASCADE, related_name="votes", verbose_name=_("household"))
    agreeing = models.PositiveSmallIntegerField(_("attendees agreeing"))
    proposed_status = models.CharField(_("proposed status"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["entry__household__code"]
        constraints = [models.UniqueConstraint(fields=["meeting", "entry"], name="vote_once_per_meeting")]

    def __str__(self):
        return f"{self.entry.household.code}: {self.agreeing}/{self.meeting.attendees}"

    @property
    def share(self):
        """Agreeing attendees as a percentage, to two places."""
        return rate(self.agreeing, self.meeting.attendees)

    @property
    def agreed(self) -> bool:
        return agreed(self.agreeing, self.meeting.attendees)


class Posting(models.Model):
    """The results posted for the public (niêm yết) at one place, from a day for a number of working days."""

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="postings", verbose_name=_("campaign"))
    residential_group = models.ForeignKey(
        ResidentialGroup,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("residential group"),
        help_text=_("Empty: the ward's office."),
    )
    place = models.CharField(_("place"), max_length=200)
    starts_on = models.DateField(_("posted from"))
    ends_on = models.DateField(_("posted until"))
    announced_on = models.DateField(_("announced on the radio on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["starts_on", "pk"]

    def __str__(self):
        return f"{self.place} {self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"


class Complaint(models.Model):
    """A complaint (khiếu nại) about a household's result, and the re-check (phúc tra) that answers it."""

    class Outcome(models.TextChoices):
        CONFIRMED = "confirmed", _("Result confirmed")
        CHANGED = "changed", _("Result changed")

    entry = models.ForeignKey(Entry, models.CASCADE, related_name="complaints", verbose_name=_("household"))
    lodged_by = models.CharField(_("lodged by"), max_length=150)
    lodged_on = models.DateField(_("lodged on"))
    content = models.TextField(_("complaint"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    answered_on = models.DateField(_("re-checked on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    new_status = models.CharField(_("status after the re-check"), max_length=10, choices=Status.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("answered by")
    )
    answered_at = models.DateTimeField(_("answer recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["lodged_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | (Q(answered_on__isnull=False) & ~Q(answer="")), name="complaint_answer_whole"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="changed") | ~Q(new_status=""), name="complaint_change_has_status"
            ),
        ]

    def __str__(self):
        return f"{self.entry.household.code} – {self.lodged_on:%d/%m/%Y}"

    @property
    def answered(self) -> bool:
        return bool(self.outcome)


class Submission(models.Model):
    """The results sent to the level above (Quyết định 24/2021 Art. 4.5 and Art. 7), signed off by leadership."""

    class Kind(models.TextChoices):
        PRELIMINARY = "preliminary", _("Preliminary results")
        OFFICIAL = "official", _("Official results")
        REGULAR = "regular", _("Regular review results")

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="submissions", verbose_name=_("campaign"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("document number"), max_length=50)
    sent_on = models.DateField(_("sent on"))
    recipient = models.CharField(_("sent to"), max_length=200)
    summary = models.JSONField(_("figures sent"), default=dict, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("signed by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("report to the level above")
        verbose_name_plural = _("reports to the level above")
        ordering = ["sent_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="submission_once_per_kind")]

    def __str__(self):
        return f"{self.number} – {self.get_kind_display()}"


class OutcomeQuerySet(models.QuerySet):
    LISTS = {
        "poor": Q(status=Status.POOR),
        "near_poor": Q(status=Status.NEAR_POOR),
        "escaped_poor": Q(previous_status=Status.POOR) & ~Q(status=Status.POOR),
        "escaped_near_poor": Q(previous_status=Status.NEAR_POOR, status=Status.NONE),
        "not_qualified": Q(previous_status=Status.NONE, status=Status.NONE),
    }

    def on_list(self, name: str):
        return self.filter(self.LISTS[name])


LIST_TITLES = {
    "poor": _("List of poor households"),
    "near_poor": _("List of near-poor households"),
    "escaped_poor": _("List of households that escaped poverty"),
    "escaped_near_poor": _("List of households that escaped near-poverty"),
    "not_qualified": _("Households that did not qualify"),
}


class Recognition(models.Model):
    """The ward chairman's one decision recognising the lists a campaign made (Art. 4.6)."""

    campaign = models.OneToOneField(Campaign, models.PROTECT, related_name="recognition", verbose_name=_("campaign"))
    number = models.CharField(_("decision number"), max_length=50)
    signed_on = models.DateField(_("decision date"))
    effective_on = models.DateField(_("effective from"))
    signer = models.CharField(_("signed by"), max_length=150)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_on__gte=models.F("signed_on")), name="recognition_effective_after_signing"
            )
        ]

    def __str__(self):
        return self.number


class Outcome(models.Model):
    """A household's place in the recognition: its status before and after, the decision and the certificate.

    The four lists the decision recognises follow from the pair: poor and near-poor by the
    new status; escaped poverty when a poor household leaves the poor list; escaped
    near-poverty when a near-poor household leaves both lists.
    """

    recognition = models.ForeignKey(Recognition, models.CASCADE, related_name="outcomes", verbose_name=_("decision"))
    entry = models.OneToOneField(Entry, models.PROTECT, related_name="outcome", verbose_name=_("household"))
    previous_status = models.CharField(_("status before"), max_length=10, choices=Status.choices)
    status = models.CharField(_("status recognised"), max_length=10, choices=Status.choices)
    decision = models.OneToOneField(
        "households.StatusDecision",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="review_outcome",
        verbose_name=_("status decision"),
    )
    certificate_number = models.PositiveIntegerField(_("certificate number"), null=True, blank=True)
    reply = models.TextField(
        _("written reply"), blank=True, help_text=_("The reasons given to a household that does not qualify.")
    )

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["entry__residential_group__code", "entry__household__code"]
        constraints = [
            models.UniqueConstraint(fields=["recognition", "certificate_number"], name="outcome_certificate_once")
        ]

    def __str__(self):
        return f"{self.entry.household.code} – {self.get_status_display()}"

    @property
    def certificate(self) -> str:
        """The certificate's number as printed: "12/GCN-HN.HCN" (Quyết định 24/2021, Phụ lục)."""
        return f"{self.certificate_number:02d}/GCN-HN.HCN" if self.certificate_number else ""


class Appeal(models.Model):
    """A complaint against the recognition decision, and its outcome: upheld, or a new decision for the household."""

    class Result(models.TextChoices):
        UPHELD = "upheld", _("Decision upheld")
        CHANGED = "changed", _("Status changed by a new decision")

    outcome = models.ForeignKey(Outcome, models.PROTECT, related_name="appeals", verbose_name=_("household"))
    lodged_by = models.CharField(_("lodged by"), max_length=150)
    lodged_on = models.DateField(_("lodged on"))
    content = models.TextField(_("appeal"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    decision = models.OneToOneField(
        "households.StatusDecision",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="appeal",
        verbose_name=_("new status decision"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["lodged_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(result="changed") | Q(decision__isnull=False), name="appeal_change_has_decision"
            )
        ]

    def __str__(self):
        return f"{self.outcome.entry.household.code} – {self.lodged_on:%d/%m/%Y}"
