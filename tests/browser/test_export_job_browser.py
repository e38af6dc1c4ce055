"""A large export in a real browser: the job's page follows the worker, then offers the file."""

import io

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from imports import exports
from imports.models import ExportJob
from tests.browser.test_registry_browser import PASSWORD, log_in
from tests.factories import make_group, make_household, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_officer_waits_on_the_job_page_and_downloads_the_file(
    page: Page, live_server, js_errors, settings, tmp_path, width
):
    settings.GIAMNGHEO_EXPORT_DIR = tmp_path / "exports"
    settings.GIAMNGHEO_EXPORT_SYNC_LIMIT = 2  # three households: the task worker writes the file
    officer = make_user("ldtbxh", username="canbo")
    officer.set_password(PASSWORD)
    officer.save()
    group = make_group(code="TDP07", name="Tổ dân phố 7")
    codes = [make_household(name, group=group, code=f"HH-{n}").code for n, name in enumerate(["An", "Bình", "Cường"])]
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, "canbo")
    page.goto(live_server.url + reverse("households:list"))
    page.locator("a[data-export=xlsx]").click()

    job = ExportJob.objects.get()
    expect(page).to_have_url(live_server.url + reverse("imports:export_detail", args=[job.pk]))
    expect(page.locator("#import-progress")).to_be_visible()  # queued: no worker has taken it yet
    expect(page.locator("a[data-download]")).to_have_count(0)
    page.screenshot(path=str(tmp_path / f"export-queued-{width}.png"))

    exports.run(job.pk)  # the worker's turn; the page notices on its next poll and reloads
    download_link = page.locator("a[data-download]")
    expect(download_link).to_be_visible(timeout=10_000)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    written = [row[0] for row in sheet.iter_rows(values_only=True) if row[0] in codes]
    assert sorted(written) == sorted(codes)
    assert not js_errors, js_errors
