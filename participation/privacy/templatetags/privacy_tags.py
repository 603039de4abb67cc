from django import template

from participation.privacy.display import display_name as _display_name
from participation.privacy.display import is_deleted

register = template.Library()


@register.filter
def display_name(user) -> str:
    """``{{ comment.author|display_name }}``: never shows a deleted person's data."""
    return _display_name(user)


@register.filter
def is_deleted_account(user) -> bool:
    return is_deleted(user)
