"""The lists households were on over several days, from one read of their decisions.

`with_status_on(day)` decides one day in SQL, with a subquery per household where the stored
status does not hold (any past day). A report or the home page asks the same question for a
handful of days over every household of a commune: here the decisions of the households that
have any are read once, in order, and each day is decided in Python by the same rules
(`households.status`, the in-force order of StatusDecision.IN_FORCE_ORDER, presence by
`is_present`). tests/households/test_timeline.py holds the two paths equal over random histories.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Max

from giamngheo.models import ResidentialGroup
from households import status
from households.models import Assessment, Household, Member, StatusDecision
from households.models.register import is_present
from households.status import Status

LISTS = (Status.POOR, Status.NEAR_POOR, "recently_escaped")
# Keys hold the register's version: an entry is never read after a change, it only expires.
CACHE_SECONDS = 24 * 3600


@dataclass
class _Decision:
    effective_on: date
    status: str
    previous_status: str
    ever_poor_before: bool


@dataclass
class _Household:
    pk: int
    group_id: int
    entered_on: date
    left_on: date | None
    decisions: list = field(default_factory=list)  # in effective order, ties by pk

    def status_on(self, day: date) -> tuple[str | None, date | None]:
        """(status_on, escaped_on) as with_status_on annotates them."""
        current, escaped_on = None, None
        escape = status.escape()
        for decision in self.decisions:
            if decision.effective_on > day:
                break
            current = decision.status
            if escape.matches(decision.previous_status, decision.status, decision.ever_poor_before):
                escaped_on = decision.effective_on
        return current, escaped_on


class Timeline:
    """The decided households of a queryset, their group, presence and decisions, read in one query."""

    def __init__(self, households, *, until: date):
        self.households: dict[int, _Household] = {}
        rows = (
            StatusDecision.objects.filter(household__in=households, effective_on__lte=until)
            .order_by("household_id", "effective_on", "pk")
            .values_list(
                "household_id",
                "household__residential_group_id",
                "household__entered_on",
                "household__left_on",
                "effective_on",
                "status",
                "previous_status",
                "ever_poor_before",
            )
        )
        for pk, group_id, entered_on, left_on, *decision in rows.iterator(chunk_size=10000):
            household = self.households.get(pk)
            if household is None:
                household = self.households[pk] = _Household(pk, group_id, entered_on, left_on)
            household.decisions.append(_Decision(*decision))
        self._lists: dict[date, dict[str, set[int]]] = {}

    def lists_on(self, day: date) -> dict[str, set[int]]:
        """The households on the register that day on each list: poor, near_poor, recently_escaped."""
        if day not in self._lists:
            cutoff = status.recent_escape_cutoff(day)
            after_escape = status.escape().status
            lists = {name: set() for name in LISTS}
            for household in self.households.values():
                if not is_present(household, day):
                    continue
                current, escaped_on = household.status_on(day)
                if current in (Status.POOR, Status.NEAR_POOR):
                    lists[current].add(household.pk)
                if current in after_escape and escaped_on is not None and escaped_on >= cutoff:
                    lists["recently_escaped"].add(household.pk)
            self._lists[day] = lists
        return self._lists[day]

    def group_of(self, pk: int) -> int:
        return self.households[pk].group_id

    def made(self, transition: status.Transition, start: date, end: date) -> set[int]:
        """Households with a decision in the period making the transition (present or not, as the report counts)."""
        return {
            household.pk
            for household in self.households.values()
            if any(
                start <= d.effective_on <= end and transition.matches(d.previous_status, d.status, d.ever_poor_before)
                for d in household.decisions
            )
        }


def first_decision_day(households) -> date | None:
    return (
        StatusDecision.objects.filter(household__in=households)
        .order_by("effective_on")
        .values_list("effective_on", flat=True)
        .first()
    )


def register_version() -> tuple:
    """Changes whenever a household, member, assessment, decision or residential group is written.

    Every write to them leaves a history row (or, for groups, a new row: a renamed group is a
    successor), so the largest ids move with any change: a cache of figures keyed by this
    value is never read after the register changed, without any invalidation to forget.
    """
    return (
        Household.history.aggregate(v=Max("history_id"))["v"],
        Member.history.aggregate(v=Max("history_id"))["v"],
        StatusDecision.history.aggregate(v=Max("history_id"))["v"],
        Assessment.history.aggregate(v=Max("history_id"))["v"],
        ResidentialGroup.objects.aggregate(v=Max("pk"), n=Count("pk")),
    )


def cache_key(name: str, households, *parts) -> str:
    """A key for figures of a set of households: the set's SQL (its commune scope), the parts, the version."""
    try:
        scope = str(households.query)
    except EmptyResultSet:  # .none(): a user of no commune
        scope = "none"
    text = repr((name, scope, parts, register_version()))
    return f"figures:{name}:{hashlib.sha1(text.encode()).hexdigest()}"
