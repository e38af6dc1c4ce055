"""The streamed household export: the same cells as the in-memory export it replaced, in few queries."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from giamngheo.spreadsheets import text_cell
from households.importers import exports
from households.importers.columns import HOUSEHOLD_COLUMNS
from households.models import Household, Member
from imports import files
from tests.factories import make_group, make_household, make_user

pytestmark = pytest.mark.django_db


def previous_rows(households, columns, user):
    """The rows as the export built them before it streamed: model instances, prefetched members."""
    full_ids = user.has_perm("households.view_citizen_id")
    queryset = households.select_related("residential_group").prefetch_related(
        Prefetch("members", queryset=Member.objects.head_first())
    )
    for household in queryset:
        for member in household.members.all():
            row = []
            for column in columns:
                key = column.key
                if key == "code":
                    row.append(household.code)
                elif key == "group":
                    row.append(household.residential_group.code)
                elif key in ("address", "area_type", "phone", "note"):
                    row.append(getattr(household, key))
                elif key == "household_since":
                    row.append(household.entered_on)
                elif key == "citizen_id":
                    row.append((member.citizen_id or "") if full_ids else member.masked_citizen_id())
                else:
                    row.append(getattr(member, key))
            yield row


def previous_workbook(columns, rows):
    """The workbook as export_response wrote it before: every cell through text_cell."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.append([text_cell(sheet, column.header) for column in columns])
    for row in rows:
        sheet.append([text_cell(sheet, column.write(value)) for column, value in zip(columns, row, strict=True)])
    buffer = io.BytesIO()
    book.save(buffer)
    return load_workbook(buffer).active


def cells(sheet):
    return [[(cell.value, cell.data_type, cell.number_format) for cell in row] for row in sheet.iter_rows()]


def exported(client, fmt):
    response = client.get(reverse("households:export"), {"format": fmt})
    assert response.status_code == 200
    assert response.streaming
    return response.getvalue()


@pytest.fixture
def ward():
    """Two groups, families with every kind of value, a household without members, one that left."""
    first, second = make_group(code="TDP1"), make_group(code="TDP2")
    make_household(
        "Nguyễn Văn Lâm",
        code="PH-001",
        group=first,
        phone="+84 905 000 111",
        note="=1+2",
        members=[
            {"full_name": '=HYPERLINK("http://x")', "citizen_id": "056090001234", "relation": "child"},
            {
                "full_name": "Trần Thị Bích",
                "relation": "spouse",
                "sex": "F",
                "date_of_birth": date(1972, 3, 4),
                "citizen_id": "056172001234",
                "disability": "severe",
                "health_insurance": False,
                "merit": "relative",
                "education": "1_primary",
                "employment": "no_contract",
                "no_stable_livelihood": True,
                "ethnicity": "02",
            },
            {
                "full_name": "#N/A",
                "relation": "parent",
                "date_of_birth": date(1940, 1, 1),
                "left_on": date(2024, 5, 6),
                "left_reason": "died",
            },
            {
                "full_name": "Lê Văn Công",
                "relation": "child",
                "date_of_birth": date(2000, 2, 2),
                "low_income_worker_since": date(2025, 8, 1),
                "low_income_worker_income": 1_400_000,
                "low_income_worker_until": date(2026, 7, 31),
            },
        ],
    )
    make_household("Phạm Thị Mai", code="PH-002", group=second, address="#N/A")
    Household.objects.create(code="PH-003", residential_group=second, address="Trống", entered_on=date(2020, 1, 1))
    make_household("Đỗ Văn Tư", code="PH-004", group=first, left_on=date(2024, 1, 1), left_reason="moved_away")


@pytest.mark.parametrize("role", ["ldtbxh", "taichinh"])
def test_exported_cells_equal_the_previous_export_for_each_role(client, ward, role):
    user = make_user(role)
    client.force_login(user)
    columns = files.columns_for(HOUSEHOLD_COLUMNS, user)
    households = Household.objects.in_ward_on(timezone.localdate()).order_by("head_sort_key", "code")
    expected = previous_workbook(columns, previous_rows(households, columns, user))
    sheet = load_workbook(io.BytesIO(exported(client, "xlsx"))).active
    assert cells(sheet) == cells(expected)
    assert len(cells(sheet)) == 1 + 5 + 1  # headers, the first family, the second head
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    assert widths == {letter: dimension.width for letter, dimension in expected.column_dimensions.items()}


@pytest.mark.parametrize("role", ["ldtbxh", "taichinh"])
def test_csv_lines_equal_the_previous_export_for_each_role(client, ward, role):
    user = make_user(role)
    client.force_login(user)
    columns = files.columns_for(HOUSEHOLD_COLUMNS, user)
    households = Household.objects.in_ward_on(timezone.localdate()).order_by("head_sort_key", "code")
    expected = files.export_response(columns, previous_rows(households, columns, user), "csv", ("x",)).content
    assert exported(client, "csv") == expected


def test_citizen_ids_and_health_columns_follow_the_role(client, ward):
    client.force_login(make_user("taichinh"))
    rows = list(csv.reader(io.StringIO(exported(client, "csv").decode("utf-8-sig"))))
    ids = [row[rows[0].index("Số CCCD")] for row in rows[1:]]
    assert "056******234" in ids and "056090001234" not in ids
    assert "Khuyết tật" not in rows[0] and "Có thẻ BHYT" not in rows[0]
    client.force_login(make_user("ldtbxh"))
    rows = list(csv.reader(io.StringIO(exported(client, "csv").decode("utf-8-sig"))))
    ids = [row[rows[0].index("Số CCCD")] for row in rows[1:]]
    assert "056090001234" in ids and "Khuyết tật" in rows[0]


def test_rows_are_the_same_across_chunk_boundaries(monkeypatch, ward):
    for number in range(7):
        make_household(f"Hộ {number}", code=f"PH-1{number:02d}", members=[{"full_name": f"Con {number}"}])
    user = make_user("ldtbxh")
    columns = files.columns_for(HOUSEHOLD_COLUMNS, user)
    households = Household.objects.order_by("head_sort_key", "code")
    whole = list(exports.household_rows(households, columns, user))
    monkeypatch.setattr(exports, "CHUNK_SIZE", 3)
    assert list(exports.household_rows(households, columns, user)) == whole
    assert whole == list(previous_rows(households, columns, user))


def export_queries(client, households):
    group = make_group()
    for number in range(households - Household.objects.count()):
        make_household(f"Hộ {number}", group=group, members=[{"full_name": f"Con {number}"}])
    with CaptureQueriesContext(connection) as queries:
        exported(client, "xlsx")
    return len(queries)


def test_queries_do_not_grow_with_the_number_of_households(client, officer):
    assert export_queries(client, 10) == export_queries(client, 60)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_download_name_is_unchanged(client, officer, fmt):
    response = client.get(reverse("households:export"), {"format": fmt})
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="ho-gia-dinh-{today:%Y-%m-%d}.{fmt}"'
    assert response["Content-Type"].startswith(files.XLSX if fmt == "xlsx" else "text/csv")
