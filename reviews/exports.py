"""Step 5's summary table as the page, the Excel workbook and the PDF show it: one list of rows."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Border, Font, Side
from openpyxl.utils import get_column_letter

from giamngheo.downloads import attachment, download_name
from giamngheo.models import AreaType
from giamngheo.spreadsheets import official_heading, signature_block, xlsx_response
from reviews.services import SUMMARY_KEYS

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def headers() -> list[str]:
    return [
        _("Residential group / group"),
        _("Households reviewed"),
        _("Poor at the start"),
        _("Near-poor at the start"),
        _("Escaped poverty"),
        _("Escaped near-poverty"),
        _("Newly poor (incl. relapsed)"),
        _("Newly near-poor"),
        _("Poor at the end"),
        _("Near-poor at the end"),
    ]


def rows(summary: dict) -> list[dict]:
    """The table's rows: each group, the ward's total, then the ethnic-minority and urban/rural lines.

    A summary sent before the breakdowns were kept has the ward's line only.
    """
    lines = [
        {"label": group["name"], "values": [group[key] for key in SUMMARY_KEYS]}
        for group in summary.get("by_group", [])
    ]
    lines.append({"label": _("Whole ward"), "values": [summary[key] for key in SUMMARY_KEYS], "total": True})
    if "ethnic_minority" in summary:
        lines.append(
            {
                "label": _("of which: head of an ethnic minority"),
                "values": [summary["ethnic_minority"][key] for key in SUMMARY_KEYS],
            }
        )
    for area, counts in summary.get("by_area", {}).items():
        lines.append(
            {
                "label": _("of which: %(area)s") % {"area": AreaType(area).label.lower()},
                "values": [counts[key] for key in SUMMARY_KEYS],
            }
        )
    return lines


def _name(campaign, ext: str) -> str:
    review = campaign.review
    return download_name("Kết quả rà soát", review.year, *([review.month] if review.month else []), ext=ext)


def summary_xlsx(campaign, summary: dict, issuer, title: str, subtitle: str, user) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = str(campaign.review.year)
    columns = headers()
    row = official_heading(sheet, issuer=issuer, title=title, subtitle=subtitle, width=len(columns), unit_note=False)
    sheet.column_dimensions["A"].width = 36
    for column in range(2, len(columns) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 13
    for index, header in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=index, value=header)
        cell.font, cell.border = Font(bold=True), BOX
    for line in rows(summary):
        row += 1
        for index, value in enumerate([line["label"], *line["values"]], start=1):
            cell = sheet.cell(row=row, column=index, value=value)
            cell.border = BOX
            if index > 1:
                cell.number_format = "#,##0"
            if line.get("total"):
                cell.font = Font(bold=True)
    signature_block(
        sheet, row=row + 2, width=len(columns), issuer=issuer, left=(_("Prepared by"), [user.get_full_name()])
    )
    return xlsx_response(book, _name(campaign, "xlsx"))


def summary_pdf(request, context: dict) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string("reviews/summary_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    return attachment(pdf, "application/pdf", _name(context["campaign"], "pdf"))
