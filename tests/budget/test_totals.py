"""Budget totals computed once, on the queryset, checked against plain SQL over the same ledger."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from budget import services as budget
from budget.models import Allocation
from home import dashboard
from monitoring import indicators
from tests.factories import make_allocation, make_plan, make_user

pytestmark = pytest.mark.django_db

# Each line's amount plus the adjustments decided by a day, and what it had paid by then.
RAW_TOTALS = """
    SELECT a.id, a.amount,
           COALESCE((SELECT SUM(j.amount) FROM projects_adjustment j
                     WHERE j.allocation_id = a.id AND j.decision_date <= %(on)s), 0),
           COALESCE((SELECT SUM(d.amount) FROM projects_disbursement d
                     WHERE d.allocation_id = a.id AND d.paid_on <= %(on)s), 0)
    FROM projects_allocation a
"""


def raw_totals(on: date) -> dict[int, tuple[int, int, int, int]]:
    """(adjusted, disbursed, available, remaining) of every line as of `on`, without the ORM."""
    with connection.cursor() as cursor:
        cursor.execute(RAW_TOTALS, {"on": on})
        return {pk: (adj, paid, amount + adj, amount + adj - paid) for pk, amount, adj, paid in cursor.fetchall()}


def orm_totals(on: date | None = None) -> dict[int, tuple[int, int, int, int]]:
    lines = Allocation.objects.with_totals(on=on)
    return {line.pk: (line.adjusted, line.disbursed, line.available, line.remaining) for line in lines}


@pytest.fixture
def ledger():
    """Two lines of 2023: one with a full year of entries, including a reversal and a carry-over; one untouched."""
    officer = make_user()
    subprojects = make_plan().subprojects.order_by("order")
    busy = make_allocation(subprojects[0], amount=10_000_000, by=officer)
    idle = make_allocation(subprojects[1], amount=5_000_000, by=officer)

    def adjust(kind, amount, day):
        budget.adjust(allocation=busy, kind=kind, amount=amount, decision_number=f"QĐ-{day:%m%d}",
                      decision_date=day, issuing_body="UBND", reason="x", by=officer)  # fmt: skip

    def pay(amount, day, kind="payment"):
        return budget.disburse(allocation=busy, kind=kind, paid_on=day, amount=amount,
                               voucher_number=f"PC-{day:%m%d}", payee_name="x", purpose="x", by=officer)  # fmt: skip

    adjust("increase", 2_000_000, date(2023, 3, 1))
    first = pay(3_000_000, date(2023, 4, 1))
    pay(1_000_000, date(2023, 5, 1), kind="advance")
    adjust("decrease", 1_000_000, date(2023, 7, 1))
    budget.reverse_disbursement(disbursement=first, reason="Sai người nhận", voucher_number="PC-R",
                                paid_on=date(2023, 8, 1), by=officer)  # fmt: skip
    pay(2_000_000, date(2023, 9, 1))
    carried = budget.carry_over(allocation=busy, amount=1_500_000, disburse_until=date(2024, 12, 31),
                                decision_number="QĐ-CO", decision_date=date(2023, 12, 20), issuing_body="UBND",
                                by=officer)  # fmt: skip
    return {"busy": busy, "idle": idle, "carried": carried, "officer": officer}


@pytest.mark.parametrize(
    "on",
    [date(2023, 1, 31), date(2023, 4, 1), date(2023, 7, 31), date(2023, 8, 1), date(2023, 12, 31)],
)
def test_totals_as_of_a_day_match_plain_sql(ledger, on):
    assert orm_totals(on) == raw_totals(on)


def test_totals_before_and_after_the_reversal_by_hand(ledger):
    busy, idle = ledger["busy"].pk, ledger["idle"].pk
    before = orm_totals(date(2023, 7, 31))  # the 3.000.000 payment not yet reversed; lowered by 1.000.000
    assert before[busy] == (1_000_000, 4_000_000, 11_000_000, 7_000_000)
    after = orm_totals(date(2023, 8, 1))
    assert after[busy] == (1_000_000, 1_000_000, 11_000_000, 10_000_000)
    assert before[idle] == after[idle] == (0, 0, 5_000_000, 5_000_000)


def test_totals_without_a_day_count_every_entry(ledger):
    assert orm_totals() == raw_totals(date.max)
    assert orm_totals()[ledger["busy"].pk] == (-500_000, 3_000_000, 9_500_000, 6_500_000)  # 1.500.000 carried over


def test_report_and_dashboard_read_the_same_totals(ledger):
    half_year = indicators.compute(date(2023, 1, 1), date(2023, 7, 31), 2023)["budget"]
    busy = next(row for row in half_year if row["subproject_id"] == ledger["busy"].subproject_id)
    assert (busy["available"], busy["disbursed"], busy["rate"]) == (11_000_000, 4_000_000, "36.36")
    bars = dashboard.disbursement(date(2023, 12, 31), make_user("taichinh"))
    rates = {bar["code"]: bar["rate"] for bar in bars}
    assert rates[ledger["busy"].subproject.local_code] == Decimal("31.58")  # 3.000.000 of 9.500.000
    assert rates[ledger["idle"].subproject.local_code] == Decimal("0.00")
