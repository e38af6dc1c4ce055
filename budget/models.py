"""Money: allocations, adjustments, disbursements, settlements.

Whole đồng in 64-bit integers. Rows are never edited: a change is a new row, written
by budget.services, which locks the line. The tables keep the names they had when the
models lived in the projects app.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from giamngheo.money import format_money, format_number
from households.models import Household, Member
from projects.models import Activity, SubProject, Support


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

    def with_totals(self, on: date | None = None):
        """Annotate adjusted, disbursed (net of reversals), available and remaining, as of `on` if given.

        As of a day, a line counts the decisions dated and the payments made up to it,
        so a report for a past period reads the figures that period closed with.
        """
        adjustments, disbursements = Adjustment.objects.all(), Disbursement.objects.all()
        if on is not None:
            adjustments = adjustments.filter(decision_date__lte=on)
            disbursements = disbursements.filter(paid_on__lte=on)
        adjusted = (
            adjustments.filter(allocation=models.OuterRef("pk"))
            .order_by()
            .values("allocation")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        disbursed = (
            disbursements.filter(allocation=models.OuterRef("pk"))
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
        db_table = "projects_allocation"
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
        db_table = "projects_adjustment"
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
        sign = "+" if self.amount > 0 else ""
        return f"{self.decision_number} ({sign}{format_number(self.amount)})"


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
        db_table = "projects_disbursement"
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
        return f"{self.voucher_number} – {format_money(self.amount)}"


class SettlementQuerySet(models.QuerySet):
    def in_force(self):
        """Settlements no decision has reopened: a line with one is closed to payments."""
        return self.filter(reopening__isnull=True)


class Settlement(models.Model):
    """The year's accounts of a budget line (quyết toán): what was approved and returned.

    Final until a recorded decision reopens it (SettlementReopening); the line may then
    pay again and be settled anew, so a line keeps every settlement it ever had.
    """

    allocation = models.ForeignKey(Allocation, models.PROTECT, related_name="settlements", verbose_name=_("allocation"))
    approved_amount = models.PositiveBigIntegerField(_("approved expenditure (VND)"))
    returned_amount = models.PositiveBigIntegerField(_("returned to the budget (VND)"))
    decision_number = models.CharField(_("decision number"), max_length=50)
    decision_date = models.DateField(_("decision date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = SettlementQuerySet.as_manager()

    class Meta:
        db_table = "projects_settlement"
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["decision_date", "pk"]

    def __str__(self):
        return f"{self.allocation} – {self.decision_number}"


class SettlementReopening(models.Model):
    """A decision that reopens a settled year (an audit finding, a late voucher). Append-only."""

    settlement = models.OneToOneField(
        Settlement, models.PROTECT, related_name="reopening", verbose_name=_("settlement")
    )
    decision_number = models.CharField(_("decision number"), max_length=50)
    decision_date = models.DateField(_("decision date"))
    reason = models.TextField(_("reason for reopening"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("settlement reopening")
        verbose_name_plural = _("settlement reopenings")
        ordering = ["decision_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="settlement_reopening_has_reason"),
        ]

    def __str__(self):
        return f"{self.settlement} – {self.decision_number}"
