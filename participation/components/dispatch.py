"""Handing a request over to a component's own URLconf.

A component's URLconf is resolved on the rest of the path only after the
framework has checked the space, the component and who may see it; the
component's views then find ``request.space``, ``request.component`` and
``request.space_type`` set.
"""

from django.http import Http404
from django.urls import Resolver404, resolve


def hand_over(request, *, urlconf: str | None, rest: str, space_type, space, component):
    if urlconf is None:
        raise Http404
    try:
        match = resolve("/" + rest, urlconf=urlconf)
    except Resolver404:
        raise Http404 from None
    request.space_type, request.space, request.component = space_type, space, component
    request.component_match = match
    return match.func(request, *match.args, **match.kwargs)
