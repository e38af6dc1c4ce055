"""The programme's money: every write that must keep a budget line from being overspent.

The rule that must always hold: what a line has paid out (payments and advances,
less reversals) never exceeds what it has (the allocation plus its adjustments).
Every function here locks the line before reading its totals, so two officers paying
at the same moment queue instead of both seeing the same balance: select_for_update
on PostgreSQL, IMMEDIATE transactions (one writer at a time) on SQLite.
"""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from budget.models import Adjustment, Allocation, Disbursement, Settlement, SettlementReopening
from giamngheo.money import format_money
from households.models import Household, Member
from projects.models import Activity, SubProject, Support


def _locked(allocation: Allocation) -> Allocation:
    """Lock the line, then read its totals as committed by everyone before us."""
    Allocation.objects.select_for_update().filter(pk=allocation.pk).values_list("pk").get()
    return Allocation.objects.with_totals().select_related("subproject").get(pk=allocation.pk)


def _refuse_if_settled(line: Allocation) -> None:
    """A settled year's accounts are final: nothing is paid or corrected until a decision reopens them."""
    settlement = line.settlements.in_force().first()
    if settlement is not None:
        raise ValidationError(
            _("This line was settled by %(number)s of %(day)s: record a decision reopening the settlement first.")
            % {"number": settlement.decision_number, "day": f"{settlement.decision_date:%d/%m/%Y}"},
            code="line_settled",
        )


def _recorded(request_key) -> Disbursement | None:
    """The row an earlier submission of the same form recorded, if any."""
    return Disbursement.objects.filter(request_key=request_key).first()


def _voucher_used(voucher_number: str, request_key) -> bool:
    # The same request's own voucher is not "used": that row is the answer, found on saving.
    return Disbursement.objects.filter(voucher_number=voucher_number).exclude(request_key=request_key).exists()


def _save_once(row: Disbursement) -> Disbursement:
    """Save a new ledger row, or give back the one the same request already saved."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        # Another request with the same key committed between the checks and this
        # insert (a double click racing itself): it is the same payment, already made.
        first = Disbursement.objects.filter(request_key=row.request_key).first()
        if first is not None:
            return first
        raise ValidationError(
            {"voucher_number": ValidationError(_("This voucher number is already used."), code="voucher_used")}
        ) from None
    return row


@transaction.atomic
def allocate(
    *,
    subproject: SubProject,
    budget_year: int,
    source: str,
    amount: int,
    decision_number: str,
    decision_date: date,
    issuing_body: str,
    by,
) -> Allocation:
    """Record the budget a decision assigns to a sub-project from one source for a year."""
    if Allocation.objects.filter(
        subproject=subproject, budget_year=budget_year, source=source, carried_from__isnull=True
    ).exists():
        raise ValidationError(
            _("This sub-project already has a %(year)s line from this source: record an adjustment instead.")
            % {"year": budget_year},
            code="line_exists",
        )
    allocation = Allocation(
        subproject=subproject,
        budget_year=budget_year,
        source=source,
        amount=amount,
        decision_number=decision_number,
        decision_date=decision_date,
        issuing_body=issuing_body,
        disburse_until=date(budget_year, 12, 31),
        created_by=by,
    )
    allocation.full_clean()
    allocation.save()
    return allocation


@transaction.atomic
def adjust(
    *,
    allocation: Allocation,
    kind: str,
    amount: int,
    decision_number: str,
    decision_date: date,
    issuing_body: str,
    reason="",
    by,
) -> Adjustment:
    """Raise or lower a line by a decision; a line never drops below what it has paid."""
    if amount <= 0:
        raise ValidationError(_("Enter the change as a positive amount."), code="amount_not_positive")
    if kind not in (Adjustment.Kind.INCREASE, Adjustment.Kind.DECREASE):
        raise ValidationError(_("Use the carry-over form to move money to the next year."), code="kind_invalid")
    line = _locked(allocation)
    change = amount if kind == Adjustment.Kind.INCREASE else -amount
    if line.available + change < line.disbursed:
        raise ValidationError(
            _("The line has already paid %(paid)s; it can be lowered by at most %(most)s.")
            % {"paid": format_money(line.disbursed), "most": format_money(max(line.remaining, 0))},
            code="below_disbursed",
        )
    adjustment = Adjustment(
        allocation=line,
        kind=kind,
        amount=change,
        decision_number=decision_number,
        decision_date=decision_date,
        issuing_body=issuing_body,
        reason=reason,
        created_by=by,
    )
    adjustment.full_clean()
    adjustment.save()
    return adjustment


@transaction.atomic
def carry_over(
    *,
    allocation: Allocation,
    amount: int,
    disburse_until: date,
    decision_number: str,
    decision_date: date,
    issuing_body: str,
    by,
) -> Allocation:
    """Move an unspent amount to a line of the next year, with its extended deadline."""
    line = _locked(allocation)
    if hasattr(line, "carried_to"):
        raise ValidationError(_("This line has already been carried over."), code="already_carried")
    if amount <= 0 or amount > line.remaining:
        raise ValidationError(
            _("At most the unspent %(remaining)s can be carried over.") % {"remaining": format_money(line.remaining)},
            code="over_remaining",
        )
    if disburse_until.year <= line.budget_year:
        raise ValidationError(
            _("The extended deadline must fall after %(year)s.") % {"year": line.budget_year}, code="deadline_too_early"
        )
    Adjustment.objects.create(
        allocation=line,
        kind=Adjustment.Kind.CARRY_OVER,
        amount=-amount,
        decision_number=decision_number,
        decision_date=decision_date,
        issuing_body=issuing_body,
        reason=_("Carried over to %(year)s") % {"year": line.budget_year + 1},
        created_by=by,
    )
    return Allocation.objects.create(
        subproject=line.subproject,
        budget_year=line.budget_year + 1,
        source=line.source,
        amount=amount,
        decision_number=decision_number,
        decision_date=decision_date,
        issuing_body=issuing_body,
        carried_from=line,
        disburse_until=disburse_until,
        created_by=by,
    )


def _check_payee_and_purpose(allocation, household, member, support, activity):
    errors = {}
    if member is not None and household is not None and member.household_id != household.pk:
        errors["payee_member"] = ValidationError(
            _("%(name)s is not a member of household %(code)s.") % {"name": member.full_name, "code": household.code},
            code="member_not_in_household",
        )
    if support is not None and support.subproject_id != allocation.subproject_id:
        errors["support"] = ValidationError(_("This support belongs to another sub-project."), code="other_subproject")
    if activity is not None and activity.subproject_id != allocation.subproject_id:
        errors["activity"] = ValidationError(
            _("This activity belongs to another sub-project."), code="other_subproject"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def disburse(
    *,
    allocation: Allocation,
    kind: str,
    paid_on: date,
    amount: int,
    voucher_number: str,
    payee_name: str,
    purpose: str,
    payee_household: Household | None = None,
    payee_member: Member | None = None,
    support: Support | None = None,
    activity: Activity | None = None,
    request_key: uuid.UUID | None = None,
    by,
) -> Disbursement:
    """Pay from a line without ever taking it past what it has."""
    request_key = request_key or uuid.uuid4()
    repeated = _recorded(request_key)
    if repeated is not None:
        # The same form sent twice (a double click, a retried request): one payment.
        return repeated
    if kind not in (Disbursement.Kind.ADVANCE, Disbursement.Kind.PAYMENT):
        raise ValidationError(_("Record a reversal from the payment it corrects."), code="kind_invalid")
    if amount <= 0:
        raise ValidationError({"amount": ValidationError(_("Enter an amount above zero."), code="amount_not_positive")})
    _check_payee_and_purpose(allocation, payee_household, payee_member, support, activity)
    line = _locked(allocation)
    # Read again under the lock: the first submission may have committed while this one waited.
    repeated = _recorded(request_key)
    if repeated is not None:
        return repeated
    _refuse_if_settled(line)
    if not line.starts_on() <= paid_on <= line.disburse_until:
        raise ValidationError(
            {
                "paid_on": ValidationError(
                    _("This line can pay from %(start)s to %(end)s; a later payment needs a carry-over.")
                    % {"start": f"{line.starts_on():%d/%m/%Y}", "end": f"{line.disburse_until:%d/%m/%Y}"},
                    code="outside_budget_period",
                )
            }
        )
    if amount > line.remaining:
        raise ValidationError(
            {
                "amount": ValidationError(
                    _("The amount is more than the line has left: %(remaining)s remain.")
                    % {"remaining": format_money(line.remaining)},
                    code="over_allocation",
                )
            }
        )
    if _voucher_used(voucher_number, request_key):
        raise ValidationError(
            {"voucher_number": ValidationError(_("This voucher number is already used."), code="voucher_used")}
        )
    disbursement = Disbursement(
        allocation=line,
        kind=kind,
        paid_on=paid_on,
        amount=amount,
        voucher_number=voucher_number,
        payee_household=payee_household,
        payee_member=payee_member,
        payee_name=payee_name,
        purpose=purpose,
        support=support,
        activity=activity,
        request_key=request_key,
        created_by=by,
    )
    # The key and the voucher are unique in the database; a request racing this one is
    # caught there (_save_once), not reported as Django's generic "already exists".
    disbursement.full_clean(exclude=["request_key", "voucher_number"])
    return _save_once(disbursement)


@transaction.atomic
def reverse_disbursement(
    *, disbursement: Disbursement, reason: str, voucher_number: str, paid_on: date, request_key=None, by
) -> Disbursement:
    """Correct a payment by a reversal row with its reason; the payment itself is never edited."""
    request_key = request_key or uuid.uuid4()
    repeated = _recorded(request_key)
    if repeated is not None:
        return repeated
    line = _locked(disbursement.allocation)
    repeated = _recorded(request_key)
    if repeated is not None:
        return repeated
    _refuse_if_settled(line)
    original = Disbursement.objects.get(pk=disbursement.pk)
    if original.kind == Disbursement.Kind.REVERSAL:
        raise ValidationError(_("A reversal cannot itself be reversed."), code="reverse_reversal")
    if Disbursement.objects.filter(reverses=original).exclude(request_key=request_key).exists():
        raise ValidationError(_("This payment has already been reversed."), code="already_reversed")
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Write why the payment is reversed."), code="reason_required")}
        )
    if paid_on < original.paid_on:
        raise ValidationError(
            {
                "paid_on": ValidationError(
                    _("A reversal cannot come before the payment it corrects, made on %(day)s.")
                    % {"day": f"{original.paid_on:%d/%m/%Y}"},
                    code="reversal_before_payment",
                )
            }
        )
    if not line.starts_on() <= paid_on <= line.disburse_until:
        raise ValidationError(
            {
                "paid_on": ValidationError(
                    _("A reversal on this line must be dated from %(start)s to %(end)s, within its budget period.")
                    % {"start": f"{line.starts_on():%d/%m/%Y}", "end": f"{line.disburse_until:%d/%m/%Y}"},
                    code="reversal_outside_period",
                )
            }
        )
    if _voucher_used(voucher_number, request_key):
        raise ValidationError(
            {"voucher_number": ValidationError(_("This voucher number is already used."), code="voucher_used")}
        )
    reversal = Disbursement(
        allocation=line,
        kind=Disbursement.Kind.REVERSAL,
        paid_on=paid_on,
        amount=-original.amount,
        voucher_number=voucher_number,
        payee_household=original.payee_household,
        payee_member=original.payee_member,
        payee_name=original.payee_name,
        purpose=original.purpose,
        support=original.support,
        activity=original.activity,
        reverses=original,
        reason=reason.strip(),
        request_key=request_key,
        created_by=by,
    )
    reversal.full_clean(exclude=["request_key", "reverses", "voucher_number"])
    return _save_once(reversal)


@transaction.atomic
def settle(
    *, allocation: Allocation, approved_amount: int, returned_amount: int, decision_number: str, decision_date: date, by
) -> Settlement:
    """Close a line's year: approved expenditure within what was paid, the rest returned or carried."""
    line = _locked(allocation)
    if line.settlements.in_force().exists():
        raise ValidationError(_("This line is already settled."), code="already_settled")
    if approved_amount > line.disbursed:
        raise ValidationError(
            {
                "approved_amount": ValidationError(
                    _("At most what was paid, %(paid)s, can be approved.") % {"paid": format_money(line.disbursed)},
                    code="over_disbursed",
                )
            }
        )
    if approved_amount + returned_amount > line.available:
        raise ValidationError(
            {
                "returned_amount": ValidationError(
                    _("Approved and returned together cannot exceed the line's %(available)s.")
                    % {"available": format_money(line.available)},
                    code="over_available",
                )
            }
        )
    settlement = Settlement(
        allocation=line,
        approved_amount=approved_amount,
        returned_amount=returned_amount,
        decision_number=decision_number,
        decision_date=decision_date,
        created_by=by,
    )
    settlement.full_clean()
    settlement.save()
    return settlement


@transaction.atomic
def reopen_settlement(
    *, allocation: Allocation, decision_number: str, decision_date: date, reason: str, by
) -> SettlementReopening:
    """Reopen a settled year by a recorded decision; the settlement stays in the ledger, no longer final."""
    line = _locked(allocation)
    settlement = line.settlements.in_force().first()
    if settlement is None:
        raise ValidationError(_("This line has no settlement to reopen."), code="not_settled")
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Write why the settlement is reopened."), code="reason_required")}
        )
    if decision_date < settlement.decision_date:
        raise ValidationError(
            {
                "decision_date": ValidationError(
                    _("The decision cannot come before the settlement it reopens, of %(day)s.")
                    % {"day": f"{settlement.decision_date:%d/%m/%Y}"},
                    code="reopening_before_settlement",
                )
            }
        )
    reopening = SettlementReopening(
        settlement=settlement,
        decision_number=decision_number,
        decision_date=decision_date,
        reason=reason.strip(),
        created_by=by,
    )
    reopening.full_clean()
    reopening.save()
    return reopening


def breaches() -> list[Allocation]:
    """Budget lines that pay more than they have, or hold less than nothing."""
    lines = Allocation.objects.with_totals().select_related("subproject")
    return [line for line in lines if line.disbursed > line.available or line.available < 0]
