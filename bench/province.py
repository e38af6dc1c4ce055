"""A province in one installation: a commune officer's and the province's pages, each beside its raw SQL.

Run from the project root, on a copy of the million-household ward (bench/build_ward.py):

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE giamngheo_bench_province TEMPLATE giamngheo_bench_1m"
    .venv/bin/python bench/province.py                 # split into 65 communes (once), then measure
    .venv/bin/python bench/province.py --communes 65 --requests 7

The first run migrates the copy and splits its residential groups into `--communes` communes
of about the same size (Khánh Hòa has 65 since 01/07/2025): the households follow their
groups, so each commune holds about 15,000 of them. It refuses to split giamngheo_bench_1m
itself, which the other benches measure as one ward.

Then, as an officer of one commune and as the province's reader, it times the household list
(page 1, a middle page reached by its cursor, status=poor, a search) through django.test.Client
beside the SELECTs the request sent, replayed with cursor.execute; and the province roll-up
(home.province.roll_up, and its page) beside one hand-written aggregate SQL of the same figures.
"""

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import registry_pages  # the database and Django set-up are that bench's
from list_depth import Recorder, median_ms, replay

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/giamngheo_bench_province"
LIST_TARGET_MS = 150
DOCUMENT_TARGET_MS = 2_000


def split(communes: int) -> None:
    """Give each of `communes` communes a contiguous block of the ward's residential groups."""
    from django.db import transaction

    from giamngheo.models import AdministrativeUnit, ResidentialGroup

    served = list(AdministrativeUnit.objects.communes())
    if len(served) >= communes:
        print(f"communes             : {len(served)} already")
        return
    started = time.perf_counter()
    first = served[0]
    groups = list(ResidentialGroup.objects.filter(unit__in=first.lineage(), valid_to__isnull=True).order_by("pk"))
    block = -(-len(groups) // communes)
    with transaction.atomic():
        for number in range(1, communes):
            commune = AdministrativeUnit.objects.create(
                code=f"BENCH-{number:02d}", name=f"Xã Thử Nghiệm {number:02d}", level="commune", kind="xa",
                parent=first.parent, area_type=first.area_type, valid_from=first.valid_from, served=True,
            )  # fmt: skip
            ids = [group.pk for group in groups[number * block : (number + 1) * block]]
            ResidentialGroup.objects.filter(pk__in=ids).update(unit=commune)
    print(f"split into communes  : {communes} in {time.perf_counter() - started:.1f} s")


def users(commune):
    from django.contrib.auth.models import Group

    from giamngheo.models import Unit, User

    unit, _ = Unit.objects.get_or_create(
        code="labour-social", ward=commune, defaults={"name": "Công chức LĐTBXH", "kind": "labour_social"}
    )
    officer, _ = User.objects.get_or_create(username="bench_commune", defaults={"unit": unit})
    officer.groups.add(Group.objects.get(name="Công chức LĐTBXH"))
    reader, _ = User.objects.get_or_create(username="bench_province")
    reader.groups.add(Group.objects.get(name="Sở Nội vụ (tỉnh)"))
    return officer, reader


def list_pages(client, user):
    from django.urls import reverse
    from django.utils import timezone

    from giamngheo import access, keyset
    from households.filters import SORT_ORDERS
    from households.models import Household
    from households.views import PAGE_SIZE

    listing = reverse("households:list")
    register = Household.objects.for_user(user).in_ward_on(timezone.localdate())
    middle = register.count() // 2
    pk = register.order_by(*SORT_ORDERS["name"]).values_list("pk", flat=True)[middle - 1]
    cursor = keyset.cursor_for(pk, middle // PAGE_SIZE + 1, backward=False, salt=f"households.list:{user.pk}")
    search = client.post(reverse("households:search"), {"q": "nguyen van"})["Location"]
    # A search nothing matches: the page's cost without its rows, its fixed part.
    nothing = client.post(reverse("households:search"), {"q": "qqxxzz"})["Location"]
    pages = [
        ("page 1 (name order)", listing),
        (f"middle page {middle // PAGE_SIZE + 1:,}", f"{listing}?sort=name&cursor={cursor}"),
        ("status=poor, page 1", f"{listing}?status=poor"),
        ('search "nguyen van", page 1', search),
        ("priority: children and disability, page 1", f"{listing}?priority=children&priority=disability"),
        ("floor: a search matching nothing", nothing),
        (
            f"recently escaped on 31/12/{timezone.localdate().year - 2}",
            f"{listing}?status=recently_escaped&on=31/12/{timezone.localdate().year - 2}",
        ),
    ]
    if not access.is_province(user):  # the province sorts by group only within a chosen commune
        pk = register.order_by(*SORT_ORDERS["group"]).values_list("pk", flat=True)[middle - 1]
        cursor = keyset.cursor_for(pk, middle // PAGE_SIZE + 1, backward=False, salt=f"households.list:{user.pk}")
        pages.insert(2, ("middle page, group order", f"{listing}?sort=group&cursor={cursor}"))
    return pages


def measure_page(client, url, requests):
    from django.db import connection

    for _ in range(2):
        client.get(url)
    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    view = median_ms(lambda: client.get(url), requests)
    raw = median_ms(lambda: replay(recorder.queries), requests)
    return view, raw, len(recorder.queries), response


ANCHOR_SQL = """
WITH start AS (
    SELECT DISTINCT ON (d.household_id) d.household_id, d.status
    FROM households_statusdecision d WHERE d.effective_on <= %(start)s
    ORDER BY d.household_id, d.effective_on DESC, d.id DESC
)
SELECT g.unit_id,
       COUNT(*) FILTER (WHERE h.entered_on <= %(end)s AND (h.left_on IS NULL OR h.left_on > %(end)s)) AS total,
       COUNT(*) FILTER (WHERE h.entered_on <= %(end)s AND (h.left_on IS NULL OR h.left_on > %(end)s)
                          AND h.current_status = 'poor') AS poor_end,
       COUNT(*) FILTER (WHERE h.entered_on <= %(end)s AND (h.left_on IS NULL OR h.left_on > %(end)s)
                          AND h.current_status = 'near_poor') AS near_poor_end,
       COUNT(*) FILTER (WHERE h.entered_on <= %(end)s AND (h.left_on IS NULL OR h.left_on > %(end)s)
                          AND h.current_status IN ('none', 'near_poor') AND h.escaped_lists_on >= %(cutoff)s)
           AS escaped_end,
       COUNT(s.household_id) FILTER (WHERE h.entered_on <= %(start)s
                          AND (h.left_on IS NULL OR h.left_on > %(start)s) AND s.status = 'poor') AS poor_start
FROM households_household h
JOIN giamngheo_residentialgroup g ON g.id = h.residential_group_id
LEFT JOIN start s ON s.household_id = h.id
GROUP BY g.unit_id
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--communes", type=int, default=65)
    parser.add_argument("--requests", type=int, default=7, help="measured requests per page (7)")
    args = parser.parse_args()
    if registry_pages._database_name(args.database_url) == "giamngheo_bench_1m":
        sys.exit("giamngheo_bench_1m is measured as one ward: split a copy of it (see the docstring).")
    registry_pages.setup_django(args.database_url)

    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from giamngheo.models import AdministrativeUnit
    from home import province
    from households import status

    registry_pages.print_machine()
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"migrate              : {time.perf_counter() - started:8.1f} s")
    split(args.communes)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    communes = list(AdministrativeUnit.objects.communes())
    officer, reader = users(communes[1])
    today = timezone.localdate()

    print(f"\n{len(communes)} communes. Median of {args.requests} requests after 2 warm-ups.\n")
    header = f"{'page':<52} {'view ms':>8} {'raw SQL ms':>10} {'ratio':>6} {'queries':>7} {'Python ms':>9}"
    print(header)
    print("-" * len(header))
    for who, user in (("commune officer", officer), ("province", reader)):
        client = Client(raise_request_exception=True)
        client.force_login(user)
        for label, url in list_pages(client, user):
            view, raw, queries, _ = measure_page(client, url, args.requests)
            flag = " !" if view > LIST_TARGET_MS or view > 2 * raw else ""
            line = f"{who + ': ' + label:<52} {view:>8.1f} {raw:>10.1f} {view / raw:>6.1f} {queries:>7}"
            print(f"{line} {view - raw:>9.1f}{flag}")

    client = Client(raise_request_exception=True)
    client.force_login(reader)
    for label, suffix in (("page", ""), ("Excel", "&format=xlsx"), ("PDF", "&format=pdf")):
        url = f"{reverse('province')}?year={today.year}{suffix}"
        view, raw, queries, _ = measure_page(client, url, args.requests)
        flag = " !" if view > DOCUMENT_TARGET_MS else ""
        print(f"{'province roll-up ' + label:<52} {view:>8.1f} {raw:>10.1f} {view / raw:>6.1f} {queries:>7}{flag}")

    params = {
        "start": date(today.year - 1, 12, 31),
        "end": today,
        "cutoff": status.recent_escape_cutoff(today),
    }

    def anchor():
        with connection.cursor() as cursor:
            cursor.execute(ANCHOR_SQL, params)
            return cursor.fetchall()

    def cold():
        cache.clear()
        province.roll_up(today.year, today)

    sql = median_ms(anchor, args.requests)
    for label, run in (
        ("province roll-up figures, cold (roll_up)", cold),
        ("province roll-up figures, warm (cached)", lambda: province.roll_up(today.year, today)),
    ):
        figures = median_ms(run, args.requests)
        flag = " !" if figures > 2 * sql else ""
        print(f"{label:<52} {figures:>8.1f} {sql:>10.1f} {figures / sql:>6.1f}{flag}")
    # The same figures both ways, summed over the province.
    rolled = province.roll_up(today.year, today).totals
    by_sql = [sum(row[i] for row in anchor()) for i in range(1, 6)]
    print(
        f"\nprovince totals, roll-up : {rolled['total']:,} households, {rolled['poor_end']:,} poor, "
        f"{rolled['near_poor_end']:,} near-poor, {rolled['recently_escaped_end']:,} recently escaped, "
        f"{rolled['poor_start']:,} poor at the start"
    )
    print(
        f"province totals, raw SQL : {by_sql[0]:,} households, {by_sql[1]:,} poor, {by_sql[2]:,} near-poor, "
        f"{by_sql[3]:,} recently escaped, {by_sql[4]:,} poor at the start"
    )
    print(
        f"\n! marks a list page over {LIST_TARGET_MS} ms, a roll-up document over {DOCUMENT_TARGET_MS} ms,"
        " or any figure over twice its raw SQL."
    )


if __name__ == "__main__":
    main()
