"""Each sub-project's rules on their edges: the recently-escaped window, ages 5 and 16, working age."""

import pytest
from django.test import override_settings

from projects.eligibility import Content, Facts, Person, evaluate


def facts(status="near_poor", escaped=False, content=Content.OTHER, **person):
    defaults = {"age": 30, "sex": "F"}
    return Facts(status, escaped, Person(**{**defaults, **person}), content)


@pytest.mark.parametrize("rule", ["DA2", "DA3-TDA1"])
@pytest.mark.parametrize(
    "case, expected",
    [
        (facts(age=15), True),
        (facts(age=14), False),
        (facts(age=59), True),
        (facts(age=60), False),
        (facts(status="poor"), True),
        (facts(status="none", escaped=True), True),
        (facts(status="none"), False),
        (facts(status="none", disability="severe", employment="unemployed"), True),
        (facts(status="none", disability="severe", employment="contract"), False),
    ],
)
def test_livelihood_rules(rule, case, expected):
    assert evaluate(rule, case).eligible is expected


@pytest.mark.parametrize(
    "case, expected",
    [
        (facts(age=4, content=Content.NUTRITION_INTERVENTION), True),
        (facts(age=5, content=Content.NUTRITION_INTERVENTION), False),
        (facts(age=30, pregnant_or_nursing=True, content=Content.NUTRITION_INTERVENTION), True),
        # The intervention for under-5s is for poor and near-poor households only (ward plan).
        (facts(age=4, status="none", escaped=True, content=Content.NUTRITION_INTERVENTION), False),
        (facts(age=4, status="none", content=Content.NUTRITION_INTERVENTION), False),
        (facts(age=5, content=Content.SCHOOL_NUTRITION), True),
        (facts(age=4, content=Content.SCHOOL_NUTRITION), False),
        (facts(age=15, content=Content.SCHOOL_NUTRITION), True),
        (facts(age=16, content=Content.SCHOOL_NUTRITION), False),
        (facts(age=15, status="none", escaped=True, content=Content.SCHOOL_NUTRITION), True),
        (facts(age=15), True),
        (facts(age=16), False),
        (facts(age=10, status="none"), False),
    ],
)
def test_nutrition_rules(case, expected):
    assert evaluate("DA3-TDA2", case).eligible is expected


@pytest.mark.parametrize(
    "case, expected",
    [
        (facts(), True),
        (facts(status="none"), False),
        (facts(status="none", low_income_worker=True), True),
        (facts(status="none", low_income_worker=True, age=60), False),
        (facts(age=14), False),
    ],
)
def test_vocational_training_takes_low_income_workers(case, expected):
    assert evaluate("DA4-TDA1", case).eligible is expected


@pytest.mark.parametrize(
    "case, expected",
    [
        (facts(status="none"), True),  # any worker may use job services
        (facts(status="none", content=Content.JOB_PLACEMENT), False),
        (facts(status="none", escaped=True, content=Content.JOB_PLACEMENT), True),
        (facts(age=60, content=Content.JOB_PLACEMENT), False),
    ],
)
def test_employment_rules(case, expected):
    assert evaluate("DA4-TDA3", case).eligible is expected


def test_capacity_building_never_supports_households():
    assert evaluate("DA7", facts(status="poor")).eligible is False


def test_a_person_is_required():
    verdict = evaluate("DA3-TDA2", Facts("poor", False, None))
    assert verdict.eligible is False


def test_verdict_names_the_rule_and_version_and_gives_reasons():
    verdict = evaluate("DA3-TDA2", facts(age=10, status="none"))
    assert verdict.rule.startswith("DA3-TDA2 2023.1")
    assert len(verdict.reasons) >= 2


@pytest.mark.parametrize("months", [24, 36])
def test_the_recently_escaped_reason_names_the_configured_window(months):
    with override_settings(GIAMNGHEO_RECENT_ESCAPE_MONTHS=months):
        line = evaluate("DA2", facts(status="none", escaped=True)).reasons[0]
    assert str(months) in line and str(60 - months) not in line


def test_working_age_of_the_rules_starts_at_15_as_the_labour_code_says():
    # Bộ luật Lao động 2019, Art. 3: the same working age as the register's (households.ages).
    for rule in ["DA2", "DA4-TDA1", "DA4-TDA3"]:
        assert evaluate(rule, facts(age=15)).eligible is True
        assert evaluate(rule, facts(age=14)).eligible is False
