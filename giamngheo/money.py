"""Whole đồng and the numbers around them: one way to write them, one way to read them, one rate.

Writing follows the active language's formats (giamngheo/formats/vi: 1.234.567 and
33,33), grouped whatever USE_THOUSAND_SEPARATOR says, because an amount without
separators is misread. Reading is strict: "2.5" or "1.000.00" is a typing mistake,
and guessing what was meant would record a wrong amount.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from giamngheo.text import normalize_text

# The database keeps amounts in signed 64-bit integers.
LARGEST = 2**63 - 1

# Plain digits, or groups of exactly three after one separator used throughout:
# 2000000, 2.000.000, 2,000,000, 2 000 000 (normalize_text turns a no-break space into a space).
_AMOUNT = re.compile(r"\d+|\d{1,3}([.,\s])\d{3}(?:\1\d{3})*")
# What can only be a fraction: one or two digits after a point that no thousands group
# explains, either after grouping with the other separator (2.000,50) or after a whole
# part too long to be a first group (2000.5) or a lone zero (0,5). "2.5" is not read
# as a fraction: it is as likely a mistyped 2.500 as 2,5.
_FRACTION = re.compile(r"(?:\d{4,}|0|\d{1,3}(?P<group>[.,\s])\d{3}(?:(?P=group)\d{3})*)(?P<point>[.,])\d{1,2}")
_UNIT = re.compile(r"\s*(?:đồng|đ|₫|vnđ|vnd)\Z", re.IGNORECASE)
# ASCII hyphen-minus, the minus sign and the dashes a word processor substitutes for it.
_MINUS = "-\u2212\u2010\u2011\u2012\u2013\u2014"

# One wording per refusal, shared by form fields and the import's cell errors.
MESSAGES = {
    "money_format": _("“%(value)s” is not an amount in whole đồng; type it as 2000000 or 2.000.000."),
    "money_decimals": _(
        "“%(value)s” has a fractional part: amounts are in whole đồng, with no decimals (2.000.000, not 2.000,50)."
    ),
    "money_negative": _("An amount cannot be negative: “%(value)s” was typed."),
    "money_too_large": _("“%(value)s” is more than the largest amount that can be recorded (%(largest)s đồng)."),
}


def format_number(value, decimal_pos=None) -> str:
    """1234567 -> "1.234.567", Decimal("33.30") -> "33,30", in the active language."""
    return number_format(value, decimal_pos=decimal_pos, force_grouping=True)


def format_money(amount: int, unit: str = "₫") -> str:
    """12500000 -> "12.500.000 ₫", with a no-break space so the unit never wraps alone."""
    return f"{format_number(int(amount))}\u00a0{unit}"


def money_error(code: str, value: str) -> ValidationError:
    params = {"value": value[:40]}
    if code == "money_too_large":
        params["largest"] = format_number(LARGEST)
    return ValidationError(MESSAGES[code], code=code, params=params)


def parse_money(text: str) -> int | None:
    """An amount typed by a person: None when blank, else whole đồng or a ValidationError.

    The code says what is wrong (money_format, money_decimals, money_negative,
    money_too_large) and the message repeats what was read, so the officer sees
    which cell or box to fix.
    """
    raw = normalize_text(text)
    if not raw:
        return None
    if raw[0] in _MINUS:
        raise money_error("money_negative", raw)
    grouped = _UNIT.sub("", raw)
    if not _AMOUNT.fullmatch(grouped):
        fraction = _FRACTION.fullmatch(grouped)
        if fraction and fraction["group"] != fraction["point"]:
            raise money_error("money_decimals", raw)
        raise money_error("money_format", raw)
    digits = re.sub(r"\D", "", grouped)
    # The length check keeps int() away from a pasted wall of digits.
    if len(digits.lstrip("0")) > 19 or int(digits) > LARGEST:
        raise money_error("money_too_large", raw)
    return int(digits)


def rate(part: int, whole: int) -> Decimal | None:
    """part as a percentage of whole, to 2 places rounded half up; None when whole is not positive."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
