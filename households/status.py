"""The lists a household is on, and the register's rules about them, each written once.

Every rule here has a SQL side (a Q, or a date to compare a column with) and a Python
side (for rows already in memory), derived from the same definition, so a list, a page,
a report and an eligibility check cannot disagree about the same household:

- the transitions a decision makes (TRANSITIONS) and which of them is an escape
  (escape(), per settings.GIAMNGHEO_ESCAPE_MEANS);
- the recently-escaped window: an escape effective on E covers the days from E up to,
  not including, add_months(E, settings.GIAMNGHEO_RECENT_ESCAPE_MONTHS).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """The list a household is on after a recognition decision."""

    POOR = "poor", _("Poor household")
    NEAR_POOR = "near_poor", _("Near-poor household")
    NONE = "none", _("Not poor or near-poor")


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later (or earlier), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def recent_escape_last_day(escaped_on: date) -> date:
    """The last day an escape effective on `escaped_on` counts as recent."""
    return add_months(escaped_on, settings.GIAMNGHEO_RECENT_ESCAPE_MONTHS) - timedelta(days=1)


def recent_escape_cutoff(day: date) -> date:
    """The earliest escape date still recent on `day`: the exact inverse of recent_escape_last_day.

    An escape on E is recent on `day` when E >= this date. add_months never lands after
    the same day of its month, so the escape on add_months(day, -N) has just left the
    window and the next day is in it; on a month's last day, though, every escape of
    that earlier month (29, 30, 31 February clamp to the 28th) has left it too.
    """
    shifted = add_months(day, -settings.GIAMNGHEO_RECENT_ESCAPE_MONTHS)
    if (day + timedelta(days=1)).day == 1:
        return add_months(shifted.replace(day=1), 1)
    return shifted + timedelta(days=1)


@dataclass(frozen=True)
class Transition:
    """What a decision changes, as the statuses before and after it (and past poverty)."""

    previous: frozenset
    status: frozenset
    ever_poor_before: bool | None = None  # None: either

    def q(self) -> Q:
        """The decisions making this transition, in SQL."""
        condition = Q(previous_status__in=self.previous, status__in=self.status)
        if self.ever_poor_before is not None:
            condition &= Q(ever_poor_before=self.ever_poor_before)
        return condition

    def matches(self, previous_status: str, status: str, ever_poor_before: bool) -> bool:
        """The Python twin of q(), for decisions already in memory."""
        return (
            previous_status in self.previous
            and status in self.status
            and self.ever_poor_before in (None, ever_poor_before)
        )


LISTED = frozenset({Status.POOR, Status.NEAR_POOR})
NOT_POOR = frozenset({Status.NEAR_POOR, Status.NONE})

# Every change of list is exactly one of these; a decision that changes nothing is "unchanged".
TRANSITIONS = {
    # Left the poor list (to near-poor or off the lists): "hộ thoát nghèo".
    "escaped_poverty": Transition(previous=frozenset({Status.POOR}), status=NOT_POOR),
    # Left the near-poor list for no list: "hộ thoát cận nghèo".
    "escaped_near_poverty": Transition(previous=frozenset({Status.NEAR_POOR}), status=frozenset({Status.NONE})),
    "newly_poor": Transition(previous=NOT_POOR, status=frozenset({Status.POOR}), ever_poor_before=False),
    "relapsed": Transition(previous=NOT_POOR, status=frozenset({Status.POOR}), ever_poor_before=True),
    "newly_near_poor": Transition(previous=frozenset({Status.NONE}), status=frozenset({Status.NEAR_POOR})),
}

ESCAPES = {
    # Off both lists, from either (the default).
    "both_lists": Transition(previous=LISTED, status=frozenset({Status.NONE})),
    # Off the poor list, even onto the near-poor one.
    "poor_list": TRANSITIONS["escaped_poverty"],
}


def escape() -> Transition:
    """The decisions that count as escaping poverty, per GIAMNGHEO_ESCAPE_MEANS."""
    return ESCAPES[settings.GIAMNGHEO_ESCAPE_MEANS]


def transition_name(previous_status: str, status: str, ever_poor_before: bool) -> str:
    return next(
        (name for name, t in TRANSITIONS.items() if t.matches(previous_status, status, ever_poor_before)),
        "unchanged",
    )
