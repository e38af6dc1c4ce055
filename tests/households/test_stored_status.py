"""The stored status (Household.current_status and its dates) equals the status the decisions give.

Random decision histories, recorded out of date order, back-dated and future-dated, are
checked against a plain-Python reading of the decision rows: the stored columns, the
list annotations on any day (where the columns hold and where they are stale) and the
counts, under both meanings of an escape.
"""

import importlib
import io
import random
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from households import services, status, timeline
from households.models import Household, Status, StatusDecision
from tests.factories import make_decision, make_household, make_user

pytestmark = pytest.mark.django_db

STATUSES = [Status.POOR, Status.NEAR_POOR, Status.NONE]


def in_force(decisions, day):
    """The decisions effective by the day, the one in force last (as recorded: effective date, then pk)."""
    return sorted((d for d in decisions if d.effective_on <= day), key=lambda d: (d.effective_on, d.pk))


def expected_on(decisions, day, means):
    """(status_on, escaped_on) read from the decision rows in Python."""
    effective = in_force(decisions, day)
    escapes = [d for d in effective if status.ESCAPES[means].matches(d.previous_status, d.status, d.ever_poor_before)]
    return (effective[-1].status if effective else None), (escapes[-1].effective_on if escapes else None)


def expected_lists(decisions, day, means):
    status_on, escaped_on = expected_on(decisions, day, means)
    lists = {status_on or Status.NONE}
    escaped_to = status.ESCAPES[means].status
    if escaped_on and escaped_on >= status.recent_escape_cutoff(day) and status_on in escaped_to:
        lists.add("recently_escaped")
    return lists


def expected_columns(decisions, today):
    effective = in_force(decisions, today)
    upcoming = sorted(d.effective_on for d in decisions if d.effective_on > today)
    return {
        "current_status": effective[-1].status if effective else Status.NONE,
        "status_since": effective[-1].effective_on if effective else None,
        "status_changes_on": upcoming[0] if upcoming else None,
        **{field: expected_on(decisions, today, means)[1] for means, field in Household.ESCAPED_ON_FIELDS.items()},
    }


def stored_columns():
    return {row["pk"]: row for row in Household.objects.values("pk", *Household.STATUS_FIELDS)}


@pytest.fixture(scope="module")
def today():
    return timezone.localdate()


@pytest.fixture
def histories(today):
    """80 households with 0–7 decisions each, recorded in random order over 2019 to a year from now."""
    rng = random.Random(20261202)
    by = make_user()
    households = [make_household(code=f"H{n:03d}") for n in range(80)]
    plans = []
    for household in households:
        count = rng.choice([0, 1, 1, 2, 3, 4, 5, 7])
        days = [today + timedelta(days=rng.randint(-8 * 365, 400)) for _ in range(count)]
        if count >= 2 and rng.random() < 0.3:
            days[1] = days[0]  # two decisions effective the same day: the later recorded is in force
        if count >= 1 and rng.random() < 0.2:
            days[-1] = today  # effective today
        plans.extend((household, rng.choice(STATUSES), day) for day in days)
    rng.shuffle(plans)  # recorded out of date order: back-dated and future-dated decisions mixed
    for n, (household, decided, day) in enumerate(plans):
        make_decision(household, decided, day, by=by, number=f"{n}/QĐ-UBND")
    decisions = {h.pk: [] for h in households}
    for decision in StatusDecision.objects.all():
        decisions[decision.household_id].append(decision)
    return decisions


def sample_days(today):
    return [
        date(2018, 6, 1),
        today - timedelta(days=5 * 365),
        today - timedelta(days=3 * 365),
        today - timedelta(days=400),
        today - timedelta(days=1),
        today,
        today + timedelta(days=1),
        today + timedelta(days=200),
        today + timedelta(days=500),
    ]


def test_every_writer_path_leaves_the_stored_columns_equal_to_the_decisions(histories, today):
    stored = stored_columns()
    assert {pk for pk, decisions in histories.items() if decisions}  # the histories are not all empty
    for pk, decisions in histories.items():
        assert {f: stored[pk][f] for f in Household.STATUS_FIELDS} == expected_columns(decisions, today), pk


@pytest.mark.parametrize("means", ["both_lists", "poor_list"])
@pytest.mark.parametrize("stored_on_offset", [0, -900, 300])
def test_lists_on_any_day_match_the_decisions_however_old_the_stored_status(
    settings, histories, today, means, stored_on_offset
):
    """Stored on another day (a missed nightly refresh, or ahead), the lists still follow the decisions."""
    settings.GIAMNGHEO_ESCAPE_MEANS = means
    services.refresh_status(today=today + timedelta(days=stored_on_offset))
    for day in sample_days(today):
        annotated = {h.pk: (h.status_on, h.escaped_on) for h in Household.objects.with_status_on(day)}
        for pk, decisions in histories.items():
            assert annotated[pk] == expected_on(decisions, day, means), (pk, day)
        for name in [*STATUSES, "recently_escaped"]:
            found = set(Household.objects.with_status_on(day).in_status(name, day).values_list("pk", flat=True))
            assert found == {pk for pk, d in histories.items() if name in expected_lists(d, day, means)}, (name, day)
        decided = set(
            Household.objects.filter(Household.objects.decided_by(day, Household.objects.stale_q(day))).values_list(
                "pk", flat=True
            )
        )
        assert decided == {pk for pk, d in histories.items() if in_force(d, day)}, day
        counts = Household.objects.status_counts(day)
        for name in [*STATUSES, "recently_escaped"]:
            assert counts[name] == sum(name in expected_lists(d, day, means) for d in histories.values()), (name, day)


def test_nightly_refresh_stores_only_the_households_whose_next_decision_took_effect(histories, today):
    stored_before = today - timedelta(days=900)
    services.refresh_status(today=stored_before)
    stale = {pk for pk, d in histories.items() if any(stored_before < x.effective_on <= today for x in d)}
    assert stale  # the seed gives decisions in those 900 days
    assert services.refresh_stale_status(today=today) == len(stale)
    for pk, row in stored_columns().items():
        expected = expected_columns(histories[pk], today if pk in stale else stored_before)
        assert {f: row[f] for f in Household.STATUS_FIELDS} == expected, pk
    assert not Household.objects.filter(Household.objects.stored_stale_q(today)).exists()


def test_refresh_command_re_derives_every_household_with_all(histories, today):
    Household.objects.update(current_status=Status.POOR, status_since=None, status_changes_on=None)
    call_command("refresh_household_status", "--all", stdout=io.StringIO())
    for pk, row in stored_columns().items():
        assert {f: row[f] for f in Household.STATUS_FIELDS} == expected_columns(histories[pk], today), pk


def test_backfill_migration_gives_the_same_columns_as_the_service(histories, today):
    expected = stored_columns()
    Household.objects.update(
        current_status=Status.NONE, status_since=None, status_changes_on=None, escaped_lists_on=None,
        escaped_poor_list_on=None,
    )  # fmt: skip
    migration = importlib.import_module("households.migrations.0016_fill_household_status")
    migration.BATCH = 7  # several batches over the 80 households
    migration.fill_status(apps, None)
    assert stored_columns() == expected


def test_a_full_save_of_an_instance_loaded_before_a_decision_keeps_the_stored_status(today):
    household = make_household()
    loaded = Household.objects.get(pk=household.pk)
    make_decision(household, Status.POOR, today - timedelta(days=10))
    loaded.address = "12 Trần Phú"
    loaded.save()
    stored = Household.objects.get(pk=household.pk)
    assert (stored.current_status, stored.status_since, stored.address) == (
        Status.POOR,
        today - timedelta(days=10),
        "12 Trần Phú",
    )


def test_record_decision_updates_the_household_instance_it_was_given(today):
    household = make_household()
    make_decision(household, Status.NEAR_POOR, today + timedelta(days=30))
    make_decision(household, Status.POOR, today - timedelta(days=30))
    assert (household.current_status, household.status_since, household.status_changes_on) == (
        Status.POOR,
        today - timedelta(days=30),
        today + timedelta(days=30),
    )


@pytest.mark.parametrize("means", ["both_lists", "poor_list"])
def test_the_one_pass_timeline_gives_the_lists_of_the_decision_path_on_every_day(settings, histories, today, means):
    """households.timeline reads the decisions once; on each day its lists equal in_status's, presence included."""
    settings.GIAMNGHEO_ESCAPE_MEANS = means
    # Some households leave the register, some enter late: the timeline must drop them on those days.
    for n, household in enumerate(Household.objects.order_by("pk")):
        if n % 5 == 0:
            Household.objects.filter(pk=household.pk).update(
                left_on=today - timedelta(days=300 + n), left_reason="moved_away"
            )
        elif n % 7 == 0:
            Household.objects.filter(pk=household.pk).update(entered_on=today - timedelta(days=700 + n))
    days = sample_days(today)
    line = timeline.Timeline(Household.objects.all(), until=max(days))
    for day in days:
        lists = line.lists_on(day)
        for name in [Status.POOR, Status.NEAR_POOR, "recently_escaped"]:
            sql = Household.objects.in_ward_on(day).with_status_on(day).in_status(name, day)
            assert lists[name] == set(sql.values_list("pk", flat=True)), (name, day)


def test_the_everyday_lists_read_the_stored_columns_alone(histories, today):
    """Nothing stale today: no decision subquery; a day the stored status does not hold brings them back."""
    services.refresh_status(today=today)
    assert Household.objects.stale_q(today) is None
    sql = str(Household.objects.with_status_on(today).in_status(Status.POOR, today).query)
    assert "households_statusdecision" not in sql
    past = today - timedelta(days=900)
    assert Household.objects.stale_q(past) is not None
    assert "households_statusdecision" in str(Household.objects.with_status_on(past).query)
