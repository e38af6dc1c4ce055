"""The report's document as an Excel workbook and as a PDF: two layouts of monitoring.document."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from giamngheo.downloads import attachment, download_name
from giamngheo.spreadsheets import official_heading, signature_block, xlsx_response
from monitoring.document import COUNT, MONEY, RATE, Document
from monitoring.models import Period

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
FORMATS = {COUNT: "#,##0", MONEY: "#,##0", RATE: "0.00"}
WIDTH = 9  # columns of the sheet: the widest table's


# The period as the file name says it, whatever the reader's language.
PERIOD_WORDS = {Period.HALF_YEAR: "6 tháng", Period.YEAR: "cả năm"}


def _filename(report, extension: str) -> str:
    return download_name(
        "Báo cáo giám sát", report.year, PERIOD_WORDS[report.period], "bản", report.version, ext=extension
    )


def report_xlsx(report, doc: Document) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = f"{report.year}"
    subtitle = f"{doc.subtitle} — " + (f"Số: {doc.number}" if doc.number else "Số: …")
    row = official_heading(sheet, issuer=doc.issuer, title=doc.title, subtitle=subtitle, width=WIDTH, unit_note=False)
    for column in range(1, WIDTH + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    sheet.column_dimensions["B"].width = 46

    def merged(text, *, font=None, height_lines=1):
        nonlocal row
        cell = sheet.cell(row=row, column=1, value=text)
        cell.data_type = "s"
        cell.alignment = WRAP
        if font:
            cell.font = font
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=WIDTH)
        if height_lines > 1:
            sheet.row_dimensions[row].height = 15 * height_lines
        row += 1

    for section in doc.sections:
        merged(section.title, font=BOLD)
        if section.text_title:
            merged(section.text_title, font=Font(bold=True, italic=True))
        if section.text_id:
            text = section.text or "—"
            merged(text, height_lines=sum(len(line) // 110 + 1 for line in text.splitlines() or [""]))
        for table in section.tables:
            row += 1
            merged(table.title, font=Font(bold=True, italic=True))
            for column, header in enumerate(table.headers, start=1):
                cell = sheet.cell(row=row, column=column, value=header)
                cell.font, cell.border = BOLD, BOX
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            row += 1
            for values in [*table.rows, *([table.total] if table.total else [])]:
                for column, entry in enumerate(values, start=1):
                    cell = sheet.cell(row=row, column=column, value=entry.value)
                    cell.border = BOX
                    if entry.kind in FORMATS and entry.value is not None:
                        cell.number_format = FORMATS[entry.kind]
                    else:
                        cell.data_type = "s"
                        cell.alignment = WRAP
                    if values is table.total:
                        cell.font = BOLD
                row += 1
            if table.note:
                merged(table.note, font=Font(italic=True))
        row += 1
    recipients = [f"- {line};" for line in doc.recipients]
    if recipients:
        recipients[-1] = recipients[-1].rstrip(";") + "."
    signature_block(sheet, row=row + 1, width=WIDTH, issuer=doc.issuer, left=("Nơi nhận:", recipients))
    sheet.print_options.horizontalCentered = True
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return xlsx_response(book, _filename(report, "xlsx"))


def report_pdf_bytes(report, doc: Document, *, base_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("monitoring/report_pdf.html", {"report": report, "doc": doc})
    return HTML(string=html, base_url=base_url).write_pdf()


def report_pdf(request, report, doc: Document) -> HttpResponse:
    pdf = report_pdf_bytes(report, doc, base_url=request.build_absolute_uri("/"))
    return attachment(pdf, "application/pdf", _filename(report, "pdf"))
