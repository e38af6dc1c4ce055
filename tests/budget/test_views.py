"""The finance officer's path through the budget pages, and who may see or change the money."""

import io
import uuid
from datetime import UTC, date, datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from budget import services as budget
from budget.models import Adjustment, Allocation, Disbursement, Settlement, SettlementReopening
from households.models import Status
from projects.importers import SupportImporter
from projects.models import Support
from tests.factories import (
    OFFICERS,
    error_codes,
    make_allocation,
    make_child_household,
    make_member,
    make_officer,
    make_support,
    make_user,
    make_xlsx,
)
from tests.giamngheo.test_money import REFUSED

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(client, plan):
    officer = make_officer("taichinh", "finance", full_name="Phạm Văn Hùng")
    client.force_login(officer)
    return officer


def pay_form(line, **fields):
    return {
        "request_key": str(uuid.uuid4()),
        "kind": "payment",
        "paid_on": "05/06/2023",
        "voucher_number": f"PC-{uuid.uuid4().hex[:6]}",
        "purpose": "Hỗ trợ giống",
        "payee_household": "",
        "payee_name": "",
        **fields,
    }


def test_finance_officer_allocates_pays_is_refused_reverses_and_exports(client, finance, plan):
    farming, livelihood = plan.subprojects.get(local_code="3.1"), plan.subprojects.get(local_code="2")
    for subproject in (farming, livelihood):
        for source, amount in (("central_recurrent", "10.000.000"), ("local_counterpart", "2000000")):
            response = client.post(
                reverse("budget:allocation_create"),
                {
                    "subproject": subproject.pk,
                    "budget_year": "2023",
                    "source": source,
                    "amount": amount,
                    "decision_number": "112/QĐ-UBND",
                    "decision_date": "15/03/2023",
                    "issuing_body": "UBND thành phố Nha Trang",
                },
            )
            assert response.status_code == 302
    line = Allocation.objects.get(subproject=farming, source="central_recurrent")
    supports = [make_support(farming, f"S{i}", value=3_000_000) for i in range(3)]
    url = reverse("budget:disbursement_create", args=[line.pk])
    for support in supports:
        assert client.post(url, pay_form(line, support=support.pk, amount="3.000.000")).status_code == 302
    paid = Disbursement.objects.get(support=supports[0])
    assert (paid.payee_household, paid.payee_member) == (supports[0].household, supports[0].member)

    refused = client.post(url, pay_form(line, payee_name="Hợp tác xã", amount="1.000.001"))
    errors = refused.context["form"].errors.as_data()["amount"]
    assert [e.code for e in errors] == ["over_allocation"]
    assert "1.000.000" in errors[0].message
    assert Disbursement.objects.count() == 3

    reverse_url = reverse("budget:reversal_create", args=[paid.pk])
    response = client.post(
        reverse_url,
        {"request_key": str(uuid.uuid4()), "paid_on": "10/06/2023", "voucher_number": "PC-R1", "reason": "Trả nhầm hộ"},
    )
    assert response.status_code == 302
    assert Allocation.objects.with_totals().get(pk=line.pk).remaining == 4_000_000

    export = client.get(reverse("budget:overview"), {"year": "2023", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    total = next(row for row in values if row[0] in ("Tổng cộng", "Total"))
    assert total[2:7] == [24_000_000, 0, 24_000_000, 6_000_000, 18_000_000]
    assert total[7] == 25  # the rate, 6.000.000 of 24.000.000, is a number in the sheet, not text
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in str(v) for row in values for v in row if v)
    assert any(v == "Phạm Văn Hùng" for row in values for v in row)


def test_a_double_click_pays_once_and_both_posts_land_on_the_payment(client, finance, plan):
    line = make_allocation(plan.subprojects.get(local_code="3.1"))
    data = pay_form(line, payee_name="Hợp tác xã", amount="1.000.000", voucher_number="PC-77")
    url = reverse("budget:disbursement_create", args=[line.pk])
    first, second = client.post(url, data), client.post(url, data)
    payment = Disbursement.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"{line.get_absolute_url()}#entry-{payment.pk}"
    page = client.get(second["Location"])
    assert [m.level_tag for m in page.context["messages"]] == ["success", "success"]
    assert f'id="entry-{payment.pk}"' in page.content.decode()


def test_a_double_click_racing_past_the_checks_still_lands_on_the_first_payment(client, finance, plan):
    line = make_allocation(plan.subprojects.get(local_code="3.1"))
    data = pay_form(line, payee_name="Hợp tác xã", amount="1.000.000", voucher_number="PC-78")
    url = reverse("budget:disbursement_create", args=[line.pk])
    first = client.post(url, data)
    # As if the first request committed only after the second had looked for its key.
    with mock.patch("budget.services._recorded", return_value=None):
        second = client.post(url, data)
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Disbursement.objects.count() == 1


def test_a_repeated_reversal_form_reverses_once_without_an_error(client, finance, plan):
    line = make_allocation(plan.subprojects.get(local_code="3.1"))
    payment = budget.disburse(
        allocation=line, kind="payment", paid_on=date(2023, 6, 1), amount=1_000, voucher_number="PC-A",
        payee_name="A", purpose="x", by=finance,
    )  # fmt: skip
    data = {"request_key": str(uuid.uuid4()), "paid_on": "10/06/2023", "voucher_number": "PC-R", "reason": "Nhầm"}
    url = reverse("budget:reversal_create", args=[payment.pk])
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Disbursement.objects.filter(kind="reversal").count() == 1


def test_the_reversal_page_says_what_its_buttons_do(client, finance, plan):
    line = make_allocation(plan.subprojects.get(local_code="3.1"))
    payment = budget.disburse(
        allocation=line, kind="payment", paid_on=date(2023, 6, 1), amount=1_000, voucher_number="PC-A",
        payee_name="A", purpose="x", by=finance,
    )  # fmt: skip
    response = client.get(reverse("budget:reversal_create", args=[payment.pk]))
    content = response.content.decode()
    assert str(response.context["submit_label"]) in content
    assert str(response.context["cancel_label"]) in content
    assert response.context["cancel_url"] == f"{line.get_absolute_url()}#entry-{payment.pk}"
    assert f'href="{response.context["cancel_url"]}"' in content


def test_after_settlement_the_payment_form_refuses_until_the_settlement_is_reopened(client, finance, plan):
    line = make_allocation(plan.subprojects.get(local_code="3.1"))
    pay_url = reverse("budget:disbursement_create", args=[line.pk])
    assert client.post(pay_url, pay_form(line, payee_name="A", amount="4.000.000")).status_code == 302
    settled = client.post(
        reverse("budget:settlement_create", args=[line.pk]),
        {"approved_amount": "4.000.000", "returned_amount": "6.000.000", "decision_number": "QT-1",
         "decision_date": "01/03/2024"},
    )  # fmt: skip
    assert settled.status_code == 302
    page = client.get(line.get_absolute_url())
    assert pay_url not in page.content.decode()
    assert reverse("budget:settlement_reopen", args=[line.pk]) in page.content.decode()

    refused = client.post(pay_url, pay_form(line, payee_name="A", amount="1.000"))
    assert refused.status_code == 200
    assert [e.code for e in refused.context["form"].errors.as_data()["__all__"]] == ["line_settled"]

    reopen_url = reverse("budget:settlement_reopen", args=[line.pk])
    early = client.post(reopen_url, {"decision_number": "15/QĐ", "decision_date": "01/02/2024", "reason": "Sót"})
    assert [e.code for e in early.context["form"].errors.as_data()["decision_date"]] == ["reopening_before_settlement"]
    reopened = client.post(
        reopen_url, {"decision_number": "15/QĐ", "decision_date": "02/03/2024", "reason": "Sót chứng từ"}
    )
    assert reopened.status_code == 302
    assert client.post(pay_url, pay_form(line, payee_name="A", amount="1.000")).status_code == 302
    assert Disbursement.objects.count() == 2


def test_a_misdated_reversal_is_refused_on_its_date_field(client, finance, plan):
    line = make_allocation(plan.subprojects.get(local_code="3.1"))
    payment = budget.disburse(
        allocation=line, kind="payment", paid_on=date(2023, 6, 11), amount=1_000, voucher_number="PC-A",
        payee_name="A", purpose="x", by=finance,
    )  # fmt: skip
    url = reverse("budget:reversal_create", args=[payment.pk])
    response = client.post(
        url, {"request_key": str(uuid.uuid4()), "paid_on": "01/05/2023", "voucher_number": "R", "reason": "Nhầm"}
    )
    assert [e.code for e in response.context["form"].errors.as_data()["paid_on"]] == ["reversal_before_payment"]
    assert not response.context["form"].non_field_errors()
    assert Disbursement.objects.count() == 1


def test_the_reviewer_sees_who_recorded_each_money_row_and_when(client, plan):
    finance = make_officer("taichinh", "finance", full_name="Phạm Văn Hùng")
    line = make_allocation(plan.subprojects.get(local_code="3.1"), by=finance)
    common = {"decision_date": date(2023, 7, 1), "issuing_body": "UBND", "by": finance}
    budget.adjust(allocation=line, kind="increase", amount=1_000_000, decision_number="5/QĐ", **common)
    payment = budget.disburse(
        allocation=line, kind="payment", paid_on=date(2023, 6, 5), amount=2_000_000, voucher_number="PC-A",
        payee_name="A", purpose="x", by=finance,
    )  # fmt: skip
    budget.reverse_disbursement(
        disbursement=payment, reason="Nhầm", voucher_number="PC-R", paid_on=date(2023, 6, 6), by=finance
    )
    budget.settle(
        allocation=line, approved_amount=0, returned_amount=0, decision_number="QT-1",
        decision_date=date(2024, 3, 1), by=finance,
    )  # fmt: skip
    budget.reopen_settlement(
        allocation=line, decision_number="15/QĐ", decision_date=date(2024, 3, 2), reason="Sót", by=finance
    )
    # 03:30 UTC is 10:30 in Hà Nội: the page shows the ward's time.
    stamp = datetime(2023, 6, 5, 3, 30, tzinfo=UTC)
    for model in (Adjustment, Disbursement, Settlement, SettlementReopening):
        model.objects.update(created_at=stamp)
    client.force_login(make_officer("mattran", "fatherland-front"))

    page = client.get(line.get_absolute_url()).content.decode()
    # Two ledger rows, the adjustment, the settlement and its reopening.
    assert page.count("Phạm Văn Hùng · 05/06/2023 10:30") == 5
    ledger = client.get(reverse("budget:ledger")).content.decode()
    assert ledger.count("Phạm Văn Hùng · 05/06/2023 10:30") == 2
    export = client.get(reverse("budget:ledger"), {"format": "xlsx"})
    rows = [[cell.value for cell in row] for row in load_workbook(io.BytesIO(export.content)).active.iter_rows()]
    assert sum(row[-2:] == ["Phạm Văn Hùng", "05/06/2023 10:30"] for row in rows) == 2


def test_the_payment_form_tells_apart_supports_of_the_same_household_and_items(client, finance, plan):
    farming = plan.subprojects.get(local_code="3.1")
    first = make_support(farming, "PH06-0150", value=3_000_000)
    household = first.household
    mother = make_member(household, full_name="Lê Thị Lan", date_of_birth=date(1985, 3, 1), sex="F")
    Support.objects.create(
        subproject=farming, household=household, member=mother, kind="in_kind", items=first.items, value=1_500_000,
        supported_on=date(2023, 7, 2), eligible=True, rule="r", created_by=finance,
    )  # fmt: skip
    line = make_allocation(farming)
    form = client.get(reverse("budget:disbursement_create", args=[line.pk])).context["form"]
    labels = [label for value, label in form.fields["support"].choices if value]
    assert len(labels) == len(set(labels)) == 2
    assert "PH06-0150 – Lê Thị Lan – 02/07/2023 – Giống gà – 1.500.000\u00a0₫" in labels


@pytest.mark.parametrize("query, year", [("?year=2023", 2023), ("?year=abc", None), ("", None)])
def test_the_allocation_form_takes_its_year_from_the_page_it_was_opened_from(client, finance, plan, query, year):
    make_allocation(plan.subprojects.get(local_code="3.1"), year=2023)
    overview = client.get(reverse("budget:overview"), {"year": "2023"}).content.decode()
    assert f"{reverse('budget:allocation_create')}?year=2023" in overview
    form = client.get(reverse("budget:allocation_create") + query).context["form"]
    assert form.initial["budget_year"] == (year or timezone.localdate().year)


def test_the_allocation_form_opened_for_a_sub_project_takes_its_plan_year(client, finance, plan):
    farming = plan.subprojects.get(local_code="3.1")
    form = client.get(reverse("budget:allocation_create"), {"subproject": farming.pk}).context["form"]
    assert (form.initial["budget_year"], form.initial["subproject"]) == (plan.year, farming)


@pytest.mark.parametrize(
    "fields, field, code",
    [
        ({"amount": "0"}, "amount", "min_value"),
        ({"amount": "-5"}, "amount", "money_negative"),
        ({"amount": "abc"}, "amount", "money_format"),
        ({"paid_on": "05/01/2024"}, "paid_on", "outside_budget_period"),
        ({"payee_household": "NO-SUCH"}, "payee_household", "household_unknown"),
    ],
)
def test_bad_payment_is_refused_and_nothing_is_saved(client, finance, plan, fields, field, code):
    line = make_allocation(plan.subprojects.get(local_code="3.1"))
    response = client.post(
        reverse("budget:disbursement_create", args=[line.pk]),
        pay_form(line, **{"payee_name": "Hợp tác xã", "amount": "1.000", **fields}),
    )
    assert code in [e.code for e in response.context["form"].errors.as_data()[field]]
    assert not Disbursement.objects.exists()


@pytest.mark.usefixtures("tasks_run_immediately")
@pytest.mark.parametrize(("typed", "code"), REFUSED)
def test_a_mistyped_amount_is_refused_by_the_payment_form_and_the_support_import_alike(
    client, finance, plan, nutrition, health_officer, typed, code
):
    line = make_allocation(nutrition)
    response = client.post(
        reverse("budget:disbursement_create", args=[line.pk]), pay_form(line, payee_name="Hợp tác xã", amount=typed)
    )
    (error,) = response.context["form"].errors.as_data()["amount"]
    assert error.code == code
    assert typed.strip() in error.message % error.params
    assert not Disbursement.objects.exists()

    make_child_household(Status.NEAR_POOR, "C1")
    row = {
        "Số tiểu dự án": nutrition.local_code, "Năm kế hoạch": 2023, "Mã hộ": "C1",
        "Họ và tên người nhận": "Trần Bé Na", "Ngày sinh người nhận": "01/01/2020", "Loại hỗ trợ": "Hiện vật",
        "Nội dung hỗ trợ": "Vi chất dinh dưỡng", "Số lượng": 1, "Giá trị (đồng)": typed, "Ngày hỗ trợ": "05/06/2023",
    }  # fmt: skip
    report = SupportImporter(user=health_officer, commit=True).run("hotro.xlsx", make_xlsx([row]))
    assert error_codes(report) == [code]
    assert not Support.objects.exists()


def test_voucher_used_twice_is_refused_on_its_field(client, finance, plan):
    line = make_allocation(plan.subprojects.get(local_code="3.1"))
    url = reverse("budget:disbursement_create", args=[line.pk])
    client.post(url, pay_form(line, payee_name="A", amount="1.000", voucher_number="PC-1"))
    response = client.post(url, pay_form(line, payee_name="B", amount="1.000", voucher_number="PC-1"))
    assert [e.code for e in response.context["form"].errors.as_data()["voucher_number"]] == ["voucher_used"]
    assert Disbursement.objects.count() == 1


@pytest.mark.parametrize("who", list(OFFICERS))
def test_budget_access_matrix(client, plan, who):
    line = make_allocation(plan.subprojects.get(local_code="3.1"))
    payment = budget.disburse(
        allocation=line, kind="payment", paid_on=date(2023, 6, 1), amount=1_000, voucher_number="PC-A",
        payee_name="A", purpose="x", by=make_user(),
    )  # fmt: skip
    role, unit = OFFICERS[who]
    client.force_login(make_officer(role, unit))
    read = [reverse("budget:overview"), reverse("budget:ledger")]
    line_page = reverse("budget:allocation_detail", args=[line.pk])
    writes = [
        reverse("budget:allocation_create"),
        reverse("budget:disbursement_create", args=[line.pk]),
        reverse("budget:adjustment_create", args=[line.pk]),
        reverse("budget:carry_over_create", args=[line.pk]),
        reverse("budget:settlement_create", args=[line.pk]),
        reverse("budget:settlement_reopen", args=[line.pk]),
        reverse("budget:reversal_create", args=[payment.pk]),
    ]
    for url in read:
        assert client.get(url).status_code == 200, url
    # The farmers' association leads 3.1; the health station does not see it.
    assert client.get(line_page).status_code == (404 if who == "tramyte" else 200)
    for url in writes:
        assert client.get(url).status_code == (200 if who == "taichinh" else 403), url
        if who != "taichinh":
            assert client.post(url, {"amount": "1"}).status_code == 403
    assert Disbursement.objects.count() == 1


def test_health_station_sees_only_its_own_money(client, plan):
    make_allocation(plan.subprojects.get(local_code="3.1"))
    make_allocation(plan.subprojects.get(local_code="3.2"))
    client.force_login(make_officer("donvi", "health-station"))
    rows = client.get(reverse("budget:overview")).context["rows"]
    assert [group["subproject"].local_code for group in rows] == ["3.2"]


def test_overview_and_ledger_use_constant_queries(client, finance, plan):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add_lines(codes):
        for code in codes:
            line = make_allocation(plan.subprojects.get(local_code=code), amount=5_000_000)
            for index in range(3):
                budget.disburse(
                    allocation=line, kind="payment", paid_on=date(2023, 6, 1), amount=1_000,
                    voucher_number=f"PC-{code}-{index}", payee_name="A", purpose="x", by=finance,
                )  # fmt: skip

    add_lines(["2"])
    pages = [reverse("budget:overview"), reverse("budget:ledger")]
    before = [queries(url) for url in pages]
    add_lines(["3.1", "3.2", "4.1"])
    assert [queries(url) for url in pages] == before


def test_the_line_page_uses_constant_queries(client, finance, plan):
    line = make_allocation(plan.subprojects.get(local_code="2"), amount=50_000_000)
    common = {"decision_date": date(2023, 7, 1), "issuing_body": "UBND", "by": finance}

    def add_rows(count):
        for _index in range(count):
            payment = budget.disburse(
                allocation=line, kind="payment", paid_on=date(2023, 6, 1), amount=1_000,
                voucher_number=f"PC-{uuid.uuid4().hex[:8]}", payee_name="A", purpose="x", by=make_user(),
            )  # fmt: skip
            budget.reverse_disbursement(
                disbursement=payment, reason="Nhầm", voucher_number=f"PC-R-{payment.pk}", paid_on=date(2023, 6, 2),
                by=make_user(),
            )  # fmt: skip
            budget.adjust(allocation=line, kind="increase", amount=1_000, decision_number="5/QĐ", **common)
            budget.settle(
                allocation=line, approved_amount=0, returned_amount=0, decision_number="QT",
                decision_date=date(2024, 3, 1), by=make_user(),
            )  # fmt: skip
            budget.reopen_settlement(
                allocation=line, decision_number="R", decision_date=date(2024, 3, 1), reason="Sót", by=make_user()
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(line.get_absolute_url()).status_code == 200
        return len(captured)

    add_rows(1)
    before = queries()
    add_rows(4)
    assert queries() == before


def test_a_settled_line_refuses_a_payment_once_on_the_page(client, finance, plan):
    line = make_allocation(plan.subprojects.get(local_code="3.1"))
    budget.settle(
        allocation=line, approved_amount=0, returned_amount=0, decision_number="QT-1", decision_date=date(2023, 12, 31),
        by=finance,
    )  # fmt: skip
    response = client.post(
        reverse("budget:disbursement_create", args=[line.pk]),
        pay_form(line, payee_name="A", amount="1.000", voucher_number="PC-9"),
    )
    assert [e.code for e in response.context["form"].errors.as_data()["__all__"]] == ["line_settled"]
    assert response.content.decode().count('id="form-errors"') == 1


def test_the_province_s_budget_names_each_sub_project_s_commune_on_the_page_and_in_excel(client):
    from django.contrib.auth.models import Group

    from tests.factories import make_plan, make_ward

    lines = []
    for name, code in (("Xã Hai", "P2"), ("Phường Một", "P1")):
        plan = make_plan(make_ward(name, code=code))
        lines.append(make_allocation(plan.subprojects.get(official_code="DA2"), amount=5_000_000))
    reader = make_user(username="province")
    reader.groups.add(Group.objects.get(name="Sở Nội vụ (tỉnh)"))
    client.force_login(reader)
    rows = client.get(reverse("budget:overview"), {"year": "2023"}).context["rows"]
    labels = [row["label"] for row in rows]
    assert labels == [f"Phường Một – {lines[1].subproject}", f"Xã Hai – {lines[0].subproject}"]
    export = client.get(reverse("budget:overview"), {"year": "2023", "format": "xlsx"})
    cells = [row[0].value for row in load_workbook(io.BytesIO(export.content)).active.iter_rows()]
    assert [cell for cell in cells if cell in labels] == labels
    # Every commune's lines: the province heads the sheet, not one of the communes.
    from giamngheo.models import AdministrativeUnit

    assert cells[0] == AdministrativeUnit.objects.province().title().upper()
    # The ledger: a commune column on the page and in its sheet, the same for each entry.
    from tests.budget.test_budget import pay

    for line in lines:
        pay(line, 1_000_000, by=make_user())
    page = client.get(reverse("budget:ledger")).content.decode()
    assert page.count("<td>Phường Một</td>") == page.count("<td>Xã Hai</td>") == 1
    export = client.get(reverse("budget:ledger"), {"format": "xlsx"})
    values = [[cell.value for cell in row] for row in load_workbook(io.BytesIO(export.content)).active.iter_rows()]
    header = next(row for row in values if "Xã, phường" in row or "Commune" in row)
    column = header.index("Xã, phường" if "Xã, phường" in header else "Commune")
    body = values[values.index(header) + 1 : values.index(header) + 3]
    assert sorted(row[column] for row in body) == ["Phường Một", "Xã Hai"]
