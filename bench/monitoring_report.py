"""Time to compute and render the annual monitoring report of a 30,000-household ward (PostgreSQL).

Run from the project root after bench/registry_pages.py has built the ward:

    .venv/bin/python bench/monitoring_report.py            # uses giamngheo_bench (built by registry_pages.py)
    .venv/bin/python bench/monitoring_report.py --year 2023 --runs 5

It reads the ward (it never drops anything), migrates it, and times: the indicators
of the year (monitoring.indicators.compute), the report page, its Excel workbook and
its PDF, as the social-affairs officer through django.test.Client.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/giamngheo_bench")
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from giamngheo.models import User
    from households.models import Household
    from monitoring import indicators, services
    from monitoring.models import Report

    call_command("migrate", verbosity=0)
    households = Household.objects.count()
    if not households:
        sys.exit("The database has no households: run bench/registry_pages.py first.")
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    officer = User.objects.get(username="ldtbxh")

    def timed(label, function):
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            function()
            times.append((time.perf_counter() - started) * 1000)
        print(f"{label:<44} median {statistics.median(times):8.1f} ms   max {max(times):8.1f} ms")

    start, end = Report(period="year", year=args.year).starts_on, Report(period="year", year=args.year).ends_on
    print(f"Ward: {households:,} households; annual report {args.year}; {args.runs} runs each")
    timed("indicators.compute (all figures)", lambda: indicators.compute(start, end, args.year))
    report = Report.objects.filter(period="year", year=args.year).order_by("-version").first()
    if report is None:
        report = services.draft(period="year", year=args.year, by=officer)
    client = Client()
    client.force_login(officer)
    url = report.get_absolute_url()
    timed("report page (draft: computed live)", lambda: client.get(url))
    timed("Excel workbook", lambda: client.get(url, {"format": "xlsx"}))
    timed("PDF (WeasyPrint)", lambda: client.get(url, {"format": "pdf"}))


if __name__ == "__main__":
    main()
