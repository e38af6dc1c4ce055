"""Every day belongs to exactly one review (Quyết định 24/2021/QĐ-TTg Art. 3).

Periodic: 01/09 to 14/12. Regular: monthly from the 15th, outside the periodic review.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from households import services
from households.models import Review
from households.models.reviews import REGULAR_GAP_MONTHS
from tests.factories import make_household, make_user

REGULAR_MONTHS = [month for month in range(1, 13) if month not in REGULAR_GAP_MONTHS]


def reviews_around(year):
    for y in (year - 1, year):
        yield Review.period(Review.Kind.PERIODIC, y)
        for month in REGULAR_MONTHS:
            yield Review.period(Review.Kind.REGULAR, y, month)


def test_every_day_of_2022_to_2027_is_in_exactly_one_review():
    day = date(2022, 1, 1)
    while day <= date(2027, 12, 31):
        holding = [(start, end) for start, end in reviews_around(day.year) if start <= day <= end]
        assert len(holding) == 1, (day, holding)
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("month", "start", "end"),
    [
        (1, date(2026, 1, 15), date(2026, 2, 14)),
        (2, date(2026, 2, 15), date(2026, 3, 14)),
        (8, date(2026, 8, 15), date(2026, 8, 31)),  # the eve of the periodic review
        (12, date(2026, 12, 15), date(2027, 1, 14)),  # covers 31/12, the last day of NĐ 07/2021's standard
    ],
)
def test_a_regular_review_runs_from_the_15th_to_the_next_review(month, start, end):
    assert Review.period(Review.Kind.REGULAR, 2026, month) == (start, end)


@pytest.mark.parametrize("month", REGULAR_GAP_MONTHS)
def test_no_regular_review_during_the_periodic_review(month):
    with pytest.raises(ValidationError) as refusal:
        Review.period(Review.Kind.REGULAR, 2026, month)
    assert refusal.value.code == "no_regular_review"


@pytest.mark.django_db
def test_the_stored_dates_of_a_review_are_what_the_form_and_the_service_check():
    household = make_household()
    review = services.get_or_create_review(Review.Kind.REGULAR, 2023, 3)
    Review.objects.filter(pk=review.pk).update(ends_on=date(2023, 4, 20))  # corrected in the admin
    assert services.review_dates(Review.Kind.REGULAR, 2023, 3) == (date(2023, 3, 15), date(2023, 4, 20))
    review.refresh_from_db()
    services.record_assessment(
        household=household,
        review=review,
        assessed_on=date(2023, 4, 18),
        deprived=[],
        income=900_000,
        score_a=None,
        score_b=None,
        by=make_user("ldtbxh"),
    )
