"""One way to read a typed amount, one way to write it, one rate: the same in forms, imports and pages."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.template import Context, Template

from giamngheo.forms import MoneyField
from giamngheo.money import format_money, format_number, parse_money, rate
from imports.errors import describe
from imports.values import CellError, parse_amount, parse_int

ACCEPTED = [
    "2000000",
    "2.000.000",
    "2,000,000",
    "2 000 000",
    "2\u00a0000\u00a0000",
    "2.000.000 đ",
    "2.000.000đồng",
    "2.000.000 ₫",
    "2.000.000 VND",
    " 2.000.000 ",
    "2.000.000 \u0111o\u0302\u0300ng",  # "đồng" typed decomposed
]
# The list of amounts the payment form used to misread, and their neighbours.
REFUSED = [
    ("2.5", "money_format"),  # 2.500 mistyped, or 2,5: either way not what it says
    ("1.000.00", "money_format"),
    ("1,000.000", "money_format"),
    ("12.34.567", "money_format"),
    ("2.000,000", "money_format"),
    ("12a", "money_format"),
    ("abc", "money_format"),
    ("2.000.000 đô", "money_format"),
    ("đ", "money_format"),
    ("+5", "money_format"),
    ("2.000,50", "money_decimals"),
    ("2,000.5", "money_decimals"),
    ("2000.5", "money_decimals"),
    ("2000,50 đ", "money_decimals"),
    ("0,5", "money_decimals"),
    ("-5", "money_negative"),
    ("\u22125", "money_negative"),  # the minus sign a word processor types
    ("\u2013 2.000.000", "money_negative"),
    ("-2.000.000", "money_negative"),
    ("9" * 20, "money_too_large"),
    ("9.223.372.036.854.775.808", "money_too_large"),  # one more than a 64-bit integer
]


@pytest.mark.parametrize("typed", ACCEPTED)
def test_an_amount_typed_any_usual_way_is_read_the_same(typed):
    assert parse_money(typed) == 2_000_000
    assert MoneyField().clean(typed) == 2_000_000
    assert parse_int(typed) == 2_000_000
    assert parse_amount(typed) == 2_000_000


@pytest.mark.parametrize(("typed", "code"), REFUSED)
def test_a_mistyped_amount_is_refused_everywhere_showing_what_was_read(typed, code):
    with pytest.raises(ValidationError) as parsed:
        parse_money(typed)
    assert parsed.value.code == code
    assert parsed.value.params["value"] == typed[:40]
    with pytest.raises(ValidationError) as field:
        MoneyField().clean(typed)
    assert field.value.code == code
    with pytest.raises(CellError) as cell:
        parse_amount(typed)
    assert (cell.value.code, cell.value.params["value"]) == (code, typed[:40])
    assert typed.strip() in describe(cell.value.code, cell.value.params)
    with pytest.raises(CellError) as cell:
        parse_int(typed)
    assert cell.value.code == "number_invalid"  # a count or a year is not an amount, but is as strict


def test_the_largest_64_bit_amount_is_still_read():
    assert parse_money("9.223.372.036.854.775.807") == 2**63 - 1
    assert parse_money("0" * 30 + "5") == 5  # leading zeros add no value


@pytest.mark.parametrize(
    ("cell", "code"),
    [(2.5, "money_decimals"), (-5, "money_negative"), (-5.0, "money_negative"), (2**63, "money_too_large"),
     (float("nan"), "money_format"), (True, "money_format")],
)  # fmt: skip
def test_a_number_cell_is_held_to_the_same_rules(cell, code):
    with pytest.raises(CellError) as error:
        parse_amount(cell)
    assert error.value.code == code
    assert parse_amount(2_000_000.0) == parse_amount(2_000_000) == 2_000_000


@pytest.mark.parametrize("typed", ["", "   "])
def test_blank_is_no_amount_and_required_only_where_the_field_says(typed):
    assert parse_money(typed) is None
    assert MoneyField(required=False).clean(typed) is None
    assert parse_int(typed) is None
    assert parse_amount(typed) is None
    with pytest.raises(ValidationError) as field:
        MoneyField().clean(typed)
    assert field.value.code == "required"


def test_a_field_that_needs_more_than_zero_refuses_zero_in_its_own_words():
    with pytest.raises(ValidationError) as field:
        MoneyField(min_value=1).clean("0")
    (error,) = field.value.error_list
    assert error.code == "min_value"
    assert error.message != MinValueValidator.message  # not Django's "Ensure this value is…"


def test_a_field_shows_the_amount_grouped_and_reads_it_back():
    field = MoneyField()
    assert field.prepare_value(2_000_000) == "2.000.000"
    assert field.clean(field.prepare_value(2_000_000)) == 2_000_000


def test_numbers_are_written_with_vietnamese_separators():
    assert format_number(1_234_567) == "1.234.567"
    assert format_number(Decimal("33.30")) == "33,30"
    assert format_number(Decimal("1234.5")) == "1.234,5"
    assert format_money(12_500_000) == "12.500.000\u00a0₫"
    assert format_money(-1_000, unit="đồng") == "-1.000\u00a0đồng"


def test_template_filters_write_through_the_same_functions():
    rendered = Template(
        "{% load giamngheo_tags %}{{ a|vnd }}|{{ n|number }}|{{ r|decimal_vi }}|{{ none|vnd }}|{{ none|decimal_vi }}"
    ).render(Context({"a": 12_500_000, "n": 1234, "r": "0.70", "none": None}))
    assert rendered == "12.500.000\u00a0₫|1.234|0,70|—|"


def test_rate_has_two_places_rounded_half_up_and_none_without_a_whole():
    assert rate(1, 3) == Decimal("33.33")
    assert rate(2, 3) == Decimal("66.67")
    assert rate(1, 800) == Decimal("0.13")  # 0.125: half up, not to even
    assert rate(4_000_000, 10_000_000) == Decimal("40.00")
    assert rate(0, 5) == Decimal("0.00")
    assert rate(5, 0) is None
    assert rate(5, -1) is None
