"""Streaming the first sheet of an .xlsx as rows of values, without openpyxl's sheet parser.

openpyxl reads the small parts (workbook, relationships, shared strings, styles); the
sheet itself is fed to expat in 64 KB pieces and each finished row is handed on at once,
so memory holds one piece and the rows of that piece, whatever the size of the sheet.
This reads about three times faster than openpyxl's read-only worksheet, which also
parses a whole sheet that states no dimension once more before the first row (files
written by openpyxl's write-only mode, the app's own exports among them).

Values are what openpyxl gives with read_only=True, data_only=True, values_only=True:
cached results of formulas, int or float numbers, datetime for cells formatted as dates
(timedelta for durations), bool, the text of shared and inline strings (without phonetic
runs), the error text ("#N/A") for errors. Missing rows come as empty lists so row
numbers stay those Excel shows. Like defusedxml, expat refuses DTDs and entities.

Every cell element is counted, read or not, against the file's budget (imports.reading.Budget),
and the clock is looked at after each piece: a row of ten million empty cells stops at the limit.
"""

import io
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

CHUNK = 64 * 1024


class Unreadable(Exception):
    pass


class UnsafeXml(Unreadable):
    """A DTD or an entity: the shape of an XXE attack, never written by a spreadsheet program."""


def _refuse(*args):
    raise UnsafeXml("DTD or entity in a sheet")


def open_first_sheet(data: bytes):
    """(zip member file, shared strings, date style ids, timedelta style ids, epoch)."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    for _sheet, rel in reader.parser.find_sheets():
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
            source = reader.archive.open(rel.target)
            wb = reader.wb
            return source, reader.shared_strings, wb._date_formats, wb._timedelta_formats, wb.epoch
    raise Unreadable("no worksheet")


def count_cells(data: bytes, member: str, budget) -> None:
    """Refuse a sheet with more cells than the budget before expat parses one of them.

    The sheet is inflated once and its cell tags counted at C speed (text can't hold a
    bare "<", so these are only ever cells): about a second for the largest sheet the zip
    checks let through, against a Python call per cell when parsing. The count misses only
    tags written with a namespace prefix or a line break; the parse counts those.
    """
    from imports.reading import FileRefused

    seen, tail = 0, b""
    with zipfile.ZipFile(io.BytesIO(data)).open(member) as source:
        while chunk := source.read(1024 * 1024):
            budget.check_time()
            window = tail + chunk
            seen += window.count(b"<c ") + window.count(b"<c>") + window.count(b"<c/")
            # A tag cut by the chunk's end is counted with the next chunk (a whole tag's last
            # two bytes hold no "<", so none is counted twice).
            tail = window[-2:]
            if seen > budget.max_cells:
                raise FileRefused("too_many_cells", limit=budget.max_cells)


def _column_number(reference: str) -> int:
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            number = number * 26 + ord(char) - 96
        else:
            break
    return number


def _row_number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        number = float(value)
        if not number.is_integer():
            raise
        return int(number)


def iter_rows(data: bytes, max_columns: int, budget=None) -> Iterator[list]:
    """The first sheet's rows as lists of values (at most max_columns); Unreadable if damaged.

    budget (imports.reading.Budget) raises FileRefused once the file holds too many cells or
    takes too long.
    """
    from defusedxml import DefusedXmlException
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    from imports.reading import Budget, FileRefused

    budget = Budget() if budget is None else budget
    max_cells = budget.max_cells
    try:
        source, shared, date_styles, timedelta_styles, epoch = open_first_sheet(data)
    except Unreadable:
        raise
    except DefusedXmlException as error:  # openpyxl parses the small parts with defusedxml
        raise UnsafeXml(str(error)) from None
    except Exception as error:  # openpyxl and zipfile raise many kinds for a damaged file
        raise Unreadable(str(error)) from None

    count_cells(data, source.name, budget)
    done: list[tuple[int, list]] = []
    state = {"row": 0, "column": 0, "type": "n", "style": 0, "cell_column": 0, "cells": budget.cells}
    cells: list = []
    text: list[str] = []
    flags = {"v": False, "is": False, "t": False, "rPh": False}

    def value_of(kind: str, style: int, raw: str | None):
        if kind == "inlineStr":
            return raw
        if not raw:
            return None
        if kind == "n":
            number = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
            if style in date_styles:
                try:
                    return from_excel(number, epoch, timedelta=style in timedelta_styles)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return shared[int(raw)]
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            return from_ISO8601(raw)
        return raw  # "str" (a formula's text), "e" (an error)

    def start(name, attrs):
        local = name.rpartition("}")[2]
        if local == "c":
            state["cells"] += 1
            if state["cells"] > max_cells:
                raise FileRefused("too_many_cells", limit=max_cells)
            reference = attrs.get("r")
            state["cell_column"] = _column_number(reference) if reference else state["column"] + 1
            state["column"] = state["cell_column"]
            state["type"] = attrs.get("t", "n")
            style = attrs.get("s")
            state["style"] = int(style) if style else 0
            state["value"] = None
            state["inline"] = None
        elif local == "v":
            flags["v"] = True
            text.clear()
        elif local == "is":
            flags["is"] = True
            state["inline"] = ""
            text.clear()
        elif local == "rPh":
            flags["rPh"] = True
        elif local == "t" and flags["is"] and not flags["rPh"]:
            flags["t"] = True
        elif local == "row":
            number = attrs.get("r")
            state["row"] = _row_number(number) if number else state["row"] + 1
            state["column"] = 0
            cells.clear()

    def end(name):
        local = name.rpartition("}")[2]
        if local == "v":
            flags["v"] = False
            state["value"] = "".join(text)
        elif local == "t":
            flags["t"] = False
        elif local == "rPh":
            flags["rPh"] = False
        elif local == "is":
            flags["is"] = False
            state["inline"] = "".join(text)
        elif local == "c":
            column = state["cell_column"]
            if column <= max_columns:
                kind = state["type"]
                raw = state["inline"] if kind == "inlineStr" else state["value"]
                value = value_of(kind, state["style"], raw)
                if len(cells) < column:
                    cells.extend([None] * (column - len(cells)))
                cells[column - 1] = value
        elif local == "row":
            done.append((state["row"], list(cells)))

    def characters(data):
        if flags["v"] or flags["t"]:
            text.append(data)

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.buffer_text = True

    expected = 1
    with source:
        while True:
            budget.check_time()
            try:
                chunk = source.read(CHUNK)
                parser.Parse(chunk, not chunk)
            except (Unreadable, FileRefused):
                raise
            except Exception as error:  # expat.ExpatError, zlib.error, ValueError, KeyError, IndexError
                raise Unreadable(str(error)) from None
            for number, row in done:
                if number < expected:
                    continue  # a row out of order or repeated: openpyxl drops it too
                while expected < number:
                    expected += 1
                    yield []
                expected += 1
                yield row
            done.clear()
            budget.cells = state["cells"]
            if not chunk:
                break
