"""The CCCD structure check (Nghị định 137/2015/NĐ-CP, Điều 13), on its edges.

Digits 1-3: the province where the birth was registered; digit 4: century and sex
(0/1 men/women born 1900-1999, 2/3 born 2000-2099, 4/5 born 2100-2199); digits 5-6:
the last two digits of the year of birth; digits 7-12: a random number.
"""

from datetime import date

import pytest

from households.choices import Sex
from households.models import citizen_id_problem


def code_of(number, born=None, sex=None):
    problem = citizen_id_problem(number, born, sex)
    return problem.code if problem else None


@pytest.mark.parametrize(
    ("number", "born", "sex"),
    [
        ("056085001234", date(1985, 3, 1), Sex.MALE),  # 0: a man of the 1900s
        ("056185001234", date(1985, 3, 1), Sex.FEMALE),  # 1: a woman of the 1900s
        ("056200001234", date(2000, 1, 1), Sex.MALE),  # 2: a man of the 2000s
        ("056324001234", date(2024, 12, 31), Sex.FEMALE),  # 3: a woman of the 2000s
        ("056199001234", date(1999, 12, 31), Sex.FEMALE),  # the century's last year
        ("001000000001", date(1900, 6, 1), Sex.MALE),  # the century's first year
    ],
)
def test_a_number_that_fits_the_birth_year_and_sex_is_accepted(number, born, sex):
    assert code_of(number, born, sex) is None


@pytest.mark.parametrize("number", ["05608500123", "0560850012345", "05608500123a", "056 85001234", ""])
def test_a_number_that_is_not_twelve_digits_is_refused(number):
    assert code_of(number) == "citizen_id_format"


@pytest.mark.parametrize(
    ("number", "born"),
    [
        ("056090001234", date(1985, 1, 1)),  # says 1990
        ("056285001234", date(1985, 1, 1)),  # says 2085: the century digit is wrong
        ("056099001234", date(2000, 1, 1)),  # 1999 against 2000: one day apart in age, a century apart in digits
    ],
)
def test_a_number_for_another_year_of_birth_is_refused(number, born):
    assert code_of(number, born, Sex.MALE) == "citizen_id_birth_year"


def test_a_number_for_the_other_sex_is_refused():
    assert code_of("056185001234", date(1985, 1, 1), Sex.MALE) == "citizen_id_sex"
    assert code_of("056085001234", date(1985, 1, 1), Sex.FEMALE) == "citizen_id_sex"


def test_without_a_birth_date_or_sex_only_the_form_is_checked():
    assert code_of("056090001234") is None
    assert code_of("056090001234", date(1985, 1, 1), None) is None
