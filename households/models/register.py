"""Households and their members (nhân khẩu)."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giamngheo import access
from giamngheo.models import AreaType, CommuneQuerySet, ResidentialGroup
from giamngheo.money import format_number
from giamngheo.text import fold, name_sort_key, normalize_text
from households import ages, status
from households.choices import ETHNIC_GROUPS, KINH, Disability, Education, Employment, Merit, Relation, Schooling, Sex
from households.models.reviews import StatusDecision
from households.priority import PRIORITY_GROUPS, RARE_PRIORITY_GROUPS
from households.status import Status


def present_q(day: date, prefix: str = "") -> Q:
    """On the register on a day: entered by then and not yet left (the day of leaving is outside).

    The one rule for households and members alike (`prefix` reaches a related row's dates);
    `is_present` is the same in Python.
    """
    return Q(**{f"{prefix}entered_on__lte": day}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day})
    )


def is_present(row, day: date) -> bool:
    return row.entered_on <= day and (row.left_on is None or row.left_on > day)


class HouseholdQuerySet(CommuneQuerySet):
    unit_path = "residential_group__unit"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # stale_q's answers by day, shared with every queryset cloned from this one: a list page's
        # filter, its rows and its counts ask it once between them.
        self._stale_answers: dict[date, bool] = {}

    def _clone(self):
        clone = super()._clone()
        clone._stale_answers = self._stale_answers
        return clone

    def in_ward_on(self, day: date):
        """Households on the ward's register on a day."""
        return self.filter(present_q(day))

    def for_user(self, user):
        """The households a user may see: the one place that decides it."""
        if not user.is_authenticated or not user.has_perm("households.view_household"):
            return self.none()
        return access.scope(self, user)

    @staticmethod
    def decisions_in_force(day: date):
        """The household's decisions effective by the day, the one in force first (the decision path)."""
        return StatusDecision.objects.filter(household=OuterRef("pk"), effective_on__lte=day).order_by(
            *StatusDecision.IN_FORCE_ORDER
        )

    @staticmethod
    def stored_stale_q(day: date) -> Q:
        """Households whose stored status is not the one in force on the day.

        services.refresh_status stores the decision in force on the day it runs (status_since)
        and the effective date of the next one (status_changes_on); the same decisions are in
        force on every day from the first to the eve of the second, and on no other day.
        """
        # Never NULL (a NULL here keeps PostgreSQL evaluating the decision subqueries beside it).
        return Q(status_since__isnull=False, status_since__gt=day) | Q(
            status_changes_on__isnull=False, status_changes_on__lte=day
        )

    def stale_q(self, day: date) -> Q | None:
        """stored_stale_q(day), or None if the day is today and no household's stored status is stale.

        None is the everyday case (the nightly refresh done): the queries then read the columns
        alone. Beside the decisions' branch PostgreSQL expected one row from a list of thousands
        and joined it to the groups in a loop: a large ward's poor took 1.4 s. Asked of every
        household, one indexed EXISTS. Only for today: every write keeps today's stored status
        true in its own transaction, where a back-dated decision committed between this check
        and the query could make a household stale on a past day.
        """
        stale = self.stored_stale_q(day)
        if day != timezone.localdate():
            return stale
        if day not in self._stale_answers:
            self._stale_answers[day] = self.model._base_manager.using(self.db).filter(stale).exists()
        return stale if self._stale_answers[day] else None

    def decided_by(self, day: date, stale: Q | None) -> Q:
        """Households with a decision on or before the day: the only ones on any list (stale: stale_q(day))."""
        if stale is None:
            return Q(status_since__isnull=False)
        return (~stale & Q(status_since__isnull=False)) | (stale & Exists(self.decisions_in_force(day)))

    def with_status_on(self, day: date):
        """Annotate `status_on` (the list the household was on; None before any decision) and `escaped_on`.

        From the stored columns where they hold on the day, else from the decisions: the
        values are the same either way (tests/households/test_stored_status.py).
        """
        stored_status = Case(
            When(status_since__isnull=True, then=Value(None)),
            default=F("current_status"),
            output_field=models.CharField(),
        )
        stored_escape = F(Household.ESCAPED_ON_FIELDS[settings.GIAMNGHEO_ESCAPE_MEANS])
        stale = self.stale_q(day)
        if stale is None:
            return self.annotate(status_on=stored_status, escaped_on=stored_escape)
        decisions = self.decisions_in_force(day)
        escapes = decisions.filter(StatusDecision.escape_q())
        return self.annotate(
            status_on=Case(
                When(stale, then=Subquery(decisions.values("status")[:1])),
                default=stored_status,
                output_field=models.CharField(),
            ),
            escaped_on=Case(
                When(stale, then=Subquery(escapes.values("effective_on")[:1])),
                default=stored_escape,
                output_field=models.DateField(),
            ),
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
    def status_q(status_name: str, day: date) -> Q:
        """Condition on `status_on`/`escaped_on` (see with_status_on) for one list on a day."""
        if status_name == "recently_escaped":
            # Still on the list the escape led to, with the escape inside the window.
            return Q(status_on__in=status.escape().status, escaped_on__gte=status.recent_escape_cutoff(day))
        if status_name == Status.NONE:
            return Q(status_on=Status.NONE) | Q(status_on__isnull=True)
        return Q(status_on=status_name)

    @staticmethod
    def stored_status_q(status_name: str, day: date) -> Q:
        """status_q on the stored columns themselves, for a day on which no household is stale.

        The same condition (status_on is NULL exactly where status_since is): on plain columns
        the planner estimates a list's size, where on the annotation's CASE it expected two rows
        of 11,656 and joined them to every group in a loop (4.4 s).
        """
        if status_name == "recently_escaped":
            escaped_on = Household.ESCAPED_ON_FIELDS[settings.GIAMNGHEO_ESCAPE_MEANS]
            return Q(
                status_since__isnull=False,
                current_status__in=status.escape().status,
                **{f"{escaped_on}__gte": status.recent_escape_cutoff(day)},
            )
        if status_name == Status.NONE:
            return Q(status_since__isnull=True) | Q(current_status=Status.NONE)
        return Q(status_since__isnull=False, current_status=status_name)

    def in_status(self, status_name: str, day: date):
        """Households on a list on a day; the queryset must come from with_status_on(day)."""
        stale = self.stale_q(day)
        if stale is None:
            return self.filter(self.stored_status_q(status_name, day))
        if status_name == Status.NONE:
            return self.filter(self.status_q(status_name, day))
        # Only households with a decision can be on a list: checking that first spares
        # the status lookups for the (many) households that never had one.
        listed = self.filter(self.decided_by(day, stale))
        if status_name in (Status.POOR, Status.NEAR_POOR):
            # Implied by status_q (where the stored status holds, it is the status): three
            # indexed columns, so PostgreSQL reads the list's few households, not the register.
            listed = listed.filter(Q(current_status=status_name) | stale)
        return listed.filter(self.status_q(status_name, day))

    def status_counts(self, day: date) -> dict[str, int]:
        """Households per list on a day, and in all, in two queries."""
        listed = [Status.POOR, Status.NEAR_POOR, "recently_escaped"]
        stale = self.stale_q(day)
        condition = self.stored_status_q if stale is None else self.status_q
        counts = (
            self.in_ward_on(day)
            .filter(self.decided_by(day, stale))
            .with_status_on(day)
            .aggregate(**{status: Count("pk", filter=condition(status, day)) for status in listed})
        )
        counts["total"] = self.in_ward_on(day).count()
        counts[Status.NONE] = counts["total"] - counts[Status.POOR] - counts[Status.NEAR_POOR]
        return counts

    def with_member(self, condition: Q, day: date | None = None):
        """Households with a member meeting the condition; with a day, a member in the household that day."""
        members = Member.objects.filter(condition, household=OuterRef("pk"))
        if day is not None:
            members = members.present_on(day)
        return self.filter(Exists(members))

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
    """A household (hộ gia đình) on the ward's register, from the day it entered to the day it left."""

    class LeftReason(models.TextChoices):
        MOVED_AWAY = "moved_away", _("Moved out of the ward")
        MERGED = "merged", _("Merged into another household")
        DISSOLVED = "dissolved", _("Household dissolved (no member left)")
        UNIT_MERGED = "unit_merged", _("The residential area passed to another unit")

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
    entered_on = models.DateField(
        _("on the register since"),
        help_text=_(
            "The day the household came onto the ward's register (settled here, split off, or the register began)."
        ),
    )
    left_on = models.DateField(_("left the register on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=15, choices=LeftReason.choices, blank=True)
    merged_into = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    # Kept from the head member by services.save_household, for search and sorting.
    head_name = models.CharField(_("head of household"), max_length=150, blank=True, editable=False)
    head_sort_key = models.CharField(max_length=255, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The status in force on the day services.refresh_status last ran, kept from the decisions
    # so that lists and counts for today read columns instead of a subquery per household.
    # with_status_on falls back to the decisions on days they do not hold (stored_stale_q).
    current_status = models.CharField(
        _("current status"), max_length=10, choices=Status.choices, default=Status.NONE, editable=False
    )
    status_since = models.DateField(_("status since"), null=True, blank=True, editable=False)
    status_changes_on = models.DateField(_("next decision takes effect"), null=True, blank=True, editable=False)
    # The latest escape in force, under each meaning of GIAMNGHEO_ESCAPE_MEANS (ESCAPED_ON_FIELDS),
    # so the setting and the window (GIAMNGHEO_RECENT_ESCAPE_MONTHS) can change without a refresh.
    escaped_lists_on = models.DateField(null=True, blank=True, editable=False)
    escaped_poor_list_on = models.DateField(null=True, blank=True, editable=False)

    STATUS_FIELDS = ("current_status", "status_since", "status_changes_on", "escaped_lists_on", "escaped_poor_list_on")
    ESCAPED_ON_FIELDS = {"both_lists": "escaped_lists_on", "poor_list": "escaped_poor_list_on"}

    history = HistoricalRecords(excluded_fields=["head_sort_key", "search_text", "updated_at", *STATUS_FIELDS])
    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["head_sort_key", "code"]
        indexes = [
            models.Index(fields=["head_sort_key", "code"], name="household_name_order"),
            models.Index(fields=["current_status"], name="household_current_status"),
            # The households services.refresh_status must re-derive once their next decision takes effect.
            models.Index(fields=["status_changes_on"], name="household_status_changes_on"),
            # With the two above, a list filter reads its households by index (HouseholdQuerySet.in_status).
            models.Index(fields=["status_since"], name="household_status_since"),
            # What the timeline and the register's totals read of every household, in an index a
            # tenth of the table's size: read alone (an index-only scan), a province's decided
            # households join in 130 ms where the table's scan took 370 (bench/province.py).
            models.Index(fields=["id", "residential_group", "entered_on", "left_on"], name="household_presence"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True, left_reason="")
                | (Q(left_on__gte=F("entered_on")) & ~Q(left_reason="")),
                name="household_left_with_reason_after_entry",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(left_reason="merged"),
                name="household_merged_into_only_when_merged",
            ),
        ]
        permissions = [
            ("view_citizen_id", _("Can see citizen ID numbers in full")),
            ("view_health_data", _("Can see disability, health insurance and pregnancy")),
        ]

    def __str__(self):
        return f"{self.code} – {self.head_name}" if self.head_name else self.code

    def save(self, *args, **kwargs):
        self.address = normalize_text(self.address)
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            # The stored status belongs to services.refresh_status: an instance loaded before a
            # decision was recorded must not write its old copy back.
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name not in self.STATUS_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("households:detail", args=[self.code])

    def clean(self):
        super().clean()
        if self.left_on and self.entered_on and self.left_on < self.entered_on:
            raise ValidationError(
                {
                    "left_on": ValidationError(
                        _("A household leaves after it entered the register."), code="left_before_entry"
                    )
                }
            )
        if self.left_on and not self.left_reason:
            raise ValidationError(
                {"left_reason": ValidationError(_("Say why the household left."), code="left_reason_missing")}
            )
        if self.left_reason == self.LeftReason.MERGED and not self.merged_into_id:
            raise ValidationError(
                {"merged_into": ValidationError(_("Name the household it merged into."), code="merged_into_missing")}
            )
        if self.merged_into_id and self.merged_into_id == self.pk:
            raise ValidationError(
                {"merged_into": ValidationError(_("A household cannot merge into itself."), code="merged_into_self")}
            )

    def in_ward_on(self, day: date) -> bool:
        return is_present(self, day)

    @property
    def has_left(self) -> bool:
        return self.left_on is not None and self.left_on <= timezone.localdate()

    def refresh_search_fields(self, members=None):
        """Recompute head name, sort key and search text from the members."""
        members = list(self.members.all()) if members is None else members
        head = next((m for m in members if m.relation == Relation.HEAD), None)
        self.head_name = head.full_name if head else ""
        self.head_sort_key = name_sort_key(self.head_name)
        self.search_text = search_text_for(self.code, self.address, [m.full_name for m in members])

    def decision_on(self, day: date) -> StatusDecision | None:
        """The decision in force on a day: the latest effective by then."""
        return self.status_decisions.filter(effective_on__lte=day).order_by(*StatusDecision.IN_FORCE_ORDER).first()

    def latest_escape(self, day: date) -> StatusDecision | None:
        """The latest decision by the day that counts as an escape (see status.escape)."""
        escapes = self.status_decisions.filter(StatusDecision.escape_q(), effective_on__lte=day)
        return escapes.order_by(*StatusDecision.IN_FORCE_ORDER).first()

    def status_on(self, day: date) -> str:
        decision = self.decision_on(day)
        return decision.status if decision else Status.NONE


class MemberQuerySet(CommuneQuerySet):
    unit_path = "household__residential_group__unit"

    def present_on(self, day: date):
        """Members in their household on a day: arrived (or born) by then and not yet gone."""
        return self.filter(present_q(day))

    def head_first(self):
        """As the household book lists them: the head, then by relation to the head, then eldest first.

        Relations rank in Relation's order (spouse, children, their spouses, grandchildren,
        parents…), so every page, printout, form and export shows one family the same way.
        """
        relation_rank = Case(
            *(When(relation=value, then=Value(rank)) for rank, value in enumerate(Relation.values)),
            default=Value(len(Relation.values)),
            output_field=models.IntegerField(),
        )
        return self.order_by(relation_rank, "date_of_birth", "pk")


class Member(models.Model):
    """A person registered in a household (nhân khẩu), from arrival or birth to departure or death."""

    class EntryReason(models.TextChoices):
        REGISTERED = "registered", _("With the household when it was registered")
        BORN = "born", _("Born")
        MOVED_IN = "moved_in", _("Moved in")

    class LeftReason(models.TextChoices):
        DIED = "died", _("Died")
        MOVED_OUT = "moved_out", _("Moved out")

    # What the officer records of a person, in the order the form and the import template give it.
    RECORDED_FIELDS = [
        "full_name",
        "date_of_birth",
        "sex",
        "relation",
        "ethnicity",
        "citizen_id",
        "education",
        "schooling",
        "employment",
        "health_insurance",
        "disability",
        "social_allowance",
        "merit",
        "no_stable_livelihood",
        "pregnant_or_nursing",
        "low_income_worker_since",
        "low_income_worker_income",
        "low_income_worker_until",
        "entered_on",
        "entry_reason",
        "left_on",
        "left_reason",
    ]

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
    social_allowance = models.BooleanField(
        _("receives a monthly social allowance"),
        default=False,
        help_text=_(
            "An elderly or disabled person on the monthly social allowance: a dependant under the 2027–2030 standard."
        ),
    )
    merit = models.CharField(_("revolutionary merit"), max_length=10, choices=Merit.choices, blank=True)
    health_insurance = models.BooleanField(_("has health insurance"), default=True)
    schooling = models.CharField(_("schooling"), max_length=15, choices=Schooling.choices, blank=True)
    education = models.CharField(_("education level"), max_length=30, choices=Education.choices, blank=True)
    employment = models.CharField(_("employment"), max_length=15, choices=Employment.choices, blank=True)
    no_stable_livelihood = models.BooleanField(
        _("no stable livelihood"),
        default=False,
        help_text=_(
            "Recorded by the officer after checking: a person with a disability without a stable livelihood "
            "may be supported by Dự án 2 and 3.1 (KH 538/KH-UBND, III.1)."
        ),
    )
    pregnant_or_nursing = models.BooleanField(_("pregnant or nursing"), default=False)
    low_income_worker_since = models.DateField(
        _("low-income worker since"),
        null=True,
        blank=True,
        help_text=_("Date the person was recognised as a low-income worker (Nghị định 30/2025/NĐ-CP)."),
    )
    low_income_worker_income = models.PositiveBigIntegerField(
        _("household income per person per month at recognition (VND)"),
        null=True,
        blank=True,
        help_text=_("At most 3.000.000 đồng (urban) or 2.250.000 đồng (rural) (Nghị định 30/2025/NĐ-CP)."),
    )
    low_income_worker_until = models.DateField(
        _("low-income worker until"),
        null=True,
        blank=True,
        help_text=_("The last day the recognition is valid; empty: the recognition date plus the validity period."),
    )
    entered_on = models.DateField(_("in the household since"))
    entry_reason = models.CharField(
        _("how they came"), max_length=10, choices=EntryReason.choices, default=EntryReason.REGISTERED
    )
    left_on = models.DateField(_("left the household on"), null=True, blank=True)
    left_reason = models.CharField(_("why they left"), max_length=10, choices=LeftReason.choices, blank=True)
    search_name = models.CharField(max_length=150, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["search_name"])
    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["household", "date_of_birth", "pk"]
        # A priority filter's EXISTS reads these instead of the member table: a province's members
        # with a disability are 64,000 of 3.5 million, read in 30 ms where the table took 150.
        indexes = [
            models.Index(
                fields=["household", "entered_on", "left_on"],
                condition=PRIORITY_GROUPS[key].member_q(None),
                name=f"member_{key}",
            )
            for key in RARE_PRIORITY_GROUPS
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=Q(relation="head"), name="member_one_head_per_household"
            ),
            models.CheckConstraint(
                condition=Q(citizen_id__regex=r"^[0-9]{12}$") | Q(citizen_id__isnull=True),
                name="member_citizen_id_12_digits",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True, left_reason="")
                | (Q(left_on__gte=F("entered_on")) & ~Q(left_reason="")),
                name="member_left_with_reason_after_entry",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = normalize_text(self.full_name)
        self.citizen_id = self.citizen_id or None
        self.search_name = fold(self.full_name)
        self.fill_low_income_until()
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
        errors.update(self.date_problems())
        errors.update(self.low_income_problems())
        if self.pregnant_or_nursing and self.sex == Sex.MALE:
            errors["pregnant_or_nursing"] = ValidationError(
                _("Only a woman can be recorded as pregnant or nursing."), code="pregnant_male"
            )
        if errors:
            raise ValidationError(errors)

    def fill_entry(self, since: date) -> None:
        """Date a new member's arrival when none is given: birth, or `since` (the household's entry, or today)."""
        if self.entered_on is None and self.date_of_birth:
            if self.entry_reason == self.EntryReason.BORN:
                self.entered_on = self.date_of_birth
            else:
                self.entered_on = max(since, self.date_of_birth)

    def date_problems(self) -> dict[str, ValidationError]:
        """What is wrong with the member's arrival and departure dates, by field (the form and the import)."""
        problems = {}
        if self.entered_on and self.date_of_birth and self.entered_on < self.date_of_birth:
            problems["entered_on"] = ValidationError(
                _("A person cannot be in the household before they were born."), code="entered_before_birth"
            )
        elif self.entry_reason == self.EntryReason.BORN and self.entered_on and self.entered_on != self.date_of_birth:
            problems["entered_on"] = ValidationError(
                _("A member born into the household is in it from the date of birth."), code="born_entry_date"
            )
        today = timezone.localdate()
        for field in ("entered_on", "left_on"):
            value = getattr(self, field)
            if value and value > today and value != self.date_of_birth and field not in problems:
                problems[field] = ValidationError(_("This date is in the future."), code="date_in_future")
        if self.left_on and self.entered_on and self.left_on < self.entered_on and "left_on" not in problems:
            problems["left_on"] = ValidationError(_("A member leaves after they came."), code="left_before_entry")
        if bool(self.left_on) != bool(self.left_reason):
            field = "left_reason" if self.left_on else "left_on"
            problems[field] = ValidationError(
                _("Give both the date and the reason a member left."), code="left_date_and_reason"
            )
        return problems

    def fill_low_income_until(self) -> None:
        """A recognition without an end lasts the configured months (settings.GIAMNGHEO_LOW_INCOME_WORKER_MONTHS)."""
        if self.low_income_worker_since and not self.low_income_worker_until:
            self.low_income_worker_until = status.add_months(
                self.low_income_worker_since, settings.GIAMNGHEO_LOW_INCOME_WORKER_MONTHS
            )

    def low_income_problems(self, household=None) -> dict[str, ValidationError]:
        """Nghị định 30/2025/NĐ-CP: a worker of a household that is not poor or near-poor, whose income per
        person per month is at most the area's limit (settings.GIAMNGHEO_LOW_INCOME_WORKER_LIMITS)."""
        since, income, until = self.low_income_worker_since, self.low_income_worker_income, self.low_income_worker_until
        if not since:
            if income is not None or until:
                return {
                    "low_income_worker_since": ValidationError(
                        _("Give the date the person was recognised as a low-income worker."),
                        code="low_income_since_missing",
                    )
                }
            return {}
        problems = {}
        if household is None:
            try:
                household = self.household  # a new household's members have it set, without a pk yet
            except Member.household.RelatedObjectDoesNotExist:
                household = None
        if income is None:
            problems["low_income_worker_income"] = ValidationError(
                _("Give the household's income per person per month the recognition was based on."),
                code="low_income_income_missing",
            )
        elif household is not None:
            limit = settings.GIAMNGHEO_LOW_INCOME_WORKER_LIMITS[household.area_type]
            if income > limit:
                problems["low_income_worker_income"] = ValidationError(
                    _(
                        "A low-income worker's household earns at most %(limit)s đồng per person per month "
                        "in this area (Nghị định 30/2025/NĐ-CP)."
                    )
                    % {"limit": format_number(limit)},
                    code="low_income_over_limit",
                )
        if until and until < since:
            problems["low_income_worker_until"] = ValidationError(
                _("The recognition ends after it starts."), code="low_income_until_before_since"
            )
        if household is not None and household.pk and household.status_on(since) in (Status.POOR, Status.NEAR_POOR):
            problems["low_income_worker_since"] = ValidationError(
                _(
                    "A member of a poor or near-poor household is supported as such, not as a low-income worker "
                    "(Nghị định 30/2025/NĐ-CP)."
                ),
                code="low_income_in_listed_household",
            )
        return problems

    def is_low_income_worker_on(self, day: date) -> bool:
        """Recognised on or before the day and not lapsed, the end date being the last valid day
        (a period in months ends on the same day of its last month, Bộ luật Dân sự 2015, Art. 148).
        save() fills the end, so this reads the same columns as candidates.has_low_income_worker."""
        since, until = self.low_income_worker_since, self.low_income_worker_until
        return since is not None and until is not None and since <= day <= until

    # Whose children a member's are, as far as the relation to the head tells: the register keeps
    # no parent of a member, so a grandchild may be either child's or child-in-law's.
    CHILDREN_BY_RELATION = {
        Relation.HEAD: (Relation.CHILD,),
        Relation.SPOUSE: (Relation.CHILD,),
        Relation.CHILD: (Relation.GRANDCHILD,),
        Relation.CHILD_IN_LAW: (Relation.GRANDCHILD,),
        Relation.PARENT: (Relation.HEAD, Relation.SIBLING),
        Relation.GRANDPARENT: (Relation.PARENT,),
    }

    def children_among(self, members) -> list:
        """The members who are this member's children by their relations to the head."""
        relations = self.CHILDREN_BY_RELATION.get(self.relation, ())
        return [m for m in members if m.pk != self.pk and m.relation in relations]

    def age_on(self, day: date) -> int:
        return ages.age_on(self.date_of_birth, day)

    def present_on(self, day: date) -> bool:
        return is_present(self, day)

    def masked_citizen_id(self) -> str:
        return mask_citizen_id(self.citizen_id)

    def citizen_id_for(self, user) -> str:
        """The number in full for roles that need it, masked for everyone else."""
        if user.has_perm("households.view_citizen_id"):
            return self.citizen_id or ""
        return self.masked_citizen_id()


def mask_citizen_id(number: str | None) -> str:
    """A CCCD as roles without households.view_citizen_id see it: the first and last three digits."""
    if not number:
        return ""
    return number[:3] + "******" + number[-3:]


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
