"""Each sub-project's rules on their edges, each test naming the text it follows.

KH 538/KH-UBND is the ward's plan of 2023 (sections as numbered there); working age is the
Labour Code's (Bộ luật Lao động 2019, Art. 3 and 169; Nghị định 135/2020/NĐ-CP).
"""

from datetime import date

import pytest
from django.test import override_settings

from projects.eligibility import MEMBER_MISSING, Content, Facts, Person, evaluate

DAY = date(2025, 6, 1)


def person(age=30, sex="F", born=None, **fields):
    """Someone `age` years old on DAY (born on 1 January), unless `born` says otherwise."""
    return Person(born=born or date(DAY.year - age, 1, 1), sex=sex, on=DAY, **fields)


INTERVENTION = Content.NUTRITION_INTERVENTION


def facts(status="near_poor", escaped=False, content=Content.OTHER, labour_contract=False, **fields):
    return Facts(status, escaped, person(**fields), content, labour_contract)


def codes(verdict):
    return [reason.code for reason in verdict.reasons]


@pytest.mark.parametrize("rule", ["DA2", "DA3-TDA1"])
@pytest.mark.parametrize(
    "case, expected",
    [
        (facts(age=15), True),
        (facts(age=14), False),
        (facts(age=59, sex="M"), True),  # a man born 01/1966 works until 31/10/2027
        (facts(status="poor"), True),
        (facts(status="none", escaped=True), True),
        (facts(status="none"), False),
        (facts(status="none", disability="severe", no_stable_livelihood=True), True),
        (facts(status="none", disability="severe", no_stable_livelihood=False), False),
    ],
)
def test_livelihood_rules_follow_plan_538_section_III_1(rule, case, expected):
    """KH 538/KH-UBND III.1 and III.2.1: "người lao động thuộc hộ nghèo, hộ cận nghèo, hộ mới thoát
    nghèo, người khuyết tật (không có sinh kế ổn định)"."""
    assert evaluate(rule, case).eligible is expected


@pytest.mark.parametrize("rule", ["DA2", "DA3-TDA1"])
@pytest.mark.parametrize("status", ["none", "poor"])
def test_a_disabled_three_year_old_is_refused_as_not_a_worker(rule, status):
    """KH 538/KH-UBND III.1: the disabled "không có sinh kế ổn định" are workers, so of working age
    (Bộ luật Lao động 2019, Art. 3: from 15)."""
    verdict = evaluate(rule, facts(status=status, age=3, disability="especially_severe", no_stable_livelihood=True))
    assert verdict.eligible is False
    assert codes(verdict) == ["not_working_age"]


def test_no_stable_livelihood_is_what_the_officer_recorded_not_a_blank_employment():
    """KH 538/KH-UBND III.1: without the officer's record a disabled adult outside a targeted
    household is refused, whatever their employment says."""
    verdict = evaluate("DA2", facts(status="none", disability="mild"))
    assert codes(verdict) == ["livelihood_not_recorded"]


@pytest.mark.parametrize(
    "born, sex, expected",
    [
        (date(1961, 3, 15), "M", False),  # 60 y 3 m reached in 06/2021: retired at the end of 30/06/2021
        (date(1961, 4, 15), "M", True),  # reaches it in 07/2021
        (date(1966, 1, 10), "F", False),  # 55 y 4 m reached in 05/2021
        (date(1966, 3, 10), "F", True),  # reaches it in 07/2021
    ],
)
def test_working_age_ends_with_the_retirement_schedule_of_decree_135_2020(born, sex, expected):
    """Nghị định 135/2020/NĐ-CP, Phụ lục I and Art. 3.1: on 01/07/2021, a man born 03/1961 and a woman
    born 01/1966 have retired; a man born 04/1961 and a woman born 03/1966 are still workers."""
    case = Facts("poor", False, Person(born=born, sex=sex, on=date(2021, 7, 1)))
    assert evaluate("DA2", case).eligible is expected


@pytest.mark.parametrize(
    "case, expected",
    [
        (facts(age=4, content=INTERVENTION), True),
        (facts(age=5, content=INTERVENTION), False),
        (facts(age=30, pregnant_or_nursing=True, content=INTERVENTION), True),
        (facts(age=30, mother_of_young_child=True, content=INTERVENTION), True),
        (facts(age=30, content=INTERVENTION), False),
        (facts(age=30, sex="M", mother_of_young_child=True, content=INTERVENTION), False),
        (facts(age=4, status="none", escaped=True, content=INTERVENTION), False),
        (facts(age=30, status="none", escaped=True, mother_of_young_child=True, content=INTERVENTION), False),
        (facts(age=4, status="none", content=INTERVENTION), False),
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
    """KH 538/KH-UBND III.2.2: the direct intervention for "bà mẹ, trẻ em dưới 5 tuổi thuộc hộ gia
    đình nghèo và cận nghèo"; school nutrition from 5 to under 16 (TT 55/2023/TT-BTC, Art. 59)."""
    assert evaluate("DA3-TDA2", case).eligible is expected


def test_the_mother_of_a_three_year_old_gets_the_direct_intervention():
    """KH 538/KH-UBND III.2.2: "bà mẹ" is the mother of a child under 5, not only a pregnant or nursing woman."""
    verdict = evaluate("DA3-TDA2", facts(age=28, mother_of_young_child=True, content=Content.NUTRITION_INTERVENTION))
    assert verdict.eligible is True
    verdict = evaluate("DA3-TDA2", facts(age=28, content=Content.NUTRITION_INTERVENTION))
    assert codes(verdict) == ["intervention_not_mother_or_child"]


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
    """KH 538/KH-UBND III.3.1 and Nghị định 30/2025/NĐ-CP: "người lao động có thu nhập thấp"."""
    assert evaluate("DA4-TDA1", case).eligible is expected


@pytest.mark.parametrize(
    "case, expected",
    [
        (facts(status="none"), True),  # any worker may use job services
        (facts(status="none", content=Content.JOB_PLACEMENT, labour_contract=True), False),
        (facts(status="none", escaped=True, content=Content.JOB_PLACEMENT, labour_contract=True), True),
        (facts(age=60, content=Content.JOB_PLACEMENT, labour_contract=True), False),
    ],
)
def test_employment_rules(case, expected):
    """KH 538/KH-UBND III.3.2: a successful job connection is paid for workers of targeted households."""
    assert evaluate("DA4-TDA3", case).eligible is expected


def test_a_job_connection_without_a_labour_contract_is_refused():
    """KH 538/KH-UBND III.3.2: "hỗ trợ kết nối việc làm thành công (có giao kết hợp đồng lao động)"."""
    verdict = evaluate("DA4-TDA3", facts(status="poor", content=Content.JOB_PLACEMENT))
    assert codes(verdict) == ["no_labour_contract"]
    assert evaluate("DA4-TDA3", facts(status="poor", content=Content.JOB_PLACEMENT, labour_contract=True)).eligible


def test_capacity_building_never_supports_households():
    """QĐ 90/QĐ-TTg, Dự án 7."""
    assert codes(evaluate("DA7", facts(status="poor"))) == ["programme_only"]


def test_a_person_is_required():
    verdict = evaluate("DA3-TDA2", Facts("poor", False, None))
    assert verdict.eligible is False
    assert codes(verdict) == [MEMBER_MISSING]


def test_verdict_keeps_information_apart_from_the_reasons_for_refusal():
    verdict = evaluate("DA3-TDA2", facts(age=10, status="none"))
    assert verdict.rule.startswith("DA3-TDA2 2026.1")
    assert codes(verdict) == ["not_targeted"]
    assert any("10" in note for note in verdict.notes)
    assert not any("10" in str(reason) for reason in verdict.reasons)
    assert verdict.lines == [*verdict.notes, *(reason.message for reason in verdict.reasons)]
    eligible = evaluate("DA2", facts(status="poor"))
    assert eligible.reasons == [] and eligible.notes


@pytest.mark.parametrize("months", [24, 36])
def test_the_recently_escaped_note_names_the_configured_window(months):
    with override_settings(GIAMNGHEO_RECENT_ESCAPE_MONTHS=months):
        line = evaluate("DA2", facts(status="none", escaped=True)).notes[0]
    assert str(months) in line and str(60 - months) not in line


def test_working_age_of_the_rules_starts_at_15_as_the_labour_code_says():
    """Bộ luật Lao động 2019, Art. 3: the same working age as the register's (households.ages)."""
    for rule in ["DA2", "DA4-TDA1", "DA4-TDA3"]:
        assert evaluate(rule, facts(age=15)).eligible is True
        assert codes(evaluate(rule, facts(age=14))) == ["not_working_age"]
