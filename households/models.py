"""The ward's register: households, their members, reviews, assessments and status."""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giamngheo.models import AreaType, ResidentialGroup
from giamngheo.text import fold, name_sort_key, normalize_text
from households import classification
from households.choices import (
    ETHNIC_GROUPS,
    KINH,
    Disability,
    Education,
    Employment,
    Merit,
    Relation,
    Schooling,
    Sex,
)


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later (or earlier), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Status(models.TextChoices):
    """The list a household is on after a recognition decision."""

    POOR = "poor", _("Poor household")
    NEAR_POOR = "near_poor", _("Near-poor household")
    NONE = "none", _("Not poor or near-poor")


# --- Reference data: the standards and their indicators ------------------------


class DeprivationIndicator(models.Model):
    """One of the basic-social-service deprivation indicators (Nghị định 07/2021)."""

    class Dimension(models.TextChoices):
        EMPLOYMENT = "employment", _("Employment")
        HEALTH = "health", _("Health")
        EDUCATION = "education", _("Education")
        HOUSING = "housing", _("Housing")
        WATER_SANITATION = "water_sanitation", _("Water and sanitation")
        INFORMATION = "information", _("Information")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    threshold = models.TextField(
        _("deprivation threshold"),
        blank=True,
        help_text=_("When a household counts as deprived, as the legal text words it."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("deprivation indicator")
        verbose_name_plural = _("deprivation indicators")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class PovertyStandardQuerySet(models.QuerySet):
    def in_force_on(self, day: date):
        return (
            self.filter(valid_from__lte=day)
            .filter(Q(valid_to__gte=day) | Q(valid_to__isnull=True))
            .order_by("-valid_from")
            .first()
        )


class PovertyStandard(models.Model):
    """A version of the national multidimensional poverty standard, kept as data."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200, help_text=_("The legal basis, as explanations cite it."))
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    urban_income_line = models.PositiveBigIntegerField(_("urban income line (VND per person per month)"))
    rural_income_line = models.PositiveBigIntegerField(_("rural income line (VND per person per month)"))
    urban_average_ceiling = models.PositiveBigIntegerField(
        _("urban average-living ceiling (VND)"), null=True, blank=True
    )
    rural_average_ceiling = models.PositiveBigIntegerField(
        _("rural average-living ceiling (VND)"), null=True, blank=True
    )
    poor_min_deprivations = models.PositiveSmallIntegerField(_("deprivations that make a household poor"), default=3)
    urban_score_a_cutoff = models.PositiveSmallIntegerField(_("urban score A cut-off"), null=True, blank=True)
    rural_score_a_cutoff = models.PositiveSmallIntegerField(_("rural score A cut-off"), null=True, blank=True)
    score_b_per_indicator = models.PositiveSmallIntegerField(_("score B points per indicator"), default=10)
    indicators = models.ManyToManyField(DeprivationIndicator, related_name="standards", verbose_name=_("indicators"))

    objects = PovertyStandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("poverty standard")
        verbose_name_plural = _("poverty standards")
        ordering = ["valid_from"]

    def __str__(self):
        return self.name

    def rules(self) -> classification.StandardRules:
        return classification.StandardRules(
            name=self.name,
            income_line={AreaType.URBAN: self.urban_income_line, AreaType.RURAL: self.rural_income_line},
            average_ceiling={AreaType.URBAN: self.urban_average_ceiling, AreaType.RURAL: self.rural_average_ceiling},
            poor_min_deprivations=self.poor_min_deprivations,
            score_a_cutoff={
                area: cutoff
                for area, cutoff in (
                    (AreaType.URBAN, self.urban_score_a_cutoff),
                    (AreaType.RURAL, self.rural_score_a_cutoff),
                )
                if cutoff is not None
            },
            score_b_per_indicator=self.score_b_per_indicator,
            indicator_names={i.code: i.name for i in self.indicators.all()},
        )


# --- Households and members ------------------------------------------------------


class HouseholdQuerySet(models.QuerySet):
    def for_user(self, user):
        """The households a user may see: the one place that decides it."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("households.view_household"):
            return self
        return self.none()

    def with_status_on(self, day: date):
        """Annotate `status_on` (the list the household was on) and `escaped_on`."""
        decisions = StatusDecision.objects.filter(household=OuterRef("pk"), effective_on__lte=day).order_by(
            "-effective_on", "-pk"
        )
        escapes = decisions.filter(StatusDecision.escape_q())
        return self.annotate(
            status_on=Subquery(decisions.values("status")[:1]),
            escaped_on=Subquery(escapes.values("effective_on")[:1]),
        )

    def with_member_count(self):
        counts = (
            Member.objects.filter(household=OuterRef("pk"))
            .order_by()
            .values("household")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(member_count=Subquery(counts))

    @staticmethod
    def decided_by(day: date) -> Exists:
        """Households with a decision on or before the day: the only ones on any list."""
        return Exists(StatusDecision.objects.filter(household=OuterRef("pk"), effective_on__lte=day))

    @staticmethod
    def status_q(status: str, day: date) -> Q:
        """Condition on `status_on`/`escaped_on` (see with_status_on) for one list on a day."""
        if status == "recently_escaped":
            cutoff = add_months(day, -settings.GIAMNGHEO_RECENT_ESCAPE_MONTHS)
            listed = [Status.NONE]
            if settings.GIAMNGHEO_ESCAPE_MEANS == "poor_list":
                listed.append(Status.NEAR_POOR)
            return Q(status_on__in=listed, escaped_on__gt=cutoff)
        if status == Status.NONE:
            return Q(status_on=Status.NONE) | Q(status_on__isnull=True)
        return Q(status_on=status)

    def in_status(self, status: str, day: date):
        """Households on a list on a day; the queryset must come from with_status_on(day)."""
        if status == Status.NONE:
            return self.filter(self.status_q(status, day))
        # Only households with a decision can be on a list: checking that first spares
        # the status lookups for the (many) households that never had one.
        return self.filter(self.decided_by(day)).filter(self.status_q(status, day))

    def status_counts(self, day: date) -> dict[str, int]:
        """Households per list on a day, and in all, in two queries."""
        listed = [Status.POOR, Status.NEAR_POOR, "recently_escaped"]
        counts = (
            self.filter(self.decided_by(day))
            .with_status_on(day)
            .aggregate(**{status: Count("pk", filter=self.status_q(status, day)) for status in listed})
        )
        counts["total"] = self.count()
        counts[Status.NONE] = counts["total"] - counts[Status.POOR] - counts[Status.NEAR_POOR]
        return counts

    def with_member(self, condition: Q):
        return self.filter(Exists(Member.objects.filter(condition, household=OuterRef("pk"))))

    def search(self, text: str):
        """Households whose code, address or a member's name starts a word with the text.

        Diacritics and case are ignored ("nguyen van anh" finds "Nguyễn Văn Ánh"), and
        the text is matched as typed, so "van anh" does not find "Văn Thanh".
        """
        phrase = " ".join(fold(text).split())
        if not phrase:
            return self
        return self.filter(search_text__contains=f" {phrase}")


def search_text_for(code: str, address: str, names: list[str]) -> str:
    """Folded words, each part fenced by " | " so a search never spans two names."""
    return "".join(f" {fold(part)} |" for part in [code, address, *names] if part)


class Household(models.Model):
    """A household (hộ gia đình) on the ward's register."""

    code = models.CharField(
        _("household code"),
        max_length=30,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Za-z0-9._-]+$", _("Use letters, digits, and . _ - only."), "code_format"),
            RegexValidator(
                r"^(?i:new|imports|export)$",
                _("This word names a page of the register: choose another code."),
                "code_reserved",
                inverse_match=True,
            ),
        ],
    )
    residential_group = models.ForeignKey(
        ResidentialGroup,
        models.PROTECT,
        related_name="households",
        verbose_name=_("residential group"),
    )
    address = models.CharField(_("address"), max_length=255)
    area_type = models.CharField(
        _("area type"),
        max_length=5,
        choices=AreaType.choices,
        help_text=_("Decides which poverty line applies."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Kept from the head member by services.save_household, for search and sorting.
    head_name = models.CharField(_("head of household"), max_length=150, blank=True, editable=False)
    head_sort_key = models.CharField(max_length=255, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["head_sort_key", "search_text", "updated_at"])
    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["head_sort_key", "code"]
        indexes = [models.Index(fields=["head_sort_key", "code"], name="household_name_order")]
        permissions = [
            ("view_citizen_id", _("Can see citizen ID numbers in full")),
            ("view_health_data", _("Can see disability, health insurance and pregnancy")),
        ]

    def __str__(self):
        return f"{self.code} – {self.head_name}" if self.head_name else self.code

    def save(self, *args, **kwargs):
        self.address = normalize_text(self.address)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("households:detail", args=[self.code])

    def refresh_search_fields(self, members=None):
        """Recompute head name, sort key and search text from the members."""
        members = list(self.members.all()) if members is None else members
        head = next((m for m in members if m.relation == Relation.HEAD), None)
        self.head_name = head.full_name if head else ""
        self.head_sort_key = name_sort_key(self.head_name)
        self.search_text = search_text_for(self.code, self.address, [m.full_name for m in members])

    def status_on(self, day: date) -> str:
        decision = self.status_decisions.filter(effective_on__lte=day).order_by("-effective_on", "-pk").first()
        return decision.status if decision else Status.NONE


class Member(models.Model):
    """A person registered in a household (nhân khẩu)."""

    household = models.ForeignKey(Household, models.CASCADE, related_name="members", verbose_name=_("household"))
    full_name = models.CharField(_("full name"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=ETHNIC_GROUPS, default=KINH)
    citizen_id = models.CharField(
        _("citizen ID (CCCD)"),
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        help_text=_("12-digit personal identification number."),
    )
    relation = models.CharField(_("relation to the head"), max_length=15, choices=Relation.choices)
    disability = models.CharField(_("disability"), max_length=20, choices=Disability.choices, blank=True)
    merit = models.CharField(_("revolutionary merit"), max_length=10, choices=Merit.choices, blank=True)
    health_insurance = models.BooleanField(_("has health insurance"), default=True)
    schooling = models.CharField(_("schooling"), max_length=15, choices=Schooling.choices, blank=True)
    education = models.CharField(_("education level"), max_length=30, choices=Education.choices, blank=True)
    employment = models.CharField(_("employment"), max_length=15, choices=Employment.choices, blank=True)
    pregnant_or_nursing = models.BooleanField(_("pregnant or nursing"), default=False)
    low_income_worker_since = models.DateField(
        _("low-income worker since"),
        null=True,
        blank=True,
        help_text=_("Date the person was recognised as a low-income worker (Nghị định 30/2025/NĐ-CP)."),
    )
    search_name = models.CharField(max_length=150, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["household", "date_of_birth", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=Q(relation="head"), name="member_one_head_per_household"
            ),
            models.CheckConstraint(
                condition=Q(citizen_id__regex=r"^[0-9]{12}$") | Q(citizen_id__isnull=True),
                name="member_citizen_id_12_digits",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = normalize_text(self.full_name)
        self.citizen_id = self.citizen_id or None
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = ValidationError(_("The date of birth is in the future."), code="born_in_future")
        if self.citizen_id:
            problem = citizen_id_problem(self.citizen_id, self.date_of_birth, self.sex)
            if problem:
                errors["citizen_id"] = problem
        if self.pregnant_or_nursing and self.sex == Sex.MALE:
            errors["pregnant_or_nursing"] = ValidationError(
                _("Only a woman can be recorded as pregnant or nursing."), code="pregnant_male"
            )
        if errors:
            raise ValidationError(errors)

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def masked_citizen_id(self) -> str:
        if not self.citizen_id:
            return ""
        return self.citizen_id[:3] + "******" + self.citizen_id[-3:]

    def citizen_id_for(self, user) -> str:
        """The number in full for roles that need it, masked for everyone else."""
        if user.has_perm("households.view_citizen_id"):
            return self.citizen_id or ""
        return self.masked_citizen_id()


def citizen_id_problem(number: str, born: date | None, sex: str | None) -> ValidationError | None:
    """Check a CCCD against its structure (Nghị định 137/2015/NĐ-CP, Điều 13).

    Digits 1-3: province of birth registration; digit 4: century and sex (0/1 for
    men/women born 1900-1999, 2/3 for 2000-2099, ...); digits 5-6: year of birth.
    """
    if len(number) != 12 or not number.isdigit():
        return ValidationError(_("A citizen ID has exactly 12 digits."), code="citizen_id_format")
    if not born or not sex:
        return None
    century_sex = int(number[3])
    century = 1900 + (century_sex // 2) * 100
    female = century_sex % 2 == 1
    if century != born.year // 100 * 100 or number[4:6] != f"{born.year % 100:02d}":
        return ValidationError(
            _("This citizen ID belongs to someone born in %(year)s, not %(born)s: check both.")
            % {"year": f"{century + int(number[4:6])}", "born": born.year},
            code="citizen_id_birth_year",
        )
    if female != (sex == Sex.FEMALE):
        return ValidationError(_("The citizen ID does not match the person's sex."), code="citizen_id_sex")
    return None


# --- Reviews, assessments and decisions ------------------------------------------


class Review(models.Model):
    """A review round (Quyết định 24/2021/QĐ-TTg): periodic each autumn or regular each month."""

    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Periodic review (yearly, 01/09–14/12)")
        REGULAR = "regular", _("Regular review (monthly, from the 15th)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "month"], name="review_one_per_period"),
            models.UniqueConstraint(
                fields=["kind", "year"], condition=Q(kind="periodic"), name="review_one_periodic_per_year"
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="review_ends_after_start"),
        ]

    def __str__(self):
        if self.kind == self.Kind.PERIODIC:
            return _("Periodic review %(year)s") % {"year": self.year}
        return _("Regular review %(month)02d/%(year)s") % {"month": self.month, "year": self.year}

    @staticmethod
    def period(kind: str, year: int, month: int | None = None) -> tuple[date, date]:
        """The dates Quyết định 24/2021 Art. 3 gives a review."""
        if kind == Review.Kind.PERIODIC:
            return date(year, 9, 1), date(year, 12, 14)
        # The regular review starts on the 15th; the decision is due within 15 days.
        start = date(year, month, 15)
        return start, start + timedelta(days=15)


class Assessment(models.Model):
    """A household's measurement in a review, and the class the standard gives it."""

    class Result(models.TextChoices):
        POOR = classification.Result.POOR, _("Poor")
        NEAR_POOR = classification.Result.NEAR_POOR, _("Near-poor")
        AVERAGE = classification.Result.AVERAGE, _("Average living standard")
        NOT_POOR = classification.Result.NOT_POOR, _("Not poor")

    household = models.ForeignKey(Household, models.CASCADE, related_name="assessments", verbose_name=_("household"))
    review = models.ForeignKey(Review, models.PROTECT, related_name="assessments", verbose_name=_("review"))
    assessed_on = models.DateField(_("assessment date"))
    standard = models.ForeignKey(PovertyStandard, models.PROTECT, related_name="+", verbose_name=_("standard"))
    area_type = models.CharField(_("area type"), max_length=5, choices=AreaType.choices)
    member_count = models.PositiveSmallIntegerField(_("members"))
    income_per_capita = models.PositiveBigIntegerField(_("income per person per month (VND)"), null=True, blank=True)
    score_a = models.PositiveSmallIntegerField(_("score A (income proxy)"), null=True, blank=True)
    score_b = models.PositiveSmallIntegerField(_("score B (deprivations)"), null=True, blank=True)
    floor_area_m2 = models.DecimalField(_("floor area (m²)"), max_digits=7, decimal_places=1, null=True, blank=True)
    deprivations = models.ManyToManyField(
        DeprivationIndicator, blank=True, related_name="assessments", verbose_name=_("deprived indicators")
    )
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    note = models.TextField(_("note"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[deprivations])

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["household", "review"], name="assessment_one_per_review"),
            models.CheckConstraint(
                condition=Q(income_per_capita__isnull=False) | Q(score_a__isnull=False, score_b__isnull=False),
                name="assessment_has_income_or_scores",
            ),
        ]

    def __str__(self):
        return f"{self.household.code} – {self.review}"

    def explain(self) -> classification.Classification:
        """Re-derive the explanation from the stored inputs and the stored standard."""
        return classification.classify(
            self.standard.rules(),
            area=self.area_type,
            deprived=[d.code for d in self.deprivations.all()],
            income=self.income_per_capita,
            score_a=self.score_a if self.income_per_capita is None else None,
            score_b=self.score_b if self.income_per_capita is None else None,
        )


class StatusDecision(models.Model):
    """A recognition decision putting a household on a list (or off all lists) from a date."""

    household = models.ForeignKey(
        Household, models.CASCADE, related_name="status_decisions", verbose_name=_("household")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    effective_on = models.DateField(_("effective from"))
    number = models.CharField(_("decision number"), max_length=50)
    signed_on = models.DateField(_("decision date"))
    signer = models.CharField(_("signed by"), max_length=150)
    assessment = models.ForeignKey(
        Assessment, models.SET_NULL, null=True, blank=True, related_name="decisions", verbose_name=_("assessment")
    )
    note = models.TextField(_("note"), blank=True)
    # Derived from the household's earlier decisions by services.record_decision.
    previous_status = models.CharField(
        _("previous status"), max_length=10, choices=Status.choices, default=Status.NONE, editable=False
    )
    ever_poor_before = models.BooleanField(_("was poor before"), default=False, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status decision")
        verbose_name_plural = _("status decisions")
        ordering = ["effective_on", "pk"]
        indexes = [models.Index(fields=["household", "effective_on"], name="statusdecision_household_date")]
        constraints = [
            models.UniqueConstraint(fields=["household", "number"], name="statusdecision_number_once_per_household"),
            models.CheckConstraint(
                condition=Q(effective_on__gte=F("signed_on")), name="statusdecision_effective_after_signing"
            ),
        ]

    def __str__(self):
        return f"{self.number} – {self.get_status_display()}"

    @staticmethod
    def escape_q() -> Q:
        """Decisions that count as escaping poverty, per GIAMNGHEO_ESCAPE_MEANS."""
        if settings.GIAMNGHEO_ESCAPE_MEANS == "poor_list":
            return Q(previous_status=Status.POOR) & ~Q(status=Status.POOR)
        return Q(status=Status.NONE, previous_status__in=[Status.POOR, Status.NEAR_POOR])

    def is_escape(self) -> bool:
        """The Python twin of escape_q(), for decisions already in memory."""
        if settings.GIAMNGHEO_ESCAPE_MEANS == "poor_list":
            return self.previous_status == Status.POOR and self.status != Status.POOR
        return self.status == Status.NONE and self.previous_status in (Status.POOR, Status.NEAR_POOR)

    @staticmethod
    def relapse_q() -> Q:
        return Q(status=Status.POOR, ever_poor_before=True) & ~Q(previous_status=Status.POOR)

    @staticmethod
    def newly_poor_q() -> Q:
        return Q(status=Status.POOR, ever_poor_before=False) & ~Q(previous_status=Status.POOR)

    def transition(self) -> str:
        """A short name for what the decision changed, for timelines."""
        if self.status == self.previous_status:
            return "unchanged"
        if self.status == Status.POOR:
            return "relapsed" if self.ever_poor_before else "newly_poor"
        if self.previous_status == Status.POOR:
            return "escaped_poverty"
        if self.previous_status == Status.NEAR_POOR:
            return "escaped_near_poverty"
        return "newly_near_poor" if self.status == Status.NEAR_POOR else "unchanged"
