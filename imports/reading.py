"""Opening an uploaded spreadsheet without trusting it.

Checks run on the bytes before any parser sees them: size, what the file really is
(magic bytes, not the name), encryption, macros, and the zip's declared sizes and
compression ratio (a "zip bomb" is refused before openpyxl inflates anything).
Rows are then streamed (imports.xlsx: the sheet's XML fed to expat piece by
piece, DTDs and entities refused), the sheet's stated dimension is ignored, and reading
stops after a run of empty rows.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

from giamngheo.spreadsheets import FORMULA_STARTS
from giamngheo.text import fold

ZIP_MAGIC = b"PK\x03\x04"
# Compound File Binary: an old .xls, or an .xlsx saved with a password (Excel
# wraps encrypted workbooks in a CFB container).
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_SEARCH_ROWS = 15


class FileRefused(Exception):
    """The whole file is refused; code names why (see errors.FILE_MESSAGES)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def limit(name: str, default: int) -> int:
    return getattr(settings, name, default)


def check_upload(name: str, data: bytes) -> str:
    """Refuse what must not reach a parser; return "xlsx" or "csv"."""
    max_bytes = limit("GIAMNGHEO_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
    if len(data) > max_bytes:
        raise FileRefused("file_too_large", limit_mb=max_bytes // (1024 * 1024))
    if not data.strip():
        raise FileRefused("empty_file")
    lower = name.lower()
    if data.startswith(CFB_MAGIC):
        raise FileRefused("encrypted_or_old_excel")
    if data.startswith(ZIP_MAGIC):
        if lower.endswith((".xlsm", ".xltm")):
            raise FileRefused("macros")
        check_zip(data)
        return "xlsx"
    if lower.endswith(".csv"):
        if b"\x00" in data[:4096]:
            raise FileRefused("not_a_spreadsheet")
        return "csv"
    raise FileRefused("not_a_spreadsheet")


def check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused("not_a_spreadsheet") from None
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise FileRefused("not_a_spreadsheet")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise FileRefused("macros")
    if any(member.flag_bits & 0x1 for member in members):
        raise FileRefused("encrypted_or_old_excel")
    max_total = limit("GIAMNGHEO_IMPORT_MAX_UNZIPPED_BYTES", 200 * 1024 * 1024)
    max_ratio = limit("GIAMNGHEO_IMPORT_MAX_ZIP_RATIO", 100)
    total = sum(member.file_size for member in members)
    if total > max_total or len(members) > 1000:
        raise FileRefused("compressed_bomb")
    for member in members:
        # Small parts compress well legitimately; judge the ratio on parts that matter.
        if member.file_size > 1024 * 1024 and member.file_size > max_ratio * max(member.compress_size, 1):
            raise FileRefused("compressed_bomb")


@dataclass
class Sheet:
    """The header row found in a file and the rows below it."""

    headers: list[str]
    header_row: int
    rows: Iterator[tuple[int, list]]


def estimate_rows(name: str, data: bytes, stop_after: int) -> int:
    """The rows with data, counted up to stop_after + 1: enough to choose now or the background.

    The sheet's stated dimension can't be used: a template formatted down to row 2,000
    claims 2,000 rows when twenty are filled in.
    """
    kind = check_upload(name, data)
    max_empty = limit("GIAMNGHEO_IMPORT_MAX_EMPTY_ROWS", 100)
    count = empty_run = 0
    try:
        for row in _raw_rows(kind, data, 80):
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row):
                empty_run += 1
                if empty_run >= max_empty:
                    break
                continue
            empty_run = 0
            count += 1
            if count > stop_after:
                break
    except FileRefused:
        return 0
    return count


def _raw_rows(kind: str, data: bytes, max_columns: int) -> Iterator[list]:
    if kind == "csv":
        try:
            content = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                content = data.decode("cp1258")
            except UnicodeDecodeError:
                raise FileRefused("bad_encoding") from None
        first_line = content.split("\n", 1)[0]
        delimiter = max([",", ";", "\t"], key=first_line.count)
        for row in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter):
            yield [_unescape(cell) for cell in row[:max_columns]]
        return
    from imports.xlsx import Unreadable, iter_rows

    try:
        yield from iter_rows(data, max_columns)
    except Unreadable:
        raise FileRefused("not_a_spreadsheet") from None


def _unescape(cell: str) -> str:
    """Undo giamngheo.spreadsheets.escape_csv: "'=x" was written for "=x"."""
    if cell.startswith("'") and cell[1:2] and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def read_sheet(name: str, data: bytes, known_headers: set[str], max_columns: int = 80) -> Sheet:
    """Find the header row (a title block above it is allowed) and stream the rows after it."""
    kind = check_upload(name, data)
    raw = _raw_rows(kind, data, max_columns)
    max_empty = limit("GIAMNGHEO_IMPORT_MAX_EMPTY_ROWS", 100)
    max_rows = limit("GIAMNGHEO_IMPORT_MAX_ROWS", 300_000)
    headers, header_row = None, 0
    for number, row in enumerate(raw, start=1):
        folded = [fold(str(cell)) if cell is not None else "" for cell in row]
        if sum(1 for cell in folded if cell in known_headers) >= 2:
            headers, header_row = folded, number
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if headers is None:
        raise FileRefused("no_header")

    def rows():
        empty_run = 0
        for number, row in enumerate(raw, start=header_row + 1):
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row):
                empty_run += 1
                if empty_run >= max_empty:
                    return
                continue
            empty_run = 0
            if number - header_row > max_rows:
                raise FileRefused("too_many_rows", limit=max_rows)
            yield number, row

    return Sheet(headers=headers, header_row=header_row, rows=rows())
