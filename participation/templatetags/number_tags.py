"""``{{ amount|money }}`` and ``{{ count|number }}``: participation.numbers in templates."""

from django import template

from participation.numbers import format_money, format_number

register = template.Library()


@register.filter
def money(amount) -> str:
    return format_money(amount)


@register.filter
def number(value, decimals=None) -> str:
    return format_number(value, None if decimals in (None, "") else int(decimals))
