"""Ages as the register counts them, and the working age every rule uses."""

from datetime import date

from django.db.models import Q

from households.status import add_months

# Người lao động: from 15 (Bộ luật Lao động 2019, Art. 3) up to, not including, 60.
# The upper bound ignores the retirement-age schedule (Nghị định 135/2020) for now.
WORKING_AGE = (15, 60)
CHILD_AGE = 16  # trẻ em: under 16 (Luật Trẻ em 2016, Art. 1)


def age_on(born: date, day: date) -> int:
    """Completed years; someone born on 29/02 turns a year older on 01/03 in other years."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_working_age(age: int) -> bool:
    return WORKING_AGE[0] <= age < WORKING_AGE[1]


def younger_than_q(years: int, day: date) -> Q:
    """Members under `years` on `day`: the SQL twin of age_on(...) < years."""
    return Q(date_of_birth__gt=add_months(day, -12 * years))
