"""The household list's pages in a real browser, on a laptop and on a phone: next, previous, first."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.test_registry_browser import PASSWORD, log_in
from tests.factories import make_group, make_household, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_officer_walks_the_list_forward_back_and_to_the_first_page(
    page: Page, live_server, js_errors, monkeypatch, width
):
    monkeypatch.setattr("households.views.PAGE_SIZE", 2)
    officer = make_user("ldtbxh", username="canbo")
    officer.set_password(PASSWORD)
    officer.save()
    group = make_group(code="TDP07", name="Tổ dân phố 7")
    for number, name in enumerate(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Đỗ Văn Em"]):
        make_household(name, group=group, code=f"HH-{number}")
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, "canbo")
    page.goto(live_server.url + reverse("households:list"))

    rows = page.locator("main table tbody tr")
    pages = page.locator("nav[data-page]")
    expect(rows).to_have_count(2)
    expect(page.locator("[data-total]")).to_have_attribute("data-total", "5")
    expect(pages).to_have_attribute("data-page", "1")
    expect(page.locator("a[data-first-page]")).to_have_count(0)

    page.locator("a[rel=next]").click()
    expect(pages).to_have_attribute("data-page", "2")
    page.locator("a[rel=next]").click()
    expect(pages).to_have_attribute("data-page", "3")
    expect(rows).to_have_count(1)
    expect(page.locator("a[rel=next]")).to_have_count(0)
    assert "cursor=" in page.url
    # Nothing of the list's rows in the address: the cursor names a row by number only.
    for name in ("Nguy", "Tr", "ng", "HH-"):
        assert name not in page.url.split("cursor=")[1]

    page.locator("a[rel=prev]").click()
    expect(pages).to_have_attribute("data-page", "2")
    expect(rows.first).to_contain_text("Lê Văn Cường")  # sorted by given name: An, Bình | Cường, Dung | Em
    page.locator("a[data-first-page]").click()
    expect(pages).to_have_attribute("data-page", "1")
    expect(rows.first).to_contain_text("Nguyễn Văn An")
    # The pager fits the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert not js_errors, js_errors
