"""Excel files that Excel cannot turn against their reader."""

import io
from datetime import date, datetime

from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from giamngheo.downloads import attachment

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def text_cell(sheet, value, **style) -> WriteOnlyCell:
    """A cell whose text stays text: "=HYPERLINK(...)" typed as a name is never a formula."""
    if isinstance(value, Promise):
        value = str(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, date | datetime):
        cell.number_format = "dd/mm/yyyy"
    elif isinstance(value, int) and not isinstance(value, bool):
        cell.number_format = "#,##0"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def escape_csv(value):
    """Prefix text that a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def official_heading(sheet, *, ward, title: str, subtitle: str, width: int) -> int:
    """The national and ward headings of an administrative document; returns the next free row."""
    half = max(width // 2, 1)
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cells = [
        (1, 1, half, (ward.title() if ward else "").upper() if ward else ""),
        (1, half + 1, width, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (2, half + 1, width, "Độc lập - Tự do - Hạnh phúc"),
        (4, 1, width, title.upper()),
        (5, 1, width, subtitle),
        (6, width, width, _("Unit: đồng")),
    ]
    for row, first, last, text in cells:
        cell = sheet.cell(row=row, column=first, value=text)
        cell.font = bold if row != 5 and row != 6 else Font(italic=True)
        cell.alignment = centre if row != 6 else Alignment(horizontal="right")
        if last > first:
            sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    return 8


def signature_block(sheet, *, row: int, width: int, day, place: str, left: tuple, right: tuple) -> None:
    """Place and date, then two signers side by side: (title, name)."""
    half = max(width // 2, 1)
    italic = Font(italic=True)
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", wrap_text=True)
    date_cell = sheet.cell(row=row, column=half + 1, value=f"{place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}")
    date_cell.font, date_cell.alignment = italic, centre
    sheet.merge_cells(start_row=row, start_column=half + 1, end_row=row, end_column=width)
    for (title, name), (first, last) in zip([left, right], [(1, half), (half + 1, width)], strict=True):
        for offset, text, font in [(1, title, bold), (5, name, bold)]:
            cell = sheet.cell(row=row + offset, column=first, value=text)
            cell.font, cell.alignment = font, centre
            if last > first:
                sheet.merge_cells(start_row=row + offset, start_column=first, end_row=row + offset, end_column=last)


def xlsx_response(book: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    book.save(buffer)
    return attachment(buffer.getvalue(), XLSX, filename)
