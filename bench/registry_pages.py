"""Server time and query count of the registry's main pages on a large demo ward (PostgreSQL).

Run from the project root:

    .venv/bin/python bench/registry_pages.py                 # 30,000 households in giamngheo_bench
    .venv/bin/python bench/registry_pages.py --reuse         # keep the ward built by an earlier run
    .venv/bin/python bench/registry_pages.py --reuse --explain

By default the script drops and re-creates the database ``giamngheo_bench`` on
127.0.0.1:5432 (user postgres). It never drops a database of any other name: with
``--database-url`` naming another database, a missing one is created, an empty one
is migrated and filled, and one that already holds households is only measured
(``--reuse``). Query options in the URL reach the app's connections as they do in
production, e.g. ``?options=-c%20jit%3Doff``.

Each page is requested through django.test.Client as the social-affairs officer
("ldtbxh"): warm-up requests first, then the measured ones. Times are wall-clock
around Client.get, so they include middleware, the view, the queries and template
rendering, but not a WSGI server, the network, or opening a database connection
(the test client keeps one connection open).
"""

import argparse
import math
import os
import platform
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "giamngheo_bench"
DEFAULT_URL = f"postgres://postgres@127.0.0.1:5432/{DEFAULT_DATABASE}"
LIST_SLOW_MS = 300  # the budget the registry list should stay under (median)
EXPLAIN_DEFAULT = "list-p1,home"
# DATABASE_URL options that Django consumes itself rather than handing to libpq.
DJANGO_ONLY_OPTIONS = {"pool", "server_side_binding", "isolation_level", "assume_role"}


# --- The database, before Django is set up --------------------------------------


def _connect(url: str, dbname: str | None = None):
    """A psycopg connection to the server of `url`, to its database or to `dbname`."""
    import psycopg

    parts = urlsplit(url)
    options = {key: value for key, value in parse_qsl(parts.query) if key not in DJANGO_ONLY_OPTIONS}
    return psycopg.connect(
        host=parts.hostname or None,
        port=parts.port or None,
        user=unquote(parts.username or "") or None,
        password=unquote(parts.password or "") or None,
        dbname=dbname or unquote(parts.path.lstrip("/")),
        autocommit=True,
        **{"connect_timeout": 10, **options},
    )


def _database_name(url: str) -> str:
    name = unquote(urlsplit(url).path.lstrip("/"))
    if not name:
        sys.exit(f"No database name in {url!r}.")
    return name


def _database_exists(url: str) -> bool:
    import psycopg

    try:
        _connect(url).close()
    except psycopg.OperationalError as error:
        if "does not exist" in str(error):
            return False
        raise
    return True


def _households_in(url: str) -> int:
    """Households already in the database (0 if the registry tables are not there yet)."""
    with _connect(url) as conn:
        if conn.execute("SELECT to_regclass('households_household')").fetchone()[0] is None:
            return 0
        return conn.execute("SELECT count(*) FROM households_household").fetchone()[0]


def _recreate_database(url: str, drop: bool) -> None:
    from psycopg import sql

    name = _database_name(url)
    with _connect(url, dbname="postgres") as conn:
        if drop:
            print(f"Dropping database {name} …")
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        print(f"Creating database {name} …")
        conn.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(sql.Identifier(name)))


def prepare_database(url: str, *, reuse: bool) -> bool:
    """Make the database ready to be filled; True if the demo ward must be built."""
    own = _database_name(url) == DEFAULT_DATABASE
    exists = _database_exists(url)
    existing = _households_in(url) if exists else 0
    if reuse and existing:
        print(f"Reusing {_database_name(url)}: {existing:,} households already there.")
        return False
    if own:
        _recreate_database(url, drop=exists)
        return True
    if existing:
        sys.exit(
            f"{_database_name(url)} already holds {existing:,} households. Pass --reuse to measure it as it is; "
            "this script only ever drops its own database, " + DEFAULT_DATABASE + "."
        )
    if not exists:
        _recreate_database(url, drop=False)
    return True


# --- Django ----------------------------------------------------------------------


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
    # DEBUG off, as in production: no query log kept, no template debug information.
    os.environ.setdefault("DJANGO_DEBUG", "false")
    # django.test.Client's host, let in as production lets its own in. Not setup_test_environment():
    # its template instrumentation (a signal and a copy of the context for every template drawn)
    # cost about 10 ms of a list page that production never pays.
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)

    import django

    django.setup()


def load_average() -> str:
    if not hasattr(os, "getloadavg"):
        return "unknown"
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min)"


def print_machine() -> None:
    import django
    from django.db import connection
    from django.utils import timezone

    cpus = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo.open() if line.startswith("model name")), "")
    memory = ""
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        memory = f", {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB RAM"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        server = cursor.fetchone()[0]
        names = ["shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "jit"]
        settings = []
        for name in names:
            cursor.execute(f"SHOW {name}")
            settings.append(f"{name}={cursor.fetchone()[0]}")
    print("=" * 100)
    print(f"Machine   : nproc={usable} (of {cpus}){f' {model}' if model else ''}{memory}")
    print(f"OS        : {platform.platform()}")
    print(f"Load      : {load_average()}")
    print(f"Python    : {platform.python_implementation()} {platform.python_version()}, Django {django.get_version()}")
    print(f"PostgreSQL: {server}")
    print(f"            {' '.join(settings)}")
    print(f"Database  : {connection.settings_dict['NAME']} on {connection.settings_dict['HOST'] or 'local socket'}")
    # Statuses are computed as on today: the counts move with the date the script runs.
    print(f"Today     : {timezone.localdate():%d/%m/%Y} ({timezone.get_current_timezone_name()})")
    print("=" * 100)


def build(households: int, seed: int, must_build: bool) -> None:
    from django.core.management import call_command
    from django.db import connection

    from home.demo import build_demo_ward

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"migrate              : {time.perf_counter() - started:8.1f} s")
    if must_build:
        started = time.perf_counter()
        build_demo_ward(households=households, seed=seed)
        print(f"build_demo_ward({households:,}): {time.perf_counter() - started:8.1f} s")
    # A freshly bulk-loaded table has no planner statistics until autovacuum gets to it;
    # measure the steady state a running installation is in.
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE       : {time.perf_counter() - started:8.1f} s")


def print_counts() -> None:
    from django.db import connection
    from django.db.models import Exists, OuterRef

    from households.models import Assessment, Household, Member, StatusDecision

    decided = Household.objects.filter(Exists(StatusDecision.objects.filter(household=OuterRef("pk")))).count()
    rows = [
        ("households", Household.objects.count()),
        ("members", Member.objects.count()),
        ("assessments", Assessment.objects.count()),
        ("status decisions", StatusDecision.objects.count()),
        ("households with a decision", decided),
    ]
    print()
    for label, count in rows:
        print(f"{label:<27}: {count:>9,}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"{'database size':<27}: {cursor.fetchone()[0]:>9}")


# --- Measuring ---------------------------------------------------------------------


@dataclass
class Page:
    key: str
    label: str
    url: str
    times: list = field(default_factory=list)  # ms per measured request
    sql_times: list = field(default_factory=list)  # ms spent in queries per measured request
    query_counts: list = field(default_factory=list)
    size: int = 0
    total: str = ""  # households the list matched (its data-total)
    queries: list = field(default_factory=list)  # (ms, sql) of the last measured request

    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank


class QueryTimer:
    """An execute wrapper timing each query more finely than the debug cursor's 1 ms steps."""

    def __init__(self):
        self.times = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.times.append((time.perf_counter() - started) * 1000)


def pages() -> list[Page]:
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef
    from django.urls import reverse
    from django.utils import timezone

    from giamngheo import keyset
    from households.models import Household, StatusDecision
    from households.views import PAGE_SIZE

    def listing(**params):
        query = urlencode(params, doseq=True)
        return reverse("households:list") + (f"?{query}" if query else "")

    first_decision = StatusDecision.objects.select_related("household").order_by("pk").first()
    if first_decision is None:
        sys.exit("The database has no status decision: is the demo ward built?")
    decided = first_decision.household
    undecided = (
        Household.objects.filter(~Exists(StatusDecision.objects.filter(household=OuterRef("pk"))))
        .order_by("pk")
        .first()
    )
    # Page 300 is reached by its cursor, as the list's "next" links reach it.
    officer = get_user_model().objects.get(username="ldtbxh")
    ordered = Household.objects.in_ward_on(timezone.localdate()).order_by("head_sort_key", "code")
    before_300 = ordered.values_list("pk", flat=True)[299 * PAGE_SIZE - 1]
    cursor = keyset.cursor_for(before_300, 300, backward=False, salt=f"households.list:{officer.pk}")
    found = [
        Page("list-p1", "list, page 1", listing()),
        Page("list-p300", "list, page 300 (by its cursor)", listing(cursor=cursor)),
        Page("list-search", 'list, q="nguyen van"', listing(q="nguyen van")),
        Page("list-poor", "list, status=poor", listing(status="poor")),
        Page("list-escaped", "list, status=recently_escaped", listing(status="recently_escaped")),
        Page("list-priority", "list, priority=children+disability", listing(priority=["children", "disability"])),
        Page("list-sort-code", "list, sort=code", listing(sort="code")),
        Page(
            "detail",
            f"detail {decided.code} ({decided.assessments.count()} assessments, "
            f"{decided.status_decisions.count()} decisions)",
            decided.get_absolute_url(),
        ),
    ]
    if undecided is not None:
        label = f"detail {undecided.code} ({undecided.assessments.count()} assessments, 0 decisions)"
        found.append(Page("detail-none", label, undecided.get_absolute_url()))
    found.append(Page("home", "home (status counts)", reverse("home")))
    return found


def measure(page: Page, client, requests: int, warmups: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(warmups + requests):
        timer = QueryTimer()
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(page.url)
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            sys.exit(f"{page.url} answered {response.status_code}, not 200.")
        if number < warmups:
            continue
        page.times.append(elapsed)
        sqls = [query["sql"] for query in captured.captured_queries]
        if len(timer.times) != len(sqls):  # the two hooks saw different statements: fall back to the coarse times
            timer.times = [float(query["time"]) * 1000 for query in captured.captured_queries]
        page.query_counts.append(len(sqls))
        page.sql_times.append(sum(timer.times))
        page.size = len(response.content)
        page.queries = list(zip(timer.times, sqls, strict=True))
        found = re.search(rb'data-total="(\d+)"', response.content)
        page.total = f"{int(found.group(1)):,}" if found else ""


def print_table(measured: list[Page], requests: int, warmups: int) -> None:
    print()
    print(f"Server time per page: median and p95 of {requests} requests after {warmups} warm-ups.")
    header = f"{'page':<52} {'median ms':>9} {'p95 ms':>8} {'SQL ms':>7} {'queries':>7} {'matches':>8} {'KiB':>5}"
    print(header)
    print("-" * len(header))
    for page in measured:
        counts = sorted(set(page.query_counts))
        queries = str(counts[0]) if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"
        median = statistics.median(page.times)
        flag = " !" if page.key.startswith("list") and median > LIST_SLOW_MS else ""
        print(
            f"{page.label:<52} {median:>9.1f} {page.p95():>8.1f} {statistics.median(page.sql_times):>7.1f} "
            f"{queries:>7} {page.total:>8} {page.size / 1024:>5.0f}{flag}"
        )
    print("-" * len(header))
    print(
        "SQL ms: median time spent executing queries (an execute wrapper); matches: households the list "
        f"found.\n! marks a list page over the {LIST_SLOW_MS} ms budget."
    )
    for page in measured:
        print(f"  {page.key:<15} {page.url}")
    print(f"Load average after measuring: {load_average()}", end="")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if hasattr(os, "getloadavg") and os.getloadavg()[0] > cpus:
        print(f" — above the {cpus} CPUs: other work may have skewed these times.", end="")
    print()


def show_queries(measured: list[Page]) -> None:
    """Each page's queries, as its last measured request ran them."""
    for page in measured:
        print()
        print(f"{page.label} — {len(page.queries)} queries, {sum(ms for ms, _ in page.queries):.1f} ms")
        for ms, sql in page.queries:
            sql = " ".join(sql.split())
            print(f"  {ms:7.1f} ms  {sql[:150]}{'…' if len(sql) > 150 else ''}")


def explain(measured: list[Page], keys: list[str], per_page: int = 2) -> None:
    """EXPLAIN ANALYZE the slowest registry queries a page ran, as they were sent."""
    from django.db import DatabaseError, connection

    by_key = {page.key: page for page in measured}
    for key in keys:
        page = by_key.get(key)
        if page is None:
            print(f"\n(no page {key!r}; pages are {', '.join(by_key)})")
            continue
        # The registry's own queries (not sessions, users, permissions), and only plain SELECTs:
        # EXPLAIN ANALYZE runs the statement, and a DECLARE would leave a cursor behind.
        selects = [
            (ms, sql) for ms, sql in page.queries if sql.lstrip().upper().startswith("SELECT") and '"households_' in sql
        ]
        slowest = sorted(selects, key=lambda query: query[0], reverse=True)[:per_page]
        for rank, (ms, sql) in enumerate(slowest, 1):
            print()
            print("=" * 100)
            print(f"EXPLAIN ANALYZE — {page.label} — slowest query no. {rank} ({ms:.1f} ms in the last request)")
            print("=" * 100)
            print(sql)
            print("-" * 100)
            try:
                with connection.cursor() as cursor:
                    # The SQL was captured with its parameters inlined; run it without placeholders.
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    for (line,) in cursor.fetchall():
                        print(line)
            except DatabaseError as error:
                print(f"(EXPLAIN failed: {error})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        help=f"postgres://user@host:port/name[?options] instead of {DEFAULT_URL}; only a database named "
        f"{DEFAULT_DATABASE} is ever dropped",
    )
    parser.add_argument("--households", type=int, default=30000, help="households in the demo ward (30000)")
    parser.add_argument("--seed", type=int, default=2023, help="demo ward seed (2023)")
    parser.add_argument("--reuse", action="store_true", help="keep the ward if the database already has households")
    parser.add_argument("--requests", type=int, default=20, help="measured requests per page (20)")
    parser.add_argument("--warmups", type=int, default=2, help="unmeasured requests per page first (2)")
    parser.add_argument(
        "--explain",
        nargs="?",
        const=EXPLAIN_DEFAULT,
        metavar="PAGES",
        help=f"print EXPLAIN ANALYZE of the slowest queries of these pages (comma-separated keys; {EXPLAIN_DEFAULT})",
    )
    parser.add_argument("--show-queries", action="store_true", help="list each page's queries with their times")
    args = parser.parse_args()
    if args.requests < 1 or args.warmups < 0 or args.households < 1:
        parser.error("--requests and --households must be at least 1, --warmups at least 0")

    url = args.database_url or DEFAULT_URL
    if urlsplit(url).scheme not in {"postgres", "postgresql"}:
        parser.error("--database-url must be postgres://user@host:port/name")
    must_build = prepare_database(url, reuse=args.reuse)
    setup_django(url)

    from django.contrib.auth import get_user_model
    from django.test import Client

    print_machine()
    build(args.households, args.seed, must_build)
    print_counts()

    # Adds "testserver" to ALLOWED_HOSTS; keeps DEBUG off as in production.
    officer = get_user_model().objects.filter(username="ldtbxh").first()
    if officer is None:
        sys.exit('No user "ldtbxh" (the demo ward\'s social-affairs officer) in this database.')
    client = Client(raise_request_exception=True)
    client.force_login(officer)
    measured = pages()
    for page in measured:
        measure(page, client, args.requests, args.warmups)
    print_table(measured, args.requests, args.warmups)
    if args.show_queries:
        show_queries(measured)
    if args.explain:
        explain(measured, [key.strip() for key in args.explain.split(",") if key.strip()])


if __name__ == "__main__":
    main()
