"""Reporting deadlines as data: Thông tư 10/2022/TT-BLĐTBXH Art. 4.2, seeded, the earliest that applies wins.

The ward sends within 15 working days after the period to the standing agency at its own level;
the province sends to the ministries before 1 June (six months) and before 1 December (year).
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from monitoring import services
from monitoring.models import Holiday, Report, ReportingDeadline, Timing
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# Days off in January 2023, listed by hand from the government's announcement for Tết Quý Mão:
# New Year's Day (Sunday) and its day in lieu, and Tết from 20/01 to 26/01/2023.
JANUARY_2023_OFF = {date(2023, 1, 1), date(2023, 1, 2)} | {date(2023, 1, day) for day in range(20, 27)}


def fifteenth_working_day_after(day: date, off: set[date]) -> date:
    count = 0
    while count < 15:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in off:
            count += 1
    return day


def test_the_seeded_deadlines_are_tt_10_2022_and_only_the_ward_level_applies():
    rows = {(d.period, d.applies): d for d in ReportingDeadline.objects.all()}
    assert len(rows) == 4
    for period in ("half_year", "year"):
        ward = rows[period, True]
        assert (ward.working_days, ward.due_day, ward.due_month) == (15, None, None)
        assert "10/2022/TT-BLĐTBXH" in ward.source
    # "Before 1 June" and "before 1 December" of the period's own year: the last days are 31/05 and 30/11.
    assert rows["half_year", False].due_for(2025) == date(2025, 5, 31)
    assert rows["year", False].due_for(2025) == date(2025, 11, 30)


def test_2022_annual_report_is_due_on_the_fifteenth_working_day_counting_tet_2023_off():
    expected = fifteenth_working_day_after(date(2022, 12, 31), JANUARY_2023_OFF)
    assert expected == date(2023, 1, 30)
    assert Report(period="year", year=2022).due_on() == expected
    # Without Tết the fifteenth working day would fall a week earlier.
    assert fifteenth_working_day_after(date(2022, 12, 31), {date(2023, 1, 2)}) == date(2023, 1, 23)


def test_an_earlier_date_the_province_sets_for_communes_wins():
    ReportingDeadline.objects.create(
        recipient="UBND tỉnh", period="year", due_day=10, due_month=1, year_offset=1, source="Công văn của tỉnh"
    )
    assert Report(period="year", year=2023).due_on() == date(2024, 1, 10)
    assert Report(period="half_year", year=2023).due_on() == date(2023, 7, 21)  # the half-year keeps its rule


def test_a_later_date_does_not_move_the_due_date():
    ReportingDeadline.objects.create(
        recipient="UBND tỉnh", period="year", due_day=28, due_month=2, year_offset=1, source="Công văn của tỉnh"
    )
    assert Report(period="year", year=2023).due_on() == date(2024, 1, 22)


def test_a_deadline_that_does_not_apply_never_sets_the_due_date():
    ReportingDeadline.objects.filter(applies=True, period="year").update(applies=False)
    report = Report(period="year", year=2023)
    assert (report.due_on(), report.timing()) == (None, None)
    assert Report(period="half_year", year=2023).due_on() == date(2023, 7, 21)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({}, "deadline_rule_missing"),
        ({"due_day": 1}, "deadline_rule_missing"),
        ({"working_days": 10, "due_day": 1, "due_month": 6}, "deadline_rule_twice"),
        ({"due_day": 31, "due_month": 6}, "deadline_day_invalid"),
        ({"due_day": 29, "due_month": 2}, "deadline_day_invalid"),
    ],
)
def test_a_deadline_needs_exactly_one_rule_and_a_day_every_year_has(fields, code):
    deadline = ReportingDeadline(recipient="UBND tỉnh", period="year", source="x", **fields)
    with pytest.raises(ValidationError) as error:
        deadline.full_clean()
    codes = [e.code for errors in error.value.error_dict.values() for e in errors]
    assert code in codes


def test_the_database_refuses_a_deadline_with_two_rules():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingDeadline.objects.create(
            recipient="x", period="year", working_days=5, due_day=1, due_month=6, source="x"
        )


def test_a_submitted_report_keeps_its_due_date_when_the_rules_change_later():
    officer = make_user("ldtbxh")
    report = services.draft(period="year", year=2022, by=officer)
    Report.objects.filter(pk=report.pk).update(number="12/BC-UBND", report_date=date(2023, 2, 1))
    report = services.submit(report=report, by=officer)
    assert report.submitted_due_on == date(2023, 1, 30)
    ReportingDeadline.objects.update(applies=False)
    Holiday.objects.create(day=date(2023, 1, 3), name="Nghỉ của phường")
    report.refresh_from_db()
    assert report.due_on() == date(2023, 1, 30)
    assert Report(period="year", year=2022).due_on() is None


def test_lateness_is_counted_in_working_days_after_the_due_date():
    due = date(2023, 1, 19)  # the Thursday before Tết
    assert Timing.of(due, date(2023, 1, 19)) == Timing(due, date(2023, 1, 19), False, 0)
    assert Timing.of(due, date(2023, 1, 27)).working_days == 1  # Tết is no working day
    assert Timing.of(due, date(2023, 1, 30)) == Timing(due, date(2023, 1, 30), True, 2)
    # After the due date on a day off: late, by no working day yet.
    assert Timing.of(due, date(2023, 1, 21)) == Timing(due, date(2023, 1, 21), True, 0)
    assert Timing.of(due, date(2023, 1, 16)) == Timing(due, date(2023, 1, 16), False, 3)
