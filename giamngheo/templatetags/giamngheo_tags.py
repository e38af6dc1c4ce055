from decimal import Decimal

from django import template

from giamngheo import models
from giamngheo.money import format_money, format_number

register = template.Library()


@register.filter
def vnd(amount):
    """12500000 -> "12.500.000 ₫"; whole đồng only."""
    if amount is None or amount == "":
        return "—"
    return format_money(amount)


@register.filter
def number(value):
    """1234 -> "1.234", the Vietnamese thousands separator."""
    if value is None or value == "":
        return "—"
    return format_number(int(value))


@register.simple_tag
def citizen_id(member, user):
    return member.citizen_id_for(user)


@register.filter
def get_elided_page_range(paginator, number):
    return paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)


@register.filter
def age_on(member, day):
    return member.age_on(day)


@register.filter
def decimal_vi(value):
    """ "0.70" -> "0,70": decimals as Vietnamese writes them, kept to the places they were given with."""
    return "" if value in (None, "") else format_number(Decimal(str(value)))


@register.filter
def cell_text(cell):
    """A document cell as the page and the PDF print it: counts and đồng grouped, rates with a comma."""
    if cell.value is None or cell.value == "":
        return ""
    if cell.kind in ("count", "money"):
        return format_number(int(cell.value))
    if cell.kind == "rate":
        return format_number(Decimal(str(cell.value)))
    return cell.value


@register.filter
def recorded(row):
    """ "Phạm Văn Hùng · 05/06/2023 14:30": who recorded a money row and when."""
    return " · ".join(models.recorded(row))
