"""Excel files that Excel cannot turn against their reader."""

import io
from datetime import date, datetime

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

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


def workbook_response(title: str, headers: list[str], rows, filename: str, heading_lines=()) -> HttpResponse:
    """A one-sheet workbook streamed from rows, with a title block and bold headers."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    bold = Font(bold=True)
    for line in heading_lines:
        sheet.append([text_cell(sheet, line, font=bold)])
    if heading_lines:
        sheet.append([])
    sheet.append([text_cell(sheet, header, font=bold, alignment=Alignment(wrap_text=True)) for header in headers])
    for row in rows:
        sheet.append([text_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
