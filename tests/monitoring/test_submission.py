"""Submitting as the ward does it: the officer drafts, leadership numbers, dates, confirms and submits.

"Submit" opens a confirmation (what freezing means, the number and date, on time or late);
only its POST freezes the report, and the frozen record keeps the due date it had.
"""

from datetime import UTC, date, datetime

import pytest
from django.contrib.messages import constants, get_messages
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import Report
from tests.factories import make_user

pytestmark = pytest.mark.django_db

NUMBER = {"number": "45/BC-UBND", "report_date": "02/02/2023"}


@pytest.fixture
def draft_2022():
    """The 2022 annual report, due 30/01/2023 (Tết 2023 off)."""
    return services.draft(period="year", year=2022, by=make_user("ldtbxh"))


def on_day(monkeypatch, day: date) -> None:
    """It is noon on `day` in Vietnam (timezone.localdate reads timezone.now)."""
    noon = timezone.make_aware(datetime(day.year, day.month, day.day, 12))
    monkeypatch.setattr(timezone, "now", lambda: noon)


def messages_of(response) -> list[tuple[int, str]]:
    return [(m.level, m.message) for m in get_messages(response.wsgi_request)]


# role: the actions it may take on a draft
MAY = {
    "ldtbxh": {"edit", "number", "confirm", "submit"},
    "lanhdao": {"number", "confirm", "submit"},
    "mattran": set(),
    "taichinh": set(),
    "donvi": set(),
}


@pytest.mark.parametrize("role", MAY)
@pytest.mark.parametrize("action", ["edit", "number", "confirm", "submit"])
def test_who_may_number_confirm_and_submit_a_draft(client, draft_2022, role, action):
    Report.objects.filter(pk=draft_2022.pk).update(number="45/BC-UBND", report_date=date(2023, 2, 2))
    client.force_login(make_user(role))
    pk = draft_2022.pk
    response = {
        "edit": lambda: client.get(reverse("monitoring:report_edit", args=[pk])),
        "number": lambda: client.post(reverse("monitoring:report_number", args=[pk]), NUMBER),
        "confirm": lambda: client.get(reverse("monitoring:report_submit", args=[pk])),
        "submit": lambda: client.post(reverse("monitoring:report_submit", args=[pk])),
    }[action]()
    allowed = action in MAY[role]
    assert response.status_code == ({"edit": 200, "confirm": 200}.get(action, 302) if allowed else 403)
    assert Report.objects.get(pk=pk).submitted == (allowed and action == "submit")


def test_leadership_numbers_dates_and_submits_late_and_the_record_keeps_its_due_date(client, draft_2022, monkeypatch):
    on_day(monkeypatch, date(2023, 2, 2))  # Thursday; due Monday 30/01: 3 working days late
    leader = make_user("lanhdao")
    client.force_login(leader)
    confirm_url = reverse("monitoring:report_submit", args=[draft_2022.pk])

    page = client.get(confirm_url)
    assert page.context["form"].instance == draft_2022
    assert 'id="late"' in page.content.decode()
    assert (page.context["timing"].late, page.context["timing"].working_days) == (True, 3)
    # Without number and date the confirmation offers their form, not the submit button.
    assert f'action="{confirm_url}"' not in page.content.decode()

    saved = client.post(reverse("monitoring:report_number", args=[draft_2022.pk]) + "?next=submit", NUMBER)
    assert saved.url == confirm_url
    draft_2022.refresh_from_db()
    assert (draft_2022.number, draft_2022.report_date, draft_2022.submitted) == ("45/BC-UBND", date(2023, 2, 2), False)
    assert f'action="{confirm_url}"' in client.get(confirm_url).content.decode()

    submitted = client.post(confirm_url)
    assert submitted.url == draft_2022.get_absolute_url()
    draft_2022.refresh_from_db()
    assert (draft_2022.state, draft_2022.submitted_by, draft_2022.submitted_due_on) == (
        "submitted",
        leader,
        date(2023, 1, 30),
    )
    [(level, text)] = messages_of(submitted)
    assert level == constants.SUCCESS and "3" in text and "30/01/2023" in text
    # Lateness is the submission's day in Vietnam, whatever today is: 17:30 UTC on 01/02 is 02/02 there.
    on_day(monkeypatch, date(2024, 6, 3))
    for utc_hour, day, late_by in [(17, date(2023, 2, 2), 3), (16, date(2023, 2, 1), 2)]:
        Report.objects.filter(pk=draft_2022.pk).update(submitted_at=datetime(2023, 2, 1, utc_hour, 30, tzinfo=UTC))
        draft_2022.refresh_from_db()
        timing = draft_2022.timing()
        assert (timing.day, timing.late, timing.working_days) == (day, True, late_by)


def test_submitting_by_the_due_date_is_on_time(client, draft_2022, monkeypatch):
    on_day(monkeypatch, date(2023, 1, 30))
    Report.objects.filter(pk=draft_2022.pk).update(number="45/BC-UBND", report_date=date(2023, 1, 30))
    client.force_login(make_user("lanhdao"))
    page = client.get(reverse("monitoring:report_submit", args=[draft_2022.pk]))
    assert 'id="on-time"' in page.content.decode() and page.context["timing"].late is False
    submitted = client.post(reverse("monitoring:report_submit", args=[draft_2022.pk]))
    [(level, text)] = messages_of(submitted)
    assert level == constants.SUCCESS and "30/01/2023" in text
    assert Report.objects.get().timing().late is False


def test_a_get_never_submits_and_a_post_without_number_is_refused(client, draft_2022):
    client.force_login(make_user("lanhdao"))
    url = reverse("monitoring:report_submit", args=[draft_2022.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url)
    assert refused.url == url
    assert [level for level, _ in messages_of(refused)] == [constants.ERROR]
    assert Report.objects.get().submitted is False


def test_number_and_date_are_read_day_first_and_both_required(client, draft_2022):
    client.force_login(make_user("lanhdao"))
    url = reverse("monitoring:report_number", args=[draft_2022.pk])
    page = client.post(url, {"number": "45/BC-UBND", "report_date": "03/15/2024"})
    assert page.status_code == 200
    assert page.context["form"].has_error("report_date", "invalid")
    assert client.post(url, {"number": "", "report_date": "02/02/2023"}).context["form"].has_error("number", "required")
    assert Report.objects.get().number == ""


def test_a_submitted_report_takes_no_new_number_and_its_confirmation_sends_back(client, draft_2022):
    officer = make_user("ldtbxh")
    Report.objects.filter(pk=draft_2022.pk).update(number="45/BC-UBND", report_date=date(2023, 2, 2))
    services.submit(report=draft_2022, by=officer)
    client.force_login(make_user("lanhdao"))
    assert client.post(reverse("monitoring:report_number", args=[draft_2022.pk]), NUMBER).status_code == 403
    back = client.get(reverse("monitoring:report_submit", args=[draft_2022.pk]))
    assert back.url == draft_2022.get_absolute_url()
    assert client.post(reverse("monitoring:report_submit", args=[draft_2022.pk])).url == draft_2022.get_absolute_url()


def test_drafting_and_correcting_say_what_was_made(client):
    client.force_login(make_user("ldtbxh"))
    created = client.post(reverse("monitoring:report_create"), {"period": "year", "year": "2022"})
    report = Report.objects.get()
    assert created.url == report.get_absolute_url()
    assert [level for level, _ in messages_of(created)] == [constants.SUCCESS]
    Report.objects.filter(pk=report.pk).update(number="45/BC-UBND", report_date=date(2023, 2, 2))
    services.submit(report=report, by=make_user("lanhdao"))
    corrected = client.post(reverse("monitoring:report_new_version", args=[report.pk]))
    correction = Report.objects.get(version=2)
    assert corrected.url == correction.get_absolute_url()
    level, text = messages_of(corrected)[-1]
    assert level == constants.SUCCESS and "2" in text and "1" in text


def test_the_report_page_shows_the_rule_and_the_buttons_each_role_may_use(client, draft_2022):
    number_url = reverse("monitoring:report_number", args=[draft_2022.pk])
    submit_url = reverse("monitoring:report_submit", args=[draft_2022.pk])
    for role, expected in [("lanhdao", (1, 1)), ("ldtbxh", (0, 1)), ("mattran", (0, 0))]:
        client.force_login(make_user(role))
        html = client.get(draft_2022.get_absolute_url()).content.decode()
        assert (html.count(f'href="{number_url}"'), html.count(f'href="{submit_url}"')) == expected, role
        assert "30/01/2023" in html and 'data-timing="late"' in html
