"""A report's draft keeps who wrote what, shown to leadership on the report's page."""

import pytest
from django.urls import reverse

from monitoring import services
from monitoring.history import report_log
from monitoring.models import Report
from tests.factories import make_user

pytestmark = pytest.mark.django_db

EDIT = {"number": "", "report_date": "", "results": "", "budget": "", "difficulties": "", "proposals": ""}


@pytest.fixture
def report():
    return services.draft(period="year", year=2023, by=make_user("ldtbxh", full_name="Lê Thị Chương"))


def test_each_edit_of_a_draft_is_kept_with_its_author(client, report):
    writer = make_user("ldtbxh", full_name="Trần Văn Nam")
    client.force_login(writer)
    url = reverse("monitoring:report_edit", args=[report.pk])
    client.post(url, {**EDIT, "situation": "Tình hình chung năm 2023.", "recipients": "Lưu: VT"})
    client.post(url, {**EDIT, "situation": "Tình hình chung, bản sửa.", "recipients": "Lưu: VT"})
    latest, earlier = report_log(report)[:2]
    assert latest.who == earlier.who == "Trần Văn Nam"
    changed = {label: (old, new) for label, old, new in latest.changes}
    situation = Report._meta.get_field("situation").verbose_name
    assert changed[situation] == ("Tình hình chung năm 2023.", "Tình hình chung, bản sửa.")


def test_a_save_that_changes_nothing_is_not_listed(report):
    report.save()
    assert [entry.type for entry in report_log(report)] == ["+"]


def test_leadership_sees_the_history_on_the_report_page(client, report):
    client.force_login(make_user("lanhdao"))
    page = client.get(report.get_absolute_url())
    assert page.context["log"] is not None
    assert 'id="history"' in page.content.decode()


def test_a_reviewer_does_not_see_the_history(client, report):
    client.force_login(make_user("mattran"))
    page = client.get(report.get_absolute_url())
    assert page.context["log"] is None
    assert 'id="history"' not in page.content.decode()
