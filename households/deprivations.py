"""Deprivation indicators that the member register already decides.

These are suggestions for the officer, who confirms every indicator. The
thresholds follow the working text of the Nghị định 07/2021 appendix, which has
not been checked against the official text (see README, "Rules and sources");
the indicators that need a visit (nutrition, housing quality, water, latrine,
telecom, information devices) are never suggested.
"""

from datetime import date

from django.utils.translation import gettext_lazy as _

from households.ages import CHILD_AGE, WORKING_AGE, age_on, is_working_age
from households.choices import Disability, Education, Employment, Schooling

MIN_FLOOR_AREA_PER_PERSON = 8  # m²

REASONS = {
    "uninsured_6_plus": _("A member aged 6 or over has no health insurance."),
    "child_not_in_school": _("A child aged 3 to under 16 is not attending school."),
    "dependants_over_half": _("Dependants (under 16, 60 or over, severely disabled) are more than half the household."),
    "working_age_without_contract": _("A working-age member is unemployed or works for wages without a contract."),
    "young_adult_under_qualified": _("A member aged 16 to 30 is out of school without the schooling for their age."),
    "floor_area_under_8": _("Floor area is under 8 m² per person."),
}


def suggest(members: list, on: date, floor_area_m2=None) -> dict[str, str]:
    """Indicator code -> the reason it is suggested, for the indicators the data decides.

    `members` are the household's Member rows (or anything with their date_of_birth,
    disability, health_insurance, schooling, education and employment).
    """
    members = list(members)
    reasons: dict[str, str] = {}
    aged = [(m, age_on(m.date_of_birth, on)) for m in members if m.date_of_birth]

    uninsured = [age for m, age in aged if age >= 6 and not m.health_insurance]
    if uninsured:
        reasons["HEALTH_INSURANCE"] = "uninsured_6_plus"

    if any(3 <= age < 16 and m.schooling == Schooling.NOT_ATTENDING for m, age in aged):
        reasons["CHILD_SCHOOLING"] = "child_not_in_school"

    dependants = [
        m
        for m, age in aged
        if age < CHILD_AGE or age >= WORKING_AGE[1] or m.disability in (Disability.SEVERE, Disability.ESPECIALLY_SEVERE)
    ]
    if members and len(dependants) * 2 > len(members):
        reasons["DEPENDANTS"] = "dependants_over_half"

    if any(is_working_age(age) and m.employment in (Employment.UNEMPLOYED, Employment.NO_CONTRACT) for m, age in aged):
        reasons["EMPLOYMENT"] = "working_age_without_contract"

    def under_qualified(member, age: int) -> bool:
        if member.schooling == Schooling.ATTENDING or member.employment == Employment.STUDYING:
            return False
        if not member.education:
            return False
        if 16 <= age < 18:
            return member.education < Education.LOWER_SECONDARY
        if 18 <= age <= 30:
            return member.education < Education.UPPER_SECONDARY
        return False

    if any(under_qualified(m, age) for m, age in aged):
        reasons["ADULT_EDUCATION"] = "young_adult_under_qualified"

    if floor_area_m2 is not None and members and floor_area_m2 < MIN_FLOOR_AREA_PER_PERSON * len(members):
        reasons["HOUSING_AREA"] = "floor_area_under_8"
    return reasons
