"""The large-ward builder (bench/build_ward.py) writes a register the app reads as its own."""

from collections import Counter

import pytest
from django.utils import timezone

from giamngheo.text import fold
from home.demo.large import PROVINCES, SERIALS, CitizenIds, build_large_ward
from households.choices import Relation
from households.models import Assessment, Household, Member, Status, StatusDecision, citizen_id_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def built():
    """A small ward built in three batches (and a short last one), inside the test's transaction."""
    return build_large_ward(households=700, seed=7, batch=250)


def test_every_citizen_id_is_unique_twelve_digits_and_passes_the_model_check(built):
    members = list(Member.objects.exclude(citizen_id=None).values_list("citizen_id", "date_of_birth", "sex"))
    assert len(members) > 1500
    numbers = [number for number, _born, _sex in members]
    assert len(set(numbers)) == len(numbers)
    assert [n for n, born, sex in members if citizen_id_problem(n, born, sex) is not None] == []


def test_derived_columns_are_what_the_model_helpers_compute(built):
    wrong = []
    for household in Household.objects.prefetch_related("members"):
        stored = (household.head_name, household.head_sort_key, household.search_text)
        household.refresh_search_fields()
        if stored != (household.head_name, household.head_sort_key, household.search_text) or any(
            m.search_name != fold(m.full_name) for m in household.members.all()
        ):
            wrong.append(household.code)
    assert wrong == []
    assert Household.objects.exclude(head_name="").count() == Household.objects.count()


def test_status_counts_are_those_of_the_decisions_built(built):
    counts = Household.objects.status_counts(timezone.localdate())
    assert counts[Status.POOR] == built.status[Status.POOR] > 0
    assert counts[Status.NEAR_POOR] == built.status[Status.NEAR_POOR] > 0
    assert counts["total"] == sum(built.status.values())


def test_it_writes_what_it_reports_and_spreads_households_over_groups(built):
    assert Household.objects.count() == built.households == 700
    assert Member.objects.count() == built.members
    assert Assessment.objects.count() == built.assessments > 0
    assert StatusDecision.objects.count() == built.decisions > 0
    per_group = Counter(Household.objects.values_list("residential_group", flat=True))
    assert len(per_group) == built.groups >= 3
    assert min(per_group.values()) < max(per_group.values())


def test_new_rows_after_the_build_get_fresh_ids(built):
    household = Household.objects.first()
    member = Member.objects.create(household=household, full_name="Lê Văn Mới", date_of_birth="2001-02-03",
                                   sex="M", relation=Relation.CHILD, entered_on="2021-07-01")  # fmt: skip
    assert member.pk > max(Member.objects.exclude(pk=member.pk).values_list("pk", flat=True))


def test_citizen_ids_move_to_the_next_province_when_a_prefix_is_used_up():
    ids = CitizenIds()
    ids.next[(0, 80)] = (0, SERIALS - 1)
    from datetime import date

    born = date(1980, 5, 1)
    assert ids.issue(born, "M") == f"{PROVINCES[0]}080999999"
    assert ids.issue(born, "M") == f"{PROVINCES[1]}080000001"
