"""The province's reader in a real browser: the communes where a commune's officer sees groups."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import Page, expect

from households.status import Status
from tests.browser.test_registry_browser import PASSWORD, log_in
from tests.factories import make_decision, make_group, make_household, make_user, make_ward

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_the_province_reads_communes_then_one_commune_s_groups(page: Page, live_server, js_errors, tmp_path, width):
    north, south = make_ward("Phường Bắc", code="N"), make_ward("Xã Nam", code="S")
    for ward, code in ((north, "BN"), (south, "XN")):
        group = make_group(ward, code="T1", name="Tổ 1")  # the same group name in both communes
        make_decision(make_household(f"Hộ {code}", group=group, code=f"{code}-1"), Status.POOR, date(2024, 1, 1))
    reader = make_user(username="tinh")
    reader.groups.add(Group.objects.get(name="Sở Nội vụ (tỉnh)"))
    reader.set_password(PASSWORD)
    reader.save()
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, "tinh")

    page.goto(live_server.url + reverse("home"))
    chart = page.locator("svg[data-chart=communes]")
    expect(chart).to_contain_text("Phường Bắc")
    expect(chart).to_contain_text("Xã Nam")

    page.goto(live_server.url + reverse("households:list"))
    for code, commune in (("BN-1", "Phường Bắc"), ("XN-1", "Xã Nam")):
        row = page.locator("tbody tr", has=page.locator(f'a:text-is("{code}")'))
        expect(row).to_contain_text(commune)  # on a phone, in the line under the head's name
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(tmp_path / f"province-list-{width}.png"))

    if width < 992:  # the switch is in the collapsed menu
        page.locator("button.navbar-toggler").click()
    page.locator("#commune-choice").select_option(label="Xã Nam")
    page.locator("#commune-switch button[type=submit]").click()
    page.goto(live_server.url + reverse("households:list"))
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("td[data-commune]")).to_have_count(0)
    page.goto(live_server.url + reverse("home"))
    expect(page.locator("svg[data-chart=groups]")).to_contain_text("Tổ 1")
    assert not js_errors, js_errors
