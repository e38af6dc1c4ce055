"""The household list at any depth: the view's time beside the raw SQL of the same page (PostgreSQL).

Run from the project root:

    .venv/bin/python bench/list_depth.py                    # 30,000 households in giamngheo_bench
    .venv/bin/python bench/list_depth.py --reuse            # the ward an earlier run built
    .venv/bin/python bench/list_depth.py --database-url postgres://postgres@127.0.0.1:5432/big --reuse

The database is prepared as bench/registry_pages.py does (same rules: only
``giamngheo_bench`` is ever dropped; another database is migrated, filled if empty, and
only measured with ``--reuse`` if it already holds households).

For each page (page 1, a page in the middle of the register reached by its cursor,
filters, a search) the script prints the median wall time of the view through
django.test.Client, and beside it the anchor measured in the same run: the SELECTs that
request sent, replayed with cursor.execute in the same order (median time of the
batch). The ratio is view ÷ raw SQL. A last column times what the page used to cost:
the same page reached with ``LIMIT 50 OFFSET n`` on the name order, and a COUNT(*).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import registry_pages  # the database and Django set-up are that bench's

TARGET_MS = 150


class Recorder:
    """An execute wrapper keeping each SELECT (sql, params) a request sends."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SELECT"):
            self.queries.append((sql, params))
        return execute(sql, params, many, context)


def median_ms(run, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def replay(queries) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            cursor.fetchall()


def offset_anchor(offset: int):
    """What the page cost before keyset paging: OFFSET on the name order and a full COUNT(*)."""
    from django.db import connection
    from django.utils import timezone

    from households.models import Household

    households = Household.objects.in_ward_on(timezone.localdate()).order_by("head_sort_key", "code")
    sql, params = households.values_list("pk", flat=True)[offset : offset + 50].query.sql_with_params()
    count_sql, count_params = households.order_by().values("pk").query.sql_with_params()

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()
            cursor.execute(f"SELECT COUNT(*) FROM ({count_sql}) t", count_params)
            cursor.fetchall()

    return run


def pages(client, officer):
    """(label, URL, OFFSET the same page had) for each measured page."""
    from django.urls import reverse
    from django.utils import timezone

    from giamngheo import keyset
    from households.filters import SORT_ORDERS
    from households.models import Household
    from households.views import PAGE_SIZE

    salt = f"households.list:{officer.pk}"
    listing = reverse("households:list")
    register = Household.objects.in_ward_on(timezone.localdate())
    size = register.count()
    middle = size // 2

    def deep(sort, extra=""):
        # Where page n starts: the row before it, found once here with OFFSET.
        ordered = register.order_by(*SORT_ORDERS[sort])
        pk = ordered.values_list("pk", flat=True)[middle - 1]
        cursor = keyset.cursor_for(pk, middle // PAGE_SIZE + 1, backward=False, salt=salt)
        return f"{listing}?sort={sort}&cursor={cursor}{extra}"

    group = Household.objects.values_list("residential_group_id", flat=True).order_by("pk").first()
    location = client.post(reverse("households:search"), {"q": "nguyen van"})["Location"]
    search_page = client.get(location).context["page"]
    found = [
        ("page 1 (name order)", listing, 0),
        (f"middle page {middle // PAGE_SIZE + 1:,} (name order)", deep("name"), middle),
        ("middle page, name Z to A", deep("-name"), middle),
        ("middle page, code order", deep("code"), middle),
        ("middle page, group order", deep("group"), middle),
        ("status=poor, page 1", f"{listing}?status=poor", None),
        (f"residential_group={group}, page 1", f"{listing}?residential_group={group}", None),
        ('search "nguyen van" (saved), page 1', location, None),
    ]
    if search_page.next_cursor:
        found.append(('search "nguyen van", page 2', f"{location}&cursor={search_page.next_cursor}", None))
    return size, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help=f"instead of {registry_pages.DEFAULT_URL}")
    parser.add_argument("--households", type=int, default=30000, help="households to build if empty (30000)")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--reuse", action="store_true", help="measure the households already there")
    parser.add_argument("--requests", type=int, default=15, help="measured requests per page (15)")
    args = parser.parse_args()

    url = args.database_url or registry_pages.DEFAULT_URL
    must_build = registry_pages.prepare_database(url, reuse=args.reuse)
    registry_pages.setup_django(url)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    registry_pages.print_machine()
    registry_pages.build(args.households, args.seed, must_build)
    setup_test_environment(debug=False)
    officer = get_user_model().objects.get(username="ldtbxh")
    client = Client(raise_request_exception=True)
    client.force_login(officer)
    size, measured = pages(client, officer)
    print(f"\n{size:,} households on the register today. Median of {args.requests} requests after 2 warm-ups.\n")
    header = (
        f"{'page':<40} {'view ms':>8} {'raw SQL ms':>10} {'ratio':>6} {'queries':>7} {'OFFSET+COUNT ms':>15}  total"
    )
    print(header)
    print("-" * len(header))
    for label, page_url, offset in measured:
        for _ in range(2):
            client.get(page_url)
        recorder = Recorder()
        with connection.execute_wrapper(recorder):
            response = client.get(page_url)
        assert response.status_code == 200, (page_url, response.status_code)
        view = median_ms(lambda u=page_url: client.get(u), args.requests)
        raw = median_ms(lambda q=recorder.queries: replay(q), args.requests)
        before = f"{median_ms(offset_anchor(offset), max(3, args.requests // 3)):>15.1f}" if offset is not None else ""
        total = response.context["list_total"]
        flag = " !" if view > TARGET_MS or view > 2 * raw else ""
        print(
            f"{label:<40} {view:>8.1f} {raw:>10.1f} {view / raw:>6.1f} {len(recorder.queries):>7} "
            f"{before:>15}  {total.kind} {total.value:,}{flag}"
        )
    print(f"\n! marks a page over {TARGET_MS} ms or over twice its raw SQL.")


if __name__ == "__main__":
    main()
