"""``{{ amount|money }}`` on the budget pages."""

from django import template

from budgets.formatting import money as format_money

register = template.Library()


@register.filter
def money(amount) -> str:
    return format_money(amount)
