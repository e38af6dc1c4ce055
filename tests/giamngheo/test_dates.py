"""A day that the calendar lacks is told apart from a date typed in the wrong shape, in forms and imports alike."""

from datetime import date

import pytest

from giamngheo.dates import DateNotInCalendar, parse_day_first
from giamngheo.forms import DateField
from imports.values import CellError, parse_date

NOT_IN_CALENDAR = ["31/02/1980", "29/02/2023", "31/04/2024", "31-06-2024", "30.02.2000"]
WRONG_SHAPE = ["1980-02-31", "abc", "03/15/1980", "32/01/2024", "00/01/2024", "1/2/80"]


def form_error_code(value):
    form_field = DateField()
    with pytest.raises(Exception) as ctx:
        form_field.clean(value)
    return ctx.value.code


@pytest.mark.parametrize("value", NOT_IN_CALENDAR)
def test_form_says_the_day_is_not_in_the_calendar(value):
    assert form_error_code(value) == "date_not_in_calendar"


@pytest.mark.parametrize("value", WRONG_SHAPE)
def test_form_calls_other_text_a_format_error(value):
    assert form_error_code(value) == "invalid"


def test_form_message_repeats_what_was_typed():
    with pytest.raises(Exception) as ctx:
        DateField().clean(" 31/02/1980 ")
    assert "31/02/1980" in ctx.value.messages[0]


@pytest.mark.parametrize("value", NOT_IN_CALENDAR)
def test_import_says_the_day_is_not_in_the_calendar(value):
    with pytest.raises(CellError) as ctx:
        parse_date(value)
    assert ctx.value.code == "date_not_in_calendar"


@pytest.mark.parametrize("value", WRONG_SHAPE)
def test_import_calls_other_text_a_format_error(value):
    with pytest.raises(CellError) as ctx:
        parse_date(value)
    assert ctx.value.code == "date_invalid"


def test_leap_day_is_read_where_it_exists():
    assert DateField().clean("29/02/2024") == date(2024, 2, 29)
    assert parse_date("29/02/2024") == date(2024, 2, 29)
    assert parse_day_first("29.2.2024") == date(2024, 2, 29)


def test_text_not_shaped_like_a_date_is_not_read():
    assert parse_day_first("2024-02-29") is None
    with pytest.raises(DateNotInCalendar):
        parse_day_first("29/02/2023")
