"""The frame every import runs in: read, validate every row, write only if all is well.

A run reads the file once, in chunks; each chunk looks up what it needs in a few
queries and, when committing, writes with bulk inserts. A commit runs in one
transaction and is rolled back whole if any row of the file has an error, so a
preview and a commit check exactly the same things.
"""

import logging
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from imports import values
from imports.columns import Column, match_headers
from imports.reading import FileRefused, read_sheet

logger = logging.getLogger("giamngheo.imports")

MAX_STORED_ERRORS = 1000
MAX_STORED_ACTIONS = 500
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class _Rollback(Exception):
    pass


def _constraint(error: IntegrityError) -> str:
    """The violated constraint's name (PostgreSQL) or its table.column list (SQLite), never the values."""
    diag = getattr(error.__cause__, "diag", None)
    if diag is not None and diag.constraint_name:
        return diag.constraint_name
    text = str(error)
    return text.split("failed:", 1)[1].strip() if "failed:" in text else "unknown"


@dataclass
class Report:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_count: int = 0
    errors: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    refused: bool = False

    def error(self, row: int | None, column: str, code: str, params: dict | None = None, message: str = "") -> None:
        self.error_count += 1
        if len(self.errors) < MAX_STORED_ERRORS:
            entry = {"row": row, "column": column, "code": code, "params": params or {}}
            if message:
                entry["message"] = message
            self.errors.append(entry)

    def action(self, row: int, action: str, label: str) -> None:
        setattr(self, action, getattr(self, action) + 1)
        if len(self.actions) < MAX_STORED_ACTIONS:
            self.actions.append({"row": row, "action": action, "label": label})


class Importer:
    """Subclasses set `columns` and implement flush(chunk) (and prepare()), or process(rows) whole."""

    columns: list[Column] = []
    chunk_size = 1000

    def __init__(self, *, user, commit: bool = False, progress: Callable[[int], None] | None = None):
        self.user = user
        self.commit = commit
        self.progress = progress or (lambda rows: None)
        self.report = Report()

    def run(self, name: str, data: bytes) -> Report:
        try:
            sheet = read_sheet(name, data, {column.folded for column in self.columns})
            self.positions, missing = match_headers(self.columns, sheet.headers)
            for column in missing:
                self.report.error(sheet.header_row, column.header, "missing_column", {"column": column.header})
            if missing:
                self.report.refused = True
                return self.report
            self.header_of = {column.key: column.header for column in self.columns}
            atomic = transaction.atomic() if self.commit else nullcontext()
            try:
                with atomic:
                    self.process(sheet.rows)
                    if self.report.rows == 0 and not self.report.error_count:
                        self.report.error(None, "", "no_rows")
                    if self.commit and self.report.error_count:
                        raise _Rollback
            except _Rollback:
                pass
            except IntegrityError as error:
                # Another import or officer saved the same unique value (a citizen ID) between
                # this file's check and its insert. The database's message quotes the value,
                # so only the constraint is logged; the officer is told which column.
                constraint = _constraint(error)
                logger.warning("import stopped on a concurrent write: constraint %s", constraint)
                columns = [c.header for c in self.columns if c.key in constraint]
                self.report.error(None, columns[0] if columns else "", "concurrent_change")
        except FileRefused as refusal:
            self.report.refused = True
            self.report.error(None, "", refusal.code, refusal.params)
        return self.report

    @property
    def writing(self) -> bool:
        """Write this chunk? Not in a preview, and not once the file is known to be refused."""
        return self.commit and not self.report.error_count

    def parse(self, number: int, raw: list) -> dict | None:
        """The present columns of one row; None if a cell is wrong (each error recorded)."""
        parsed, ok = {}, True
        for key, index in self.positions.items():
            column = self._column(key)
            cell = raw[index] if index < len(raw) else None
            try:
                value = column.read(cell)
            except values.CellError as error:
                self.report.error(number, column.header, error.code, error.params)
                ok = False
                continue
            if column.required and (value is None or value == ""):
                self.report.error(number, column.header, "required")
                ok = False
                continue
            parsed[key] = value
        self.report.rows += 1
        return parsed if ok else None

    def _column(self, key: str) -> Column:
        if not hasattr(self, "_columns_by_key"):
            self._columns_by_key = {column.key: column for column in self.columns}
        return self._columns_by_key[key]

    def error(self, number, key, code, params=None, message=""):
        self.report.error(number, self.header_of.get(key, key) if key else "", code, params, message)

    def prepare(self) -> None:
        """Look up what every chunk needs, once per file."""

    def flush(self, chunk: list[tuple[int, dict | None]]) -> int:
        """Check (and, when committing, write) a chunk of parsed rows; return how many were read."""
        raise NotImplementedError

    def process(self, rows) -> None:
        """Parse the rows and hand them to flush() a chunk at a time, reporting progress."""
        self.prepare()
        chunk, done = [], 0
        for number, raw in rows:
            chunk.append((number, self.parse(number, raw)))
            if len(chunk) >= self.chunk_size:
                done += self.flush(chunk)
                self.progress(done)
                chunk = []
        if chunk:
            done += self.flush(chunk)
            self.progress(done)
