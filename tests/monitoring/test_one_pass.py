"""The report's one-pass figures equal the querysets its links open (households_for), key by key."""

import random
from datetime import date, timedelta

import pytest

from households import services
from households.models import Household, PovertyStandard, Status
from monitoring import indicators
from tests.factories import make_decision, make_group, make_household, make_member, make_review, make_user

pytestmark = pytest.mark.django_db

START, END = date(2023, 1, 1), date(2023, 12, 31)


@pytest.fixture
def random_ward():
    """60 households in three groups, random histories 2019–2024, some gone, some with members in priority groups."""
    rng = random.Random(20261203)
    by = make_user()
    first = make_group(code="TDP01", name="Tổ dân phố 1")
    groups = [first, make_group(unit=first.unit, code="TDP02"), make_group(unit=first.unit, code="TDP03")]
    codes = list(PovertyStandard.objects.for_list_year(2023).indicators.values_list("code", flat=True))
    reviews = [make_review(2022), make_review(2023)]
    for n in range(60):
        household = make_household(code=f"R{n:03d}", group=rng.choice(groups))
        if rng.random() < 0.3:
            make_member(
                household,
                full_name="Lê Văn Công",
                merit=rng.choice(["person", ""]),
                disability=rng.choice(["", "severe"]),
            )
        days = sorted(
            date(2019, 1, 1) + timedelta(days=rng.randint(0, 6 * 365)) for _ in range(rng.choice([0, 1, 2, 3, 5]))
        )
        for k, day in enumerate(days):
            make_decision(
                household, rng.choice([Status.POOR, Status.NEAR_POOR, Status.NONE]), day, by=by, number=f"{n}-{k}"
            )
        if rng.random() < 0.5:
            for review in reviews[rng.randint(0, 1) :]:
                services.record_assessment(
                    household=household,
                    review=review,
                    assessed_on=review.starts_on,
                    deprived=rng.sample(codes, min(len(codes), rng.randint(0, 5))),
                    income=rng.choice([1_000_000, 1_800_000, 2_500_000]),
                    score_a=None,
                    score_b=None,
                    by=by,
                )
        if rng.random() < 0.15:
            Household.objects.filter(pk=household.pk).update(
                left_on=date(2023, rng.randint(1, 12), 15), left_reason="moved_away"
            )


def test_every_figure_of_the_report_equals_the_list_its_link_opens(random_ward):
    figures = indicators.compute(START, END, 2023)
    members = figures["members"]
    # The seed reaches every kind of set: lists, a transition, a priority group, a deprivation.
    assert members["poor_end"] and members["recently_escaped_end"] and members["escaped_poverty"]
    assert members["priority_poor:merit"] and any(members[f"deprived:{d['code']}"] for d in figures["deprivations"])
    for key, pks in figures["members"].items():
        assert pks == sorted(indicators.households_for(key, START, END).values_list("pk", flat=True)), key
    for group in figures["groups"]:
        assert group["poor"] == len(figures["members"][f"group_poor:{group['id']}"])
