"""Keyset ("seek") pages for lists too long for OFFSET, and list totals that do not count a million rows.

Django's Paginator counts every row and reaches page n with OFFSET, which PostgreSQL
answers by reading every row it skips: 1.2 s for the middle of a million households. A
keyset page asks instead for the rows after (or before) one row in the list's order,
which an index on the same columns answers by reading only the page's rows, at any depth.

The position travels in the URL as a signed cursor naming a row by its pk, never by its
sort key: the key of a name sort is a person's name. The page's query looks the key up
from the pk inside the same SQL (scalar subqueries, run once each), so every page costs
the same number of queries, and only through `scope`: a cursor can place a page, never
add a row that the list itself would not show.
"""

import json
from dataclasses import dataclass, field

from django.core import signing
from django.db import connections
from django.db.models import Q, QuerySet, Subquery

# Below this many households the whole register's total is counted exactly; above it, estimated.
EXACT_BELOW = 10_000
# A text search reads fewer: a common name matches a tenth of a province, and reading 10,000 of
# its trigram candidates took 140 ms of a page whose own rows took 20.
SEARCH_EXACT_BELOW = 1_000
# A filtered list shorter than this is read whole and paged from its ordered ids; a longer one
# shows "at least" this many. Asked for its first fifty in order, PostgreSQL walks the sort
# index and tests each row against the filter: for a rare filter in one commune (priority
# groups) it read 120,000 of the province's rows, 416 ms, where the commune's own matches,
# found and then sorted, take a tenth of that.
READ_WHOLE_BELOW = 2_000


@dataclass
class Total:
    """How many rows a list has: `exact`, `about` (PostgreSQL's estimate) or `at_least`."""

    value: int
    kind: str = "exact"


@dataclass
class Position:
    """A cursor's row, the number of the page it leads to, and whether that page lies before the row."""

    pk: int
    number: int
    backward: bool


@dataclass
class KeysetPage:
    ids: list
    number: int
    next_cursor: str | None
    previous_cursor: str | None
    object_list: list = field(default_factory=list)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None


def cursor_for(pk: int, number: int, *, backward: bool, salt: str) -> str:
    payload = {"k": pk, "n": number}
    if backward:
        payload["b"] = 1
    return signing.Signer(salt=salt).sign_object(payload)


def read_cursor(cursor: str | None, salt: str) -> Position | None:
    """The position a cursor names; None for no cursor or one this server did not sign with this salt."""
    if not cursor:
        return None
    try:
        payload = signing.Signer(salt=salt).unsign_object(cursor)
        return Position(int(payload["k"]), max(int(payload["n"]), 1), bool(payload.get("b")))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _order(queryset: QuerySet) -> list[tuple[str, bool]]:
    order = [(name.lstrip("-"), name.startswith("-")) for name in queryset.query.order_by]
    if not order or len({descending for _, descending in order}) != 1:
        raise ValueError("A keyset page needs an order_by() whose keys all run in one direction.")
    return order


def _beyond(order: list[tuple[str, bool]], row: QuerySet, *, backward: bool) -> Q:
    """Rows after `row` in the order (before it, backward), as (a, b) > (x, y) spelled out."""
    key = {name: Subquery(row.values(name)[:1]) for name, _ in order}
    past = {name: "lt" if descending != backward else "gt" for name, descending in order}
    first = order[0][0]
    # The first key's bound on its own lets the index scan start at the row; the
    # alternatives then break ties on the following keys.
    bound = Q(**{f"{first}__{past[first]}e": key[first]})
    alternatives, equal = Q(), Q()
    for name, _ in order:
        alternatives |= equal & Q(**{f"{name}__{past[name]}": key[name]})
        equal &= Q(**{name: key[name]})
    return bound & alternatives


def page_of(queryset: QuerySet, cursor: str | None, *, scope: QuerySet, salt: str, per_page: int) -> KeysetPage:
    """The page of the ordered `queryset` a cursor names (the first page without one): ids, in order.

    `scope` is where the cursor's row is looked up (the rows the user may see); the page's
    rows come from `queryset` alone. A cursor whose row is outside the scope gives an empty page.
    """
    order = _order(queryset)
    position = read_cursor(cursor, salt)
    rows = queryset
    if position is not None:
        row = scope.order_by().filter(pk=position.pk)
        rows = rows.filter(_beyond(order, row, backward=position.backward))
        if position.backward:
            rows = rows.reverse()
    ids = list(rows.values_list("pk", flat=True)[: per_page + 1])
    more, ids = len(ids) > per_page, ids[:per_page]
    if position is None:
        number, has_previous, has_next = 1, False, more
    elif position.backward:
        ids.reverse()
        # Fewer rows than a page before the cursor: this is the first page again.
        number, has_previous, has_next = (max(position.number, 2) if more else 1), more, True
    else:
        number, has_previous, has_next = position.number, True, more
    if not ids:
        return KeysetPage(ids, number, None, None)
    return KeysetPage(
        ids,
        number,
        next_cursor=cursor_for(ids[-1], number + 1, backward=False, salt=salt) if has_next else None,
        previous_cursor=cursor_for(ids[0], number - 1, backward=True, salt=salt) if has_previous else None,
    )


def _whole(queryset: QuerySet, limit: int) -> list | None:
    """Every pk of the ordered queryset, in its order, when it has fewer than `limit` rows; else None."""
    found = list(queryset.order_by().values_list("pk", flat=True)[:limit])
    if len(found) >= limit:
        return None
    # Ordered by the database, as the keyset pages are: the same rows in the same order either way.
    return list(queryset.filter(pk__in=found).values_list("pk", flat=True))


def _page_in(ids: list, position: Position | None, *, salt: str, per_page: int) -> KeysetPage:
    """The page a position names in a list's ordered ids (the position's row must be among them)."""
    if position is None:
        start, number = 0, 1
    elif position.backward:
        start = max(ids.index(position.pk) - per_page, 0)
        number = position.number if start else 1
    else:
        start, number = ids.index(position.pk) + 1, position.number
    page = ids[start : start + per_page]
    if not page:
        return KeysetPage(page, number, None, None)
    has_next = start + per_page < len(ids)
    return KeysetPage(
        page,
        number,
        next_cursor=cursor_for(page[-1], number + 1, backward=False, salt=salt) if has_next else None,
        previous_cursor=cursor_for(page[0], number - 1, backward=True, salt=salt) if start else None,
    )


def listing(
    queryset: QuerySet, cursor: str | None, *, scope: QuerySet, salt: str, per_page: int, narrowed: bool, searched: bool
) -> tuple[KeysetPage, Total]:
    """A list's page and its total, the filtered list's read in one query of at most READ_WHOLE_BELOW ids.

    A filtered list shorter than that is paged from its ids; a longer one by keyset, its total
    "at least" that many. A count to a higher cap read 10,000 of a province's priority-group
    households one EXISTS at a time (290 ms) to print a figure the home page gives exactly.
    """
    if not narrowed:
        return page_of(queryset, cursor, scope=scope, salt=salt, per_page=per_page), total_of(queryset)
    limit = SEARCH_EXACT_BELOW if searched else READ_WHOLE_BELOW
    ids = _whole(queryset, limit)
    position = read_cursor(cursor, salt)
    if ids is None:
        total = Total(limit, "at_least")
    elif position is None or position.pk in ids:
        return _page_in(ids, position, salt=salt, per_page=per_page), Total(len(ids))
    else:  # the cursor's row has since left the list: its keys still place the page
        total = Total(len(ids))
    return page_of(queryset, cursor, scope=scope, salt=salt, per_page=per_page), total


def _planner_rows(queryset: QuerySet) -> int:
    """PostgreSQL's estimate of the rows a query returns, from its statistics, without running it."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):  # EXPLAIN's column is text
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _rounded(value: int) -> int:
    """Two significant digits, as far as an estimate can be trusted: 1,003,412 → 1,000,000."""
    digits = len(str(value)) - 2
    return round(value, -digits) if digits > 0 else value


def total_of(queryset: QuerySet) -> Total:
    """The whole register's total on its day: exact on SQLite and for a short register, else PostgreSQL's
    estimate, since COUNT(*) must visit every row.
    """
    if connections[queryset.db].vendor != "postgresql":
        return Total(queryset.count())
    # The planner's estimate follows the table's statistics.
    estimate = _planner_rows(queryset)
    if estimate >= EXACT_BELOW:
        return Total(_rounded(estimate), "about")
    return Total(queryset.count())
