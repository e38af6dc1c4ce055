"""The import engine's file checks: what it refuses before reading a row, and what it does not read.

Driven through the household importer, the first of the importers registered by kind.
"""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook

from households.models import Household
from imports.models import ImportBatch
from tests.factories import error_codes, import_households, make_family_rows, make_member_row, make_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_run_immediately")]


def test_thousands_of_empty_rows_are_not_read(officer, group, settings):
    settings.GIAMNGHEO_IMPORT_MAX_EMPTY_ROWS = 50
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(make_family_rows()[0].keys()))
    for row in make_family_rows():
        sheet.append(list(row.values()))
    for _ in range(20_000):
        sheet.append([None, None])
    sheet.append(list(make_member_row("PH-LATE", **{"Số CCCD": ""}).values()))
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_households(officer, buffer.getvalue(), commit=True)
    assert report.error_count == 0
    assert report.rows == 3
    assert not Household.objects.filter(code="PH-LATE").exists()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def refused_files():
    return [
        ("notes.xlsx", b"Just some text, not a workbook", "not_a_spreadsheet"),
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "not_a_spreadsheet"),
        ("secret.xlsx", CFB + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600, "encrypted"),
        ("letter.xls", CFB + "WordDocument".encode("utf-16-le") + b"\x00" * 600, "not_a_spreadsheet"),
        ("other.zip.xlsx", zip_bytes({"readme.txt": b"hello"}), "not_a_spreadsheet"),
        (
            "bomb.xlsx",
            zip_bytes({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"<" * (50 * 1024 * 1024)}),
            "compressed_bomb",
        ),
        ("macro.xlsx", zip_bytes({"xl/workbook.xml": b"<workbook/>", "xl/vbaProject.bin": b"x"}), "macros"),
        ("empty.csv", b"", "empty_file"),
        ("binary.csv", b"\x00\x01\x02\x03" * 10, "not_a_spreadsheet"),
        ("no-header.csv", b"a,b,c\n1,2,3\n", "no_header"),
    ]


@pytest.mark.parametrize("name, data, code", refused_files(), ids=[f[2] + ":" + f[0] for f in refused_files()])
def test_hostile_or_broken_files_are_refused(officer, group, name, data, code):
    report = import_households(officer, data, name=name, commit=True)
    assert report.refused
    assert error_codes(report) == [code]
    assert not Household.objects.exists()


def test_oversized_upload_is_refused_on_the_page(client, officer, group, settings):
    settings.GIAMNGHEO_IMPORT_MAX_BYTES = 1024
    upload = io.BytesIO(make_xlsx(make_family_rows()))
    upload.name = "ho.xlsx"
    response = client.post(reverse("imports:start", args=["households"]), {"file": upload})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == ["file_too_large"]
    assert not ImportBatch.objects.exists()
    assert not Household.objects.exists()


def test_missing_required_column(officer, group):
    rows = [{key: value for key, value in row.items() if key != "Giới tính"} for row in make_family_rows()]
    report = import_households(officer, make_xlsx(rows), commit=True)
    assert error_codes(report) == ["missing_column"]
    assert report.errors[0]["column"] == "Giới tính"
