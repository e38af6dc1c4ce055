from datetime import date

import pytest

from households import services as household_services
from households.status import Status
from reviews import services
from tests.factories import make_decision, make_group, make_household, make_review, make_user

POOR_DEPRIVED = ["EMPLOYMENT", "NUTRITION", "HEALTH_INSURANCE"]


def assess(entry, *, income, deprived=(), day=date(2023, 9, 20), by=None, replace=False):
    """Score a household of the campaign: urban line 2.000.000, poor with 3 deprivations (Nghị định 07/2021 Art. 3)."""
    return household_services.record_assessment(
        household=entry.household,
        review=entry.campaign.review,
        assessed_on=day,
        deprived=list(deprived),
        income=income,
        score_a=None,
        score_b=None,
        replace=replace,
        by=by or make_user("ldtbxh"),
    )


def meet(campaign, group, votes, *, attendees=40, day=date(2023, 10, 10), by=None):
    return services.record_meeting(
        campaign=campaign,
        residential_group=group,
        held_on=day,
        place="Nhà văn hóa tổ dân phố",
        chair="Trần Văn Tổ",
        secretary="Lê Thị Thư",
        attendees=attendees,
        attendee_list="Ban Chỉ đạo rà soát phường\nĐại diện các hộ",
        front_representative="Đặng Văn Giám",
        votes={entry.pk: agreeing for entry, agreeing in votes.items()},
        by=by or make_user("ldtbxh"),
    )


@pytest.fixture
def worker():
    return make_user("ldtbxh", full_name="Lê Thị Chương")


@pytest.fixture
def ward_groups():
    first = make_group(code="TDP1", name="Tổ dân phố 1")
    return first, make_group(unit=first.unit, code="TDP2", name="Tổ dân phố 2")


@pytest.fixture
def campaign(worker, ward_groups):
    """The 2023 periodic review opened, with a poor, a near-poor and a non-poor household in two groups."""
    first, second = ward_groups
    poor = make_household("Nguyễn Văn Nghèo", code="H-POOR", group=first)
    near = make_household("Trần Thị Cận", code="H-NEAR", group=second)
    make_household("Lê Văn Khá", code="H-NONE", group=first)
    make_decision(poor, Status.POOR, date(2022, 1, 1))
    make_decision(near, Status.NEAR_POOR, date(2022, 1, 1))
    return services.open_campaign(review=make_review(2023), by=worker)
