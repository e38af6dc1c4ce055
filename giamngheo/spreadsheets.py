"""Excel files that Excel cannot turn against their reader."""

import io
from datetime import date, datetime

from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
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


def sheet_value(sheet, value):
    """What to append for a cell of text_cell's kind: the value itself where openpyxl makes that same cell.

    Most cells are plain text, which openpyxl already stores as text unless it starts with
    "=" or is an error code such as "#N/A". Handing it the value spares a cell object (and
    the exception openpyxl raises and catches for every cell object it is handed), which
    was half the time of a province's export.
    """
    if value.__class__ is str and not value.startswith("=") and value not in ERROR_CODES:
        return value
    return text_cell(sheet, value)


def escape_csv(value):
    """Prefix text that a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def official_heading(sheet, *, issuer, title: str, subtitle: str, width: int, unit_note: bool = True) -> int:
    """The national and issuer's headings of an administrative document; returns the next free row.

    `issuer` is a giamngheo.documents.Issuer: the same rule heads the page, the PDF and the sheet.
    """
    half = max(width // 2, 1)
    bold = Font(bold=True)
    italic = Font(italic=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cells = [
        (1, 1, half, issuer.heading, bold, centre),
        (1, half + 1, width, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold, centre),
        (2, half + 1, width, "Độc lập - Tự do - Hạnh phúc", bold, centre),
        (4, 1, width, title.upper(), bold, centre),
        (5, 1, width, subtitle, italic, centre),
    ]
    row = 6
    if issuer.territory:
        cells.append((row, 1, width, issuer.territory, italic, centre))
        row += 1
    if unit_note:
        cells.append((row, width, width, _("Unit: đồng"), italic, Alignment(horizontal="right")))
        row += 1
    for line, first, last, text, font, alignment in cells:
        cell = sheet.cell(row=line, column=first, value=text)
        cell.font, cell.alignment = font, alignment
        if last > first:
            sheet.merge_cells(start_row=line, start_column=first, end_row=line, end_column=last)
    return row + 1


def signature_block(sheet, *, row: int, width: int, issuer, left: tuple[str, list[str]]) -> int:
    """Place and date, then the left block (recipients, or who prepared it) and the signer; returns the last row.

    `left` is (its bold title, its lines): ("Nơi nhận:", ["- ...", ...]) or ("Người lập biểu", [name]).
    """
    half = max(width // 2, 1)
    italic = Font(italic=True)
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="top", wrap_text=True)
    date_cell = sheet.cell(row=row, column=half + 1, value=issuer.dated())
    date_cell.font, date_cell.alignment = italic, centre
    sheet.merge_cells(start_row=row, start_column=half + 1, end_row=row, end_column=width)
    title, lines = left
    blocks = [
        (1, half, [(title, bold)] + [(line, None) for line in lines]),
        (
            half + 1,
            width,
            [(line, bold) for line in issuer.signer_title] + [("", None)] * 3 + [(issuer.signer_name, bold)],
        ),
    ]
    last = row
    for first, end, entries in blocks:
        for offset, (text, font) in enumerate(entries, start=1):
            cell = sheet.cell(row=row + offset, column=first, value=text)
            cell.alignment = Alignment(horizontal="left", wrap_text=True) if first == 1 and offset > 1 else centre
            if font:
                cell.font = font
            if end > first:
                sheet.merge_cells(start_row=row + offset, start_column=first, end_row=row + offset, end_column=end)
            last = max(last, row + offset)
    return last


def xlsx_response(book: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    book.save(buffer)
    return attachment(buffer.getvalue(), XLSX, filename)
