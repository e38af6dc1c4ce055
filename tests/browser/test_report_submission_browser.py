"""Leadership submits a monitoring report in a real browser: number and date, confirmation, frozen.

Elements are found by ids, names and addresses, never by their wording (the interface is
translated). Screenshots at 1366 px and 390 px go to SCREENSHOTS (default /tmp/shots-sub).
"""

import os
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from monitoring import services
from monitoring.models import Report
from tests.browser.test_programme_browser import type_into, with_password
from tests.browser.test_registry_browser import log_in, path_re
from tests.factories import default_ward, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = Path(os.environ.get("SCREENSHOTS", "/tmp/shots-sub"))
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_leadership_numbers_dates_confirms_a_late_report_and_sees_it_frozen(page: Page, live_server, js_errors):
    today = timezone.localdate()
    year = today.year - 1  # last year's six-month report: due in July last year, late today
    default_ward()  # a single-commune installation: the report belongs to its one commune
    report = services.draft(period="half_year", year=year, by=make_user("ldtbxh"))
    with_password(make_user("lanhdao", username="lanhdao", full_name="Trần Văn Lãnh"))

    log_in(page, live_server, "lanhdao")
    # The home page lists the overdue draft and leads to it.
    detail_url = report.get_absolute_url()
    expect(page.locator("#reports-due")).to_be_visible()
    shoot(page, "home")
    page.locator(f'#reports-due [data-period="half_year-{year}"] a[href="{detail_url}"]').click()
    expect(page).to_have_url(path_re(detail_url))
    expect(page.locator("#frozen")).to_have_count(0)
    edit_url = reverse("monitoring:report_edit", args=[report.pk])
    expect(page.locator(f'a[href="{edit_url}"]')).to_have_count(0)  # leadership does not edit the text

    number_url = reverse("monitoring:report_number", args=[report.pk])
    page.locator(f'a[href="{number_url}"]').click()
    expect(page).to_have_url(path_re(number_url))
    type_into(page, "#id_number", "45/BC-UBND")
    type_into(page, "#id_report_date", f"{today:%d/%m/%Y}")
    page.locator("form:has(#id_number) button[type=submit]").click()
    expect(page).to_have_url(path_re(detail_url))
    expect(page.locator(".alert-success")).to_have_count(1)
    report.refresh_from_db()
    assert (report.number, report.report_date, report.submitted) == ("45/BC-UBND", today, False)

    submit_url = reverse("monitoring:report_submit", args=[report.pk])
    page.locator(f'a[href="{submit_url}"]').click()
    expect(page).to_have_url(path_re(submit_url))
    expect(page.locator("#late")).to_be_visible()
    expect(page.locator("#freezing li")).to_have_count(3)
    expect(page.locator("#number")).to_contain_text("45/BC-UBND")
    expect(page.locator("#number")).to_contain_text(f"{today:%d/%m/%Y}")
    late_by = int(page.locator("#late").get_attribute("data-working-days"))
    assert late_by == report.timing().working_days > 0
    assert Report.objects.get(pk=report.pk).submitted is False  # opening the confirmation froze nothing
    shoot(page, "confirm")

    page.locator(f'form[action="{submit_url}"] button[type=submit]').click()
    expect(page).to_have_url(path_re(detail_url))
    expect(page.locator("#frozen")).to_be_visible()
    expect(page.locator(".alert-success")).to_contain_text(str(late_by))
    expect(page.locator('[data-timing="late"]')).to_have_attribute("data-working-days", str(late_by))
    expect(page.locator(f'a[href="{submit_url}"]')).to_have_count(0)
    expect(page.locator(f'a[href="{number_url}"]')).to_have_count(0)
    report.refresh_from_db()
    assert (report.submitted, report.submitted_due_on) == (True, report.due_on())
    assert report.submitted_due_on < today and report.submitted_due_on > date(year, 6, 30)
    shoot(page, "frozen")

    # Submitted: the home page no longer lists it.
    page.goto(live_server.url + reverse("home"))
    expect(page.locator(f'[data-period="half_year-{year}"]')).to_have_count(0)
    assert not js_errors, js_errors
