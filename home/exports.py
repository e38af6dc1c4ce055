"""The province's roll-up as an Excel workbook and a PDF: the page's table, row for row."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.styles import Border, Font, Side
from openpyxl.utils import get_column_letter

from giamngheo.downloads import attachment, download_name
from giamngheo.spreadsheets import official_heading, signature_block, xlsx_response
from home.province import COLUMNS, RollUp

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _name(roll_up: RollUp, ext: str) -> str:
    return download_name("Tổng hợp giảm nghèo các xã phường", roll_up.year, ext=ext)


def headers() -> list[str]:
    return [_("Commune"), *(str(label) for _key, label in COLUMNS), _("Figures"), _("Periodic review")]


def review_text(row, steps: int) -> str:
    """The review column as the page words it."""
    if row.campaign is None:
        return _("not opened")
    closed = _("%(closed)s of %(steps)s steps closed") % {"closed": row.steps_closed, "steps": steps}
    listed = ngettext("%(listed)s household on its list", "%(listed)s households on its list", row.listed)
    return f"{closed} · {listed % {'listed': row.listed}}"


def roll_up_xlsx(roll_up: RollUp, context: dict, user) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = str(roll_up.year)
    columns = headers()
    issuer = context["issuer"]
    row = official_heading(
        sheet, issuer=issuer, title=context["title"], subtitle=context["subtitle"], width=len(columns), unit_note=False
    )
    sheet.column_dimensions["A"].width = 30
    for column in range(2, len(columns) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    sheet.column_dimensions[get_column_letter(len(columns))].width = 34
    for index, header in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=index, value=header)
        cell.font, cell.border = Font(bold=True), BOX
    lines = [
        [line.commune.name, *(value for _label, value in line.cells), line.source, review_text(line, context["steps"])]
        for line in roll_up.rows
    ]
    listed = roll_up.totals["listed"]
    on_lists = ngettext("%(listed)s household on the lists", "%(listed)s households on the lists", listed)
    lines.append(
        [_("The province"), *(value for _label, value in roll_up.total_cells), "", on_lists % {"listed": listed}]
    )
    for number, values in enumerate(lines, start=1):
        row += 1
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=index, value=value)
            cell.border = BOX
            if isinstance(value, int):
                cell.number_format = "#,##0"
            if number == len(lines):
                cell.font = Font(bold=True)
    signature_block(
        sheet, row=row + 2, width=len(columns), issuer=issuer, left=(_("Prepared by"), [user.get_full_name()])
    )
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return xlsx_response(book, _name(roll_up, "xlsx"))


def roll_up_pdf(request, context: dict) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string("home/province_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    return attachment(pdf, "application/pdf", _name(context["roll_up"], "pdf"))
