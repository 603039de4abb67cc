from django import template

from participation.components.selectors import published_components

register = template.Library()


@register.simple_tag
def space_navigation(space):
    """Published components of ``space`` in order (one query), for its navigation."""
    return published_components(space)


@register.simple_tag
def component_url(component, name, *args, **kwargs):
    """A URL of the component's own public URLconf: {% component_url component "post" pk %}."""
    return component.url(name, *args, **kwargs)


@register.simple_tag
def component_admin_url(component, name, *args, **kwargs):
    return component.admin_url(name, *args, **kwargs)
