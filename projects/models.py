"""The programme, the ward's yearly plan, its sub-projects, activities and supports."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giamngheo import access
from giamngheo.models import AdministrativeUnit, CommuneQuerySet, Unit
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


class PlanQuerySet(CommuneQuerySet):
    unit_path = "ward"

    def for_user(self, user):
        """The plans of the user's commune (and of the units merged into it)."""
        return access.scope(self, user)


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

    objects = PlanQuerySet.as_manager()

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


class SubProjectQuerySet(CommuneQuerySet):
    unit_path = "plan__ward"

    def for_user(self, user):
        """The sub-projects a user may see: all with the programme-wide permission, else their unit's."""
        if not user.is_authenticated:
            return self.none()
        mine = access.scope(self, user)
        if user.has_perm("projects.view_all_subprojects"):
            return mine
        if user.unit_id is None:
            return self.none()
        return mine.filter(assignments__unit=user.unit_id).distinct()

    def editable_by(self, user):
        """The sub-projects whose activities and supports a user may record."""
        if not user.is_authenticated:
            return self.none()
        mine = access.scope(self, user)
        if user.has_perm("projects.edit_all_subprojects"):
            return mine
        if user.unit_id is None or not user.has_perm("projects.edit_own_subprojects"):
            return self.none()
        return mine.filter(assignments__unit=user.unit_id, assignments__role=Assignment.Role.LEAD).distinct()


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
    labour_contract = models.BooleanField(
        _("with a signed labour contract"),
        default=False,
        help_text=_("A job connection is paid only with a labour contract (KH 538/KH-UBND, III.3.2)."),
    )
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
