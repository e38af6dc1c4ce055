"""Import speed and memory: households with members from one .xlsx file (PostgreSQL).

Run from the project root, with PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth):

    .venv/bin/python bench/import_households.py                      # 30,000 households
    .venv/bin/python bench/import_households.py --households 3000    # a quick run

The script drops and re-creates the database ``giamngheo_bench_import`` (never another
name), migrates it, generates a workbook of N households (1-6 members each, about 3.3 on
average, adults with a CCCD), and prints for the import engine:

- the check (preview) and the import (one transaction, bulk writes), in rows per second;
- a second import of the same file (nothing changes);
- peak Python memory (tracemalloc) of the check for a 10% slice and the whole file, to
  show memory does not grow with the file, and the process's peak RSS.

Then it imports a slice (``--slice`` households, new codes) through django-import-export's
default path (Resource.import_data, row by row with its diff, in a transaction: first the
households, then the members with a ForeignKeyWidget) and prints its rows per second.
The database is dropped at the end unless --keep is given.
"""

import argparse
import io
import os
import random
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "giamngheo_bench_import"
SERVER = "postgres://postgres@127.0.0.1:5432"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi"]
MIDDLE_M, MIDDLE_F = ["Văn", "Hữu", "Minh", "Đức"], ["Thị", "Ngọc", "Thu", "Mỹ"]
GIVEN = ["An", "Bình", "Chương", "Dũng", "Hoa", "Lan", "Mai", "Nam", "Phúc", "Quân", "Thảo", "Yến"]


def recreate_database(drop_only=False):
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')


def rows_for(households: int, prefix: str, seed: int = 7):
    rng = random.Random(seed)
    serial = 0
    for number in range(1, households + 1):
        code = f"{prefix}{number:06d}"
        address = f"{rng.randint(1, 300)} Lê Hồng Phong"
        size = rng.choice([1, 2, 3, 3, 4, 4, 5, 6])
        for index in range(size):
            serial += 1
            female = rng.random() < 0.5 if index else rng.random() < 0.4
            born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 70)) if index < 2 else None
            if born is None:
                born = date(2000, 1, 1) + timedelta(days=rng.randint(0, 365 * 24))
            citizen_id = ""
            if born.year <= 2007:
                century = (born.year // 100 - 19) * 2 + (1 if female else 0)
                citizen_id = f"056{century}{born.year % 100:02d}{serial:06d}"
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F if female else MIDDLE_M)} {rng.choice(GIVEN)}"
            yield [
                code,
                "TDP1",
                address,
                "Thành thị",
                "",
                "",
                name,
                born,
                "Nữ" if female else "Nam",
                "Chủ hộ" if index == 0 else ("Vợ/chồng" if index == 1 else "Con"),
                "Kinh",
                citizen_id,
            ]


def workbook(households: int, prefix: str) -> tuple[bytes, int]:
    from openpyxl import Workbook

    from giamngheo.spreadsheets import text_cell
    from households.importers.columns import HOUSEHOLD_COLUMNS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    sheet.append([column.header for column in HOUSEHOLD_COLUMNS[:12]])
    count = 0
    for row in rows_for(households, prefix):
        sheet.append([text_cell(sheet, value) for value in row])
        count += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), count


def timed(label, rows, function):
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    print(f"{label:<52} {rows:>8,} rows {seconds:8.1f} s {rows / seconds:>9,.0f} rows/s")
    return result, seconds


def peak_memory(function) -> float:
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=30_000)
    parser.add_argument("--slice", type=int, default=3_000, help="households through django-import-export")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    recreate_database()
    os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")
    import django

    django.setup()
    import logging

    logging.getLogger("giamngheo.imports").setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    from giamngheo.models import User
    from households.importers.households import HouseholdImporter
    from households.models import Household, Member
    from tests.factories import make_group

    make_group(code="TDP1", name="Tổ dân phố 1")
    user = User.objects.create_superuser("bench", password="x")
    print(f"PostgreSQL {connection.pg_version // 10000}, Python {sys.version.split()[0]}, database {DATABASE}")

    start = time.perf_counter()
    data, rows = workbook(args.households, "PH")
    print(
        f"generated {args.households:,} households, {rows:,} member rows, {len(data) / 1e6:.1f} MB .xlsx "
        f"in {time.perf_counter() - start:.1f} s"
    )
    small, small_rows = workbook(args.households // 10, "PH")

    def check(content):
        return HouseholdImporter(user=user, commit=False).run("bench.xlsx", content)

    def commit(content):
        return HouseholdImporter(user=user, commit=True).run("bench.xlsx", content)

    report, _ = timed("imports: check (preview)", rows, lambda: check(data))
    assert report.error_count == 0, report.errors[:5]
    report, ours = timed("imports: import, one transaction", rows, lambda: commit(data))
    assert report.error_count == 0 and report.created == rows, report
    print(f"  -> {Household.objects.count():,} households, {Member.objects.count():,} members")
    report, _ = timed("imports: same file again (no change)", rows, lambda: commit(data))
    assert (report.created, report.updated, report.unchanged) == (0, 0, rows), report
    small_peak = peak_memory(lambda: check(small))
    full_peak = peak_memory(lambda: check(data))
    print(
        f"peak Python memory of a check: {small_rows:,} rows {small_peak:.1f} MB, {rows:,} rows {full_peak:.1f} MB "
        f"(file bytes included: {len(small) / 1e6:.1f} / {len(data) / 1e6:.1f} MB)"
    )
    print(f"peak RSS of the process so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    # --- django-import-export, default path ------------------------------------
    import tablib
    from import_export import fields, resources, widgets

    from giamngheo.models import ResidentialGroup

    class HouseholdResource(resources.ModelResource):
        residential_group = fields.Field(
            attribute="residential_group", column_name="Tổ dân phố",
            widget=widgets.ForeignKeyWidget(ResidentialGroup, "code"),
        )  # fmt: skip
        code = fields.Field(attribute="code", column_name="Mã hộ")
        address = fields.Field(attribute="address", column_name="Địa chỉ")
        area_type = fields.Field(attribute="area_type", column_name="Khu vực")

        class Meta:
            model = Household
            import_id_fields = ("code",)
            fields = ("code", "residential_group", "address", "area_type")
            clean_model_instances = True

        def before_import_row(self, row, **kwargs):
            row["Khu vực"] = "urban"

    class MemberResource(resources.ModelResource):
        household = fields.Field(
            attribute="household", column_name="Mã hộ", widget=widgets.ForeignKeyWidget(Household, "code")
        )
        full_name = fields.Field(attribute="full_name", column_name="Họ và tên")
        date_of_birth = fields.Field(attribute="date_of_birth", column_name="Ngày sinh", widget=widgets.DateWidget())
        sex = fields.Field(attribute="sex", column_name="Giới tính")
        relation = fields.Field(attribute="relation", column_name="Quan hệ với chủ hộ")
        citizen_id = fields.Field(attribute="citizen_id", column_name="Số CCCD")

        class Meta:
            model = Member
            import_id_fields = ("household", "full_name", "date_of_birth")
            fields = ("household", "full_name", "date_of_birth", "sex", "relation", "citizen_id")

        def before_import_row(self, row, **kwargs):
            row["Giới tính"] = "F" if row["Giới tính"] == "Nữ" else "M"
            row["Quan hệ với chủ hộ"] = {"Chủ hộ": "head", "Vợ/chồng": "spouse"}.get(row["Quan hệ với chủ hộ"], "child")
            row["Số CCCD"] = row["Số CCCD"] or None

    slice_rows = list(rows_for(args.slice, "IE", seed=11))
    # Different CCCDs from the main file: shift the serial part.
    for row in slice_rows:
        if row[11]:
            row[11] = row[11][:6] + f"{int(row[11][6:]) + 900_000:06d}"[-6:]
    headers = ["Mã hộ", "Tổ dân phố", "Địa chỉ", "Khu vực", "Họ và tên", "Ngày sinh", "Giới tính",
               "Quan hệ với chủ hộ", "Số CCCD"]  # fmt: skip
    households = tablib.Dataset(headers=headers[:4])
    seen = set()
    members = tablib.Dataset(headers=headers)
    for row in slice_rows:
        values = [row[0], row[1], row[2], row[3], row[6], row[7], row[8], row[9], row[11]]
        members.append(values)
        if row[0] not in seen:
            seen.add(row[0])
            households.append(values[:4])

    def import_export_default():
        result = HouseholdResource().import_data(households, dry_run=False, use_transactions=True)
        assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows[:3]
        result = MemberResource().import_data(members, dry_run=False, use_transactions=True)
        assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows[:3]

    _, theirs = timed("django-import-export default path (slice)", len(slice_rows), import_export_default)
    ours_rate, theirs_rate = rows / ours, len(slice_rows) / theirs
    print(
        f"compared step: imports import (the confirm step: read, check, write in one transaction) "
        f"{ours_rate:,.0f} rows/s vs django-import-export import_data {theirs_rate:,.0f} rows/s"
    )
    print(
        f"imports import is {ours_rate / theirs_rate:.1f}x the default path (goal 10x) "
        f"(estimated {rows / theirs_rate / 60:.0f} min for the whole file that way)"
    )
    print(f"peak RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    connection.close()
    if not args.keep:
        recreate_database(drop_only=True)


if __name__ == "__main__":
    main()
