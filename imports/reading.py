"""Opening an uploaded spreadsheet without trusting it.

Checks run on the bytes before any parser sees them: size, what the file really is
(magic bytes, not the name), encryption, macros, the zip's declared sizes and
compression ratio (a "zip bomb" is refused before openpyxl inflates anything), and
DTDs or entities in any XML part (an XXE attempt, called what it is).
Rows are then streamed (imports.xlsx: the sheet's XML fed to expat piece by
piece), the sheet's stated dimension is ignored, and reading stops after a run of
empty rows. Old .xls and LibreOffice .ods files are read by python-calamine, which
loads a whole sheet at once: an .ods is first scanned with expat for the block of
cells calamine would allocate, and refused before calamine sees it if that is too large.

Whatever the format, a Budget bounds the cells, the rows and the seconds a file may
take, counted while it is parsed; each limit has its own refusal code.
"""

import csv
import io
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.parsers import expat

from django.conf import settings

from giamngheo.spreadsheets import FORMULA_STARTS
from giamngheo.text import fold

ZIP_MAGIC = b"PK\x03\x04"
# Compound File Binary: an old .xls, or an .xlsx saved with a password (Excel
# wraps encrypted workbooks in a CFB container).
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_SEARCH_ROWS = 15
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
ZIP_KINDS = ("xlsx", "ods")


class FileRefused(Exception):
    """The whole file is refused; code names why (see errors.FILE_MESSAGES)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def limit(name: str, default: int) -> int:
    return getattr(settings, name, default)


class Budget:
    """What one file may cost to parse: cells (read or not), data rows and seconds.

    The parsers count into it as they go, so a limit stops the parse where it is hit,
    not after the whole file has been inflated.
    """

    def __init__(self, *, max_cells: int | None = None, max_rows: int | None = None, max_seconds: float | None = None):
        self.max_cells = max_cells if max_cells is not None else limit("GIAMNGHEO_IMPORT_MAX_CELLS", 3_000_000)
        self.max_rows = max_rows if max_rows is not None else limit("GIAMNGHEO_IMPORT_MAX_ROWS", 300_000)
        self.max_seconds = max_seconds if max_seconds is not None else limit("GIAMNGHEO_IMPORT_MAX_SECONDS", 600)
        self.deadline = time.monotonic() + self.max_seconds
        self.cells = 0

    def add_cells(self, count: int) -> None:
        self.cells += count
        if self.cells > self.max_cells:
            raise FileRefused("too_many_cells", limit=self.max_cells)

    def check_rows(self, rows: int) -> None:
        if rows > self.max_rows:
            raise FileRefused("too_many_rows", limit=self.max_rows)

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise FileRefused("parse_timeout", limit=round(self.max_seconds))


def check_upload(name: str, data: bytes) -> str:
    """Refuse what must not reach a parser; return "xlsx", "ods", "xls" or "csv"."""
    max_bytes = limit("GIAMNGHEO_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
    if len(data) > max_bytes:
        raise FileRefused("file_too_large", limit_mb=max_bytes // (1024 * 1024))
    if not data.strip():
        raise FileRefused("empty_file")
    lower = name.lower()
    if data.startswith(CFB_MAGIC):
        return check_compound(data)
    if data.startswith(ZIP_MAGIC):
        if lower.endswith((".xlsm", ".xltm")):
            raise FileRefused("macros")
        return check_zip(data)
    if lower.endswith(".csv"):
        if b"\x00" in data[:4096]:
            raise FileRefused("not_a_spreadsheet")
        return "csv"
    raise FileRefused("not_a_spreadsheet")


def check_compound(data: bytes) -> str:
    """An old .xls, or an encrypted .xlsx (Excel wraps those in a compound file too)."""
    # The directory names its streams in UTF-16; an encrypted workbook has an
    # "EncryptedPackage" stream, an .xls a "Workbook" (Excel 97 and later) or "Book" one.
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise FileRefused("encrypted")
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    raise FileRefused("not_a_spreadsheet")


def check_zip(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused("not_a_spreadsheet") from None
    names = {member.filename for member in members}
    if "xl/workbook.xml" in names:
        kind = "xlsx"
    elif "content.xml" in names and "mimetype" in names and _read(archive, "mimetype").strip() == ODS_MIMETYPE:
        kind = "ods"
    else:
        raise FileRefused("not_a_spreadsheet")
    if any(name.lower().endswith(("vbaproject.bin", "basic/script-lc.xml")) for name in names):
        raise FileRefused("macros")
    if any(member.flag_bits & 0x1 for member in members):
        raise FileRefused("encrypted")
    max_total = limit("GIAMNGHEO_IMPORT_MAX_UNZIPPED_BYTES", 200 * 1024 * 1024)
    max_ratio = limit("GIAMNGHEO_IMPORT_MAX_ZIP_RATIO", 100)
    total = sum(member.file_size for member in members)
    if total > max_total or len(members) > 1000:
        raise FileRefused("compressed_bomb")
    for member in members:
        # Small parts compress well legitimately; judge the ratio on parts that matter.
        if member.file_size > 1024 * 1024 and member.file_size > max_ratio * max(member.compress_size, 1):
            raise FileRefused("compressed_bomb")
    for member in members:
        # A DTD can only come before the root element, so the start of each part tells.
        if member.filename.lower().endswith((".xml", ".rels")) and _declares_dtd(_read(archive, member, 4096)):
            raise FileRefused("unsafe_xml")
    return kind


def _read(archive: zipfile.ZipFile, member, size: int = 1024) -> bytes:
    try:
        with archive.open(member) as part:
            return part.read(size)
    except Exception:  # zipfile and zlib raise many kinds for a damaged part
        raise FileRefused("not_a_spreadsheet") from None


def _declares_dtd(start: bytes) -> bool:
    lowered = start.lower()
    return any(
        marker in lowered
        for text in ("<!doctype", "<!entity")
        for marker in (text.encode(), text.encode("utf-16-le"), text.encode("utf-16-be"))
    )


@dataclass
class Sheet:
    """The header row found in a file and the rows below it."""

    headers: list[str]
    header_row: int
    rows: Iterator[tuple[int, list]]


def inline_budget() -> Budget:
    """The small budget a file is read under in a web request; past it, the worker reads it."""
    return Budget(
        max_cells=limit("GIAMNGHEO_IMPORT_INLINE_CELLS", 100_000),
        max_seconds=limit("GIAMNGHEO_IMPORT_INLINE_SECONDS", 5),
    )


def unpacked_size(kind: str, data: bytes) -> int:
    """The bytes a parser will see: the zip's declared sizes, known before anything is inflated."""
    if kind not in ZIP_KINDS:
        return len(data)
    return sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(data)).infolist())


def estimate_rows(name: str, data: bytes, stop_after: int) -> int:
    """The rows with data, counted up to stop_after + 1: enough to choose now or the background.

    The sheet's stated dimension can't be used: a template formatted down to row 2,000
    claims 2,000 rows when twenty are filled in. The count runs in the web request, so
    it stops (and sends the file to the worker) once the file is too big to judge cheaply.
    """
    kind = check_upload(name, data)
    background = stop_after + 1
    if kind == "xls":
        # calamine loads an .xls sheet whole, and nothing cheaper can measure it first:
        # up to 65,536 × 256 cells, which is the worker's to carry, never a web request's.
        return background
    if unpacked_size(kind, data) > limit("GIAMNGHEO_IMPORT_INLINE_BYTES", 4 * 1024 * 1024):
        return background
    max_empty = limit("GIAMNGHEO_IMPORT_MAX_EMPTY_ROWS", 100)
    count = empty_run = 0
    try:
        for row in _raw_rows(kind, data, 80, inline_budget()):
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row):
                empty_run += 1
                if empty_run >= max_empty:
                    break
                continue
            empty_run = 0
            count += 1
            if count > stop_after:
                break
    except FileRefused as refusal:
        # Over the small budget: the worker reads it under the full one. Any other
        # refusal is quick, and the check says it at once.
        return background if refusal.code in ("too_many_cells", "parse_timeout") else 0
    return count


def _raw_rows(kind: str, data: bytes, max_columns: int, budget: Budget) -> Iterator[list]:
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
        for number, row in enumerate(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)):
            budget.add_cells(len(row))
            if number % 1000 == 0:
                budget.check_time()
            yield [_unescape(cell) for cell in row[:max_columns]]
        return
    if kind in ("ods", "xls"):
        yield from _calamine_rows(kind, data, max_columns, budget)
        return
    from imports.xlsx import Unreadable, UnsafeXml, iter_rows

    try:
        yield from iter_rows(data, max_columns, budget)
    except UnsafeXml:
        raise FileRefused("unsafe_xml") from None
    except Unreadable:
        raise FileRefused("not_a_spreadsheet") from None


def _calamine_rows(kind: str, data: bytes, max_columns: int, budget: Budget) -> Iterator[list]:
    from python_calamine import CalamineWorkbook, PasswordError

    if kind == "ods":
        scan_ods(data, budget)
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    except PasswordError:
        raise FileRefused("encrypted") from None
    except Exception:  # calamine raises its own kinds, and ValueError, for a damaged file
        raise FileRefused("not_a_spreadsheet") from None
    # An .xls can't be scanned beforehand, but its cells are bounded by its size and by
    # the format (65,536 rows of 256 columns); the loaded block is judged here.
    budget.add_cells(sheet.height * sheet.width)
    for number, row in enumerate(sheet.iter_rows()):
        if number % 1000 == 0:
            budget.check_time()
        yield [_calamine_value(value) for value in row[:max_columns]]


def _calamine_value(value):
    """As openpyxl gives it: None for an empty cell, int for a whole number."""
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def scan_ods(data: bytes, budget: Budget) -> None:
    """Refuse an .ods whose first sheet spans more cells than the budget, before calamine loads it.

    calamine allocates the block from the first to the last cell with a value, and a
    repeat count makes one element stand for up to 16,384 columns or a million rows:
    this measures that block as calamine will, streaming content.xml through expat.
    """
    archive = zipfile.ZipFile(io.BytesIO(data))
    # Only the first sheet counts; a table nested in it is counted as part of it (too much, never too little).
    state = {"depth": 0, "tables": 0, "row": 0, "row_repeat": 1, "column": 0, "row_has_value": False}
    state.update(last_row=0, last_col=0)
    repeated_rows = f"{ODS_TABLE}}}number-rows-repeated"
    repeated_columns = f"{ODS_TABLE}}}number-columns-repeated"
    value_type = f"{ODS_OFFICE}}}value-type"

    def repeat(attrs, name, cap):
        try:
            return max(1, min(int(attrs.get(name, "1")), cap))
        except ValueError:
            return 1

    def start(name, attrs):
        if name == f"{ODS_TABLE}}}table":
            state["depth"] += 1
            if state["depth"] == 1:
                state["tables"] += 1
        if state["tables"] != 1:
            return
        if name == f"{ODS_TABLE}}}table-row":
            state["row_repeat"] = repeat(attrs, repeated_rows, 1_048_576)
            state["column"] = 0
            state["row_has_value"] = False
        elif name in (f"{ODS_TABLE}}}table-cell", f"{ODS_TABLE}}}covered-table-cell"):
            columns = repeat(attrs, repeated_columns, 16_384)
            state["column"] += columns
            if attrs.get(value_type):
                state["row_has_value"] = True
                state["last_col"] = max(state["last_col"], state["column"])
                if state["last_row"] * state["last_col"] > budget.max_cells:
                    raise FileRefused("too_many_cells", limit=budget.max_cells)

    def end(name):
        if name == f"{ODS_TABLE}}}table":
            state["depth"] -= 1
        if state["tables"] != 1 or name != f"{ODS_TABLE}}}table-row":
            return
        if state["row_has_value"]:
            state["last_row"] = state["row"] + state["row_repeat"]
            if state["last_row"] * state["last_col"] > budget.max_cells:
                raise FileRefused("too_many_cells", limit=budget.max_cells)
        state["row"] += state["row_repeat"]

    def refuse(*args):
        raise FileRefused("unsafe_xml")

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        with archive.open("content.xml") as source:
            while True:
                budget.check_time()
                chunk = source.read(64 * 1024)
                parser.Parse(chunk, not chunk)
                if not chunk or state["tables"] > 1:
                    break
    except FileRefused:
        raise
    except Exception:  # expat.ExpatError, zlib.error
        raise FileRefused("not_a_spreadsheet") from None


def _unescape(cell: str) -> str:
    """Undo giamngheo.spreadsheets.escape_csv: "'=x" was written for "=x"."""
    if cell.startswith("'") and cell[1:2] and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def read_sheet(
    name: str, data: bytes, known_headers: set[str], max_columns: int = 80, budget: Budget | None = None
) -> Sheet:
    """Find the header row (a title block above it is allowed) and stream the rows after it."""
    kind = check_upload(name, data)
    budget = Budget() if budget is None else budget
    raw = _raw_rows(kind, data, max_columns, budget)
    max_empty = limit("GIAMNGHEO_IMPORT_MAX_EMPTY_ROWS", 100)
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
            budget.check_rows(number - header_row)
            # The clock runs through the checks and writes between rows as well.
            budget.check_time()
            yield number, row

    return Sheet(headers=headers, header_row=header_row, rows=rows())
