"""The small ward whose 2023 figures the monitoring tests know by hand."""

from datetime import date

import pytest

from households.models import Status
from tests.factories import default_ward, make_decision, make_group, make_household

START, END = date(2023, 1, 1), date(2023, 12, 31)


@pytest.fixture(autouse=True)
def commune(db):
    """The commune every report of these tests belongs to: a single-commune installation."""
    return default_ward()


@pytest.fixture
def ward_data():
    """Six households with known histories over 2023."""
    group = make_group(code="TDP01", name="Tổ dân phố 1")
    other = make_group(unit=group.unit, code="TDP02", name="Tổ dân phố 2")
    h = {name: make_household(code=name, group=group) for name in ["stays_poor", "escapes", "near_escapes", "relapses"]}
    h["newly_poor"] = make_household(code="newly_poor", group=other, members=[{"merit": "person"}])
    h["never"] = make_household(code="never", group=other)
    make_decision(h["stays_poor"], Status.POOR, date(2022, 1, 10))
    make_decision(h["escapes"], Status.POOR, date(2022, 1, 10))
    make_decision(h["escapes"], Status.NONE, date(2023, 12, 15))  # escaped during the period
    make_decision(h["near_escapes"], Status.NEAR_POOR, date(2022, 1, 10))
    make_decision(h["near_escapes"], Status.NONE, date(2023, 6, 1))
    make_decision(h["relapses"], Status.POOR, date(2021, 1, 10))
    make_decision(h["relapses"], Status.NONE, date(2021, 12, 15))
    make_decision(h["relapses"], Status.POOR, date(2023, 12, 15))  # relapsed during the period
    make_decision(h["newly_poor"], Status.NEAR_POOR, date(2022, 1, 10))
    make_decision(h["newly_poor"], Status.POOR, date(2023, 12, 15))  # first time poor
    return h
