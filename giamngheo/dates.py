"""Dates as Vietnam writes them, day first: one reading for forms and imports."""

import re
from datetime import date

# dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy.
DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class DateNotInCalendar(ValueError):
    """A day and month that could be a date but are not one that year: 31/02, 29/02/2023, 31/04."""


def parse_day_first(raw: str) -> date | None:
    """The date typed day first, or None when the text is not shaped like one.

    A shape whose day and month are in range but name no real day raises
    DateNotInCalendar: the officer typed a date, only the calendar has no such day,
    and telling them "wrong format" sends them looking for the wrong mistake. A month
    above 12 stays a shape error (None): it is most often a date typed month first.
    """
    match = DAY_FIRST.match(raw.strip())
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    if not (1 <= day <= 31 and 1 <= month <= 12 and year >= 1):
        return None
    try:
        return date(year, month, day)
    except ValueError:
        raise DateNotInCalendar(raw.strip()) from None
