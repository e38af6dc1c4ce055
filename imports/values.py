"""Cell values as officers type them, turned into Python values or a coded refusal.

Each parser takes what openpyxl or the csv module gives (str, int, float, datetime,
None) and returns the value, or raises CellError with a code that errors.py words.
"""

import math
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from giamngheo.dates import DateNotInCalendar, parse_day_first
from giamngheo.money import LARGEST, money_error, parse_money
from giamngheo.text import fold, normalize_text


class CellError(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    return normalize_text(str(value))


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


def parse_date(value) -> date | None:
    """A date cell, or text typed day first; 05/13/2024 is refused, never read as 13 May."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value).strip()
    try:
        if day_first := parse_day_first(raw):
            return day_first
    except DateNotInCalendar:
        raise CellError("date_not_in_calendar", value=raw[:40]) from None
    if match := _ISO.match(raw):
        year, month, day = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise CellError("date_invalid", value=raw[:40])


def parse_int(value) -> int | None:
    """A whole number or amount, read as giamngheo.money.parse_money reads a typed one; 2.5 is refused."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("number_invalid", value=str(value))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError("number_invalid", value=str(value))
    try:
        return parse_money(str(value))
    except ValidationError:
        raise CellError("number_invalid", value=str(value).strip()[:40]) from None


def parse_amount(value) -> int | None:
    """An amount in whole đồng, refused with the very codes a form's MoneyField gives.

    Text goes through giamngheo.money.parse_money; a number cell is whole đồng only if
    it has no fraction, is not negative and fits the database.
    """
    if is_blank(value):
        return None
    if isinstance(value, str):
        try:
            return parse_money(value)
        except ValidationError as error:
            raise CellError(error.code, **error.params) from None
    shown = text(value)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal) or not math.isfinite(value):
        code = "money_format"
    elif value < 0:
        code = "money_negative"
    elif value != int(value):
        code = "money_decimals"
    elif value > LARGEST:
        code = "money_too_large"
    else:
        return int(value)
    raise CellError(code, **money_error(code, shown).params)


def parse_decimal(value) -> Decimal | None:
    """A measure such as a floor area: 12.5 or 12,5."""
    if is_blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    raw = str(value).strip().replace(",", ".")
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise CellError("number_invalid", value=str(value).strip()[:40]) from None


_YES = {"co", "x", "yes", "y", "1", "true", "dung"}
_NO = {"khong", "no", "n", "0", "false", "sai"}


def parse_yes_no(value) -> bool | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    folded = fold(text(value))
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise CellError("yes_no_invalid", value=text(value)[:40])


def parse_choice(value, lookup: dict[str, str]) -> str | None:
    """A code from a fixed list, given by its label (any accents or case) or the code itself."""
    if is_blank(value):
        return None
    key = fold(text(value))
    if key in lookup:
        return lookup[key]
    raise CellError("choice_invalid", value=text(value)[:40], choices="")


def parse_citizen_id(value) -> str | None:
    """12 digits; a number cell that lost its leading zero in Excel gets it back."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value).zfill(12)
    return re.sub(r"[\s.]", "", str(value))
