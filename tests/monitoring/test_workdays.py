"""Working days to a report's due date: Vietnam's calendar (the `holidays` package) with the ward's exceptions.

Thông tư 10/2022/TT-BLĐTBXH, Art. 4.2: the report is sent within 15 working days after the period.
"""

from datetime import date

import pytest

from monitoring.models import Holiday, Report
from monitoring.workdays import add_working_days

pytestmark = pytest.mark.django_db


def test_2022_annual_report_is_due_after_tet_2023_not_on_20_january():
    # 02/01/2023 is New Year's Day in lieu; Tết takes 20–26/01/2023.
    assert Report(period="year", year=2022).due_on() == date(2023, 1, 30)


def test_half_year_report_is_due_fifteen_working_days_after_30_june():
    assert Report(period="half_year", year=2023).due_on() == date(2023, 7, 21)


def test_both_national_day_days_are_off():
    assert add_working_days(date(2025, 8, 29), 1) == date(2025, 9, 3)


def test_a_saturday_the_national_calendar_swapped_for_a_bridge_day_is_worked():
    # 29/04/2024 was bridged to the 30/04 holiday and made up on Saturday 04/05/2024.
    assert add_working_days(date(2024, 4, 26), 1) == date(2024, 5, 2)
    assert add_working_days(date(2024, 5, 3), 1) == date(2024, 5, 4)


def test_a_day_off_the_ward_adds_is_skipped():
    Holiday.objects.create(day=date(2023, 7, 10), name="Nghỉ bù của phường")
    assert Report(period="half_year", year=2023).due_on() == date(2023, 7, 24)


def test_a_working_day_the_ward_declares_counts_even_on_a_national_holiday():
    Holiday.objects.create(day=date(2023, 1, 26), name="Làm việc", working_day=True)
    assert Report(period="year", year=2022).due_on() == date(2023, 1, 27)


def test_a_saturday_the_ward_declares_worked_counts():
    Holiday.objects.create(day=date(2023, 7, 8), name="Làm bù thứ Bảy", working_day=True)
    assert Report(period="half_year", year=2023).due_on() == date(2023, 7, 20)


def test_the_fixed_days_once_seeded_stay_and_move_no_due_date():
    # Kept so that an upgrade keeps every row; the calendar has these days off already.
    assert Holiday.objects.filter(day__month=9, day__day=2, working_day=False).exists()
    with_rows = [Report(period=period, year=year).due_on() for period in ("half_year", "year") for year in (2022, 2023)]
    Holiday.objects.all().delete()
    assert with_rows == [Report(period=p, year=y).due_on() for p in ("half_year", "year") for y in (2022, 2023)]
