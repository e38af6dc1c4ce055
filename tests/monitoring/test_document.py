"""The page, the Excel workbook and the PDF say the same thing: compared cell by cell."""

import io
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from budget import services as budget
from giamngheo.models import AdministrativeUnit, Signatory
from giamngheo.templatetags.giamngheo_tags import cell_text
from monitoring import document, exports, services
from tests.factories import make_allocation, make_officer, make_plan, make_user
from tests.pdf import text_of

pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """The text of every cell of every table with an id, as a browser would show it."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.texts: dict[str, str] = {}
        self._table = self._row = self._cell = self._text = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self._table = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
            self._table.append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "p" and (attrs.get("id") or "").startswith("text-"):
            self._text = attrs["id"].removeprefix("text-")
            self.texts[self._text] = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "p":
            self._text = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._text is not None:
            self.texts[self._text] += data


def page_value(text: str):
    """A cell as the page prints it, back to the number it stands for ("1.234" -> 1234, "33,33" -> 33.33)."""
    digits = text.removeprefix("-")
    if digits and all(c.isdigit() or c in ".," for c in digits) and any(c.isdigit() for c in digits):
        return Decimal(text.replace(".", "").replace(",", ".")) if "," in text else int(text.replace(".", ""))
    return text


def sheet_value(value):
    if isinstance(value, float):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    return "" if value is None else value


@pytest.fixture
def report_2023(ward_data):
    ward = ward_data["never"].residential_group.unit
    Signatory.objects.create(unit=ward, full_name="Nguyễn Thị Thùy Dung", position="Phó Chủ tịch",
                             capacity="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", valid_from=date(2021, 1, 1))  # fmt: skip
    plan = make_plan(ward)
    officer = make_officer("ldtbxh", "labour-social")
    line = make_allocation(plan.subprojects.get(local_code="3.1"), amount=10_000_000)
    budget.disburse(
        allocation=line, kind="payment", paid_on=date(2023, 5, 3), amount=4_000_000, voucher_number="PC1",
        payee_name="x", purpose="x", by=officer,
    )  # fmt: skip
    report = services.draft(period="year", year=2023, by=make_user("ldtbxh"))
    report.number, report.report_date = "45/BC-UBND", date(2024, 1, 10)
    report.difficulties = "Nguồn vốn đối ứng chậm; {ho_ngheo_cuoi_ky} hộ nghèo còn lại."
    report.save()
    return report


def test_page_excel_and_pdf_carry_the_same_sections_tables_and_cells(client, report_2023):
    client.force_login(make_user("lanhdao"))
    doc = document.build(report_2023, services.figures(report_2023))

    def rows_of(table):
        return [*table.rows, *([table.total] if table.total else [])]

    # What the page and the PDF print, and the value the workbook holds, for every cell.
    printed = {table.id: [[cell_text(cell) for cell in row] for row in rows_of(table)] for table in doc.tables()}
    expected = {
        table.id: [["" if cell.value is None else cell.value for cell in row] for row in rows_of(table)]
        for table in doc.tables()
    }
    for table in doc.tables():
        for row in rows_of(table):
            for cell in row:
                if cell.numeric and cell.value is not None:
                    assert page_value(cell_text(cell)) == cell.value  # "1.234" for 1234, "33,33" for 33.33
    assert set(expected) == {"poverty", "targets", "groups", "priorities", "deprivations", "subprojects", "budget"}

    # The page.
    parser = Tables()
    parser.feed(client.get(report_2023.get_absolute_url()).content.decode())
    for table_id, rows in printed.items():
        assert parser.tables[table_id][1:] == rows, table_id
    assert (
        parser.texts["difficulties"]
        == f"Nguồn vốn đối ứng chậm; {document.figure_value(doc, 'poor_end')} hộ nghèo còn lại."
    )

    # The workbook: every table under its headers, numbers as numbers with their formats.
    sheet = load_workbook(io.BytesIO(client.get(report_2023.get_absolute_url(), {"format": "xlsx"}).content)).active
    cells = [list(row) for row in sheet.iter_rows()]
    values = [[sheet_value(cell.value) for cell in row] for row in cells]
    for table in doc.tables():
        start = next(i for i, row in enumerate(values) if row[: len(table.headers)] == table.headers) + 1
        rows = expected[table.id]
        got = [row[: len(table.headers)] for row in values[start : start + len(rows)]]
        assert got == rows, table.id
        for row in cells[start : start + len(rows)]:
            for cell, entry in zip(row, (table.rows + [table.total or []])[cells.index(row) - start], strict=False):
                if entry.kind == document.RATE and entry.value is not None:
                    assert cell.number_format == "0.00" and cell.data_type == "n"
    texts = [v for row in values for v in row if isinstance(v, str)]
    for section in doc.sections:
        assert section.title in texts
        if section.text_id:
            assert section.text in texts, section.text_id
    assert "Nơi nhận:" in texts and any(line.startswith("- UBND tỉnh") for line in texts)
    assert doc.issuer.signer_name and doc.issuer.signer_name in texts

    # The PDF: the same cells, laid out inside the page.
    pdf = exports.report_pdf_bytes(report_2023, doc, base_url="http://testserver/")
    assert pdf.startswith(b"%PDF")
    layout = pdf_layout(report_2023, doc)
    for table_id, rows in printed.items():
        assert layout.tables[table_id] == rows, table_id
    assert not layout.overflowing, layout.overflowing


class Layout:
    def __init__(self):
        self.tables: dict[str, list[list[str]]] = {}
        self.overflowing: list[str] = []


def pdf_layout(report, doc) -> Layout:
    """Walk WeasyPrint's laid-out boxes: each table's cell texts, and anything wider than its page."""
    from django.template.loader import render_to_string
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    rendered = HTML(
        string=render_to_string("monitoring/report_pdf.html", {"report": report, "doc": doc}),
        base_url="http://testserver/",
    ).render()
    layout = Layout()
    for number, page in enumerate(rendered.pages, start=1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        stack = [page_box]
        while stack:
            box = stack.pop()
            element_id = box.element.get("id") if getattr(box, "element", None) is not None else None
            if isinstance(box, boxes.TableBox) and element_id:
                table = layout.tables.setdefault(element_id, [])
                for group in box.children:
                    if getattr(group, "element_tag", "") == "thead":
                        continue  # repeated on every page the table runs onto
                    for row in getattr(group, "children", []):
                        if isinstance(row, boxes.TableRowBox):
                            table.append([text_of(cell) for cell in row.children])
            # Any box (a table, a cell, a line of text in it) reaching past the right margin is cut off.
            inside = box is not page_box and not isinstance(box, boxes.MarginBox) and hasattr(box, "margin_width")
            if inside and box.position_x + box.margin_width() > right + 0.5:
                text = getattr(box, "text", "")
                layout.overflowing.append(f"page {number}: {element_id or box.element_tag} {text[:30]}")
            stack.extend(reversed(list(getattr(box, "children", []))))
    return layout


def test_pdf_pages_hold_every_table_within_a4_even_with_long_names(report_2023):
    report_2023.proposals = "Đề nghị " * 400  # a long text spills over several pages
    report_2023.save()
    data = services.figures(report_2023)
    for row in data["subprojects"]:
        row["name"] = "Hỗ trợ phát triển sản xuất, đa dạng hóa sinh kế " * 3
    layout = pdf_layout(report_2023, document.build(report_2023, data))
    assert layout.tables["subprojects"] and not layout.overflowing


def test_budget_total_has_the_overall_rate(report_2023):
    doc = document.build(report_2023, services.figures(report_2023))
    (table,) = [t for t in doc.tables() if t.id == "budget"]
    assert [cell.value for cell in table.total[3:]] == [10_000_000, 4_000_000, Decimal("40.00")]


def test_one_rule_names_the_issuer_for_the_report_and_the_budget_export(client, report_2023):
    """Issued on its date: the 2023 report (dated 10/01/2024) by the ward then, the budget printed today by today's."""
    old = AdministrativeUnit.objects.served_on(date(2023, 12, 31))
    old.valid_to = date(2025, 6, 30)
    old.save()
    new = AdministrativeUnit.objects.create(code="22333", name="Phường Nam Nha Trang", level="commune", kind="phuong",
                                            served=True, valid_from=date(2025, 7, 1))  # fmt: skip
    new.predecessors.add(old)
    Signatory.objects.create(unit=new, full_name="Trần Minh Khoa", position="Chủ tịch",
                             capacity="TM. ỦY BAN NHÂN DÂN", valid_from=date(2025, 7, 1))  # fmt: skip

    doc = document.build(report_2023, services.figures(report_2023))
    assert (doc.issuer.unit, doc.issuer.signer_name, doc.issuer.territory) == (old, "Nguyễn Thị Thùy Dung", "")
    assert doc.issuer.signer_title == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]

    client.force_login(make_user("taichinh"))
    sheet = load_workbook(io.BytesIO(client.get(reverse("budget:overview"), {"year": 2023, "format": "xlsx"}).content))
    texts = [c.value for row in sheet.active.iter_rows() for c in row if isinstance(c.value, str)]
    assert "ỦY BAN NHÂN DÂN PHƯỜNG NAM NHA TRANG" in texts[0].upper()
    assert "Trần Minh Khoa" in texts and "Nguyễn Thị Thùy Dung" not in texts
    assert any(old.name in text for text in texts)  # the 2023 territory is named


def test_page_has_no_literal_markup_in_the_signature(client, report_2023):
    client.force_login(make_user("mattran"))
    html = client.get(report_2023.get_absolute_url()).content.decode()
    assert "&lt;BR" not in html and "<BR>" not in html
