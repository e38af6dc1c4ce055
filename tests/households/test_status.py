"""Status on a date, recently escaped within the window, relapsed and newly poor."""

from datetime import date

import pytest

from households.models import Household, Status
from households.status import add_months
from tests.factories import make_decision, make_household

pytestmark = pytest.mark.django_db


def status_of(household, day, status):
    return Household.objects.with_status_on(day).in_status(status, day).filter(pk=household.pk).exists()


def test_status_on_a_date_follows_the_latest_decision():
    household = make_household()
    make_decision(household, Status.POOR, date(2022, 1, 10))
    make_decision(household, Status.NEAR_POOR, date(2023, 12, 15))
    assert household.status_on(date(2022, 1, 9)) == Status.NONE
    assert household.status_on(date(2022, 1, 10)) == Status.POOR
    assert household.status_on(date(2023, 12, 14)) == Status.POOR
    assert household.status_on(date(2023, 12, 15)) == Status.NEAR_POOR
    assert status_of(household, date(2023, 12, 14), Status.POOR)
    assert status_of(household, date(2023, 12, 15), Status.NEAR_POOR)


def test_household_without_decision_is_not_on_the_lists():
    household = make_household()
    assert status_of(household, date(2024, 1, 1), Status.NONE)


def test_recently_escaped_ends_exactly_36_months_after_the_decision():
    household = make_household()
    make_decision(household, Status.POOR, date(2022, 1, 10))
    make_decision(household, Status.NONE, date(2023, 3, 15))
    assert status_of(household, date(2023, 3, 15), "recently_escaped")
    assert status_of(household, date(2026, 3, 14), "recently_escaped")
    assert not status_of(household, date(2026, 3, 15), "recently_escaped")
    assert status_of(household, date(2026, 3, 15), Status.NONE)


def test_window_is_configurable(settings):
    settings.GIAMNGHEO_RECENT_ESCAPE_MONTHS = 12
    household = make_household()
    make_decision(household, Status.POOR, date(2022, 1, 10))
    make_decision(household, Status.NONE, date(2023, 3, 15))
    assert status_of(household, date(2024, 3, 14), "recently_escaped")
    assert not status_of(household, date(2024, 3, 15), "recently_escaped")


def test_poor_to_near_poor_is_not_an_escape_by_default():
    household = make_household()
    make_decision(household, Status.POOR, date(2022, 1, 10))
    make_decision(household, Status.NEAR_POOR, date(2023, 12, 15))
    assert not status_of(household, date(2024, 1, 1), "recently_escaped")


def test_poor_to_near_poor_escapes_when_the_rule_is_leaving_the_poor_list(settings):
    settings.GIAMNGHEO_ESCAPE_MEANS = "poor_list"
    household = make_household()
    make_decision(household, Status.POOR, date(2022, 1, 10))
    make_decision(household, Status.NEAR_POOR, date(2023, 12, 15))
    assert status_of(household, date(2024, 1, 1), "recently_escaped")
    assert status_of(household, date(2024, 1, 1), Status.NEAR_POOR)


def test_relapse_ends_recently_escaped_and_is_marked_relapsed():
    household = make_household()
    make_decision(household, Status.POOR, date(2022, 1, 10))
    make_decision(household, Status.NONE, date(2022, 12, 15))
    relapse = make_decision(household, Status.POOR, date(2023, 12, 15))
    assert relapse.transition() == "relapsed"
    assert not status_of(household, date(2024, 1, 1), "recently_escaped")
    assert status_of(household, date(2024, 1, 1), Status.POOR)


def test_first_poverty_is_newly_poor_even_from_near_poor():
    household = make_household()
    make_decision(household, Status.NEAR_POOR, date(2022, 1, 10))
    newly = make_decision(household, Status.POOR, date(2023, 12, 15))
    assert newly.transition() == "newly_poor"


def test_decision_recorded_out_of_order_rederives_the_timeline():
    household = make_household()
    later = make_decision(household, Status.POOR, date(2023, 12, 15))
    make_decision(household, Status.POOR, date(2022, 1, 10))
    later.refresh_from_db()
    assert later.transition() == "unchanged"


def test_status_counts_count_each_list_once():
    poor, escaped, near = make_household(), make_household(), make_household()
    make_household()
    make_decision(poor, Status.POOR, date(2022, 1, 10))
    make_decision(escaped, Status.POOR, date(2022, 1, 10))
    make_decision(escaped, Status.NONE, date(2023, 1, 10))
    make_decision(near, Status.NEAR_POOR, date(2022, 1, 10))
    counts = Household.objects.status_counts(date(2024, 1, 1))
    assert counts == {"total": 4, "poor": 1, "near_poor": 1, "recently_escaped": 1, "none": 2}


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2023, 3, 15), 36, date(2026, 3, 15)),
        (date(2023, 5, 31), -3, date(2023, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2023, 12, 31), 1, date(2024, 1, 31)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("means", ["both_lists", "poor_list"])
def test_escape_in_python_and_in_sql_agree(settings, means):
    from households.models import StatusDecision

    settings.GIAMNGHEO_ESCAPE_MEANS = means
    household = make_household()
    for status, day in [(Status.POOR, date(2022, 1, 1)), (Status.NEAR_POOR, date(2022, 6, 1)),
                        (Status.NONE, date(2023, 1, 1)), (Status.POOR, date(2024, 1, 1))]:  # fmt: skip
        make_decision(household, status, day)
    in_sql = set(StatusDecision.objects.filter(StatusDecision.escape_q()).values_list("pk", flat=True))
    in_python = {d.pk for d in StatusDecision.objects.all() if d.is_escape()}
    assert in_sql == in_python and in_sql
