"""The programme, the ward's yearly plan, its sub-projects, activities and supports."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giamngheo.models import AdministrativeUnit, Unit
from households.models import Household, Member
from projects.eligibility import RULE_SET_CHOICES


class Program(models.Model):
    """A national target programme and the words its structure uses."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    decision = models.CharField(_("approving decision"), max_length=150, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    # 2021–2025 is organised in "Dự án / Tiểu dự án"; the 2026–2035 merged programme
    # in "Hợp phần / Nội dung thành phần".
    component_word = models.CharField(_("word for a component"), max_length=50, default="Dự án")
    subcomponent_word = models.CharField(_("word for a sub-component"), max_length=50, default="Tiểu dự án")

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["starts_on"]

    def __str__(self):
        return self.name


class Plan(models.Model):
    """The ward's plan for a year (e.g. Kế hoạch 538/KH-UBND of 20/04/2023)."""

    program = models.ForeignKey(Program, models.PROTECT, related_name="plans", verbose_name=_("programme"))
    ward = models.ForeignKey(
        AdministrativeUnit,
        models.PROTECT,
        related_name="plans",
        verbose_name=_("ward"),
        limit_choices_to={"level": "commune"},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("number"), max_length=50)
    signed_on = models.DateField(_("date"))
    signer = models.CharField(_("signed by"), max_length=150)
    title = models.CharField(_("title"), max_length=300)
    general_objective = models.TextField(_("general objective"), blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["ward", "year", "number"], name="plan_number_unique_per_year")]

    def __str__(self):
        return f"{self.number} ({self.year})"

    @property
    def starts_on(self) -> date:
        return date(self.year, 1, 1)

    @property
    def ends_on(self) -> date:
        return date(self.year, 12, 31)


class PlanTarget(models.Model):
    """A measurable target of the plan: "the poverty rate falls by 0.17–0.2%"."""

    class Indicator(models.TextChoices):
        POVERTY_RATE_DROP = "poverty_rate_drop", _("Fall of the poverty rate (percentage points)")
        POOR_HOUSEHOLDS_DROP = "poor_households_drop", _("Fewer poor households")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="targets", verbose_name=_("plan"))
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    text = models.CharField(_("target as the plan words it"), max_length=300)
    low = models.DecimalField(_("at least"), max_digits=12, decimal_places=3, null=True, blank=True)
    high = models.DecimalField(_("at most"), max_digits=12, decimal_places=3, null=True, blank=True)

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")

    def __str__(self):
        return self.text


class SubProjectQuerySet(models.QuerySet):
    def for_user(self, user):
        """The sub-projects a user may see: all with the programme-wide permission, else their unit's."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("projects.view_all_subprojects"):
            return self
        if user.unit_id is None:
            return self.none()
        return self.filter(assignments__unit=user.unit_id).distinct()

    def editable_by(self, user):
        """The sub-projects whose activities and supports a user may record."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("projects.edit_all_subprojects"):
            return self
        if user.unit_id is None or not user.has_perm("projects.edit_own_subprojects"):
            return self.none()
        return self.filter(assignments__unit=user.unit_id, assignments__role=Assignment.Role.LEAD).distinct()


class SubProject(models.Model):
    """A project or sub-project of the programme as the ward's plan runs it in a year."""

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="subprojects", verbose_name=_("plan"))
    official_code = models.CharField(
        _("official code"), max_length=30, help_text=_("Code under Quyết định 90/QĐ-TTg, e.g. DA4-TDA3.")
    )
    official_name = models.CharField(_("official name"), max_length=300)
    local_code = models.CharField(_("ward's number"), max_length=20, help_text=_("As the ward's plan numbers it."))
    local_label = models.CharField(_("ward's name"), max_length=300)
    objective = models.TextField(_("objective"), blank=True)
    beneficiaries = models.TextField(_("beneficiary groups"), blank=True)
    support_contents = models.TextField(_("support contents"), blank=True)
    assignment_text = models.TextField(_("division of work, as the plan words it"), blank=True)
    rule_set = models.CharField(
        _("eligibility rule set"),
        max_length=20,
        choices=RULE_SET_CHOICES,
        help_text=_("Who this sub-project may support."),
    )
    units = models.ManyToManyField(Unit, through="Assignment", related_name="subprojects", verbose_name=_("units"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SubProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("sub-project")
        verbose_name_plural = _("sub-projects")
        ordering = ["plan", "order", "official_code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "official_code"], name="subproject_code_once_per_plan"),
        ]
        permissions = [
            ("view_all_subprojects", _("Can see every sub-project")),
            ("edit_all_subprojects", _("Can record activities and supports in every sub-project")),
            ("edit_own_subprojects", _("Can record activities and supports in the sub-projects the unit leads")),
            ("override_eligibility", _("Can record a support for an ineligible beneficiary, with a justification")),
        ]

    def __str__(self):
        return f"{self.local_code}. {self.local_label}"

    def get_absolute_url(self):
        return reverse("projects:subproject_detail", args=[self.pk])

    def lead_units(self):
        return [a.unit for a in self.assignments.all() if a.role == Assignment.Role.LEAD]


class Assignment(models.Model):
    """Who leads (chủ trì) and who coordinates (phối hợp) a sub-project."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        COORDINATE = "coordinate", _("Coordinating")

    subproject = models.ForeignKey(
        SubProject, models.CASCADE, related_name="assignments", verbose_name=_("sub-project")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="assignments", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["subproject", "role", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["subproject", "unit"], name="assignment_unit_once_per_subproject")
        ]

    def __str__(self):
        return f"{self.unit} – {self.get_role_display()}"


class Activity(models.Model):
    """Something a sub-project did: a course, a delivery, an intervention, a visit."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training course")
        DELIVERY = "delivery", _("Delivery of seeds, livestock or tools")
        NUTRITION_INTERVENTION = "nutrition_intervention", _("Nutrition intervention (children under 5, mothers)")
        SCHOOL_NUTRITION = "school_nutrition", _("School nutrition (children 5 to under 16)")
        VOCATIONAL_COURSE = "vocational_course", _("Vocational course")
        JOB_FAIR = "job_fair", _("Job fair or labour-market information")
        JOB_CONNECTION = "job_connection", _("Job connection")
        CAPACITY_WORKSHOP = "capacity_workshop", _("Capacity-building workshop")
        SUPERVISION = "supervision", _("Supervision visit")
        OTHER = "other", _("Other")

    subproject = models.ForeignKey(SubProject, models.PROTECT, related_name="activities", verbose_name=_("sub-project"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("responsible officer")
    )
    description = models.TextField(_("description"), blank=True)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    participants_female = models.PositiveIntegerField(_("of whom women"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(participants_female__lte=models.F("participants")),
                name="activity_women_within_participants",
            ),
        ]

    def __str__(self):
        return f"{self.held_on:%d/%m/%Y} – {self.title}"


class SupportQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(subproject__in=SubProject.objects.for_user(user))


class Support(models.Model):
    """A household or a person received something under a sub-project."""

    class Kind(models.TextChoices):
        CASH = "cash", _("Cash")
        IN_KIND = "in_kind", _("In kind")
        TRAINING = "training", _("Training")
        SERVICE = "service", _("Service")
        JOB_PLACEMENT = "job_placement", _("Job placement with a labour contract")

    subproject = models.ForeignKey(SubProject, models.PROTECT, related_name="supports", verbose_name=_("sub-project"))
    activity = models.ForeignKey(
        Activity, models.PROTECT, null=True, blank=True, related_name="supports", verbose_name=_("activity")
    )
    household = models.ForeignKey(Household, models.PROTECT, related_name="supports", verbose_name=_("household"))
    member = models.ForeignKey(
        Member, models.PROTECT, null=True, blank=True, related_name="supports", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    items = models.CharField(
        _("items"), max_length=255, help_text=_("What was given, e.g. 2 bao cám, 10 con gà giống.")
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    value = models.PositiveBigIntegerField(_("value (VND)"), default=0)
    supported_on = models.DateField(_("date"))
    eligible = models.BooleanField(_("eligible"))
    eligibility_reasons = models.JSONField(_("eligibility reasons"), default=list)
    rule = models.CharField(_("rule applied"), max_length=200)
    override_reason = models.TextField(_("justification for an ineligible beneficiary"), blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()
    objects = SupportQuerySet.as_manager()

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        ordering = ["-supported_on", "-pk"]
        indexes = [models.Index(fields=["subproject", "supported_on"], name="support_subproject_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(eligible=True) | ~Q(override_reason=""), name="support_ineligible_needs_justification"
            ),
        ]

    def __str__(self):
        return f"{self.household.code} – {self.items}"


# --- Money: allocations, adjustments, disbursements, settlements ----------------------
# Whole đồng in 64-bit integers. Rows are never edited: a change is a new row.


class FundingSource(models.TextChoices):
    CENTRAL_INVESTMENT = "central_investment", _("Central budget – development investment")
    CENTRAL_RECURRENT = "central_recurrent", _("Central budget – recurrent")
    LOCAL_BUDGET = "local_budget", _("Local budget")
    LOCAL_COUNTERPART = "local_counterpart", _("Local counterpart funds")
    INTEGRATED = "integrated", _("Integrated funds")
    POLICY_CREDIT = "policy_credit", _("Policy credit")
    MOBILISED = "mobilised", _("Other mobilised funds")
    PEOPLE = "people", _("People's contributions")


class AllocationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(subproject__in=SubProject.objects.for_user(user))

    def with_totals(self):
        """Annotate adjusted, disbursed (net of reversals), available and remaining."""
        adjusted = (
            Adjustment.objects.filter(allocation=models.OuterRef("pk"))
            .order_by()
            .values("allocation")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        disbursed = (
            Disbursement.objects.filter(allocation=models.OuterRef("pk"))
            .order_by()
            .values("allocation")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        zero = models.Value(0, output_field=models.BigIntegerField())
        return self.annotate(
            adjusted=Coalesce(models.Subquery(adjusted), zero),
            disbursed=Coalesce(models.Subquery(disbursed), zero),
        ).annotate(
            available=models.F("amount") + models.F("adjusted"),
            remaining=models.F("amount") + models.F("adjusted") - models.F("disbursed"),
        )


class Allocation(models.Model):
    """A budget line (dự toán được giao): what a sub-project may spend from one source in a year."""

    subproject = models.ForeignKey(
        SubProject, models.PROTECT, related_name="allocations", verbose_name=_("sub-project")
    )
    budget_year = models.PositiveSmallIntegerField(_("budget year"))
    source = models.CharField(_("funding source"), max_length=25, choices=FundingSource.choices)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    decision_number = models.CharField(_("decision number"), max_length=50)
    decision_date = models.DateField(_("decision date"))
    issuing_body = models.CharField(_("issued by"), max_length=200)
    carried_from = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("carried over from"),
    )
    disburse_until = models.DateField(
        _("disbursement deadline"), help_text=_("31/12 of the budget year, or the extended deadline of a carry-over.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = AllocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-budget_year", "subproject__order", "source"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive"),
            models.UniqueConstraint(
                fields=["subproject", "budget_year", "source"],
                condition=Q(carried_from__isnull=True),
                name="allocation_one_line_per_source_year",
            ),
        ]

    def __str__(self):
        return f"{self.subproject.local_code} · {self.get_source_display()} · {self.budget_year}"

    def get_absolute_url(self):
        return reverse("budget:allocation_detail", args=[self.pk])

    def starts_on(self) -> date:
        return date(self.budget_year, 1, 1)


class Adjustment(models.Model):
    """A decision that raises or lowers a budget line, or moves its unspent part to the next year."""

    class Kind(models.TextChoices):
        INCREASE = "increase", _("Increase")
        DECREASE = "decrease", _("Decrease")
        CARRY_OVER = "carry_over", _("Carried over to the next year")

    allocation = models.ForeignKey(Allocation, models.PROTECT, related_name="adjustments", verbose_name=_("allocation"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.BigIntegerField(_("change (VND)"), help_text=_("Positive raises the line, negative lowers it."))
    decision_number = models.CharField(_("decision number"), max_length=50)
    decision_date = models.DateField(_("decision date"))
    issuing_body = models.CharField(_("issued by"), max_length=200)
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["decision_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="increase", amount__gt=0) | Q(kind__in=["decrease", "carry_over"], amount__lt=0),
                name="adjustment_sign_matches_kind",
            ),
        ]

    def __str__(self):
        return f"{self.decision_number} ({self.amount:+,})"


class DisbursementQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(allocation__in=Allocation.objects.for_user(user))

    def total(self) -> int:
        return self.aggregate(total=Sum("amount", default=0))["total"]


class Disbursement(models.Model):
    """A payment or advance from a budget line (giải ngân), or the reversal of one. Append-only."""

    class Kind(models.TextChoices):
        ADVANCE = "advance", _("Advance")
        PAYMENT = "payment", _("Payment")
        REVERSAL = "reversal", _("Reversal")

    allocation = models.ForeignKey(
        Allocation, models.PROTECT, related_name="disbursements", verbose_name=_("allocation")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    paid_on = models.DateField(_("date"))
    amount = models.BigIntegerField(_("amount (VND)"), help_text=_("Negative for a reversal."))
    voucher_number = models.CharField(_("voucher number"), max_length=50)
    payee_household = models.ForeignKey(
        Household, models.PROTECT, null=True, blank=True, related_name="payments", verbose_name=_("paid to household")
    )
    payee_member = models.ForeignKey(
        Member, models.PROTECT, null=True, blank=True, related_name="payments", verbose_name=_("paid to person")
    )
    payee_name = models.CharField(
        _("payee"), max_length=255, help_text=_("The household head, person or organisation, as the voucher names it.")
    )
    purpose = models.CharField(_("purpose"), max_length=255)
    support = models.ForeignKey(
        Support, models.PROTECT, null=True, blank=True, related_name="payments", verbose_name=_("support paid for")
    )
    activity = models.ForeignKey(
        Activity, models.PROTECT, null=True, blank=True, related_name="payments", verbose_name=_("activity paid for")
    )
    reverses = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="reversed_by", verbose_name=_("reverses")
    )
    reason = models.TextField(_("reason for the reversal"), blank=True)
    request_key = models.UUIDField(
        _("request key"), unique=True, editable=False, help_text=_("Makes a repeated form submission harmless.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = DisbursementQuerySet.as_manager()

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["advance", "payment"], amount__gt=0, reverses__isnull=True)
                | (Q(kind="reversal", amount__lt=0, reverses__isnull=False) & ~Q(reason="")),
                name="disbursement_sign_and_reversal",
            ),
            models.UniqueConstraint(fields=["voucher_number"], name="disbursement_voucher_once"),
        ]

    def __str__(self):
        return f"{self.voucher_number} – {self.amount:,} ₫"


class Settlement(models.Model):
    """The year's accounts of a budget line (quyết toán): what was approved and returned."""

    allocation = models.OneToOneField(
        Allocation, models.PROTECT, related_name="settlement", verbose_name=_("allocation")
    )
    approved_amount = models.PositiveBigIntegerField(_("approved expenditure (VND)"))
    returned_amount = models.PositiveBigIntegerField(_("returned to the budget (VND)"))
    decision_number = models.CharField(_("decision number"), max_length=50)
    decision_date = models.DateField(_("decision date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")

    def __str__(self):
        return f"{self.allocation} – {self.decision_number}"
