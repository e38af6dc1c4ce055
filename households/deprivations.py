"""Deprivation indicators that the member register already decides.

These are suggestions for the officer, who confirms every indicator. Each standard
names, per indicator, the rule below that suggests it (`StandardIndicator.suggestion_rule`):
the rules follow the working text of the thresholds (Nghị định 07/2021 appendix; the
2027–2030 wording of Nghị định 351/2025/NĐ-CP as drafted), not checked against the
official text (see README, "Rules and sources"). The indicators that need a visit
(nutrition, housing quality, water, latrine, telecom, information devices, waste
treatment) have no rule and are never suggested.
"""

from collections.abc import Mapping
from datetime import date

from django.utils.translation import gettext_lazy as _

from households.ages import CHILD_AGE, ELDERLY_AGE, age_on, is_working_age
from households.choices import Disability, Education, Employment, Schooling

MIN_FLOOR_AREA_PER_PERSON = 8  # m²
SEVERE = (Disability.SEVERE, Disability.ESPECIALLY_SEVERE)

REASONS = {
    "uninsured_6_plus": _("A member aged 6 or over has no health insurance."),
    "child_not_in_school": _("A child aged 3 to under 16 is not attending school."),
    "dependants_over_half": _("Dependants (under 16, 60 or over, severely disabled) are more than half the household."),
    "dependants_allowance_over_half": _(
        "Dependants (under 16, and elderly or disabled people receiving a monthly social allowance) "
        "are more than half the household."
    ),
    "working_age_without_contract": _("A working-age member is unemployed or works for wages without a contract."),
    "young_adult_under_qualified": _("A member aged 16 to 30 is out of school without the schooling for their age."),
    "floor_area_under_8": _("Floor area is under 8 m² per person."),
}
# The choices of StandardIndicator.suggestion_rule.
RULE_CHOICES = list(REASONS.items())


def _uninsured_6_plus(aged, members, floor_area_m2, on) -> bool:
    return any(age >= 6 and not m.health_insurance for m, age in aged)


def _child_not_in_school(aged, members, floor_area_m2, on) -> bool:
    return any(3 <= age < 16 and m.schooling == Schooling.NOT_ATTENDING for m, age in aged)


def _over_half(dependants, members) -> bool:
    return bool(members) and len(dependants) * 2 > len(members)


def _dependants_over_half(aged, members, floor_area_m2, on) -> bool:
    """Nghị định 07/2021: under 16, elderly (60 or over, Luật Người cao tuổi), or severely disabled (working text)."""
    dependants = [m for m, age in aged if age < CHILD_AGE or age >= ELDERLY_AGE or m.disability in SEVERE]
    return _over_half(dependants, members)


def _dependants_allowance_over_half(aged, members, floor_area_m2, on) -> bool:
    """2027–2030 (draft wording): children under 16, and elderly or disabled people only while
    they receive a monthly social allowance."""
    dependants = [
        m for m, age in aged if age < CHILD_AGE or (m.social_allowance and (age >= ELDERLY_AGE or m.disability))
    ]
    return _over_half(dependants, members)


def _working_age_without_contract(aged, members, floor_area_m2, on) -> bool:
    """Working age as the Labour Code sets it (households.ages): a woman of 58 may still be a worker."""
    return any(
        is_working_age(m.date_of_birth, m.sex, on) and m.employment in (Employment.UNEMPLOYED, Employment.NO_CONTRACT)
        for m, _age in aged
    )


def _under_qualified(member, age: int) -> bool:
    if member.schooling == Schooling.ATTENDING or member.employment == Employment.STUDYING:
        return False
    if not member.education:
        return False
    if 16 <= age < 18:
        return member.education < Education.LOWER_SECONDARY
    if 18 <= age <= 30:
        return member.education < Education.UPPER_SECONDARY
    return False


def _young_adult_under_qualified(aged, members, floor_area_m2, on) -> bool:
    return any(_under_qualified(m, age) for m, age in aged)


def _floor_area_under_8(aged, members, floor_area_m2, on) -> bool:
    return floor_area_m2 is not None and bool(members) and floor_area_m2 < MIN_FLOOR_AREA_PER_PERSON * len(members)


RULES = {
    "uninsured_6_plus": _uninsured_6_plus,
    "child_not_in_school": _child_not_in_school,
    "dependants_over_half": _dependants_over_half,
    "dependants_allowance_over_half": _dependants_allowance_over_half,
    "working_age_without_contract": _working_age_without_contract,
    "young_adult_under_qualified": _young_adult_under_qualified,
    "floor_area_under_8": _floor_area_under_8,
}


def suggest(rules: Mapping[str, str], members: list, on: date, floor_area_m2=None) -> dict[str, str]:
    """Indicator code -> the reason it is suggested, for the indicators the data decides.

    `rules` is the standard's indicator code -> rule (`PovertyStandard.suggestion_rules()`);
    `members` are the household's Member rows (or anything with their date_of_birth,
    disability, social_allowance, health_insurance, schooling, education and employment).
    """
    members = list(members)
    aged = [(m, age_on(m.date_of_birth, on)) for m in members if m.date_of_birth]
    return {code: rule for code, rule in rules.items() if RULES[rule](aged, members, floor_area_m2, on)}
