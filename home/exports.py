"""The province's tables as Excel workbooks and PDFs: the page's table, row for row."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.styles import Border, Font, Side
from openpyxl.utils import get_column_letter

from giamngheo.downloads import attachment, download_name
from giamngheo.spreadsheets import official_heading, signature_block, xlsx_response
from home.province import COLUMNS, ReviewRollUp, RollUp
from reviews import exports as review_exports

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def roll_up_headers() -> list[str]:
    return [_("Commune"), *(str(label) for _key, label in COLUMNS), _("Figures"), _("Periodic review")]


def review_headers() -> list[str]:
    # Step 5's own column labels, the first (the group) aside.
    return [_("Commune"), *review_exports.headers()[1:], _("Figures")]


def review_text(row, steps: int) -> str:
    """The roll-up's review column as the page words it: each campaign, a former ward's by its name."""
    if not row.campaigns:
        return _("not opened")
    parts = []
    for campaign in row.campaigns:
        closed = _("%(closed)s of %(steps)s steps closed") % {"closed": campaign.closed, "steps": steps}
        listed = ngettext("%(listed)s household on its list", "%(listed)s households on its list", campaign.listed)
        text = f"{closed} · {listed % {'listed': campaign.listed}}"
        parts.append(text if campaign.commune_id == row.commune.pk else f"{campaign.commune.name}: {text}")
    return "; ".join(parts)


def roll_up_lines(roll_up: RollUp, steps: int) -> list[list]:
    lines = [
        [row.commune.name, *(value for _label, value in row.cells), row.source, review_text(row, steps)]
        for row in roll_up.rows
    ]
    listed = roll_up.totals["listed"]
    on_lists = ngettext("%(listed)s household on the lists", "%(listed)s households on the lists", listed)
    lines.append(
        [_("The province"), *(value for _label, value in roll_up.total_cells), "", on_lists % {"listed": listed}]
    )
    return lines


def review_lines(review_roll_up: ReviewRollUp) -> list[list]:
    lines = [[row.commune.name, *row.values, row.source] for row in review_roll_up.rows]
    lines.append([_("The province"), *review_roll_up.totals, ""])
    return lines


def table_xlsx(context: dict, headers: list[str], lines: list[list], user, name: str) -> HttpResponse:
    """A province table under the official heading; the last line is the total."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(context["year"])
    issuer = context["issuer"]
    width = len(headers)
    row = official_heading(
        sheet, issuer=issuer, title=context["title"], subtitle=context["subtitle"], width=width, unit_note=False
    )
    sheet.column_dimensions["A"].width = 30
    for column in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 13
    sheet.column_dimensions[get_column_letter(width)].width = 34
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=index, value=header)
        cell.font, cell.border = Font(bold=True), BOX
    for number, values in enumerate(lines, start=1):
        row += 1
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=index, value=value)
            cell.border = BOX
            if isinstance(value, int):
                cell.number_format = "#,##0"
            if number == len(lines):
                cell.font = Font(bold=True)
    signature_block(sheet, row=row + 2, width=width, issuer=issuer, left=(_("Prepared by"), [user.get_full_name()]))
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return xlsx_response(book, download_name(name, context["year"], ext="xlsx"))


def table_pdf(request, context: dict, name: str) -> HttpResponse:
    """The page's own table partial (`table_template`), laid out on A4 under the official heading."""
    from weasyprint import HTML

    html = render_to_string("home/province_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    return attachment(pdf, "application/pdf", download_name(name, context["year"], ext="pdf"))
