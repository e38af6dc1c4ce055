"""The budget as a finance officer hands it on: Excel with headings, totals and signatures."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from giamngheo import access, documents
from giamngheo.downloads import download_name
from giamngheo.models import recorded
from giamngheo.spreadsheets import official_heading, signature_block, xlsx_response

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MONEY = "#,##0"
RATE = "0.00"


def _table(sheet, start_row, headers, rows, widths, total_rows=()):
    bold = Font(bold=True)
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(row=start_row, column=column, value=header)
        cell.font, cell.border = bold, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    row = start_row
    for row_values in rows:
        row += 1
        for column, value in enumerate(row_values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.border = BOX
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            elif isinstance(value, int):
                cell.number_format = MONEY
            elif isinstance(value, Decimal):
                cell.number_format = RATE
            if row - start_row in total_rows:
                cell.font = bold
    return row


def _preparer(user) -> tuple[str, list[str]]:
    return _("Prepared by"), ["", "", "", user.get_full_name()]


def overview_xlsx(year, rows, totals, total_rate, user):
    # Printed today about the budget year: today's unit signs, naming the year's territory.
    issuer = documents.issuer(timezone.localdate(), commune=access.commune_of(user), period_end=date(year, 12, 31))
    book = Workbook()
    sheet = book.active
    sheet.title = str(year)
    headers = [
        _("Sub-project"),
        _("Funding source"),
        _("Allocated"),
        _("Adjusted"),
        _("Available"),
        _("Disbursed"),
        _("Remaining"),
        _("Disbursement rate (%)"),
    ]
    start = official_heading(
        sheet,
        issuer=issuer,
        title=_("Budget and disbursement of the programme, %(year)s") % {"year": year},
        subtitle=_("Prepared on %(day)s") % {"day": f"{timezone.localdate():%d/%m/%Y}"},
        width=len(headers),
    )
    table, total_rows = [], []
    for group in rows:
        for line, line_rate in group["lines"]:
            table.append(
                [
                    group["label"],
                    line.get_source_display(),
                    line.amount,
                    line.adjusted,
                    line.available,
                    line.disbursed,
                    line.remaining,
                    "" if line_rate is None else line_rate,
                ]
            )
        subtotal = group["subtotal"]
        table.append(
            [_("Subtotal"), "", subtotal["amount"], subtotal["adjusted"], subtotal["available"], subtotal["disbursed"],
             subtotal["remaining"], "" if group["rate"] is None else group["rate"]]
        )  # fmt: skip
        total_rows.append(len(table))
    table.append(
        [_("Total"), "", totals["amount"], totals["adjusted"], totals["available"], totals["disbursed"],
         totals["remaining"], "" if total_rate is None else total_rate]
    )  # fmt: skip
    total_rows.append(len(table))
    last = _table(sheet, start, headers, table, [46, 30, 16, 14, 16, 16, 16, 12], total_rows)
    signature_block(sheet, row=last + 2, width=len(headers), issuer=issuer, left=_preparer(user))
    return xlsx_response(book, download_name("Ngân sách", year, ext="xlsx"))


def ledger_xlsx(entries, user, *, period_end=None, several_communes=False):
    issuer = documents.issuer(timezone.localdate(), commune=access.commune_of(user), period_end=period_end)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Ledger")[:31]
    commune = [_("Commune")] if several_communes else []
    headers = [
        _("Date"),
        _("Voucher"),
        _("Kind"),
        *commune,
        _("Sub-project"),
        _("Funding source"),
        _("Payee"),
        _("Purpose"),
        _("Amount"),
        _("Recorded by"),
        _("Recorded at"),
    ]
    start = official_heading(
        sheet,
        issuer=issuer,
        title=_("Disbursement ledger"),
        subtitle=_("Prepared on %(day)s") % {"day": f"{timezone.localdate():%d/%m/%Y}"},
        width=len(headers),
    )
    table = [
        [
            f"{entry.paid_on:%d/%m/%Y}",
            entry.voucher_number,
            entry.get_kind_display(),
            *([entry.allocation.subproject.plan.ward.name] if several_communes else []),
            str(entry.allocation.subproject),
            entry.allocation.get_source_display(),
            entry.payee_name,
            entry.purpose,
            entry.amount,
            *recorded(entry),
        ]
        for entry in entries.iterator(chunk_size=2000)
    ]
    amount = headers.index(_("Amount"))
    total = [_("Total"), *[""] * (len(headers) - 1)]
    total[amount] = sum(row[amount] for row in table)
    table.append(total)
    widths = [12, 14, 12, *([24] if several_communes else []), 40, 28, 30, 36, 16, 24, 16]
    last = _table(sheet, start, headers, table, widths, [len(table)])
    signature_block(sheet, row=last + 2, width=len(headers), issuer=issuer, left=_preparer(user))
    return xlsx_response(book, download_name("Sổ giải ngân", timezone.localdate(), ext="xlsx"))
