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

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections, router

from giamngheo.models import ResidentialGroup
from households import status
from households.models import Assessment, Household, Member, StatusDecision
from households.models.register import is_present
from households.status import Status

LISTS = (Status.POOR, Status.NEAR_POOR, "recently_escaped")
# Keys hold the register's version: an entry is never read after a change, it only expires.
CACHE_SECONDS = 24 * 3600
# The shape of what is cached: raised when a release changes it, so that a shared cache (CACHES)
# never hands the new code a figure of the old shape (2: groups carry their unit; the province's
# counts hold no official figure).
FIGURES_FORMAT = 2


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

    def status_on(self, day: date, escape: status.Transition) -> tuple[str | None, date | None]:
        """(status_on, escaped_on) as with_status_on annotates them, `escape` being status.escape()."""
        current, escaped_on = None, None
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
        decisions = StatusDecision.objects.filter(effective_on__lte=until)
        if households.query.has_filters():  # else every household: the IN would only cost a join
            decisions = decisions.filter(household__in=households)
        rows = decisions.order_by("household_id", "effective_on", "pk").values_list(
            "household_id",
            "household__residential_group_id",
            "household__entered_on",
            "household__left_on",
            "effective_on",
            "status",
            "previous_status",
            "ever_poor_before",
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
            escape = status.escape()
            after_escape = escape.status
            lists = {name: set() for name in LISTS}
            for household in self.households.values():
                if not is_present(household, day):
                    continue
                current, escaped_on = household.status_on(day, escape)
                if current in (Status.POOR, Status.NEAR_POOR):
                    lists[current].add(household.pk)
                if current in after_escape and escaped_on is not None and escaped_on >= cutoff:
                    lists["recently_escaped"].add(household.pk)
            self._lists[day] = lists
        return self._lists[day]

    def first_day(self) -> date | None:
        """The earliest decision read (none after `until` is read)."""
        return min((h.decisions[0].effective_on for h in self.households.values()), default=None)

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


def register_version() -> tuple[tuple, bool]:
    """(version, settled): the version changes whenever a household, member, assessment, decision or
    residential group is written; `settled` says no other transaction was writing as it was read.

    Every write to them leaves a history row (or, for groups, a new row: a renamed group is a
    successor), so the largest ids move with any change: figures cached under this version are
    never read after the register changed, with no invalidation to forget. On PostgreSQL a
    transaction still open may hold a smaller id than one committed after it; its commit would not
    move the maximum. So the version and whether any other transaction is writing are read in
    one statement, and figures computed while one was are not kept. SQLite runs one writer at a
    time and commits in id order.
    """
    # The database the figures are read from: a replica's version is the replica's own.
    connection = connections[router.db_for_read(Household)]
    tables = [model.history.model._meta.db_table for model in (Household, Member, StatusDecision, Assessment)]
    quote = connection.ops.quote_name
    maxima = ", ".join(f"(SELECT MAX(history_id) FROM {quote(table)})" for table in tables)
    groups = quote(ResidentialGroup._meta.db_table)
    # A transaction that has written holds the lock on its own id until it ends (pg_locks is read
    # live, where the snapshot's list would miss one younger than our own transaction).
    settled = "(SELECT COUNT(*) = 0 FROM pg_locks WHERE locktype = 'transactionid' AND pid <> pg_backend_pid())"
    if connection.vendor != "postgresql":
        settled = "1"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {settled}, {maxima}, (SELECT MAX(id) FROM {groups}), (SELECT COUNT(*) FROM {groups})")
        flag, *version = cursor.fetchone()
    return tuple(version), bool(flag)


def cached(name: str, households, parts: tuple, compute):
    """Figures of a set of households for `parts`, computed once per register version.

    The key holds the set's SQL (its commune scope), the parts (the days) and the version.
    """
    try:
        scope = str(households.query)
    except EmptyResultSet:  # .none(): a user of no commune
        scope = "none"
    version, settled = register_version()
    key = f"figures:{FIGURES_FORMAT}:{name}:{hashlib.sha1(repr((scope, parts, version)).encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        if settled:
            cache.set(key, value, CACHE_SECONDS)
    return value
