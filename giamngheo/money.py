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
_UNIT = re.compile(r"\s*(?:đồng|đ|₫|vnđ|vnd)\Z", re.IGNORECASE)


def format_number(value, decimal_pos=None) -> str:
    """1234567 -> "1.234.567", Decimal("33.30") -> "33,30", in the active language."""
    return number_format(value, decimal_pos=decimal_pos, force_grouping=True)


def format_money(amount: int, unit: str = "₫") -> str:
    """12500000 -> "12.500.000 ₫", with a no-break space so the unit never wraps alone."""
    return f"{format_number(int(amount))}\u00a0{unit}"


def parse_money(text: str) -> int | None:
    """An amount typed by a person: None when blank, else whole đồng or a ValidationError.

    The codes are Django's own ("invalid", "min_value") so a form field raising them
    reads like any other field's refusal.
    """
    raw = normalize_text(text)
    if not raw:
        return None
    if raw.startswith("-"):
        raise ValidationError(
            _("An amount cannot be negative: “%(value)s” was typed."), code="min_value", params={"value": raw[:40]}
        )
    grouped = _UNIT.sub("", raw)
    digits = re.sub(r"\D", "", grouped)
    # The length check keeps int() away from a pasted wall of digits.
    if not _AMOUNT.fullmatch(grouped) or len(digits) > 19 or int(digits) > LARGEST:
        raise ValidationError(
            _("“%(value)s” is not an amount in whole đồng; type it as 2000000 or 2.000.000."),
            code="invalid",
            params={"value": raw[:40]},
        )
    return int(digits)


def rate(part: int, whole: int) -> Decimal | None:
    """part as a percentage of whole, to 2 places rounded half up; None when whole is not positive."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
