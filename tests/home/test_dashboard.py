from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from households.models import Status
from tests.factories import make_decision, make_household, make_user

pytestmark = pytest.mark.django_db


def test_home_charts_show_the_trend_and_groups_without_any_script(client):
    today = timezone.localdate()
    poor, near = make_household(code="P"), make_household(code="N")
    make_decision(poor, Status.POOR, date(today.year - 1, 3, 1))
    make_decision(near, Status.NEAR_POOR, date(today.year - 1, 3, 1))
    make_decision(poor, Status.NEAR_POOR, date(today.year, 1, 5))
    client.force_login(make_user("ldtbxh"))
    response = client.get(reverse("home"))
    trend = {row["year"]: (row["poor"], row["near_poor"]) for row in response.context["trend"]}
    assert trend == {today.year - 1: (1, 1), today.year: (0, 2)}
    assert sum(row["near_poor"] for row in response.context["groups"]) == 2
    html = response.content.decode()
    assert "<svg" in html and "<script>" not in html.split("bootstrap.bundle")[0]


def test_plan_targets_read_as_the_plan_writes_them(client):
    from tests.factories import make_plan

    make_plan()
    client.force_login(make_user("ldtbxh"))
    goals = sorted(row["goal"] for row in client.get(reverse("home")).context["targets"])
    assert goals == ["0.17", "10"]
