"""The standard at its boundaries, both periods, urban and rural, income and scores."""

import pytest

from households.classification import ClassificationError, Result, classify
from households.models import PovertyStandard

pytestmark = pytest.mark.django_db

THREE = ["EMPLOYMENT", "HEALTH_INSURANCE", "HOUSING_AREA"]
TWO = ["EMPLOYMENT", "HEALTH_INSURANCE"]


@pytest.fixture
def nd07():
    return PovertyStandard.objects.get(code="ND07-2021").rules()


@pytest.fixture
def std2027():
    return PovertyStandard.objects.get(code="ND351-2025").rules()


@pytest.mark.parametrize(
    "area, income, deprived, expected",
    [
        ("urban", 2_000_000, THREE, Result.POOR),  # exactly on the line: "từ … trở xuống"
        ("urban", 2_000_000, TWO, Result.NEAR_POOR),
        ("urban", 2_000_001, THREE, Result.AVERAGE),  # above the line: never poor
        ("urban", 3_000_000, [], Result.AVERAGE),  # top of the average band, inclusive
        ("urban", 3_000_001, [], Result.NOT_POOR),
        ("urban", 0, [], Result.NEAR_POOR),
        ("rural", 1_500_000, THREE, Result.POOR),
        ("rural", 1_500_000, TWO, Result.NEAR_POOR),
        ("rural", 1_500_001, THREE, Result.AVERAGE),
        ("rural", 2_250_000, [], Result.AVERAGE),
        ("rural", 2_250_001, [], Result.NOT_POOR),
        ("rural", 2_000_000, THREE, Result.AVERAGE),  # the urban line does not apply
    ],
)
def test_income_classification_2022_2026(nd07, area, income, deprived, expected):
    assert classify(nd07, area=area, income=income, deprived=deprived).result == expected


@pytest.mark.parametrize(
    "area, income, deprived, expected",
    [
        ("urban", 2_800_000, THREE, Result.POOR),
        ("urban", 2_800_000, TWO, Result.NEAR_POOR),
        ("urban", 2_800_001, THREE, Result.NOT_POOR),  # no average band is set for 2027–2030
        ("rural", 2_200_000, THREE, Result.POOR),
        ("rural", 2_200_001, THREE, Result.NOT_POOR),
    ],
)
def test_income_classification_2027_2030(std2027, area, income, deprived, expected):
    assert classify(std2027, area=area, income=income, deprived=deprived).result == expected


def test_indicator_dropped_in_2027_is_refused(std2027):
    with pytest.raises(ClassificationError) as error:
        classify(std2027, area="urban", income=1, deprived=["INFO_ASSETS"])
    assert error.value.code == "indicator_not_in_standard"


@pytest.mark.parametrize(
    "area, score_a, score_b, expected",
    [
        ("urban", 175, 30, Result.POOR),
        ("urban", 175, 29, Result.NEAR_POOR),
        ("urban", 176, 60, Result.NOT_POOR),
        ("rural", 140, 30, Result.POOR),
        ("rural", 140, 20, Result.NEAR_POOR),
        ("rural", 141, 30, Result.NOT_POOR),
    ],
)
def test_score_classification(nd07, area, score_a, score_b, expected):
    assert classify(nd07, area=area, score_a=score_a, score_b=score_b, deprived=[]).result == expected


def test_scores_are_refused_where_the_standard_sets_no_cutoff(std2027):
    with pytest.raises(ClassificationError) as error:
        classify(std2027, area="urban", score_a=100, score_b=30, deprived=[])
    assert error.value.code == "scores_not_defined"


def test_income_wins_over_scores(nd07):
    result = classify(nd07, area="urban", income=5_000_000, score_a=10, score_b=90, deprived=[])
    assert result.result == Result.NOT_POOR


def test_explanation_names_income_line_indicators_and_rule(nd07):
    result = classify(nd07, area="urban", income=1_800_000, deprived=THREE)
    text = " ".join(result.explanation)
    assert "1.800.000" in text and "2.000.000" in text
    assert "Bảo hiểm y tế" in text and "Diện tích nhà ở bình quân đầu người" in text
    assert result.explanation[-1].endswith(f"{nd07.name}.")


def test_negative_income_is_refused(nd07):
    with pytest.raises(ClassificationError) as error:
        classify(nd07, area="urban", income=-1, deprived=[])
    assert error.value.code == "income_negative"


def test_nothing_measured_is_refused(nd07):
    with pytest.raises(ClassificationError) as error:
        classify(nd07, area="urban", deprived=[])
    assert error.value.code == "no_measure"


def test_more_income_never_makes_a_household_poorer(nd07):
    order = [Result.POOR, Result.NEAR_POOR, Result.AVERAGE, Result.NOT_POOR]
    for deprived in ([], TWO, THREE):
        ranks = [
            order.index(classify(nd07, area="urban", income=income, deprived=deprived).result)
            for income in range(0, 4_000_000, 50_000)
        ]
        assert ranks == sorted(ranks)


def test_standard_in_force_by_date():
    from datetime import date

    assert PovertyStandard.objects.in_force_on(date(2021, 12, 31)) is None
    assert PovertyStandard.objects.in_force_on(date(2022, 1, 1)).code == "ND07-2021"
    assert PovertyStandard.objects.in_force_on(date(2026, 12, 31)).code == "ND07-2021"
    assert PovertyStandard.objects.in_force_on(date(2027, 1, 1)).code == "ND351-2025"
