"""The ward's calendar exceptions and reporting deadlines are kept in the admin, and move the due dates."""

from datetime import date

import pytest
from django.urls import reverse

from monitoring.models import Holiday, Report, ReportingDeadline
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def test_a_day_off_is_added_changed_and_deleted_in_the_admin(admin_client):
    assert Report(period="half_year", year=2023).due_on() == date(2023, 7, 21)
    added = admin_client.post(
        reverse("admin:monitoring_holiday_add"), {"day": "2023-07-10", "name": "Nghỉ bù của phường"}
    )
    assert added.status_code == 302
    holiday = Holiday.objects.get(day=date(2023, 7, 10))
    assert Report(period="half_year", year=2023).due_on() == date(2023, 7, 24)

    changed = admin_client.post(
        reverse("admin:monitoring_holiday_change", args=[holiday.pk]),
        {"day": "2023-07-08", "name": "Làm bù thứ Bảy", "working_day": "on"},
    )
    assert changed.status_code == 302
    assert Report(period="half_year", year=2023).due_on() == date(2023, 7, 20)

    deleted = admin_client.post(reverse("admin:monitoring_holiday_delete", args=[holiday.pk]), {"post": "yes"})
    assert deleted.status_code == 302 and not Holiday.objects.filter(pk=holiday.pk).exists()
    assert Report(period="half_year", year=2023).due_on() == date(2023, 7, 21)


def test_the_province_adds_an_earlier_deadline_in_the_admin(admin_client):
    response = admin_client.post(
        reverse("admin:monitoring_reportingdeadline_add"),
        {"recipient": "UBND tỉnh", "period": "half_year", "applies": "on", "source": "Công văn của tỉnh",
         "working_days": "", "due_day": "10", "due_month": "7", "year_offset": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Report(period="half_year", year=2023).due_on() == date(2023, 7, 10)
    listed = admin_client.get(reverse("admin:monitoring_reportingdeadline_changelist"))
    assert listed.context["cl"].result_count == 5


def test_the_admin_refuses_a_deadline_with_two_rules(admin_client):
    response = admin_client.post(
        reverse("admin:monitoring_reportingdeadline_add"),
        {"recipient": "UBND tỉnh", "period": "year", "applies": "on", "source": "x",
         "working_days": "10", "due_day": "10", "due_month": "1", "year_offset": "1"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("__all__", "deadline_rule_twice")
    assert ReportingDeadline.objects.count() == 4
