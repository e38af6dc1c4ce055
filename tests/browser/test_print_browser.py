"""Printed lists and a phone's screen in a real browser.

A printed list has every household and none of the screen's buttons; on a phone
(390 px wide) the household list and a household page never scroll sideways: wide
tables scroll inside themselves.
"""

import os
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from households import services
from households.models import Status
from tests.browser.test_registry_browser import DEPRIVED, PASSWORD, log_in, review_fields
from tests.factories import make_decision, make_group, make_household, make_member, make_plan, make_support, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
# Set to a folder to keep screenshots and the printed PDF of each page the tests open.
SHOTS = os.environ.get("GIAMNGHEO_SHOTS")


def shoot(page: Page, name: str, *, pdf: bool = False) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    if pdf:
        page.pdf(path=str(Path(SHOTS) / f"{name}.pdf"), format="A4", prefer_css_page_size=True)
    else:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def officer() -> None:
    user = make_user("ldtbxh", username="canbo", full_name="Lê Thị Chương")
    user.set_password(PASSWORD)
    user.save()


def household_with_members_and_supports():
    """A poor household with five members, a long address, an assessment and a support."""
    support = make_support(make_plan().subprojects.get(official_code="DA3-TDA1"), "HH-0042", head_name="Phạm Văn Đức")
    household = support.household
    household.address = "Số 125/17/3 đường Nguyễn Thị Minh Khai, khu dân cư Hòn Rớ, phường Phước Hải"
    household.note = "Hộ có người cao tuổi neo đơn, cần hỗ trợ thường xuyên về y tế và sinh kế trong năm."
    household.save(update_fields=["address", "note"])
    for name, born, sex, relation in [
        ("Võ Thị Mỹ Lệ", date(1978, 11, 2), "F", "spouse"),
        ("Phạm Minh Khôi", date(2012, 8, 20), "M", "child"),
        ("Phạm Ngọc Bảo Trâm", date(2016, 4, 1), "F", "child"),
    ]:
        make_member(household, full_name=name, date_of_birth=born, sex=sex, relation=relation)
    kind, year, month, assessed_on = review_fields(timezone.localdate())
    services.record_assessment(
        household=household,
        review=services.get_or_create_review(kind, year, month),
        assessed_on=assessed_on,
        deprived=DEPRIVED,
        income=1_200_000,
        score_a=None,
        score_b=None,
        floor_area_m2=None,
        note="",
        by=make_user(),
    )
    return household


def test_household_list_and_household_page_fit_a_phone(page: Page, live_server, js_errors):
    officer()
    household = household_with_members_and_supports()
    group = household.residential_group
    for number in range(12):
        make_decision(make_household("Nguyễn Thị Thanh Hương", group=group, code=f"PH-{number:04d}"), Status.POOR,
                      date(2023, 1, 10))  # fmt: skip
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "canbo")

    page.goto(live_server.url + reverse("households:list"))
    expect(page.locator("main table tbody tr")).to_have_count(13)
    assert page_width(page) <= PHONE["width"]
    shoot(page, "list-390")
    # The filters fold away above the results and open with their button.
    expect(page.locator("#household-filters")).to_be_hidden()
    page.locator('[data-bs-target="#household-filters"]').click()
    expect(page.locator("#id_q")).to_be_visible()
    assert page_width(page) <= PHONE["width"]

    page.goto(live_server.url + household.get_absolute_url())
    expect(page.locator("#members tbody tr")).to_have_count(5)
    expect(page.locator("#household-supports tbody tr")).to_have_count(1)
    expect(page.locator(".assessment")).to_have_count(1)
    assert page_width(page) <= PHONE["width"]
    shoot(page, "household-390")
    assert not js_errors, js_errors


def test_printed_list_has_every_household_and_no_buttons(page: Page, live_server, js_errors):
    officer()
    group = make_group(code="TDP07", name="Tổ dân phố 7")
    for number in range(60):  # more than the 50 of a page of the list
        make_decision(make_household(group=group, code=f"P{number:02d}"), Status.POOR, date(2023, 1, 10))
    log_in(page, live_server, "canbo")

    page.goto(live_server.url + reverse("households:list") + "?status=poor")
    expect(page.locator("main table tbody tr")).to_have_count(50)
    page.locator("[data-print-list]").click()
    expect(page.locator("#printed-list tbody tr")).to_have_count(60)
    expect(page.locator("[data-print]")).to_be_visible()

    page.emulate_media(media="print")
    expect(page.locator("[data-print]")).to_be_hidden()
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.locator("main .btn")).to_have_count(2)
    for button in page.locator("main .btn").all():
        expect(button).to_be_hidden()
    expect(page.locator(".official-heading")).to_be_visible()
    expect(page.locator(".official-signature")).to_be_visible()
    expect(page.locator("#printed-list tbody tr").last).to_be_visible()
    # Every page of the print repeats the table's header.
    assert page.locator("#printed-list thead").evaluate("e => getComputedStyle(e).display") == "table-header-group"
    shoot(page, "printed-list", pdf=True)
    assert not js_errors, js_errors
