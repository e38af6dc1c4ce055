import random
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from giamngheo.models import Unit
from households.models import Household, Status
from tests.factories import make_decision, make_group, make_household, make_plan, make_user, make_ward

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
    make_plan()
    client.force_login(make_user("ldtbxh"))
    goals = sorted(row["goal"] for row in client.get(reverse("home")).context["targets"])
    assert goals == ["0.17", "10"]


@pytest.fixture
def ward_history():
    """40 households with random histories over the last six years, some gone from the register."""
    rng = random.Random(20261203)
    today = timezone.localdate()
    by = make_user()
    groups = [make_group(code=f"TDP{n}") for n in range(3)]
    for n in range(40):
        household = make_household(code=f"D{n:03d}", group=rng.choice(groups))
        for k in range(rng.choice([0, 1, 2, 4])):
            day = today - timedelta(days=rng.randint(0, 6 * 365))
            make_decision(household, rng.choice(list(Status)), day, by=by, number=f"{n}-{k}")
        if rng.random() < 0.2:
            Household.objects.filter(pk=household.pk).update(
                left_on=today - timedelta(days=rng.randint(0, 3 * 365)), left_reason="moved_away"
            )
    return today


def sql_counts(day):
    """The decision path of the register lists: households on the register that day, per list."""
    on_register = Household.objects.in_ward_on(day).with_status_on(day)
    return {name: on_register.in_status(name, day).count() for name in (Status.POOR, Status.NEAR_POOR)}


def test_home_figures_equal_the_register_lists_on_each_day(client, ward_history):
    today = ward_history
    client.force_login(make_user("ldtbxh"))
    context = client.get(reverse("home")).context
    assert context["counts"] == Household.objects.status_counts(today)
    assert context["trend"]  # the seed has decisions
    for row in context["trend"]:
        day = min(date(row["year"], 12, 31), today)
        assert {Status.POOR: row["poor"], Status.NEAR_POOR: row["near_poor"]} == sql_counts(day), row["year"]
    on_register = Household.objects.in_ward_on(today).with_status_on(today)
    by_group = {
        name: (on_register.in_status(Status.POOR, today).filter(residential_group__name=name).count(),
               on_register.in_status(Status.NEAR_POOR, today).filter(residential_group__name=name).count())
        for name in {row["name"] for row in context["groups"]}
    }  # fmt: skip
    assert {row["name"]: (row["poor"], row["near_poor"]) for row in context["groups"]} == by_group


def test_home_figures_are_cached_until_the_register_changes(client, ward_history):
    client.force_login(make_user("ldtbxh"))
    first = client.get(reverse("home")).context["counts"]
    with CaptureQueriesContext(connection) as cold:
        cache.clear()
        client.get(reverse("home"))
    with CaptureQueriesContext(connection) as warm:
        assert client.get(reverse("home")).context["counts"] == first
    assert len(warm) < len(cold)
    household = Household.objects.filter(current_status=Status.NONE).first()
    make_decision(household, Status.POOR, ward_history - timedelta(days=1))
    assert client.get(reverse("home")).context["counts"]["poor"] == first["poor"] + 1  # a decision shows at once


def test_home_queries_do_not_grow_with_the_register(client, ward_history):
    user = make_user("ldtbxh")
    client.force_login(user)
    cache.clear()
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("home"))
    for n in range(15):
        make_decision(make_household(code=f"X{n}", group=make_group()), Status.POOR, ward_history)
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("home"))
    assert len(after) == len(before)


def test_home_figures_and_targets_are_of_the_officers_commune_only(client):
    """Another commune's poor households, its earlier decisions and its plan do not reach the page."""
    mine, other = make_ward("Phường Nam Nha Trang", code="A"), make_ward("Phường Bắc Nha Trang", code="B")
    officer = make_user("ldtbxh")
    officer.unit = Unit.objects.create(ward=mine, code="labour-social", name="Văn hóa – Xã hội")
    officer.save()
    today = timezone.localdate()
    make_decision(make_household(code="A1", group=make_group(mine)), Status.POOR, date(today.year, 1, 2))
    make_decision(make_household(code="B1", group=make_group(other)), Status.POOR, date(2019, 5, 1))
    make_plan(other)
    client.force_login(officer)
    context = client.get(reverse("home")).context
    assert context["counts"]["poor"] == 1 and context["counts"]["total"] == 1
    assert [row["year"] for row in context["trend"]] == [today.year]
    assert context["targets"] == []


def test_a_user_of_no_commune_sees_an_empty_home_among_several_communes(client):
    make_ward("Phường Nam Nha Trang", code="A"), make_ward("Phường Bắc Nha Trang", code="B")
    client.force_login(make_user("ldtbxh"))  # no unit: in no commune of the two
    response = client.get(reverse("home"))
    assert response.status_code == 200 and response.context["counts"]["total"] == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
def test_figures_read_while_another_transaction_writes_are_not_kept(client, ward_history):
    """Its history id may be below the version's maximum: once it commits, the version would not move."""
    import psycopg

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("home"))
        return len(captured)

    db = connection.settings_dict
    other = psycopg.connect(dbname=db["NAME"], host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"])
    client.force_login(make_user("ldtbxh"))
    try:
        other.execute("SELECT pg_current_xact_id()")  # a transaction holding a transaction id: a writer
        while_open = [queries(), queries()]
    finally:
        other.rollback()
        other.close()
    settled = [queries(), queries()]
    assert while_open[0] == while_open[1] == settled[0] > settled[1]
