"""The programme in a real browser: a unit records a support, finance pays, the report is frozen.

Each test walks a page path as a new user would, from the navigation bar on. Elements
are found by ids, names, values and addresses, never by their wording: the interface
is translated. The data the officers would not type themselves is made in the database.
"""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from budget.models import Allocation, Disbursement
from households.models import Status
from monitoring import indicators
from monitoring.models import Report
from projects.models import Support
from tests.browser.test_registry_browser import PASSWORD, log_in, path_re
from tests.factories import (
    make_activity,
    make_allocation,
    make_decision,
    make_group,
    make_household,
    make_officer,
    make_support,
    make_user,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHILD = {"full_name": "Trần Bé Na", "date_of_birth": date(2020, 1, 1), "sex": "F"}


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def type_into(page: Page, selector: str, text: str) -> None:
    """Clear a field and type into it key by key, as an officer does."""
    field = page.locator(selector)
    field.fill("")
    field.press_sequentially(text)


def type_all(page: Page, fields: dict[str, str]) -> None:
    """Type into each field in turn: {selector: text}."""
    for selector, text in fields.items():
        type_into(page, selector, text)


def open_from_nav(page: Page, url_name: str) -> str:
    url = reverse(url_name)
    page.locator(f'nav a[href="{url}"]').click()
    expect(page).to_have_url(path_re(url))
    return url


def money_pattern(amount: str) -> re.Pattern:
    """`amount` as a whole figure, not the tail of a larger one."""
    return re.compile(r"(^|[^\d.])" + re.escape(amount) + r"($|[^\d.])")


# --- 1. The health station records a nutrition support (issue 3) --------------------------


def fill_support(page: Page, code: str, member_pk: int, activity_pk: int) -> None:
    """Household code, check so the members are listed, then the rest of the form, and check again."""
    type_into(page, "#id_household", code)
    page.locator('button[name="check"]').click()
    members = page.locator("#id_member option")
    expect(members).to_have_count(3)  # "—", the head, the child
    page.locator("#id_member").select_option(str(member_pk))
    page.locator("#id_activity").select_option(str(activity_pk))
    page.locator("#id_kind").select_option("in_kind")
    type_all(page, {"#id_items": "Vi chất dinh dưỡng", "#id_quantity": "1", "#id_value": "450.000"})
    type_into(page, "#id_supported_on", "01/06/2023")
    page.locator('button[name="check"]').click()


def test_health_station_records_nutrition_for_a_near_poor_child_and_is_refused_a_non_poor_one(
    page: Page, live_server, js_errors, plan, nutrition
):
    officer = with_password(make_officer("donvi", "health-station", username="tramyte", full_name="Võ Thị Y"))
    group = make_group(plan.ward)
    near_poor = make_household("Trần Văn Cận", group=group, code="HH-CAN", members=[CHILD])
    make_decision(near_poor, Status.NEAR_POOR, date(2022, 1, 10))
    not_poor = make_household("Lê Văn Khá", group=group, code="HH-KHA", members=[CHILD])
    activity = make_activity(nutrition, officer)

    log_in(page, live_server, "tramyte")
    open_from_nav(page, "projects:subproject_list")
    # The health station takes part in one sub-project only.
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    detail_url = reverse("projects:subproject_detail", args=[nutrition.pk])
    expect(rows.first.locator(f'a[href="{detail_url}"]')).to_have_count(1)
    expect(rows.first).to_contain_text("DA3-TDA2")
    expect(rows.first.locator(f'a[href="{detail_url}"]')).to_contain_text("3.2")

    rows.first.locator(f'a[href="{detail_url}"]').click()
    expect(page).to_have_url(path_re(detail_url))
    create_url = reverse("projects:support_create", args=[nutrition.pk])
    page.locator(f'a[href="{create_url}"]').click()
    expect(page).to_have_url(path_re(create_url))

    child = near_poor.members.get(full_name=CHILD["full_name"])
    fill_support(page, "HH-CAN", child.pk, activity.pk)
    expect(page.locator("#verdict")).to_have_attribute("data-eligible", "true")
    assert not Support.objects.exists()
    page.locator('button[name="save"]').click()

    expect(page).to_have_url(path_re(detail_url))
    supports = page.locator("#supports tbody tr")
    expect(supports).to_have_count(1)
    expect(supports.first.locator(f'a[href="{near_poor.get_absolute_url()}"]')).to_have_count(1)
    expect(page.locator('[data-progress="households"]')).to_have_text("1")
    support = Support.objects.get()
    assert (support.household, support.member, support.activity) == (near_poor, child, activity)
    assert (support.eligible, support.value, support.supported_on) == (True, 450_000, date(2023, 6, 1))
    assert support.created_by == officer

    # The child of a household that is neither poor nor near-poor: checked, then refused.
    page.locator(f'a[href="{create_url}"]').click()
    expect(page).to_have_url(path_re(create_url))
    other_child = not_poor.members.get(full_name=CHILD["full_name"])
    fill_support(page, "HH-KHA", other_child.pk, activity.pk)
    expect(page.locator("#verdict")).to_have_attribute("data-eligible", "false")
    expect(page.locator("#verdict li").first).to_be_visible()
    page.locator('button[name="save"]').click()
    expect(page).to_have_url(path_re(create_url))
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#verdict")).to_have_attribute("data-eligible", "false")
    # A unit may not override: no justification is asked for.
    expect(page.locator("#id_override_reason")).to_have_count(0)
    assert Support.objects.count() == 1
    assert not Support.objects.filter(household=not_poor).exists()
    assert not js_errors, js_errors


# --- 2. Finance allocates, pays, is refused an overpayment, reverses (issue 5) --------------


def fill_payment(page: Page, amount: str, voucher: str, *, support=None, household: str = "") -> None:
    page.locator("#id_kind").select_option("payment")
    type_all(page, {"#id_paid_on": "05/06/2023", "#id_amount": amount, "#id_voucher_number": voucher})
    if support is not None:
        page.locator("#id_support").select_option(str(support.pk))
    if household:
        type_into(page, "#id_payee_household", household)
    type_into(page, "#id_purpose", "Hỗ trợ giống gà")
    page.locator("form:has(#id_amount) button[type=submit]").click()


# A recorded payment or reversal lands on its row of the line's ledger.
LEDGER_ROW = r"#entry-\d+"


def test_finance_officer_allocates_pays_is_refused_an_overpayment_reverses_and_exports(
    page: Page, live_server, js_errors, plan
):
    farming = plan.subprojects.get(local_code="3.1")
    with_password(make_officer("taichinh", "finance", username="taichinh", full_name="Phạm Văn Hùng"))
    first = make_support(farming, "HH-GA1", head_name="Nguyễn Văn Một")
    make_support(farming, "HH-GA2", head_name="Nguyễn Văn Hai")

    log_in(page, live_server, "taichinh")
    overview_url = open_from_nav(page, "budget:overview")
    create_url = reverse("budget:allocation_create")
    page.locator(f'a[href^="{create_url}"]').click()  # ?year= of the page it is opened from
    expect(page).to_have_url(path_re(create_url))
    page.locator("#id_subproject").select_option(str(farming.pk))
    type_into(page, "#id_budget_year", "2023")
    page.locator("#id_source").select_option("central_recurrent")
    type_into(page, "#id_amount", "10.000.000")
    type_into(page, "#id_decision_number", "112/QĐ-UBND")
    type_into(page, "#id_decision_date", "15/03/2023")
    type_into(page, "#id_issuing_body", "UBND thành phố Nha Trang")
    page.locator("form:has(#id_amount) button[type=submit]").click()

    line = Allocation.objects.get()
    assert (line.subproject, line.budget_year, line.source, line.amount) == (
        farming,
        2023,
        "central_recurrent",
        10_000_000,
    )
    line_url = reverse("budget:allocation_detail", args=[line.pk])
    expect(page).to_have_url(path_re(line_url))
    expect(page.locator("[data-line=remaining]")).to_contain_text(money_pattern("10.000.000"))

    pay_url = reverse("budget:disbursement_create", args=[line.pk])
    # Twice 3.000.000: once for a support, once to a household by its code.
    for voucher, fields in (("PC-001", {"support": first}), ("PC-002", {"household": "HH-GA2"})):
        page.locator(f'a[href="{pay_url}"]').click()
        expect(page).to_have_url(path_re(pay_url))
        fill_payment(page, "3.000.000", voucher, **fields)
        expect(page).to_have_url(path_re(line_url, LEDGER_ROW))
    expect(page.locator("#ledger tbody tr")).to_have_count(2)
    expect(page.locator("[data-line=remaining]")).to_contain_text(money_pattern("4.000.000"))

    # 5.000.000 is more than remains: refused on the amount, with what remains shown.
    page.locator(f'a[href="{pay_url}"]').click()
    fill_payment(page, "5.000.000", "PC-003", household="HH-GA1")
    expect(page).to_have_url(path_re(pay_url))
    expect(page.locator("#id_amount")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#error_1_id_amount")).to_contain_text(money_pattern("4.000.000"))
    expect(page.locator("#remaining")).to_contain_text(money_pattern("4.000.000"))
    assert Disbursement.objects.count() == 2

    # The first payment went to the wrong household: reverse it.
    page.locator(f'a[href="{line_url}"]').first.click()
    expect(page).to_have_url(path_re(line_url))
    paid = Disbursement.objects.get(voucher_number="PC-001")
    assert (paid.payee_household, paid.payee_member) == (first.household, first.member)
    reverse_url = reverse("budget:reversal_create", args=[paid.pk])
    page.locator(f'a[href="{reverse_url}"]').click()
    expect(page).to_have_url(path_re(reverse_url))
    type_into(page, "#id_paid_on", "10/06/2023")
    type_into(page, "#id_voucher_number", "PC-R1")
    page.locator("#id_reason").press_sequentially("Trả nhầm hộ")
    page.locator("form:has(#id_reason) button[type=submit]").click()
    expect(page).to_have_url(path_re(line_url, LEDGER_ROW))
    expect(page.locator("#ledger tbody tr")).to_have_count(3)
    expect(page.locator(f'a[href="{reverse_url}"]')).to_have_count(0)
    expect(page.locator("[data-line=remaining]")).to_contain_text(money_pattern("7.000.000"))

    open_from_nav(page, "budget:overview")
    expect(page.locator("[data-total=remaining]")).to_contain_text(money_pattern("7.000.000"))
    expect(page.locator("[data-total=disbursed]")).to_contain_text(money_pattern("3.000.000"))

    with page.expect_download() as download_info:
        page.locator('a[href$="format=xlsx"]').click()
    download = download_info.value
    assert download.suggested_filename == "ngan-sach-2023.xlsx"
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    figures = [row for row in values if len(row) >= 7 and all(isinstance(v, int) for v in row[2:7])]
    # The line, its sub-project's subtotal, and the grand total last.
    assert len(figures) == 3, figures
    assert figures[-1][2:7] == [10_000_000, 0, 10_000_000, 3_000_000, 7_000_000]
    assert figures[-1][7] == 30.0
    assert any(v == "Phạm Văn Hùng" for row in values for v in row if v)
    assert overview_url == reverse("budget:overview")
    assert not js_errors, js_errors


def test_finance_officer_double_clicks_settles_is_refused_a_late_payment_and_the_reviewer_sees_who(
    page: Page, live_server, js_errors, plan
):
    finance = with_password(make_officer("taichinh", "finance", username="taichinh", full_name="Phạm Văn Hùng"))
    with_password(make_officer("mattran", "fatherland-front", username="mattran"))
    line = make_allocation(plan.subprojects.get(local_code="3.1"), by=finance)
    line_url = reverse("budget:allocation_detail", args=[line.pk])
    pay_url = reverse("budget:disbursement_create", args=[line.pk])

    log_in(page, live_server, "taichinh")
    page.goto(live_server.url + line_url)
    page.locator(f'a[href="{pay_url}"]').click()
    page.locator("#id_kind").select_option("payment")
    type_all(page, {"#id_paid_on": "05/06/2023", "#id_amount": "1.000.000", "#id_voucher_number": "PC-D1"})
    type_all(page, {"#id_payee_name": "Hợp tác xã Phước Hải", "#id_purpose": "Giống gà"})
    page.locator("form:has(#id_amount) button[type=submit]").dblclick()
    expect(page).to_have_url(path_re(line_url, LEDGER_ROW))
    expect(page.locator("#ledger tbody tr")).to_have_count(1)
    expect(page.locator(".alert-danger")).to_have_count(0)
    assert Disbursement.objects.count() == 1

    settle_url = reverse("budget:settlement_create", args=[line.pk])
    page.locator(f'a[href="{settle_url}"]').click()
    type_all(
        page,
        {"#id_approved_amount": "1.000.000", "#id_returned_amount": "9.000.000", "#id_decision_number": "QT-1",
         "#id_decision_date": "01/03/2024"},
    )  # fmt: skip
    page.locator("form:has(#id_approved_amount) button[type=submit]").click()
    expect(page).to_have_url(path_re(line_url))
    expect(page.locator(f'a[href="{pay_url}"]')).to_have_count(0)
    expect(page.locator(f'a[href="{reverse("budget:settlement_reopen", args=[line.pk])}"]')).to_have_count(1)

    # A payment typed after the settlement, from a page left open: refused, on the form.
    page.goto(live_server.url + pay_url)
    type_all(page, {"#id_paid_on": "20/12/2023", "#id_amount": "1.000", "#id_voucher_number": "PC-D2"})
    type_all(page, {"#id_payee_name": "Hợp tác xã Phước Hải", "#id_purpose": "Giống gà"})
    page.locator("form:has(#id_amount) button[type=submit]").click()
    expect(page).to_have_url(path_re(pay_url))
    expect(page.locator("#form-errors")).to_contain_text("QT-1")
    assert Disbursement.objects.count() == 1

    page.context.clear_cookies()
    log_in(page, live_server, "mattran")
    page.goto(live_server.url + line_url)
    # The payment and the settlement, each with who recorded it and when.
    expect(page.locator("[data-recorded]", has_text="Phạm Văn Hùng")).to_have_count(2)
    assert not js_errors, js_errors


# --- 3. The annual report: drafted, opened down to its lists, submitted, frozen (issue 6) ----


def test_labour_officer_drafts_submits_and_the_report_stays_frozen(page: Page, live_server, js_errors):
    with_password(make_user("ldtbxh", username="canbo", full_name="Lê Thị Chương"))
    group = make_group(code="TDP01", name="Tổ dân phố 1")
    households = {code: make_household(code=code, group=group) for code in ("HH-NGHEO", "HH-THOAT", "HH-MOI", "HH-KHA")}
    make_decision(households["HH-NGHEO"], Status.POOR, date(2022, 1, 10))
    make_decision(households["HH-THOAT"], Status.POOR, date(2022, 1, 10))
    make_decision(households["HH-THOAT"], Status.NONE, date(2023, 12, 15))  # escapes in 2023
    make_decision(households["HH-MOI"], Status.NEAR_POOR, date(2022, 1, 10))
    make_decision(households["HH-MOI"], Status.POOR, date(2023, 12, 15))  # newly poor in 2023
    poor_end = 2  # HH-NGHEO and HH-MOI

    log_in(page, live_server, "canbo")
    list_url = open_from_nav(page, "monitoring:report_list")
    page.locator("#id_period").select_option("year")
    type_into(page, "#id_year", "2023")
    page.locator("form:has(#id_year) button[type=submit]").click()

    report = Report.objects.get()
    assert (report.period, report.year, report.submitted) == ("year", 2023, False)
    detail_url = reverse("monitoring:report_detail", args=[report.pk])
    expect(page).to_have_url(path_re(detail_url))
    expect(page.locator("#frozen")).to_have_count(0)
    number = page.locator("td[data-key=poor_end] a")
    expect(number).to_have_text(str(poor_end))
    for key, count in (("escaped_poverty", 1), ("newly_poor", 1)):
        expect(page.locator(f"td[data-key={key}] a")).to_have_text(str(count))

    # The number opens the households it counts.
    households_url = reverse("monitoring:indicator_households", args=[report.pk, "poor_end"])
    expect(number).to_have_attribute("href", households_url)
    number.click()
    expect(page).to_have_url(path_re(households_url))
    expect(page.locator("#indicator-households tbody tr")).to_have_count(poor_end)
    expect(page.locator("[data-total]")).to_have_attribute("data-total", str(poor_end))
    for code in ("HH-NGHEO", "HH-MOI"):
        expect(page.locator(f'#indicator-households a[href="{households[code].get_absolute_url()}"]')).to_have_count(1)
    page.go_back()
    expect(page).to_have_url(path_re(detail_url))

    edit_url = reverse("monitoring:report_edit", args=[report.pk])
    page.locator(f'a[href="{edit_url}"]').click()
    expect(page).to_have_url(path_re(edit_url))
    type_into(page, "#id_number", "45/BC-UBND")
    type_into(page, "#id_report_date", "10/01/2024")
    page.locator("form:has(#id_number) button[type=submit]").click()
    expect(page).to_have_url(path_re(detail_url))
    report.refresh_from_db()
    assert (report.number, report.report_date) == ("45/BC-UBND", date(2024, 1, 10))

    submit_url = reverse("monitoring:report_submit", args=[report.pk])
    page.locator(f'a[href="{submit_url}"]').click()  # "Submit" asks for confirmation first
    expect(page).to_have_url(path_re(submit_url))
    page.locator(f'form[action="{submit_url}"] button').click()
    expect(page).to_have_url(path_re(detail_url))
    expect(page.locator("#frozen")).to_be_visible()
    expect(page.locator(f'a[href="{edit_url}"]')).to_have_count(0)
    report.refresh_from_db()
    assert report.submitted

    # A decision recorded afterwards changes today's figures, not the submitted report's.
    make_decision(households["HH-KHA"], Status.POOR, date(2023, 12, 20))
    assert indicators.compute(report.starts_on, report.ends_on, 2023)["poverty"]["poor_end"] == poor_end + 1
    page.reload()
    expect(page.locator("#frozen")).to_be_visible()
    expect(page.locator("td[data-key=poor_end] a")).to_have_text(str(poor_end))
    page.locator("td[data-key=poor_end] a").click()
    expect(page.locator("#indicator-households tbody tr")).to_have_count(poor_end)
    page.go_back()
    expect(page).to_have_url(path_re(detail_url))

    with page.expect_download() as download_info:
        page.locator('a[href="?format=pdf"]').click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF"), pdf[:20]
    assert list_url == reverse("monitoring:report_list")
    assert not js_errors, js_errors
