"""The columns of each import template, shared by the templates, the imports and the exports.

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

from giamngheo.models import AreaType
from giamngheo.text import fold
from households.choices import ETHNIC_GROUPS, Disability, Education, Employment, Merit, Relation, Schooling, Sex
from households.imports import values

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

    def label_for(self, code) -> str:
        if code is None or code == "":
            return ""
        with translation.override("vi"):
            return str(dict(self.choices()).get(code, code))

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
        if self.choices is not None:
            return self.label_for(value)
        if self.yes_no:
            return "" if value is None else (YES if value else NO)
        return "" if value is None else value


def _choices(text_choices) -> Callable[[], list[tuple[str, str]]]:
    return lambda: list(text_choices.choices)


def _yes_no(key, header, note, **kwargs) -> Column:
    return Column(key, header, note, parse=values.parse_yes_no, yes_no=True, **kwargs)


def _date(key, header, note, **kwargs) -> Column:
    return Column(key, header, note, parse=values.parse_date, is_date=True, width=12, **kwargs)


DATE_NOTE = _("A date as dd/mm/yyyy (day first), or a date cell.")

HOUSEHOLD_COLUMNS = [
    Column(
        "code",
        "Mã hộ",
        _("Unique in the ward; rows with the same code are one household and must be together. Never a CCCD."),
        required=True,
        max_length=30,
    ),
    Column(
        "group",
        "Tổ dân phố",
        _("The residential group's code or name, as in the app."),
        required=True,
        width=20,
    ),
    Column("address", "Địa chỉ", _("The household's address."), required=True, max_length=255, width=28),
    Column(
        "area_type",
        "Khu vực",
        _("Urban or rural: decides which poverty line applies."),
        choices=_choices(AreaType),
        required=True,
    ),
    Column("phone", "Điện thoại", _("Optional."), max_length=20),
    Column("note", "Ghi chú của hộ", _("Optional."), width=20),
    Column("full_name", "Họ và tên", _("One row per member."), required=True, max_length=150, width=24),
    _date("date_of_birth", "Ngày sinh", DATE_NOTE, required=True),
    Column("sex", "Giới tính", _("From the list."), choices=_choices(Sex), required=True, width=8),
    Column(
        "relation",
        "Quan hệ với chủ hộ",
        _("From the list; exactly one head per household."),
        choices=_choices(Relation),
        required=True,
    ),
    Column(
        "ethnicity",
        "Dân tộc",
        _("From the list; Kinh when empty."),
        choices=lambda: [(code, name) for code, name in ETHNIC_GROUPS],
    ),
    Column(
        "citizen_id",
        "Số CCCD",
        _("12 digits, typed as text. Members are matched by it; without one, by name and date of birth."),
        parse=values.parse_citizen_id,
        width=15,
    ),
    Column("education", "Trình độ học vấn", _("From the list; optional."), choices=_choices(Education), width=22),
    Column("schooling", "Tình trạng đi học", _("From the list; optional."), choices=_choices(Schooling), width=20),
    Column("employment", "Việc làm", _("From the list; optional."), choices=_choices(Employment), width=24),
    _yes_no("health_insurance", "Có thẻ BHYT", _("Có or Không; Có when empty."), health=True),
    Column(
        "disability",
        "Khuyết tật",
        _("From the list; empty when none."),
        choices=_choices(Disability),
        health=True,
        width=20,
    ),
    Column("merit", "Người có công", _("From the list; empty when not."), choices=_choices(Merit), width=22),
    _yes_no(
        "pregnant_or_nursing",
        "Đang mang thai hoặc nuôi con nhỏ",
        _("Có or Không; Không when empty."),
        health=True,
    ),
    _date("low_income_worker_since", "Lao động có thu nhập thấp từ ngày", DATE_NOTE),
]


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
