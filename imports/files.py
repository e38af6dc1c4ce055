"""The files officers download: import templates and exports with the same columns.

An export has exactly the template's columns (a round trip changes nothing). Text
that Excel would run as a formula stays text: forced string cells in .xlsx
(giamngheo.spreadsheets.text_cell), a leading ' in .csv (escape_csv). Citizen IDs
are written in full only for roles holding households.view_citizen_id, health
columns only for roles holding households.view_health_data.
"""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from giamngheo.downloads import attachment, download_name
from giamngheo.spreadsheets import XLSX, escape_csv, sheet_value, text_cell
from imports.columns import Column

TEMPLATE_ROWS = 2000
CSV = "text/csv; charset=utf-8"
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
    """Rows of values in column order (codes, not labels), as .xlsx or .csv, built in memory.

    `name` holds the words of the file's name, as giamngheo.downloads.download_name takes them.
    For lists that can reach a province's size, streamed_export_response writes the same cells.
    """
    if fmt == "csv":
        content = "".join(csv_lines(columns, rows, extra_headers)).encode("utf-8")
        return attachment(content, CSV, download_name(*name, ext="csv"))
    buffer = io.BytesIO()
    write_xlsx(buffer, columns, rows, heading_lines, extra_headers)
    return attachment(buffer.getvalue(), XLSX, download_name(*name, ext="xlsx"))


def streamed_export_response(columns: list[Column], rows: Iterable[list], fmt: str, name: tuple):
    """export_response's file with flat memory, however many rows.

    A .csv goes out row by row as it is written. A .xlsx cannot: its sheet sits inside a
    zip whose directory comes last, so the write-only workbook is saved to a temporary
    file on disk (deleted when the response is closed) and the file is streamed back.
    """
    if fmt == "csv":
        chunks = (line.encode("utf-8") for line in _batched(csv_lines(columns, rows)))
        response = StreamingHttpResponse(chunks, content_type=CSV)
        response["Content-Disposition"] = content_disposition_header(True, download_name(*name, ext="csv"))
        return response
    # Not a with block: FileResponse closes (and so deletes) the file once it is sent.
    file = tempfile.TemporaryFile(prefix="giamngheo-export-")  # noqa: SIM115
    try:
        write_xlsx(file, columns, rows)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=download_name(*name, ext="xlsx"), content_type=XLSX)


def csv_lines(columns: list[Column], rows: Iterable[list], extra_headers=()) -> Iterator[str]:
    """The .csv export as lines of text, the first starting with the byte-order mark."""
    line = _Line()
    writer = csv.writer(line)
    writers = [column.writer() for column in columns]
    width = len(columns)
    # Excel opens UTF-8 only with the byte-order mark.
    yield "\ufeff" + writer.writerow([column.header for column in columns] + list(extra_headers))
    for row in rows:
        cells = [_csv_value(write(value)) for write, value in zip(writers, row[:width], strict=True)]
        yield writer.writerow(cells + [_csv_value(value) for value in row[width:]])


def write_xlsx(file, columns: list[Column], rows: Iterable[list], heading_lines=(), extra_headers=()) -> None:
    """The .xlsx export, saved into `file` (a path or a binary file) from a write-only workbook."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    bold = Font(bold=True)
    for line in heading_lines:
        sheet.append([text_cell(sheet, line, font=bold)])
    if heading_lines:
        sheet.append([])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    headers = [column.header for column in columns] + list(extra_headers)
    sheet.append([text_cell(sheet, header, font=bold, alignment=Alignment(wrap_text=True)) for header in headers])
    writers = [column.writer() for column in columns]
    width = len(columns)
    for row in rows:
        cells = [write(value) for write, value in zip(writers, row[:width], strict=True)]
        sheet.append([sheet_value(sheet, value) for value in cells + list(row[width:])])
    book.save(file)


class _Line:
    """csv.writer's file that hands back what it writes, so each row can be sent as it is made."""

    def write(self, text):
        return text


def _batched(lines: Iterable[str], size: int = 65536) -> Iterator[str]:
    """Lines joined into pieces of about `size` characters: one per row would cost a write each."""
    pending, length = [], 0
    for line in lines:
        pending.append(line)
        length += len(line)
        if length >= size:
            yield "".join(pending)
            pending, length = [], 0
    if pending:
        yield "".join(pending)


def _csv_value(value):
    if value.__class__ is str:
        return escape_csv(value)
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return escape_csv(value)
