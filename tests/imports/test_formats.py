"""LibreOffice .ods and old Excel .xls files are read (python-calamine) under the same limits and checks as .xlsx."""

import io
import struct
import time
import zipfile
from datetime import date
from xml.sax.saxutils import escape

import pytest
from django.urls import reverse

from households.models import Household, Member
from imports.models import ImportBatch
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


def record(kind, data=b""):
    return struct.pack("<HH", kind, len(data)) + data


def make_xls(lines):
    """A minimal BIFF8 workbook (one sheet of text and numbers) in a compound file, written by hand.

    The layout is the smallest a reader accepts: a header, one FAT sector, the "Workbook"
    stream (padded past the 4 KB mini-stream cutoff with a record readers skip), and the
    directory. Cells are LABEL (UTF-16 text) and NUMBER records.
    """

    def bof(dt):
        return record(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 6))

    sheet_name = "Hộ".encode("utf-16-le")
    padding = record(0x00BF, b"\0" * 4096)  # an ignored record, so the stream is too big for the mini stream
    boundsheet_len = 4 + 8 + len(sheet_name)
    globals_len = len(bof(5)) + len(padding) + boundsheet_len + 4
    boundsheet = record(0x0085, struct.pack("<IBBBB", globals_len, 0, 0, len("Hộ"), 1) + sheet_name)
    cells = []
    for r, line in enumerate(lines):
        for c, value in enumerate(line):
            if value is None or value == "":
                continue
            if isinstance(value, (int, float)):
                cells.append(record(0x0203, struct.pack("<HHHd", r, c, 0, float(value))))
            else:
                text = str(value).encode("utf-16-le")
                cells.append(record(0x0204, struct.pack("<HHHHB", r, c, 0, len(str(value)), 1) + text))
    width = max(len(line) for line in lines)
    dims = record(0x0200, struct.pack("<IIHHH", 0, len(lines), 0, width, 0))
    stream = bof(5) + padding + boundsheet + record(0x000A) + bof(0x10) + dims + b"".join(cells) + record(0x000A)
    assert len(stream) >= 4096
    size = len(stream)
    stream += b"\0" * (-len(stream) % 512)
    n = len(stream) // 512
    ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [FATSECT] + [i + 1 for i in range(1, n)] + [ENDOFCHAIN] + [ENDOFCHAIN]
    fat += [FREESECT] * (128 - len(fat))
    directory_sector = n + 1
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, directory_sector, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", FREESECT) * 108
    assert len(header) == 512

    def entry(name, kind, child, start, length):
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1 if name else 0)
            + struct.pack("<III", NOSTREAM, NOSTREAM, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IQ", start, length)
        )

    directory = entry("Root Entry", 5, 1, ENDOFCHAIN, 0) + entry("Workbook", 2, NOSTREAM, 1, size)
    directory += entry("", 0, NOSTREAM, 0, 0) * 2
    return header + struct.pack("<128I", *fat) + stream + directory


def xls_lines(rows: list[dict]) -> list[list]:
    headers = list(rows[0].keys())
    return [headers] + [
        [value.strftime("%d/%m/%Y") if isinstance(value, date) else value for value in (row.get(h) for h in headers)]
        for row in rows
    ]


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


def test_an_xls_file_is_imported_like_an_xlsx(officer, group):
    report = import_households(officer, make_xls(xls_lines(make_family_rows())), name="ho.xls", commit=True)
    assert (report.error_count, report.rows, report.created) == (0, 3, 3)
    assert Member.objects.filter(household__code="PH-001").count() == 3


def test_an_xls_file_with_a_bad_cell_names_its_row(officer, group):
    rows = make_family_rows()
    rows[2]["Giới tính"] = "không rõ"
    report = import_households(officer, make_xls(xls_lines(rows)), name="ho.xls", commit=True)
    assert [(error["row"], error["code"]) for error in report.errors] == [(4, "choice_invalid")]
    assert not Household.objects.exists()


def test_an_xls_file_is_under_the_same_limits(officer, group, settings):
    data = make_xls(xls_lines(make_family_rows()))
    settings.GIAMNGHEO_IMPORT_MAX_ROWS = 2
    assert error_codes(import_households(officer, data, name="ho.xls")) == ["too_many_rows"]
    settings.GIAMNGHEO_IMPORT_MAX_ROWS = 100
    settings.GIAMNGHEO_IMPORT_MAX_CELLS = 20
    assert error_codes(import_households(officer, data, name="ho.xls")) == ["too_many_cells"]


def test_a_table_nested_in_the_first_sheet_does_not_hide_its_size(officer, group):
    table = (
        '<table:table-row><table:table-cell><table:table table:name="x"/></table:table-cell></table:table-row>'
        '<table:table-row table:number-rows-repeated="1000">'
        '<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/>'
        "</table:table-row>"
    )
    assert error_codes(import_households(officer, make_ods(table_xml=table), name="x.ods")) == ["too_many_cells"]


def test_an_xls_upload_is_always_read_by_the_worker(client, officer, group):
    file = io.BytesIO(make_xls(xls_lines(make_family_rows())))
    file.name = "ho.xls"
    client.post(reverse("imports:start", args=["households"]), {"file": file})
    batch = ImportBatch.objects.get()
    assert batch.state == ImportBatch.State.QUEUED  # the database task backend: waiting for the worker


def test_an_ods_upload_is_checked_and_imported_on_the_pages(client, officer, group, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    file = io.BytesIO(make_ods(make_family_rows()))
    file.name = "ho.ods"
    client.post(reverse("imports:start", args=["households"]), {"file": file})
    batch = ImportBatch.objects.get()
    assert batch.state == ImportBatch.State.READY
    client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.APPLIED
    assert Member.objects.count() == 3
