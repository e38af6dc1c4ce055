"""LibreOffice .ods and old Excel .xls files are read (python-calamine) under the same limits and checks as .xlsx."""

import io
import time
import zipfile
from datetime import date
from xml.sax.saxutils import escape

import pytest

from households.models import Household, Member
from tests.factories import error_codes, import_households, make_family_rows

pytestmark = pytest.mark.django_db

ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods_cell(value) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, date):
        return f'<table:table-cell office:value-type="date" office:date-value="{value:%Y-%m-%d}"/>'
    if isinstance(value, int | float):
        return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def make_ods(rows: list[dict] | None = None, *, table_xml: str | None = None, prolog: str = "") -> bytes:
    """An .ods written by hand: the mimetype, a manifest and content.xml with one table."""
    if table_xml is None:
        headers = list(rows[0].keys())
        lines = [headers] + [[row.get(header) for header in headers] for row in rows]
        # LibreOffice ends every sheet with repeated empty rows and columns, as here.
        row_end = '<table:table-cell table:number-columns-repeated="1000"/></table:table-row>'
        sheet_end = (
            '<table:table-row table:number-rows-repeated="1048000">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        )
        table_xml = "".join("<table:table-row>" + "".join(ods_cell(v) for v in line) + row_end for line in lines)
        table_xml += sheet_end
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content {ODS_NAMESPACES} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Hộ">{table_xml}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
            'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
    return buffer.getvalue()


def test_an_ods_file_is_imported_like_an_xlsx(officer, group):
    rows = make_family_rows()
    rows[0]["Ngày sinh"] = date(1980, 3, 15)  # a real date cell, not typed text
    report = import_households(officer, make_ods(rows), name="ho.ods", commit=True)
    assert (report.error_count, report.rows, report.created) == (0, 3, 3)
    assert Household.objects.count() == 1
    head = Member.objects.get(citizen_id="056080001234")
    assert head.date_of_birth == date(1980, 3, 15)
    assert Member.objects.count() == 3


def test_an_ods_file_with_a_bad_cell_names_its_row(officer, group):
    rows = make_family_rows()
    rows[1]["Số CCCD"] = "12345"
    report = import_households(officer, make_ods(rows), name="ho.ods", commit=True)
    assert [(error["row"], error["code"]) for error in report.errors] == [(3, "citizen_id_format")]
    assert not Household.objects.exists()


def test_an_ods_whose_cells_span_too_large_a_block_is_refused_before_it_is_loaded(officer, group):
    # One value repeated across 16,384 columns of 1,000 rows: 16 million cells for calamine
    # to allocate, from a file of a few hundred bytes.
    table = (
        '<table:table-row table:number-rows-repeated="1000">'
        '<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/>'
        "</table:table-row>"
    )
    began = time.monotonic()
    report = import_households(officer, make_ods(table_xml=table), name="bom.ods")
    assert time.monotonic() - began < 2
    assert error_codes(report) == ["too_many_cells"]


def test_an_ods_with_two_far_apart_values_is_refused(officer, group):
    table = (
        "<table:table-row>" + ods_cell("Mã hộ") + "</table:table-row>"
        '<table:table-row table:number-rows-repeated="100000"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="5000"/>' + ods_cell(1) + "</table:table-row>"
    )
    assert error_codes(import_households(officer, make_ods(table_xml=table), name="x.ods")) == ["too_many_cells"]


def test_an_ods_over_the_row_limit_is_refused(officer, group, settings):
    settings.GIAMNGHEO_IMPORT_MAX_ROWS = 2
    report = import_households(officer, make_ods(make_family_rows()), name="ho.ods", commit=True)
    assert error_codes(report) == ["too_many_rows"]


def test_an_ods_with_an_external_entity_is_called_unsafe_xml(officer, group):
    data = make_ods(make_family_rows(), prolog='<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    report = import_households(officer, data, name="ho.ods", commit=True)
    assert error_codes(report) == ["unsafe_xml"]
    assert not Household.objects.exists()


def test_a_zip_that_is_neither_xlsx_nor_ods_is_not_a_spreadsheet(officer, group):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    assert error_codes(import_households(officer, buffer.getvalue(), name="thu.ods")) == ["not_a_spreadsheet"]
