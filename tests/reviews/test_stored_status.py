"""A recognition keeps each household's stored status equal to what its decisions say."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from households import services as household_services
from households.models import Household, Status
from reviews import services
from reviews.models import Step
from tests.factories import make_user
from tests.reviews.test_process import through_posting

pytestmark = pytest.mark.django_db


def stored(code):
    household = Household.objects.get(code=code)
    return household.current_status, household.status_since, household.status_changes_on, household.escaped_lists_on


def recognise(campaign, effective_on):
    leader = make_user("lanhdao")
    services.submit(campaign=campaign, kind="official", number="120/BC-UBND", sent_on=date(2023, 11, 10), by=leader)
    services.close_step(campaign=campaign, step=Step.REPORT, closed_on=date(2023, 11, 10), by=leader)
    services.recognise(
        campaign=campaign, number="250/QĐ-UBND", signed_on=date(2023, 12, 12), effective_on=effective_on,
        signer="Chủ tịch Trần Minh Khoa", by=leader,
    )  # fmt: skip


def test_recognition_stores_the_status_it_decides(campaign, worker, ward_groups):
    through_posting(campaign, worker, ward_groups, near_result=3_500_000)  # the near-poor household escapes
    recognise(campaign, date(2024, 1, 1))
    assert stored("H-POOR") == (Status.POOR, date(2024, 1, 1), None, None)
    assert stored("H-NEAR") == (Status.NONE, date(2024, 1, 1), None, date(2024, 1, 1))
    assert stored("H-NONE") == (Status.NONE, None, None, None)


def test_a_recognition_effective_later_is_stored_as_the_next_change(campaign, worker, ward_groups):
    through_posting(campaign, worker, ward_groups, near_result=3_500_000)
    later = timezone.localdate() + timedelta(days=20)
    recognise(campaign, later)
    assert stored("H-NEAR") == (Status.NEAR_POOR, date(2022, 1, 1), later, None)
    # The lists read the decisions from that day on, before the nightly refresh has run.
    near = Household.objects.with_status_on(later).get(code="H-NEAR")
    assert (near.status_on, near.escaped_on) == (Status.NONE, later)
    household_services.refresh_stale_status(today=later)
    assert stored("H-NEAR") == (Status.NONE, later, None, later)
