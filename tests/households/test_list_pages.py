"""The register's list walked page by page: keyset cursors, their safety, the total, and the search index."""

import base64
import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from giamngheo import keyset
from households.filters import SORT_ORDERS
from households.models import Household, Status
from households.models.register import HouseholdQuerySet
from households.priority import PRIORITY_GROUPS, RARE_PRIORITY_GROUPS
from tests.factories import make_decision, make_group, make_household

# Same heads in several households and groups, so that every sort has ties to break.
HEADS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Nguyễn Văn An", "Phạm Thị Dung", "Đỗ Văn Đức"]
PAGE_SIZE = 3

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(monkeypatch):
    monkeypatch.setattr("households.views.PAGE_SIZE", PAGE_SIZE)
    groups = [make_group(code=code, name=f"Tổ {code}") for code in ("TDP2", "TDP1", "TDP3")]
    households = [
        make_household(HEADS[number % len(HEADS)], group=groups[number % 3], code=f"H{number:02d}")
        for number in range(11)
    ]
    for household in households[::2]:
        make_decision(household, Status.POOR, date(2024, 1, 1))
    return households


def listed(client, params):
    response = client.get(reverse("households:list"), params)
    assert response.status_code == 200
    return response.context["page"]


def walk(client, params):
    """Codes page by page following "next" to the end, then following "previous" back to the start."""
    forward, backward = [], []
    page = listed(client, params)
    forward.append([h.code for h in page])
    while page.has_next:
        page = listed(client, {**params, "cursor": page.next_cursor})
        forward.append([h.code for h in page])
    numbers = [page.number]
    while page.has_previous:
        page = listed(client, {**params, "cursor": page.previous_cursor})
        backward.insert(0, [h.code for h in page])
        numbers.insert(0, page.number)
    backward.append(forward[-1])
    return forward, backward, numbers


@pytest.mark.parametrize("sort", sorted(SORT_ORDERS))
def test_paging_forward_then_back_visits_every_household_once_in_the_sort_order(client, officer, register, sort):
    forward, backward, numbers = walk(client, {"sort": sort})
    codes = [code for page in forward for code in page]
    expected = list(Household.objects.order_by(*SORT_ORDERS[sort]).values_list("code", flat=True))
    assert codes == expected and len(set(codes)) == len(register)
    assert backward == forward
    assert numbers == list(range(1, len(forward) + 1))
    assert all(len(page) == PAGE_SIZE for page in forward[:-1])


@pytest.mark.parametrize("params", [{"status": "poor"}, {"residential_group": "group", "sort": "-name"}])
def test_paging_a_filtered_list_visits_each_of_its_households_once(client, officer, register, params):
    if params.get("residential_group"):
        params = {**params, "residential_group": register[1].residential_group_id}
    forward, backward, _ = walk(client, params)
    codes = [code for page in forward for code in page]
    if "status" in params:
        expected = {h.code for h in register[::2]}
    else:
        expected = {h.code for h in register if h.residential_group_id == params["residential_group"]}
    assert sorted(codes) == sorted(expected) and len(codes) == len(expected)
    assert backward == forward


@pytest.mark.parametrize(
    "params", [{"status": "poor"}, {"status": "poor", "sort": "-group"}, {"q": "nguyen"}, {"register": "all"}]
)
def test_a_short_list_read_whole_pages_as_the_keyset_does(client, officer, register, params, monkeypatch):
    if "q" in params:
        params = {"s": client.post(reverse("households:search"), params)["Location"].split("s=")[1]}
    monkeypatch.setattr(keyset, "READ_WHOLE_BELOW", 1)  # every list by keyset and a count
    by_keyset = walk(client, params)
    monkeypatch.setattr(keyset, "READ_WHOLE_BELOW", 1_000)
    assert walk(client, params) == by_keyset
    whole = client.get(reverse("households:list"), params)
    assert whole.context["list_total"] == keyset.Total(sum(len(page) for page in by_keyset[0]))


def test_a_cursor_whose_household_left_the_list_still_places_the_next_page(client, officer, register):
    first = listed(client, {"status": "poor"})
    last_shown = Household.objects.get(pk=first.ids[-1])
    make_decision(last_shown, Status.NONE, date(2024, 6, 1))
    page = listed(client, {"status": "poor", "cursor": first.next_cursor})
    expected = list(Household.objects.filter(pk__in=[h.pk for h in register[::2]]).exclude(pk=last_shown.pk))
    expected = [h.code for h in sorted(expected, key=lambda h: (h.head_sort_key, h.code))]
    assert [h.code for h in page] == expected[PAGE_SIZE - 1 : 2 * PAGE_SIZE - 1]


def test_a_saved_search_keeps_its_key_and_pages_with_the_cursor(client, officer, register):
    location = client.post(reverse("households:search"), {"q": "nguyen van an", "sort": "code"})["Location"]
    key = location.split("s=")[1]
    first = client.get(location).context["page"]
    assert [h.code for h in first] == ["H00", "H03", "H06"]
    html = client.get(location).content.decode()
    assert f"?s={key}&amp;cursor=" in html and "nguyen" not in html.split('name="q"')[0]
    second = listed(client, {"s": key, "cursor": first.next_cursor})
    assert [h.code for h in second] == ["H09"]


def test_list_page_runs_the_same_queries_at_any_depth_and_direction(client, officer, register):
    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            page = listed(client, params)
        return len(captured), page

    first_count, first = queries({})
    second_count, second = queries({"cursor": first.next_cursor})
    third_count, third = queries({"cursor": second.next_cursor})
    back_count, _ = queries({"cursor": third.previous_cursor})
    assert first_count == second_count == third_count == back_count
    filtered = [
        queries({"status": "poor", "sort": "group"})[0],
        queries({"status": "poor", "cursor": third.next_cursor})[0],
    ]
    assert filtered[0] == filtered[1]


def test_a_tampered_or_another_officers_cursor_gives_the_first_page(client, officer, register):
    first = listed(client, {})
    second = listed(client, {"cursor": first.next_cursor})
    assert second.number == 2
    pk_part, signature = first.next_cursor.rsplit(":", 1)
    forged = keyset.cursor_for(register[-1].pk, 2, backward=False, salt="households.list:0")
    for cursor in (f"{pk_part}:{signature[::-1]}", forged, "nonsense", pk_part):
        page = listed(client, {"cursor": cursor})
        assert page.number == 1 and [h.code for h in page] == [h.code for h in first]


def test_a_cursor_cannot_bring_in_households_outside_for_user(client, officer, register, monkeypatch):
    hidden = register[1].residential_group
    for_user = HouseholdQuerySet.for_user
    monkeypatch.setattr(
        HouseholdQuerySet, "for_user", lambda qs, user: for_user(qs, user).exclude(residential_group=hidden)
    )
    salt = f"households.list:{officer.pk}"
    hidden_codes = set(Household.objects.filter(residential_group=hidden).values_list("code", flat=True))
    for household in Household.objects.filter(residential_group=hidden):
        for backward in (False, True):
            cursor = keyset.cursor_for(household.pk, 2, backward=backward, salt=salt)
            page = listed(client, {"cursor": cursor, "sort": "code"})
            assert list(page) == []  # the cursor's row is outside the scope: no position, no rows
    visible = register[0]
    page = listed(client, {"cursor": keyset.cursor_for(visible.pk, 2, backward=False, salt=salt), "sort": "code"})
    assert page.object_list and not {h.code for h in page} & hidden_codes


def test_the_cursor_carries_a_row_number_and_no_name(client, officer, register):
    page = listed(client, {})
    payload, _ = page.next_cursor.rsplit(":", 1)
    decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert set(decoded) == {"k", "n"} and decoded["k"] == page.ids[-1]


def test_the_list_counts_exactly_on_sqlite(client, officer, register):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite counts every list exactly")
    response = client.get(reverse("households:list"))
    assert response.context["list_total"] == keyset.Total(len(register))
    assert f'data-total="{len(register)}"' in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="estimates are PostgreSQL's")
def test_a_long_register_is_estimated(client, officer, register, monkeypatch):
    monkeypatch.setattr(keyset, "EXACT_BELOW", 1)  # any estimate of a small test table is at least 1
    whole = client.get(reverse("households:list"))
    assert whole.context["list_total"].kind == "about"
    assert "data-total-about=" in whole.content.decode()


def test_a_long_filtered_list_shows_at_least_its_cap_and_still_pages_in_order(client, officer, register, monkeypatch):
    monkeypatch.setattr(keyset, "READ_WHOLE_BELOW", 5)
    forward, _, _ = walk(client, {"status": "poor"})
    poor = client.get(reverse("households:list"), {"status": "poor"})
    assert poor.context["list_total"] == keyset.Total(5, "at_least")
    assert "data-total-at-least=" in poor.content.decode()
    expected = sorted(register[::2], key=lambda h: (h.head_sort_key, h.code))
    assert [code for page in forward for code in page] == [h.code for h in expected]
    monkeypatch.setattr(keyset, "READ_WHOLE_BELOW", 100)
    assert client.get(reverse("households:list"), {"status": "poor"}).context["list_total"] == keyset.Total(6)
    monkeypatch.setattr(keyset, "SEARCH_EXACT_BELOW", 2)  # a text search stops sooner
    searched = client.get(client.post(reverse("households:search"), {"q": "nguyen"})["Location"])
    assert searched.context["list_total"] == keyset.Total(2, "at_least")


def plan_of(query, *forbidden: str) -> str:
    """The query's plan; a few test rows are read faster whole: `forbidden` plans are turned off
    to see that the one a large register needs is possible."""
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        for name in forbidden:
            cursor.execute(f"SET LOCAL enable_{name} = off")
        cursor.execute(("EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN ") + sql, params)
        return "\n".join(str(row[0] if connection.vendor == "postgresql" else row) for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index exists on PostgreSQL only")
def test_the_search_can_use_the_trigram_index(register):
    query = Household.objects.search("nguyen van").order_by().values("pk")
    assert "household_search_trgm" in plan_of(query, "seqscan", "indexscan")


@pytest.mark.parametrize("key", RARE_PRIORITY_GROUPS)
def test_a_rare_priority_group_s_filter_can_read_its_partial_index(register, key):
    day = date(2026, 12, 3)
    query = Household.objects.with_member(PRIORITY_GROUPS[key].member_q(day), day=day).order_by().values("pk")
    assert f"member_{key}" in plan_of(query, *(["seqscan"] if connection.vendor == "postgresql" else []))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
@pytest.mark.parametrize("sort", ["group", "-group"])
def test_a_group_ordered_page_walks_the_groups_by_their_code_index(register, sort):
    ordered = Household.objects.order_by(*SORT_ORDERS[sort])
    row = Household.objects.filter(pk=register[4].pk)
    page = ordered.filter(keyset._beyond(keyset._order(ordered), row, backward=False)).values("pk")[:50]
    plan = plan_of(page, "seqscan", "sort")
    assert "residentialgroup_code" in plan and "Incremental Sort" in plan
