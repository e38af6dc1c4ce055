"""The streaming .xlsx reader (imports.xlsx): the values openpyxl gives, and no entities or broken sheets."""

import io
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from households.models import Household
from tests.factories import import_households, make_family_rows, make_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_run_immediately")]


def _openpyxl_values(data: bytes) -> list[list]:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = book.worksheets[0]
    sheet.reset_dimensions()
    rows = [list(row) for row in sheet.iter_rows(max_col=80, values_only=True)]
    book.close()
    return rows


def _trimmed(rows) -> list[list]:
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        out.append(row)
    return out


@pytest.mark.parametrize("epoch_1904", [False, True])
def test_xlsx_reader_gives_what_openpyxl_gives(epoch_1904):
    from datetime import datetime, timedelta

    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    from giamngheo.spreadsheets import text_cell
    from imports.xlsx import iter_rows

    book = Workbook()
    if epoch_1904:
        book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    sheet["A1"], sheet["B1"], sheet["C1"], sheet["D1"], sheet["E1"] = "Mã hộ", 12, 1.5, True, date(2020, 5, 3)
    sheet["A3"], sheet["B3"], sheet["C3"] = "=1+2", datetime(2021, 1, 2, 3, 4), " spaced  "
    sheet["A4"] = CellRichText(["ab", TextBlock(InlineFont(b=True), "cd")])
    sheet["C5"], sheet["A7"], sheet["B7"] = 56001234567, 1e20, -3
    sheet["B6"] = timedelta(hours=30)
    sheet["B6"].number_format = "[h]:mm"
    sheet["CZ8"] = "beyond column 80"
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    assert _trimmed(iter_rows(data, 80)) == _trimmed(_openpyxl_values(data))

    # Write-only workbooks (the app's exports) state no dimension and use inline strings.
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    sheet.append([text_cell(sheet, value) for value in ["a", "056012345678", date(2020, 1, 1), 5, None, "z"]])
    sheet.append([])
    sheet.append(["q", 1.25])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    rows = _trimmed(iter_rows(data, 80))
    assert rows == _trimmed(_openpyxl_values(data))
    assert rows == [["a", "056012345678", datetime(2020, 1, 1), 5, None, "z"], [], ["q", 1.25]]


def test_xlsx_reader_refuses_entities_and_broken_sheets(officer, group):
    assert import_households(officer, make_xlsx(make_family_rows())).error_count == 0
    source = zipfile.ZipFile(io.BytesIO(make_xlsx(make_family_rows())))
    for replace, code in (
        (lambda xml: xml.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet', 1), "unsafe_xml"),
        (lambda xml: xml[: len(xml) // 2], "not_a_spreadsheet"),
    ):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as target:
            for item in source.infolist():
                original = content = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    content = replace(original)
                    assert content != original
                target.writestr(item.filename, content)
        report = import_households(officer, buffer.getvalue(), commit=True)
        assert report.refused and report.errors[0]["code"] == code
    assert Household.objects.count() == 0
