from django import template

from spaces.types import SPACE_TYPES

register = template.Library()


@register.simple_tag
def space_types():
    return list(SPACE_TYPES.values())


@register.filter
def verbose_name(instance) -> str:
    return str(instance._meta.verbose_name).capitalize()
