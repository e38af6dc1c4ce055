"""The report as the province expects it: an Excel workbook laid out like the form, and a PDF."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from giamngheo.downloads import attachment
from giamngheo.models import AdministrativeUnit
from giamngheo.spreadsheets import official_heading, signature_block, xlsx_response

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)


def poverty_rows(data: dict) -> list[tuple[str, str, int]]:
    """(label, key, value) of the poverty table, in the report's order."""
    p = data["poverty"]
    return [
        (_("Poor households at the start of the period"), "poor_start", p["poor_start"]),
        (_("Poor households at the end of the period"), "poor_end", p["poor_end"]),
        (_("Near-poor households at the start of the period"), "near_poor_start", p["near_poor_start"]),
        (_("Near-poor households at the end of the period"), "near_poor_end", p["near_poor_end"]),
        (_("Households that escaped poverty"), "escaped_poverty", p["escaped_poverty"]),
        (_("Households that escaped near-poverty"), "escaped_near_poverty", p["escaped_near_poverty"]),
        (_("Newly poor households"), "newly_poor", p["newly_poor"]),
        (_("Households that fell back into poverty"), "relapsed", p["relapsed"]),
        (_("Newly near-poor households"), "newly_near_poor", p["newly_near_poor"]),
        (
            _("Recently escaped households (within %(months)d months) at the end")
            % {"months": settings.GIAMNGHEO_RECENT_ESCAPE_MONTHS},
            "recently_escaped_end",
            p["recently_escaped_end"],
        ),
    ]


PRIORITY_LABELS = {
    "merit": gettext_lazy("Poor households with a person of revolutionary merit"),
    "ethnic_minority": gettext_lazy("Poor households with an ethnic-minority member"),
    "woman_headed": gettext_lazy("Poor households headed by a woman"),
    "disability": gettext_lazy("Poor households with a member with a disability"),
}


def label_for(key: str, data: dict) -> str:
    for label, row_key, _value in poverty_rows(data):
        if row_key == key:
            return label
    name, _sep, arg = key.partition(":")
    if name in ("group_poor", "group_near_poor"):
        group = next((g["name"] for g in data["groups"] if str(g["id"]) == arg), arg)
        return (
            _("Poor households of %(group)s") if name == "group_poor" else _("Near-poor households of %(group)s")
        ) % {"group": group}
    if name == "priority_poor":
        return str(PRIORITY_LABELS.get(arg, arg))
    if name == "deprived":
        indicator = next((d["name"] for d in data["deprivations"] if d["code"] == arg), arg)
        return _("Poor and near-poor households deprived in: %(indicator)s") % {"indicator": indicator}
    return key


def _ward_on(day: date):
    return AdministrativeUnit.objects.served_on(day)


def report_xlsx(report, data: dict) -> HttpResponse:
    ward = _ward_on(report.ends_on)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{report.year}"
    width = 6
    subtitle = _("Number: %(number)s — %(period)s %(year)s, from %(start)s to %(end)s") % {
        "number": report.number or "…",
        "period": report.get_period_display(),
        "year": report.year,
        "start": f"{report.starts_on:%d/%m/%Y}",
        "end": f"{report.ends_on:%d/%m/%Y}",
    }
    row = official_heading(
        sheet,
        ward=ward,
        title=_("Report on the supervision of the sustainable poverty reduction programme"),
        subtitle=subtitle,
        width=width,
    )
    for column, size in zip("ABCDEF", [8, 52, 16, 16, 16, 16], strict=True):
        sheet.column_dimensions[column].width = size

    def table(title, headers, rows, total=None):
        nonlocal row
        cell = sheet.cell(row=row, column=1, value=title)
        cell.font = BOLD
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
        for column, header in enumerate(headers, start=1):
            cell = sheet.cell(row=row, column=column, value=header)
            cell.font, cell.border = BOLD, BOX
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if len(headers) < width:
            sheet.merge_cells(start_row=row, start_column=len(headers), end_row=row, end_column=width)
        for values in [*rows, *([total] if total else [])]:
            row += 1
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=column, value=value)
                cell.border = BOX
                if isinstance(value, str):
                    cell.data_type = "s"
                elif isinstance(value, int):
                    cell.number_format = "#,##0"
                elif isinstance(value, Decimal):  # a rate: text in the figures, a number in the sheet
                    cell.number_format = "0.00"
                if total is not None and values is total:
                    cell.font = BOLD
        row += 2

    p = data["poverty"]
    table(
        _("I. Poor and near-poor households"),
        [_("No."), _("Indicator"), _("Households"), _("Rate (%)")],
        [
            [index, label, value, Decimal(p[f"{key}_rate"]) if f"{key}_rate" in p else ""]
            for index, (label, key, value) in enumerate(poverty_rows(data), start=1)
        ]
        + [[None, _("All households of the ward"), p["total"], ""]],
    )
    table(
        _("II. By residential group (end of the period)"),
        [_("No."), _("Residential group"), _("Households"), _("Poor"), _("Near-poor")],
        [[i, g["name"], g["households"], g["poor"], g["near_poor"]] for i, g in enumerate(data["groups"], start=1)],
        [None, _("Total"), sum(g["households"] for g in data["groups"]), sum(g["poor"] for g in data["groups"]),
         sum(g["near_poor"] for g in data["groups"])],
    )  # fmt: skip
    table(
        _("III. Deprivation of poor and near-poor households (end of the period)"),
        [_("No."), _("Indicator"), _("Households deprived")],
        [[i, d["name"], d["households"]] for i, d in enumerate(data["deprivations"], start=1)],
    )
    table(
        _("IV. Results of the sub-projects"),
        [_("Code"), _("Sub-project"), _("Activities"), _("Households"), _("People (women)"), _("Value (đồng)")],
        [[s["code"], s["name"], s["activities"], s["households"], f"{s['people']} ({s['women']})", s["value"]]
         for s in data["subprojects"]],
        [None, _("Total"), sum(s["activities"] for s in data["subprojects"]),
         sum(s["households"] for s in data["subprojects"]), "", sum(s["value"] for s in data["subprojects"])],
    )  # fmt: skip
    table(
        _("V. Budget and disbursement"),
        [_("No."), _("Sub-project"), _("Funding source"), _("Available (đồng)"), _("Disbursed (đồng)"), _("Rate (%)")],
        [[i, b["subproject"], b["source_name"], b["available"], b["disbursed"], Decimal(b["rate"])]
         for i, b in enumerate(data["budget"], start=1)],
        [None, _("Total"), "", sum(b["available"] for b in data["budget"]), sum(b["disbursed"] for b in data["budget"]),
         ""],
    )  # fmt: skip
    signatory = ward.signatory_on(report.report_date or timezone.localdate()) if ward else None
    signature_block(
        sheet,
        row=row,
        width=width,
        day=report.report_date or timezone.localdate(),
        place=ward.name if ward else "",
        left=(_("Recipients:"), "- " + _("as above")),
        right=(
            (signatory.capacity.replace("\n", " – ") + "\n" + signatory.position).strip(" –\n").upper()
            if signatory
            else "",
            signatory.full_name if signatory else "",
        ),
    )
    return xlsx_response(book, f"bao-cao-giam-sat-{report.year}-{report.period}-v{report.version}.xlsx")


def report_pdf(request, report, data: dict) -> HttpResponse:
    from weasyprint import HTML

    ward = _ward_on(report.ends_on)
    html = render_to_string(
        "monitoring/report_pdf.html",
        {
            "report": report,
            "data": data,
            "ward": ward,
            "signatory": ward.signatory_on(report.report_date or timezone.localdate()) if ward else None,
            "poverty_rows": poverty_rows(data),
            "priorities": [(key, PRIORITY_LABELS[key], value) for key, value in data["priorities"].items()],
            "links": False,
        },
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    return attachment(pdf, "application/pdf", f"bao-cao-giam-sat-{report.year}-{report.period}-v{report.version}.pdf")
