"""Public serving of components under /<space-type>/<slug>/f/<component_id>/."""

from django.http import Http404

from participation.components import registry
from participation.components.dispatch import hand_over
from participation.components.serving import space_and_component
from participation.space_types import SPACE_TYPES
from participation.spaces import can_manage_space


def serve(request, space_type: str, slug: str, component_id: int, rest: str = ""):
    """Resolve the space as its own page would (visibility rules hold), then the component.

    Unpublished components are served only to the space's administrators, for preview.
    """
    kind = SPACE_TYPES.get(space_type)
    if kind is None:
        raise Http404
    space, component = space_and_component(
        space_type=kind,
        organization=request.organization,
        user=request.user,
        slug=slug,
        component_id=component_id,
    )
    if space is None or component is None:
        raise Http404
    if not component.is_published and not can_manage_space(request.user, space):
        raise Http404
    try:
        manifest = registry.get(component.manifest_name)
    except registry.UnknownComponent:
        raise Http404 from None
    return hand_over(
        request,
        urlconf=manifest.public_urls,
        rest=rest,
        space_type=kind,
        space=space,
        component=component,
    )
