"""The support form's household box finds a household by a name typed without accents, in a real browser."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.test_registry_browser import PASSWORD, log_in
from tests.factories import make_group, make_household, make_officer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_officer_picks_a_household_by_name_and_the_name_never_reaches_a_url(
    page: Page, live_server, js_errors, plan, nutrition
):
    officer = make_officer("donvi", "health-station", username="tramyte", full_name="Võ Thị Y")
    officer.set_password(PASSWORD)
    officer.save()
    group = make_group(plan.ward)
    household = make_household(
        "Trần Văn Cận",
        group=group,
        code="HH-CAN",
        members=[{"full_name": "Trần Bé Na", "date_of_birth": date(2020, 1, 1)}],
    )
    make_household("Lê Văn Khá", group=group, code="HH-KHA")
    urls = []
    page.on("request", lambda request: urls.append(request.url))

    log_in(page, live_server, "tramyte")
    page.goto(live_server.url + reverse("projects:support_create", args=[nutrition.pk]))
    page.locator("#id_household").press_sequentially("tran van can")
    options = page.locator("#id_household-options option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("value", household.code)
    expect(options.first).to_have_attribute("label", f"Trần Văn Cận · {group.name} · {household.address}")

    assert not [url for url in urls if "tran" in url.lower() or "c%E1%BA%ADn" in url]
    assert js_errors == []
