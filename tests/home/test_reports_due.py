"""The home page lists the monitoring reports overdue or due soon, with a way to each."""

from datetime import date, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import Report
from tests.factories import default_ward, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def commune(db):
    return default_ward()


def on_day(monkeypatch, day: date) -> None:
    noon = timezone.make_aware(datetime(day.year, day.month, day.day, 12))
    monkeypatch.setattr(timezone, "now", lambda: noon)


def submitted(period: str, year: int, by) -> Report:
    report = services.draft(period=period, year=year, by=by)
    Report.objects.filter(pk=report.pk).update(number=f"{year}/BC-UBND", report_date=date(year, 12, 31))
    return services.submit(report=report, by=by)


def panel(response) -> dict[str, tuple]:
    return {
        f"{row.period}-{row.year}": (row.timing.due_on, row.timing.late, row.timing.working_days, row.report)
        for row in response.context["reports_due"]
    }


def test_overdue_drafts_and_undrafted_periods_due_soon_are_listed(client, monkeypatch):
    officer = make_user("ldtbxh")
    submitted("half_year", 2023, officer)  # done: not listed
    draft = services.draft(period="year", year=2023, by=officer)  # due 22/01/2024, still a draft
    services.draft(period="year", year=2022, by=officer)  # overdue, but before last year: not listed
    on_day(monkeypatch, date(2024, 1, 25))
    client.force_login(officer)
    assert panel(client.get(reverse("home"))) == {"year-2023": (date(2024, 1, 22), True, 3, draft)}

    on_day(monkeypatch, date(2024, 7, 10))  # the 2024 half-year is due 19/07/2024, 7 working days on
    client.force_login(officer)  # a session of January has expired by July
    rows = panel(client.get(reverse("home")))
    assert rows == {
        "year-2023": (date(2024, 1, 22), True, 114, draft),  # Tết 2024, 18/04, 29/04–01/05 off; 04/05 worked
        "half_year-2024": (date(2024, 7, 19), False, 7, None),
    }


def test_a_period_submitted_once_is_done_even_while_a_correction_is_drafted(client, monkeypatch):
    officer = make_user("ldtbxh")
    submitted("half_year", 2023, officer)
    first = submitted("year", 2023, officer)
    services.new_version(report=first, by=officer)
    on_day(monkeypatch, date(2024, 1, 25))
    client.force_login(officer)
    assert panel(client.get(reverse("home"))) == {}


def test_the_officer_may_draft_from_the_panel_and_the_reviewer_only_reads_it(client, monkeypatch):
    on_day(monkeypatch, date(2024, 7, 10))
    create_url = reverse("monitoring:report_create")
    for role, buttons in [("ldtbxh", 3), ("mattran", 0)]:
        client.force_login(make_user(role))
        html = client.get(reverse("home")).content.decode()
        assert 'id="reports-due"' in html
        assert html.count(f'action="{create_url}"') == buttons, role  # 2023's two periods, 2024's half-year


def test_no_panel_without_the_right_to_read_reports(client, monkeypatch):
    on_day(monkeypatch, date(2024, 7, 10))
    client.force_login(make_user(perms=["households.view_household"]))
    response = client.get(reverse("home"))
    assert "reports_due" not in response.context and 'id="reports-due"' not in response.content.decode()


def test_the_panel_costs_the_same_queries_however_many_reports_exist(client, monkeypatch):
    officer = make_user("ldtbxh")
    client.force_login(officer)
    on_day(monkeypatch, date(2024, 7, 10))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for year in (2022, 2023):
        first = submitted("half_year", year, officer)
        services.new_version(report=first, by=officer)
    services.draft(period="year", year=2023, by=officer)
    services.draft(period="year", year=2024, by=officer)
    cache.clear()  # both requests compute the register's figures: only the panel is compared
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("home"))
    assert set(panel(response)) == {"year-2023", "half_year-2024"}
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as alone:
        Report.objects.periods_due(date(2024, 7, 10))
    assert len(alone) <= 5  # the reports, the deadlines, the ward's holidays of 2023, 2024 and 2025
