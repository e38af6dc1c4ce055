"""Working days in Vietnam: the national calendar, with the ward's own exceptions over it."""

from datetime import date, timedelta

import holidays

from monitoring.models import Holiday


class Calendar:
    """Vietnam's working days with the ward's Holiday rows over them; reads each year's rows once."""

    def __init__(self):
        # The `holidays` package knows Tết and Giỗ Tổ Hùng Vương (lunar), the fixed days,
        # the days off in lieu and the Saturdays worked to make up for bridged days.
        self._national = holidays.country_holidays("VN")
        self._ward: dict[date, bool] = {}
        self._years: set[int] = set()

    def is_working_day(self, day: date) -> bool:
        if day.year not in self._years:
            self._years.add(day.year)
            self._ward.update(Holiday.objects.filter(day__year=day.year).values_list("day", "working_day"))
        if day in self._ward:
            return self._ward[day]
        return self._national.is_working_day(day)

    def add_working_days(self, day: date, count: int) -> date:
        """The day `count` working days after `day`."""
        while count > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days come after `start`, up to and including `end` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


def add_working_days(day: date, count: int, calendar: Calendar | None = None) -> date:
    """The day `count` working days after `day`, the ward's Holiday rows overriding the national calendar."""
    return (calendar or Calendar()).add_working_days(day, count)
