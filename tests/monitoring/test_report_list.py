"""The report list marks the drafts that are due or late and lists the periods due but not drafted."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_list_badges_a_late_draft_and_offers_to_draft_a_period_due_soon(client, monkeypatch):
    officer = make_user("ldtbxh")
    late = services.draft(period="year", year=2023, by=officer)  # due 22/01/2024
    old = services.draft(period="year", year=2022, by=officer)  # before last year: no badge
    noon = timezone.make_aware(datetime(2024, 7, 10, 12))
    monkeypatch.setattr(timezone, "now", lambda: noon)
    client.force_login(officer)
    response = client.get(reverse("monitoring:report_list"))
    badges = {report.pk: report.due for report in response.context["reports"]}
    assert badges[old.pk] is None
    assert (badges[late.pk].timing.due_on, badges[late.pk].timing.late) == (date(2024, 1, 22), True)
    undrafted = [(row.period, row.year, row.timing.due_on, row.timing.late) for row in response.context["undrafted"]]
    assert undrafted == [("half_year", 2023, date(2023, 7, 21), True), ("half_year", 2024, date(2024, 7, 19), False)]
    html = response.content.decode()
    assert 'data-period="half_year-2024"' in html and html.count('name="period" value="half_year"') == 2
