"""The money rule: a line never pays more than it has, whatever happens."""

import threading
import uuid
from datetime import date
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from budget import services as budget
from budget.models import Allocation, Disbursement, Settlement, SettlementReopening
from tests.factories import make_allocation, make_household, make_user

pytestmark = pytest.mark.django_db

PAID_ON = date(2023, 6, 1)


def pay(allocation, amount, voucher=None, **fields):
    return budget.disburse(
        allocation=allocation,
        kind=fields.pop("kind", "payment"),
        paid_on=fields.pop("paid_on", PAID_ON),
        amount=amount,
        voucher_number=voucher or f"PC-{uuid.uuid4().hex[:8]}",
        payee_name="Nguyễn Văn A",
        purpose="Hỗ trợ giống",
        by=fields.pop("by", None) or make_user(),
        **fields,
    )


def line(allocation):
    return Allocation.objects.with_totals().get(pk=allocation.pk)


def code_of(error):
    if hasattr(error, "error_dict"):
        return [e.code for errors in error.error_dict.values() for e in errors]
    return [error.code]


def test_payments_reduce_what_remains():
    allocation = make_allocation(amount=10_000_000)
    pay(allocation, 4_000_000)
    pay(allocation, 1_500_000, kind="advance")
    assert (line(allocation).disbursed, line(allocation).remaining) == (5_500_000, 4_500_000)


def test_overpaying_is_refused_and_says_what_remains():
    allocation = make_allocation(amount=10_000_000)
    pay(allocation, 9_000_000)
    with pytest.raises(ValidationError) as error:
        pay(allocation, 1_000_001)
    assert code_of(error.value) == ["over_allocation"]
    assert "1.000.000" in error.value.error_dict["amount"][0].message
    assert Disbursement.objects.count() == 1


def test_the_last_dong_can_be_paid():
    allocation = make_allocation(amount=10_000_000)
    pay(allocation, 10_000_000)
    assert line(allocation).remaining == 0


@pytest.mark.parametrize("amount", [0, -5])
def test_zero_or_negative_payment_is_refused(amount):
    allocation = make_allocation()
    with pytest.raises(ValidationError) as error:
        pay(allocation, amount)
    assert code_of(error.value) == ["amount_not_positive"]


def test_voucher_number_used_twice_is_refused():
    allocation = make_allocation()
    pay(allocation, 1, voucher="PC-01")
    with pytest.raises(ValidationError) as error:
        pay(allocation, 1, voucher="PC-01")
    assert code_of(error.value) == ["voucher_used"]


def test_payment_outside_the_budget_year_is_refused_without_a_carry_over():
    allocation = make_allocation(year=2023)
    with pytest.raises(ValidationError) as error:
        pay(allocation, 1, paid_on=date(2024, 1, 5))
    assert code_of(error.value) == ["outside_budget_period"]


def test_carry_over_moves_the_unspent_part_with_its_deadline():
    officer = make_user()
    allocation = make_allocation(amount=10_000_000)
    pay(allocation, 6_000_000)
    carried = budget.carry_over(
        allocation=allocation, amount=4_000_000, disburse_until=date(2024, 12, 31), decision_number="12/QĐ",
        decision_date=date(2024, 1, 2), issuing_body="HĐND tỉnh", by=officer,
    )  # fmt: skip
    assert line(allocation).remaining == 0
    assert (carried.budget_year, line(carried).remaining) == (2024, 4_000_000)
    pay(carried, 4_000_000, paid_on=date(2024, 3, 1))
    with pytest.raises(ValidationError) as error:
        budget.carry_over(
            allocation=allocation, amount=1, disburse_until=date(2024, 12, 31), decision_number="13/QĐ",
            decision_date=date(2024, 1, 2), issuing_body="HĐND tỉnh", by=officer,
        )  # fmt: skip
    assert code_of(error.value) == ["already_carried"]


def test_repeated_request_pays_once():
    allocation = make_allocation()
    key = uuid.uuid4()
    first = pay(allocation, 1_000_000, request_key=key)
    again = pay(allocation, 1_000_000, request_key=key, voucher="PC-OTHER")
    assert first.pk == again.pk
    assert Disbursement.objects.count() == 1


def test_reversal_restores_the_balance_and_keeps_the_payment():
    allocation = make_allocation(amount=5_000_000)
    payment = pay(allocation, 5_000_000)
    reversal = budget.reverse_disbursement(
        disbursement=payment, reason="Nhầm người nhận", voucher_number="PC-R1", paid_on=PAID_ON, by=make_user()
    )
    assert reversal.amount == -5_000_000
    assert line(allocation).remaining == 5_000_000
    assert Disbursement.objects.count() == 2
    with pytest.raises(ValidationError) as error:
        budget.reverse_disbursement(
            disbursement=payment, reason="again", voucher_number="PC-R2", paid_on=PAID_ON, by=make_user()
        )
    assert code_of(error.value) == ["already_reversed"]


def test_reversal_needs_a_reason():
    payment = pay(make_allocation(), 1_000)
    with pytest.raises(ValidationError) as error:
        budget.reverse_disbursement(
            disbursement=payment, reason=" ", voucher_number="R", paid_on=PAID_ON, by=make_user()
        )
    assert code_of(error.value) == ["reason_required"]


def test_adjustments_raise_and_lower_but_never_below_what_was_paid():
    officer = make_user()
    allocation = make_allocation(amount=10_000_000)
    pay(allocation, 7_000_000)
    common = {"decision_number": "5/QĐ", "decision_date": date(2023, 7, 1), "issuing_body": "UBND", "by": officer}
    budget.adjust(allocation=allocation, kind="increase", amount=2_000_000, **common)
    budget.adjust(allocation=allocation, kind="decrease", amount=5_000_000, **common)
    assert line(allocation).remaining == 0
    with pytest.raises(ValidationError) as error:
        budget.adjust(allocation=allocation, kind="decrease", amount=1, **common)
    assert code_of(error.value) == ["below_disbursed"]
    assert line(allocation).available == 7_000_000


def test_member_of_another_household_is_refused_as_payee():
    allocation = make_allocation()
    household, other = make_household(code="A"), make_household(code="B")
    with pytest.raises(ValidationError) as error:
        pay(allocation, 1, payee_household=household, payee_member=other.members.get())
    assert code_of(error.value) == ["member_not_in_household"]


def test_settlement_within_what_was_paid():
    allocation = make_allocation(amount=10_000_000)
    pay(allocation, 8_000_000)
    common = {"decision_number": "QT-1", "decision_date": date(2024, 3, 1), "by": make_user()}
    with pytest.raises(ValidationError) as error:
        budget.settle(allocation=allocation, approved_amount=8_000_001, returned_amount=0, **common)
    assert code_of(error.value) == ["over_disbursed"]
    settlement = budget.settle(allocation=allocation, approved_amount=8_000_000, returned_amount=2_000_000, **common)
    assert settlement.returned_amount == 2_000_000


def reverse(payment, paid_on=PAID_ON, voucher=None, **fields):
    return budget.reverse_disbursement(
        disbursement=payment,
        reason="Trả nhầm hộ",
        voucher_number=voucher or f"PC-R-{uuid.uuid4().hex[:8]}",
        paid_on=paid_on,
        by=make_user(),
        **fields,
    )


def settle(allocation, approved, returned=0, day=date(2024, 3, 1)):
    return budget.settle(
        allocation=allocation, approved_amount=approved, returned_amount=returned, decision_number="QT-1",
        decision_date=day, by=make_user(),
    )  # fmt: skip


def reopen(allocation, reason="Kiểm toán phát hiện chứng từ chưa ghi sổ", day=date(2024, 4, 1)):
    return budget.reopen_settlement(
        allocation=allocation, decision_number="15/QĐ-UBND", decision_date=day, reason=reason, by=make_user()
    )


def test_a_settled_line_pays_advances_and_reverses_nothing():
    allocation = make_allocation(amount=10_000_000)
    payment = pay(allocation, 8_000_000)
    settle(allocation, 8_000_000, 2_000_000)
    for attempt in (
        lambda: pay(allocation, 1_000),
        lambda: pay(allocation, 1_000, kind="advance"),
        lambda: reverse(payment),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert code_of(error.value) == ["line_settled"]
        assert "QT-1" in error.value.message
    assert Disbursement.objects.count() == 1
    with pytest.raises(ValidationError) as error:
        settle(allocation, 8_000_000)
    assert code_of(error.value) == ["already_settled"]


def test_a_recorded_decision_reopens_the_settlement_and_the_line_pays_and_settles_again():
    allocation = make_allocation(amount=10_000_000)
    pay(allocation, 8_000_000)
    first = settle(allocation, 8_000_000, 2_000_000)
    reopening = reopen(allocation)
    assert reopening.settlement == first
    pay(allocation, 1_000_000, paid_on=date(2023, 12, 20))
    second = settle(allocation, 9_000_000, 1_000_000, day=date(2024, 5, 1))
    # Both settlements and the decision between them stay in the ledger; only the last is in force.
    assert list(Settlement.objects.filter(allocation=allocation)) == [first, second]
    assert list(Settlement.objects.filter(allocation=allocation).in_force()) == [second]
    assert SettlementReopening.objects.count() == 1
    with pytest.raises(ValidationError) as error:
        pay(allocation, 1_000)
    assert code_of(error.value) == ["line_settled"]


@pytest.mark.parametrize(
    "fields, code",
    [
        ({"reason": "  "}, "reason_required"),
        ({"day": date(2024, 2, 28)}, "reopening_before_settlement"),
    ],
)
def test_a_reopening_needs_its_reason_and_follows_the_settlement(fields, code):
    allocation = make_allocation()
    settle(allocation, 0, 0)
    with pytest.raises(ValidationError) as error:
        reopen(allocation, **fields)
    assert code_of(error.value) == [code]
    assert not SettlementReopening.objects.exists()


def test_only_a_settlement_in_force_can_be_reopened():
    allocation = make_allocation()
    with pytest.raises(ValidationError) as error:
        reopen(allocation)
    assert code_of(error.value) == ["not_settled"]
    settle(allocation, 0, 0)
    reopen(allocation)
    with pytest.raises(ValidationError) as error:
        reopen(allocation)
    assert code_of(error.value) == ["not_settled"]


@pytest.mark.parametrize(
    "reversed_on, code",
    [
        (date(2023, 5, 1), "reversal_before_payment"),  # the reversal of 01/05/2023 for a payment of 11/06
        (date(2031, 1, 1), "reversal_outside_period"),  # the 2031 reversal on a 2023 line
        (date(2024, 1, 1), "reversal_outside_period"),
    ],
)
def test_a_misdated_reversal_is_refused_on_its_date(reversed_on, code):
    payment = pay(make_allocation(year=2023), 1_000, paid_on=date(2023, 6, 11))
    with pytest.raises(ValidationError) as error:
        reverse(payment, paid_on=reversed_on)
    assert list(error.value.error_dict) == ["paid_on"]
    assert code_of(error.value) == [code]
    assert Disbursement.objects.count() == 1


def test_a_reversal_on_the_payment_day_or_within_the_carry_over_is_accepted():
    allocation = make_allocation(year=2023, amount=2_000)
    payment = pay(allocation, 1_000, paid_on=date(2023, 6, 11))
    assert reverse(payment, paid_on=date(2023, 6, 11)).amount == -1_000
    carried = budget.carry_over(
        allocation=allocation, amount=2_000, disburse_until=date(2024, 6, 30), decision_number="12/QĐ",
        decision_date=date(2024, 1, 2), issuing_body="HĐND tỉnh", by=make_user(),
    )  # fmt: skip
    late = pay(carried, 500, paid_on=date(2024, 3, 1))
    assert reverse(late, paid_on=date(2024, 6, 30)).amount == -500
    with pytest.raises(ValidationError) as error:
        reverse(pay(carried, 500, paid_on=date(2024, 3, 1)), paid_on=date(2024, 7, 1))
    assert code_of(error.value) == ["reversal_outside_period"]


@pytest.mark.parametrize("kind", ["payment", "reversal"])
def test_a_request_key_saved_by_a_racing_request_gives_back_its_row(kind):
    """The IntegrityError path: the first request committed after this one's checks ran."""
    allocation = make_allocation()
    key = uuid.uuid4()
    original = pay(allocation, 1_000, voucher="PC-1")
    first = (
        pay(allocation, 1_000, voucher="PC-2", request_key=key)
        if kind == "payment"
        else reverse(original, voucher="PC-2", request_key=key)
    )
    with mock.patch("budget.services._recorded", return_value=None) as recorded:
        if kind == "payment":
            again = pay(allocation, 1_000, voucher="PC-2", request_key=key)
        else:
            again = reverse(original, voucher="PC-2", request_key=key)
    assert recorded.called
    assert again == first
    assert Disbursement.objects.count() == 2


def test_a_voucher_taken_by_a_racing_request_is_refused_on_its_field():
    allocation = make_allocation()
    pay(allocation, 1_000, voucher="PC-1")
    with mock.patch("budget.services._voucher_used", return_value=False), pytest.raises(ValidationError) as error:
        pay(allocation, 1_000, voucher="PC-1")
    assert code_of(error.value) == ["voucher_used"]
    assert Disbursement.objects.count() == 1


def test_check_budgets_passes_on_sound_lines_and_fails_on_a_breach(capsys):
    allocation = make_allocation(amount=1_000)
    pay(allocation, 1_000)
    call_command("check_budgets")
    # A breach can only come from outside the rules (a raw SQL edit, a restore gone wrong).
    Allocation.objects.filter(pk=allocation.pk).update(amount=500)
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_budgets")
    assert exit_info.value.code == 1
    assert "500" in capsys.readouterr().out


# Serialized like every transactional test: its flush must not re-create the content types the
# next serialized test restores, and the roles and standards the migrations made must come back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs row locks and real concurrency: PostgreSQL")
def test_two_officers_paying_at_once_cannot_overspend():
    allocation = make_allocation(amount=10_000_000)
    officer = make_user()
    outcomes = []
    barrier = threading.Barrier(8)

    def attempt(index):
        try:
            barrier.wait()
            pay(allocation, 3_000_000, voucher=f"PC-{index}", by=officer)
            outcomes.append("paid")
        except ValidationError as error:
            outcomes.append(code_of(error)[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["over_allocation"] * 5 + ["paid"] * 3
    assert line(allocation).disbursed == 9_000_000


def test_money_rows_cannot_be_added_changed_or_deleted_in_the_admin(client):
    from giamngheo.models import User

    allocation = make_allocation()
    payment = pay(allocation, 1_000)
    client.force_login(User.objects.create_superuser("root", password="x"))
    assert client.get(f"/admin/budget/disbursement/{payment.pk}/change/").status_code == 200  # read-only view
    assert client.post(f"/admin/budget/disbursement/{payment.pk}/change/", {"amount": "9"}).status_code == 403
    assert client.get("/admin/budget/disbursement/add/").status_code == 403
    assert client.post(f"/admin/budget/disbursement/{payment.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Disbursement.objects.get(pk=payment.pk).amount == 1_000


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs row locks and real concurrency: PostgreSQL")
def test_a_double_click_racing_itself_pays_once_and_both_get_the_payment():
    allocation = make_allocation(amount=10_000_000)
    officer, key = make_user(), uuid.uuid4()
    outcomes = []
    barrier = threading.Barrier(4)

    def attempt():
        try:
            barrier.wait()
            outcomes.append(pay(allocation, 1_000_000, voucher="PC-DOUBLE", request_key=key, by=officer).pk)
        except ValidationError as error:
            outcomes.append(code_of(error)[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == [Disbursement.objects.get().pk] * 4
