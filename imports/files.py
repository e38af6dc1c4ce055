"""The files officers download: import templates and exports with the same columns.

An export has exactly the template's columns (a round trip changes nothing). Text
that Excel would run as a formula stays text: forced string cells in .xlsx
(giamngheo.spreadsheets.text_cell), a leading ' in .csv (escape_csv). Citizen IDs
are written in full only for roles holding households.view_citizen_id, health
columns only for roles holding households.view_health_data.
"""

import csv
import io
from collections.abc import Iterable
from datetime import date

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from giamngheo.downloads import attachment, download_name
from giamngheo.spreadsheets import XLSX, escape_csv, text_cell
from imports.columns import Column

TEMPLATE_ROWS = 2000
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def columns_for(columns: list[Column], user) -> list[Column]:
    if user.has_perm("households.view_health_data"):
        return columns
    return [column for column in columns if not column.health]


def template_response(columns: list[Column], filename: str) -> HttpResponse:
    """An empty sheet with the headers, a note on each, drop-downs and a guide sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    lists = book.create_sheet("Danh mục")
    guide = book.create_sheet("Hướng dẫn")
    bold = Font(bold=True)
    list_column = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = bold, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(str(column.note), "giamngheo", width=300, height=120)
        sheet.column_dimensions[letter].width = column.width
        cells = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        if column.choices is not None or column.yes_no:
            list_column += 1
            list_letter = get_column_letter(list_column)
            labels = column.labels()
            lists.cell(row=1, column=list_column, value=column.header).font = bold
            for row, label in enumerate(labels, start=2):
                lists.cell(row=row, column=list_column, value=label)
            rule = DataValidation(
                type="list",
                formula1=f"='Danh mục'!${list_letter}$2:${list_letter}${len(labels) + 1}",
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=column.header,
                error=_("Choose a value from the list."),
            )
            rule.add(cells)
            sheet.add_data_validation(rule)
        if column.is_date:
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "dd/mm/yyyy"
        if column.key == "citizen_id":
            # Typed as a number, Excel drops the leading zero of a CCCD.
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    guide.append([_("Column"), _("Required"), _("How to fill it in"), _("Values")])
    for cell in guide[1]:
        cell.font = bold
    for column in columns:
        values = ", ".join(column.labels()) if (column.choices is not None or column.yes_no) else ""
        guide.append([column.header, _("yes") if column.required else "", str(column.note), values[:2000]])
    guide.append([])
    guide.append([_("Dates are day first (dd/mm/yyyy); amounts in whole đồng (2.000.000).")])
    guide.append([_("Columns may be in any order; columns the app does not know are ignored.")])
    for letter, width in zip("ABCD", (32, 10, 70, 60), strict=True):
        guide.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return attachment(buffer.getvalue(), XLSX, filename)


def export_format(request) -> str:
    """The format an export link asks for: ?format=csv, or Excel."""
    return "csv" if request.GET.get("format") == "csv" else "xlsx"


def export_response(
    columns: list[Column], rows: Iterable[list], fmt: str, name: tuple, heading_lines=(), extra_headers=()
) -> HttpResponse:
    """Rows of values in column order (codes, not labels), as .xlsx or .csv.

    `name` holds the words of the file's name, as giamngheo.downloads.download_name takes them.
    """
    headers = [column.header for column in columns] + list(extra_headers)
    width = len(columns)
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 only with the byte-order mark
        writer = csv.writer(buffer)
        writer.writerow(headers)
        for row in rows:
            cells = [_csv_value(column.write(value)) for column, value in zip(columns, row[:width], strict=True)]
            writer.writerow(cells + [_csv_value(value) for value in row[width:]])
        return attachment(buffer.getvalue().encode("utf-8"), "text/csv; charset=utf-8", download_name(*name, ext="csv"))
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    bold = Font(bold=True)
    for line in heading_lines:
        sheet.append([text_cell(sheet, line, font=bold)])
    if heading_lines:
        sheet.append([])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.append([text_cell(sheet, header, font=bold, alignment=Alignment(wrap_text=True)) for header in headers])
    for row in rows:
        cells = [column.write(value) for column, value in zip(columns, row[:width], strict=True)]
        sheet.append([text_cell(sheet, value) for value in cells + list(row[width:])])
    buffer = io.BytesIO()
    book.save(buffer)
    return attachment(buffer.getvalue(), XLSX, download_name(*name, ext="xlsx"))


def _csv_value(value):
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return escape_csv(value)
