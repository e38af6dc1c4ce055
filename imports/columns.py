"""A column of an import template, shared by the template, the import and the export.

Headers are fixed Vietnamese text: they are the file format officers fill in, so they
do not change with the interface language. They are matched after giamngheo.text.fold,
so "Mã hộ", "MÃ HỘ" and "ma ho" are one column, in any order. Fixed-value columns
accept the code, the Vietnamese label or the English one, and are written with the
Vietnamese label.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from giamngheo.text import fold
from imports import values

YES, NO = "Có", "Không"


@dataclass
class Column:
    key: str
    header: str
    note: object  # a lazy translation
    parse: Callable = values.text
    required: bool = False
    choices: Callable[[], list[tuple[str, str]]] | None = None
    yes_no: bool = False
    is_date: bool = False
    health: bool = False  # shown only to roles with view_health_data
    max_length: int | None = None
    width: int = 16
    _lookup: dict = field(default=None, repr=False)

    @property
    def folded(self) -> str:
        return fold(self.header)

    def labels(self) -> list[str]:
        """The Vietnamese labels a drop-down offers."""
        if self.yes_no:
            return [YES, NO]
        with translation.override("vi"):
            return [str(label) for code, label in self.choices() if code != ""]

    def lookup(self) -> dict[str, str]:
        if self._lookup is None:
            lookup = {}
            for code, label in self.choices():
                for language in ("en", "vi"):
                    with translation.override(language):
                        lookup[fold(str(label))] = code
                lookup[fold(code)] = code
            self._lookup = lookup
        return self._lookup

    def read(self, raw):
        """The cell's value, or values.CellError."""
        if self.choices is not None:
            try:
                return values.parse_choice(raw, self.lookup())
            except values.CellError as error:
                error.params["choices"] = ", ".join(self.labels())
                raise
        value = self.parse(raw)
        if self.max_length and isinstance(value, str) and len(value) > self.max_length:
            raise values.CellError("too_long", limit=self.max_length)
        return value

    def write(self, value):
        """The cell's value in an export: labels for codes, Có/Không for booleans."""
        return self.writer()(value)

    def writer(self) -> Callable:
        """write() for many cells: the labels are looked up once, not once a cell.

        An export of a province calls it millions of times; translation.override and
        choices() per cell were most of its time.
        """
        if self.choices is not None:
            with translation.override("vi"):
                labels = {code: str(label) for code, label in self.choices()}
            return lambda value: "" if value is None or value == "" else labels.get(value, str(value))
        if self.yes_no:
            return lambda value: "" if value is None else (YES if value else NO)
        return lambda value: "" if value is None else value


def choices_of(text_choices) -> Callable[[], list[tuple[str, str]]]:
    return lambda: list(text_choices.choices)


def yes_no(key, header, note, **kwargs) -> Column:
    return Column(key, header, note, parse=values.parse_yes_no, yes_no=True, **kwargs)


def date_column(key, header, note, **kwargs) -> Column:
    return Column(key, header, note, parse=values.parse_date, is_date=True, width=12, **kwargs)


DATE_NOTE = _("A date as dd/mm/yyyy (day first), or a date cell.")


def by_key(columns: list[Column]) -> dict[str, Column]:
    return {column.key: column for column in columns}


def match_headers(columns: list[Column], headers: list[str]) -> tuple[dict[str, int], list[Column]]:
    """Which position each known column has in the file, and the required ones missing."""
    wanted = {column.folded: column for column in columns}
    positions = {}
    for index, header in enumerate(headers):
        column = wanted.get(header)
        if column is not None and column.key not in positions:
            positions[column.key] = index
    missing = [column for column in columns if column.required and column.key not in positions]
    return positions, missing
