"""Ages as the register counts them, working age and old age as the laws set them."""

import calendar
import functools
from datetime import date

from django.db.models import Q

from households.status import add_months

# Người lao động: from 15 (Bộ luật Lao động 2019, Art. 3) up to retirement (Art. 169).
WORKING_AGE_FROM = 15
# Người cao tuổi: from 60 (Luật Người cao tuổi 2009, Art. 2), for men and women alike and
# whatever the retirement schedule; the dependants indicators count the elderly, not retirees.
ELDERLY_AGE = 60
CHILD_AGE = 16  # trẻ em: under 16 (Luật Trẻ em 2016, Art. 1)

# Retirement age in normal working conditions (Bộ luật Lao động 2019, Art. 169.2; Nghị định
# 135/2020/NĐ-CP, Art. 4 and Phụ lục I): in 2020 and before, 60 for men and 55 for women; from
# 2021, 60 years 3 months and 55 years 4 months, then 3 (men) and 4 (women) more months each
# year up to 62 in 2028 and 60 in 2035. A person's age is the one of the year they reach it.
RETIREMENT_SCHEDULE = {
    # sex: (age in 2020 and before, in months; months added each year from 2021; ceiling in months)
    "M": (60 * 12, 3, 62 * 12),
    "F": (55 * 12, 4, 60 * 12),
}
SCHEDULE_STARTS = 2021


def age_on(born: date, day: date) -> int:
    """Completed years; someone born on 29/02 turns a year older on 01/03 in other years."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def retirement_age_months(sex: str, year: int) -> int:
    """The retirement age, in months, of someone who reaches it in `year` (Nghị định 135/2020, Phụ lục I)."""
    base, step, ceiling = RETIREMENT_SCHEDULE[sex]
    return min(base + step * max(0, year - SCHEDULE_STARTS + 1), ceiling)


# Pure and asked for every person a list weighs, often three times (the candidates of a commune's
# sub-project: thousands of members); birthdays repeat.
@functools.lru_cache(maxsize=65_536)
def retirement_date(born: date, sex: str) -> date:
    """The last day of working age: the end of the month the person reaches the retirement age.

    Nghị định 135/2020, Art. 3.1: "thời điểm nghỉ hưu là kết thúc ngày cuối cùng của tháng đủ
    tuổi nghỉ hưu". The year decides the age, and the age the month the year is reached in: a man
    born in 09/1961 reaches 60 years 3 months in 12/2021, one born in 10/1961 would reach it only
    in 01/2022, when the age is 60 years 6 months (04/2022).
    """
    month_of_birth = born.replace(day=1)
    year = SCHEDULE_STARTS - 1
    while True:
        reached = add_months(month_of_birth, retirement_age_months(sex, year))
        if reached.year <= year:
            return reached.replace(day=calendar.monthrange(reached.year, reached.month)[1])
        year += 1


def is_working_age(born: date, sex: str, day: date) -> bool:
    """From the 15th birthday to the end of the month of the retirement age, both included."""
    return age_on(born, day) >= WORKING_AGE_FROM and day <= retirement_date(born, sex)


def younger_than_q(years: int, day: date) -> Q:
    """Members under `years` on `day`: the SQL twin of age_on(...) < years."""
    return Q(date_of_birth__gt=add_months(day, -12 * years))
