"""The openpyxl internals imports/xlsx.py leans on, pinned down so an upgrade that moves them fails here.

imports.xlsx streams the sheet XML itself but lets openpyxl read the small parts: it
calls ExcelReader's steps one by one (read_manifest, read_strings, read_workbook), then
styles.stylesheet.apply_stylesheet, walks reader.parser.find_sheets() for the first
worksheet, and takes the workbook's private _date_formats / _timedelta_formats and its
epoch to turn numbers into dates with utils.datetime.from_excel (and from_ISO8601 for
"d" cells). Each test names one of those; the round trips check the whole against
openpyxl's own read-only reader.
"""

import inspect
import io
import re
import zipfile
from datetime import date, datetime, time, timedelta

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.datetime import CALENDAR_MAC_1904, MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

from imports.xlsx import iter_rows, open_first_sheet

ROWS = [
    ["Mã hộ", "Họ và tên", "Ngày sinh", "Số khẩu", "Thu nhập", "Có BHYT", "Ghi chú"],
    ["PH01-0001", "Nguyễn Văn Đức", date(1980, 3, 15), 4, 1_800_000.5, True, None],
    ["PH01-0002", "Trần Thị Ánh", datetime(1975, 12, 31, 8, 30), 1, 0, False, '=HYPERLINK("x")'],
    [None, None, None, None, None, None, None],
    ["PH01-0003", "Lê Thị Mai", date(2000, 2, 29), -2, 3.25e-05, None, "Ghi chú dài " * 50],
    ["", "   ", time(7, 45), timedelta(hours=36, minutes=5), 10**12, None, "#N/A"],
]


def workbook_bytes(rows=ROWS, *, write_only=False, epoch=None, chartsheet_first=False) -> bytes:
    book = Workbook(write_only=write_only)
    if epoch is not None:
        book.epoch = epoch
    sheet = book.create_sheet("Dữ liệu") if write_only else book.active
    sheet.title = "Dữ liệu"
    if chartsheet_first:
        book.create_chartsheet("Biểu đồ", 0)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_shared_strings(data: bytes, phonetic: str | None = None) -> bytes:
    """The workbook as Excel saves it: openpyxl writes inline strings, Excel a shared string table.

    With `phonetic`, the first string carries that reading as a phonetic run (rPh), which
    both readers leave out of the value.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    strings: list[str] = []

    def share(match):
        strings.append(match.group(2))
        return f'<c {match.group(1)}t="s"><v>{len(strings) - 1}</v></c>'

    sheet = re.sub(
        r'<c ([^>]*?)t="inlineStr"><is>(<t[^>]*/>|<t[^>]*>.*?</t>)</is></c>',
        share,
        source.read("xl/worksheets/sheet1.xml").decode(),
    )
    items = [f"<si>{text}</si>" for text in strings]
    if phonetic:
        items[0] = items[0].replace("</si>", f'<rPh sb="0" eb="1"><t>{phonetic}</t></rPh></si>')
    table = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        f' count="{len(items)}" uniqueCount="{len(items)}">{"".join(items)}</sst>'
    )
    parts = {
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": table,
        "[Content_Types].xml": source.read("[Content_Types].xml")
        .decode()
        .replace(
            "</Types>",
            '<Override PartName="/xl/sharedStrings.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
        "xl/_rels/workbook.xml.rels": source.read("xl/_rels/workbook.xml.rels")
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type='
            '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>',
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, parts.pop(name, None) or source.read(name))
        for name, text in parts.items():
            target.writestr(name, text)
    return buffer.getvalue()


def openpyxl_rows(data: bytes) -> list[list]:
    """openpyxl's read-only reader, with the trailing blanks iter_rows does not pad."""
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = next(sheet for sheet in book.worksheets)
    rows = []
    for row in sheet.iter_rows(values_only=True):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        rows.append(values)
    book.close()
    return rows


def streamed_rows(data: bytes) -> list[list]:
    rows = []
    for row in iter_rows(data, max_columns=80):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        rows.append(values)
    return rows


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def test_excel_reader_takes_read_only_and_data_only_and_has_the_steps_called_one_by_one():
    parameters = inspect.signature(ExcelReader).parameters
    assert {"read_only", "data_only"} <= set(parameters)
    reader = ExcelReader(io.BytesIO(with_shared_strings(workbook_bytes())), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    assert isinstance(reader.archive, zipfile.ZipFile)
    # Indexed by a "s" cell's <v>: the strings in the order of the table.
    assert reader.shared_strings[0] == "Mã hộ"
    assert reader.shared_strings[8] == "Nguyễn Văn Đức"


def test_find_sheets_yields_each_sheet_with_a_relationship_naming_its_part_and_type():
    reader = ExcelReader(io.BytesIO(workbook_bytes(chartsheet_first=True)), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    found = [(sheet.name, rel.target, rel.Type) for sheet, rel in reader.parser.find_sheets()]
    assert [name for name, _target, _type in found] == ["Biểu đồ", "Dữ liệu"]
    (chart_target, chart_type), (sheet_target, sheet_type) = [(target, kind) for _name, target, kind in found]
    assert "chartsheet" in chart_type
    assert sheet_type.endswith("/worksheet") and "chartsheet" not in sheet_type
    assert sheet_target in reader.valid_files
    assert sheet_target.startswith("xl/worksheets/")


def test_apply_stylesheet_leaves_the_style_ids_of_date_and_duration_cells_on_the_workbook():
    data = workbook_bytes()
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    styles = {ref: int(style) for ref, style in re.findall(r'<c r="([A-Z]+\d+)" s="(\d+)"', sheet_xml(data))}
    assert styles["C2"] in reader.wb._date_formats
    assert styles["D6"] in reader.wb._timedelta_formats
    assert styles["D6"] in reader.wb._date_formats  # a duration is a date format too: iter_rows asks both
    assert "D2" not in styles or styles["D2"] not in reader.wb._date_formats


@pytest.mark.parametrize(("epoch", "expected"), [(None, WINDOWS_EPOCH), (CALENDAR_MAC_1904, MAC_EPOCH)])
def test_the_workbook_epoch_is_the_one_from_excel_counts_from(epoch, expected):
    source, _shared, _dates, _durations, found = open_first_sheet(workbook_bytes(epoch=epoch))
    source.close()
    assert found == expected


def test_from_excel_and_from_iso8601_convert_as_iter_rows_expects():
    assert from_excel(45000, WINDOWS_EPOCH) == datetime(2023, 3, 15)
    assert from_excel(45000.5, WINDOWS_EPOCH) == datetime(2023, 3, 15, 12)
    assert from_excel(1, MAC_EPOCH) == datetime(1904, 1, 2)
    assert from_excel(1.5, WINDOWS_EPOCH, timedelta=True) == timedelta(days=1, hours=12)
    assert from_ISO8601("2023-03-15T08:30:00") == datetime(2023, 3, 15, 8, 30)
    assert from_ISO8601("2023-03-15") == date(2023, 3, 15)
    with pytest.raises(OverflowError):
        from_excel(10**9, WINDOWS_EPOCH)


@pytest.mark.parametrize("write_only", [False, True], ids=["workbook", "write-only"])
def test_a_workbook_openpyxl_writes_reads_back_as_openpyxls_own_read_only_reader_gives_it(write_only):
    data = workbook_bytes(write_only=write_only)
    assert streamed_rows(data) == openpyxl_rows(data)


@pytest.mark.parametrize("phonetic", [None, "グエン"], ids=["plain", "phonetic run"])
def test_shared_strings_read_back_as_openpyxls_own_read_only_reader_gives_them(phonetic):
    data = with_shared_strings(workbook_bytes(), phonetic=phonetic)
    assert 't="s"' in sheet_xml(data)
    assert streamed_rows(data) == openpyxl_rows(data)
    assert streamed_rows(data)[0][0] == "Mã hộ"


def test_a_1904_workbook_reads_back_as_openpyxls_own_read_only_reader_gives_it():
    data = workbook_bytes(epoch=CALENDAR_MAC_1904)
    assert streamed_rows(data) == openpyxl_rows(data)
    assert streamed_rows(data)[1][2] == datetime(1980, 3, 15)


def test_the_round_trip_keeps_the_values_and_their_types():
    rows = streamed_rows(workbook_bytes())
    assert rows[1] == ["PH01-0001", "Nguyễn Văn Đức", datetime(1980, 3, 15), 4, 1_800_000.5, True]
    assert type(rows[1][3]) is int
    # openpyxl writes "=..." as a formula, which has no cached value to read back.
    assert rows[2] == ["PH01-0002", "Trần Thị Ánh", datetime(1975, 12, 31, 8, 30), 1, 0, False]
    assert rows[3] == []
    assert rows[5][3] == timedelta(hours=36, minutes=5)


def test_the_first_worksheet_is_read_when_a_chartsheet_comes_before_it():
    data = workbook_bytes(chartsheet_first=True)
    assert streamed_rows(data)[1][1] == "Nguyễn Văn Đức"
